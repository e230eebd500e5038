"""Ingest: find files, read, extract and store them, one transaction per document.

The caller passes callbacks to follow progress (the CLI draws a rich progress
bar with them, the explorer posts messages), so this module knows no UI.

A file that cannot be read or extracted is reported as a one-line failure naming
it, and the other files go on. What cannot go on is fatal and raised: a spaCy
pipeline that is not installed (`ModelError`), a database that cannot be written
(`StoreError`).
"""

from __future__ import annotations

import importlib.util
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .reading import ReadError, find_sources, read_source
from .store import SaveResult, StoreError, connect, explain_database_error, find_unchanged, save_document

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(slots=True)
class IngestSummary:
    documents: int = 0  # added or replaced
    unchanged: int = 0
    sentences: int = 0
    claims: int = 0
    countries: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)  # one-line reasons, each naming the file
    interrupted: bool = False  # stopped by `should_stop` before every file was done


@dataclass(frozen=True, slots=True)
class Progress:
    """What just happened.

    Events: "found" (files to do: `total`), "start" (a file), "text" (spaCy's
    progress through the file: `done` of `total` characters, `sentences` so far),
    "done" (a file stored or unchanged: `result`), "failed" (`error`).
    """

    event: str
    path: str
    total: int = 0
    result: SaveResult | None = None
    error: str = ""
    done: int = 0
    sentences: int = 0


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    db_path: str | Path,
    *,
    model: str | None = None,
    nlp: Language | None = None,
    force: bool = False,
    on_progress: Callable[[Progress], None] = lambda p: None,
    should_stop: Callable[[], bool] = lambda: False,
) -> IngestSummary:
    """Ingest every document under `paths` into the database at `db_path`.

    `nlp` is a loaded pipeline to use (else `model` is loaded, by name, when the
    first file needs extracting); `force` re-extracts files whose content is unchanged.
    """
    summary = IngestSummary()
    if nlp is None and model is not None and not _installed(model):
        from .nlp import load_model

        load_model(model)  # raises ModelError saying how to install it, before any file is read
    found = list(find_sources(paths))
    files = [p for p in found if isinstance(p, Path)]
    for error in (p for p in found if isinstance(p, ReadError)):
        summary.failures.append(str(error))
        on_progress(Progress("failed", "", error=str(error)))
    on_progress(Progress("found", "", total=len(files)))
    if not files:
        return summary
    db = connect(db_path)
    try:
        for path in files:
            if should_stop():
                summary.interrupted = True
                break
            on_progress(Progress("start", str(path)))
            try:
                source = read_source(path)
                key = str(path.resolve())
                if not force and find_unchanged(db, key, source.sha256) is not None:
                    summary.unchanged += 1
                    on_progress(Progress("done", str(path), result=SaveResult(0, "unchanged")))
                    continue
                if nlp is None:
                    from .nlp import load_model  # spaCy loads only when something needs extracting

                    nlp = load_model(model)
                document = _extract(source, nlp, str(path), on_progress)
                result = save_document(db, replace(document, path=key), force=force)
            except ReadError as exc:
                _fail(summary, on_progress, path, str(exc))
                continue
            except (MemoryError, RecursionError) as exc:
                _fail(summary, on_progress, path, f"{path}: too large to extract ({type(exc).__name__})")
                continue
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{db_path}: {explain_database_error(exc)}") from None
            summary.documents += 1
            summary.sentences += result.sentences
            summary.claims += result.claims
            summary.countries |= {m.key for m in document.mentions if m.kind == "country"}
            on_progress(Progress("done", str(path), result=result))
    finally:
        db.conn.close()
    return summary


def _installed(model: str) -> bool:
    """Whether a pipeline named `model` can be found (an importable package or a folder), without loading it."""
    if Path(model).is_dir():
        return True
    try:
        return importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        return False


def _extract(source, nlp: Language, path: str, on_progress: Callable[[Progress], None]):
    from .pipeline import extract

    def report(done: int, total: int, sentences: int) -> None:
        on_progress(Progress("text", path, total=total, done=done, sentences=sentences))

    try:
        return extract(source, nlp, on_progress=report)
    except (ReadError, KeyboardInterrupt, SystemExit, MemoryError, RecursionError):
        raise
    except Exception as exc:  # noqa: BLE001 - one document's failure must not stop the others
        # A defect in an extraction stage on unusual text: report the file and the error, go on.
        raise ReadError(f"{path}: extraction failed ({type(exc).__name__}: {exc})".splitlines()[0]) from exc


def _fail(summary: IngestSummary, on_progress: Callable[[Progress], None], path: Path, message: str) -> None:
    summary.failures.append(message)
    on_progress(Progress("failed", str(path), error=message))
