"""Ingest: find files, read, extract and store them, one transaction per document.

The caller passes callbacks to follow progress (the CLI draws a rich progress
bar with them, the explorer posts messages), so this module knows no UI.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .reading import ReadError, find_sources, read_source
from .store import SaveResult, connect, find_unchanged, save_document


@dataclass(slots=True)
class IngestSummary:
    documents: int = 0  # added or replaced
    unchanged: int = 0
    sentences: int = 0
    claims: int = 0
    countries: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)  # one-line reasons, each naming the file


@dataclass(frozen=True, slots=True)
class Progress:
    """What just happened: a file started, finished or failed."""

    event: str  # "found", "start", "done", "failed"
    path: str
    total: int = 0  # files found (with "found")
    result: SaveResult | None = None
    error: str = ""


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    db_path: str | Path,
    *,
    model: str | None = None,
    on_progress: Callable[[Progress], None] = lambda p: None,
    should_stop: Callable[[], bool] = lambda: False,
) -> IngestSummary:
    """Ingest every document under `paths` into the database at `db_path`."""
    summary = IngestSummary()
    found = list(find_sources(paths))
    files = [p for p in found if isinstance(p, Path)]
    for error in (p for p in found if isinstance(p, ReadError)):
        summary.failures.append(str(error))
        on_progress(Progress("failed", "", error=str(error)))
    on_progress(Progress("found", "", total=len(files)))
    if not files:
        return summary
    db = connect(db_path)
    nlp = None
    try:
        for path in files:
            if should_stop():
                break
            on_progress(Progress("start", str(path)))
            try:
                source = read_source(path)
                key = str(path.resolve())
                if find_unchanged(db, key, source.sha256) is not None:
                    summary.unchanged += 1
                    on_progress(Progress("done", str(path), result=SaveResult(0, "unchanged")))
                    continue
                if nlp is None:
                    from .nlp import load_model  # spaCy loads only when something needs extracting

                    nlp = load_model(model)
                from .pipeline import extract

                document = extract(source, nlp)
                document = _with_path(document, key)
                result = save_document(db, document)
            except ReadError as exc:
                summary.failures.append(str(exc))
                on_progress(Progress("failed", str(path), error=str(exc)))
                continue
            summary.documents += 1
            summary.sentences += result.sentences
            summary.claims += result.claims
            summary.countries |= {m.key for m in document.mentions if m.kind == "country"}
            on_progress(Progress("done", str(path), result=result))
    finally:
        db.conn.close()
    return summary


def _with_path(document, key: str):
    from dataclasses import replace

    return replace(document, path=key)
