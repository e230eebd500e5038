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

from extract.reading.files import ReadError, find_sources, read_source
from extract.store import SaveResult, StoreError, connect, explain_database_error, find_unchanged, save_document

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

    Events: "found" (files to do: `total`), "start" (a file), "read" (the pages of a
    PDF read so far: `done` of `total`), "text" (spaCy's progress through the file:
    `done` of `total` characters, `sentences` so far), "done" (a file stored or
    unchanged: `result`), "failed" (`error`).
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
    workers: int = 1,
    on_progress: Callable[[Progress], None] = lambda p: None,
    should_stop: Callable[[], bool] = lambda: False,
) -> IngestSummary:
    """Ingest every document under `paths` into the database at `db_path`.

    `nlp` is a loaded pipeline to use (else `model` is loaded, by name, when the
    first file needs extracting); `force` re-extracts files whose content is unchanged.
    With `workers` > 1, documents are extracted in that many processes (each loads
    `model`), and stored here as they come back, in order.
    """
    summary = IngestSummary()
    if nlp is None and model is not None and not _installed(model):
        from extract.nlp import load_model

        load_model(model)  # raises ModelError saying how to install it, before any file is read
    if workers > 1 and model is None:
        from extract.nlp import default_model

        model = default_model()  # workers load it by name; raises ModelError before any starts
    found = list(find_sources(paths))
    files = [p for p in found if isinstance(p, Path)]
    for error in (p for p in found if isinstance(p, ReadError)):
        summary.failures.append(str(error))
        on_progress(Progress("failed", "", error=str(error)))
    on_progress(Progress("found", "", total=len(files)))
    if not files:
        return summary
    handled = 0  # files done or failed, to tell an interrupted ingest from a finished one

    def on_file_progress(event: Progress) -> None:
        nonlocal handled
        handled += event.event in ("done", "failed")
        on_progress(event)

    db = connect(db_path)
    try:
        jobs = _changed_sources(files, db, force, summary, on_file_progress, should_stop)
        if workers > 1:
            from extract.ingest.workers import extract_in_workers

            outcomes = extract_in_workers(jobs, model, workers, should_stop)
        else:
            outcomes = _extract_here(jobs, model, nlp, on_file_progress)
        for path, outcome in outcomes:
            if isinstance(outcome, str):
                _fail(summary, on_file_progress, path, outcome)
                continue
            try:
                result = save_document(db, replace(outcome, path=str(path.resolve())), force=force)
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{db_path}: {explain_database_error(exc)}") from None
            summary.documents += 1
            summary.sentences += result.sentences
            summary.claims += result.claims
            summary.countries |= {m.key for m in outcome.mentions if m.kind == "country"}
            on_file_progress(Progress("done", str(path), result=result))
            if should_stop():
                break
        summary.interrupted = handled < len(files)
    finally:
        db.conn.close()
    return summary


def _changed_sources(files: list[Path], db, force: bool, summary: IngestSummary,
                     on_progress: Callable[[Progress], None], should_stop: Callable[[], bool]):
    """(path, decoded source) for each file that needs extracting; unreadable and unchanged files are reported."""
    for path in files:
        if should_stop():
            return
        on_progress(Progress("start", str(path)))

        def on_page(done: int, total: int, path: Path = path) -> None:
            on_progress(Progress("read", str(path), total=total, done=done))

        try:
            source = read_source(path, on_page)
        except ReadError as exc:
            _fail(summary, on_progress, path, str(exc))
            continue
        if not force and find_unchanged(db, str(path.resolve()), source.sha256) is not None:
            summary.unchanged += 1
            on_progress(Progress("done", str(path), result=SaveResult(0, "unchanged")))
            continue
        yield path, source


def _extract_here(jobs, model: str | None, nlp: Language | None, on_progress: Callable[[Progress], None]):
    """(path, document or one-line failure) for each job, extracted in this process."""
    from extract.ingest.workers import extract_source

    for path, source in jobs:
        if nlp is None:
            from extract.nlp import load_model  # spaCy loads only when something needs extracting

            nlp = load_model(model)

        def report(done: int, total: int, sentences: int, path: Path = path) -> None:
            on_progress(Progress("text", str(path), total=total, done=done, sentences=sentences))

        yield path, extract_source(source, nlp, str(path), report)


def _installed(model: str) -> bool:
    """Whether a pipeline named `model` can be found (an importable package or a folder), without loading it."""
    if Path(model).is_dir():
        return True
    try:
        return importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        return False


def _fail(summary: IngestSummary, on_progress: Callable[[Progress], None], path: Path, message: str) -> None:
    summary.failures.append(message)
    on_progress(Progress("failed", str(path), error=message))
