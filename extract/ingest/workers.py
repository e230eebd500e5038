"""Extraction in worker processes, for `ingest --workers N`.

spaCy's models run on one core at a time in a process, so the way to use more
cores is more processes. Each worker loads the pipeline once and extracts whole
documents; the parent keeps the only SQLite connection and stores each document
as it comes back, so writes stay one transaction per document and an interrupted
ingest still leaves only whole documents.

Results come back in the order the documents were sent, and at most a few
documents per worker are in flight, so memory stays bounded on any number of
files.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from extract.reading.files import ReadError, SourceText
from extract.reading.names import path_text
from extract.store.spool import SpooledDocument, spool

if TYPE_CHECKING:
    from spacy.language import Language

    from extract.records import ExtractedDocument

IN_FLIGHT_PER_WORKER = 2  # one being extracted, one waiting, so a worker never idles between documents

_nlp: Language | None = None  # the worker process's pipeline


def extract_source(source: SourceText, nlp: Language, label: str,
                   on_text: Callable[[int, int, int], None] | None = None) -> ExtractedDocument | SpooledDocument | str:
    """Extract one document: the document, or a one-line failure naming `label`.

    A document longer than one window comes back spooled to a temporary file a window
    at a time, so its records never sit in memory whole (the caller stores and closes it).
    A defect in an extraction stage on unusual text fails only that document.
    spaCy's strings are freed window by window (`memory_zone`), so a long ingest does
    not grow with every new name and number it has seen.
    """
    from extract import pipeline

    try:
        parts = pipeline.extract_parts(source, nlp, on_progress=on_text)
        head = next(parts)
        first = next(parts, None)
        if first is None:  # no content paragraph at all
            return head
        second = next(parts, None)
        if second is None:  # one window: kept in memory, as small documents are
            return pipeline.merge_parts([head, first])
        return spool(head, chain([first, second], parts))
    except ReadError as exc:
        return str(exc)
    except (MemoryError, RecursionError) as exc:
        return f"{label}: too large to extract ({type(exc).__name__})"
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - one document's failure must not stop the others
        first_line = (str(exc).splitlines() or [""])[0]
        return f"{label}: extraction failed ({type(exc).__name__}: {first_line})"


def _start_worker(model: str | None) -> None:
    """Runs once in each worker: ignore Ctrl-C (the parent decides), die with the parent, load the model."""
    global _nlp
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        _die_with_parent()
    from extract.nlp import load_model

    _nlp = load_model(model)


def _die_with_parent() -> None:
    """Ask Linux to end this worker when its parent ends, even by SIGKILL, so no orphan keeps a core busy."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent was already gone before the request took effect
        os._exit(1)


def _work(source: SourceText, label: str) -> ExtractedDocument | SpooledDocument | str:
    """Runs in a worker: the extracted document, or a one-line failure."""
    assert _nlp is not None
    return extract_source(source, _nlp, label)


Job = tuple[Path, SourceText]
Outcome = tuple[Path, "ExtractedDocument | SpooledDocument | str"]  # a document, or a one-line failure


def extract_in_workers(jobs: Iterable[Job], model: str | None, workers: int,
                       should_stop: Callable[[], bool] = lambda: False) -> Iterator[Outcome]:
    """Extract each job's source in `workers` processes; yield (path, document or failure) in job order.

    A worker that dies (killed, out of memory) fails its document with a one-line
    reason and the pool is started again for the rest.
    """
    # "spawn": a clean interpreter per worker; forking a parent that runs a progress
    # bar's thread or the explorer's event loop is not safe.
    context = multiprocessing.get_context("spawn")
    pending: deque[tuple[Path, SourceText, Future]] = deque()
    # Documents in flight when a worker died. They are sent again one at a time, so the
    # one that kills a worker again is known for certain and only it fails.
    suspects: deque[Job] = deque()
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(model,))
    jobs = iter(jobs)
    try:
        while True:
            limit = 1 if suspects else workers * IN_FLIGHT_PER_WORKER
            while len(pending) < limit and not should_stop():
                job = suspects.popleft() if suspects else next(jobs, None)
                if job is None:
                    break
                path, source = job
                pending.append((path, source, pool.submit(_work, source, path_text(path))))
            if not pending:
                return
            path, source, future = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(model,))
                if limit == 1 and not pending:  # it was alone in flight: it is the one
                    yield path, f"{path_text(path)}: the worker process extracting it died"
                else:
                    suspects.extendleft(reversed([(path, source)] + [(p, s) for p, s, _ in pending]))
                    pending.clear()
                continue
            yield path, result
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
