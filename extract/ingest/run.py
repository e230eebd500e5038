"""Ingest: find files, read, extract and store them, one transaction per document.

The caller passes callbacks to follow progress (the CLI draws a rich progress
bar with them, the explorer posts messages), so this module knows no UI.

A file that cannot be read or extracted is reported as a one-line failure naming
it, and the other files go on. What cannot go on is fatal and raised: a spaCy
pipeline that is not installed (`ModelError`), a database that cannot be written
(`StoreError`), a cluster that cannot be used (`ClusterError`).
"""

from __future__ import annotations

import importlib.util
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from extract.reading.files import RawFile, ReadError, SourceText, find_sources, read_file, read_source
from extract.reading.names import escape_undecodable, path_text
from extract.store import SaveResult, StoreError, connect, explain_database_error, find_unchanged, save_document
from extract.store.spool import SpooledDocument

if TYPE_CHECKING:
    from spacy.language import Language

    from extract.ingest.workers import Outcome

# What a file is read into before extraction: its decoded text, or only its bytes (sent to a cluster).
Readable = TypeVar("Readable", SourceText, RawFile)


CLUSTER_HINT = 'pip install "policy-tui[cluster]"'


class ClusterError(RuntimeError):
    """The Dask cluster asked for cannot be used (not installed, unreachable, no workers); the message says why."""


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
    unchanged: `result`), "failed" (`error`), and around the start of a local cluster's
    worker processes, "starting" and "started" (`path`: the cluster's address): from one to
    the other no thread of the caller may write to the terminal (the workers are forked).
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
    cluster: str | None = None,
    on_progress: Callable[[Progress], None] = lambda p: None,
    should_stop: Callable[[], bool] = lambda: False,
) -> IngestSummary:
    """Ingest every document under `paths` into the database at `db_path`.

    `nlp` is a loaded pipeline to use (else `model` is loaded, by name, when the
    first file needs extracting); `force` re-extracts files whose content is unchanged.
    With `workers` > 1, documents are extracted in that many processes (each loads
    `model`), and stored here as they come back, in order. With `cluster` (a Dask
    scheduler's address, or "local:N"), they are extracted on that cluster's workers
    from the bytes read here, and stored here in the same way.
    """
    summary = IngestSummary()
    if nlp is None and model is not None and not _installed(model):
        from extract.nlp import load_model

        load_model(model)  # raises ModelError saying how to install it, before any file is read
    if cluster is not None and importlib.util.find_spec("distributed") is None:
        raise ClusterError(f"--cluster needs Dask, which is not installed; install it with: {CLUSTER_HINT}")
    if (workers > 1 or cluster is not None) and model is None:
        from extract.nlp import default_model

        model = default_model()  # workers load it by name; raises ModelError before any starts
    found = list(find_sources(paths))
    files = [p for p in found if isinstance(p, Path)]
    for error in (p for p in found if isinstance(p, ReadError)):
        message = escape_undecodable(str(error))
        summary.failures.append(message)
        on_progress(Progress("failed", "", error=message))
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
        outcomes: Iterator[Outcome]
        if cluster is not None:
            from extract.ingest.cluster import extract_on_cluster

            raw = _changed_sources(files, db, db_path, force, summary, on_file_progress, should_stop,
                                   lambda path, on_page: read_file(path))
            outcomes = extract_on_cluster(raw, model, cluster, should_stop,
                                          lambda event: on_progress(Progress(event, cluster)))
        else:
            jobs = _changed_sources(files, db, db_path, force, summary, on_file_progress, should_stop,
                                    lambda path, on_page: read_source(path, on_page))
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
                if isinstance(outcome, SpooledDocument):
                    countries = set(outcome.countries)
                    result = save_document(db, outcome.with_path(str(path.resolve())), force=force)
                else:
                    countries = {m.key for m in outcome.mentions if m.kind == "country"}
                    result = save_document(db, replace(outcome, path=str(path.resolve())), force=force)
            except (sqlite3.IntegrityError, sqlite3.InterfaceError, ValueError, OverflowError) as exc:
                # Rows this document's extraction got wrong (a defect, not the database's
                # fault): the transaction is rolled back and only this document fails.
                _fail(summary, on_file_progress, path, f"{path_text(path)}: cannot store ({_first_line(exc)})")
                continue
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{path_text(db_path)}: {explain_database_error(exc, db_path)}") from None
            finally:
                if isinstance(outcome, SpooledDocument):
                    outcome.close()
            if result.status == "unchanged":  # another ingest stored this very file meanwhile
                summary.unchanged += 1
                on_file_progress(Progress("done", path_text(path), result=result))
                continue
            summary.documents += 1
            summary.sentences += result.sentences
            summary.claims += result.claims
            summary.countries |= countries
            on_file_progress(Progress("done", path_text(path), result=result))
            if should_stop():
                break
        summary.interrupted = handled < len(files)
    finally:
        db.conn.close()
    return summary


def _changed_sources(files: list[Path], db, db_path: str | Path, force: bool, summary: IngestSummary,
                     on_progress: Callable[[Progress], None], should_stop: Callable[[], bool],
                     read: Callable[[Path, Callable[[int, int], None]], Readable]) -> Iterator[tuple[Path, Readable]]:
    """(path, what `read` made of it) for each file that needs extracting; unreadable and unchanged files are reported.

    `read` decodes the file here (`read_source`), or only reads its bytes (for a cluster's workers to decode).
    """
    for path in files:
        if should_stop():
            return
        on_progress(Progress("start", path_text(path)))
        source = read_guarded(path, read, _page_reporter(on_progress, path_text(path)))
        if isinstance(source, str):
            _fail(summary, on_progress, path, source)
            continue
        try:
            unchanged = not force and find_unchanged(db, str(path.resolve()), source.sha256) is not None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path_text(db_path)}: {explain_database_error(exc, db_path)}") from None
        if unchanged:
            summary.unchanged += 1
            on_progress(Progress("done", path_text(path), result=SaveResult(0, "unchanged")))
            continue
        yield path, source


def _page_reporter(on_progress: Callable[[Progress], None], label: str) -> Callable[[int, int], None]:
    """Reports the reading of a paged file, page by page, as "read" events."""
    return lambda done, total: on_progress(Progress("read", label, total=total, done=done))


def read_guarded(path: Path, read: Callable[..., Readable], *args: object) -> Readable | str:
    """`read(path, *args)`, or a one-line failure naming `path` when the file cannot be read.

    Used wherever a file is read or decoded (here, in a worker process, on a cluster's
    worker), so each says the same thing about the same bad file.
    """
    try:
        return read(path, *args)
    except ReadError as exc:
        return str(exc)
    except RecursionError:
        return f"{path}: too deeply nested to read (markup thousands of elements deep)"
    except MemoryError:
        return f"{path}: too large to read in the memory available"
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - a reader's defect on one file must not stop the others
        return f"{path}: cannot read ({_first_line(exc)})"


def _extract_here(jobs, model: str | None, nlp: Language | None, on_progress: Callable[[Progress], None]):
    """(path, document or one-line failure) for each job, extracted in this process."""
    from extract.ingest.workers import extract_source

    for path, source in jobs:
        if nlp is None:
            from extract.nlp import load_model  # spaCy loads only when something needs extracting

            nlp = load_model(model)

        def report(done: int, total: int, sentences: int, label: str = path_text(path)) -> None:
            on_progress(Progress("text", label, total=total, done=done, sentences=sentences))

        yield path, extract_source(source, nlp, path_text(path), report)


def _installed(model: str) -> bool:
    """Whether a pipeline named `model` can be found (an importable package or a folder), without loading it."""
    if Path(model).is_dir():
        return True
    try:
        return importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        return False


def _first_line(exc: BaseException) -> str:
    """An exception as one line: its type and the first line of its message."""
    first = (str(exc).splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _fail(summary: IngestSummary, on_progress: Callable[[Progress], None], path: Path, message: str) -> None:
    """Report one file's failure; its message is kept to one line with undecodable name bytes escaped."""
    message = escape_undecodable(" ".join(message.splitlines()))
    summary.failures.append(message)
    on_progress(Progress("failed", path_text(path), error=message))
