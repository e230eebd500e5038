"""Extraction on a Dask distributed cluster, for `ingest --cluster ADDRESS`.

Extraction is a pure function of a document, so it is what spreads: the client
(this process) finds the files, reads their bytes, skips the unchanged ones and
keeps the only SQLite connection; each document's bytes go to a worker as one task,
and the worker decodes and extracts them and sends back the document's records,
which the client stores in one transaction as a one-process ingest does. Files need
be visible only to the client.

Each worker process loads the spaCy pipeline once (`PipelinePlugin`, run by Dask in
every worker that joins, restarted ones included) and extracts one document at a
time (spaCy's per-window memory zones are not made for threads sharing a pipeline).

Documents are sent a window ahead: at most `WINDOW_PER_THREAD` per worker thread are
sent and not yet stored, so memory stays flat on any number of files. The scheduler
queues them and gives each worker one at a time, the next as soon as one finishes,
without a round trip to this client (it queues only groups of tasks larger than twice
the cluster's threads; with fewer left, only as many as there are free threads are
sent, the next as one finishes: `as_completed`). Finished documents wait on their
workers until their turn and are stored in the order the files were found, so the
database (and its export) is the one a single process makes.

A worker that dies (killed, out of memory, its machine gone) is Dask's to handle:
the scheduler sends its document to another worker, and fails a document whose
workers died more than `allowed-failures` times with `KilledWorker`, which becomes
that file's one-line failure. The cluster started for "local:N" (`LOCAL_SCHEDULER`) allows
one death per document: a document is retried once, elsewhere, and one that kills that worker too
fails. As a worker is given one document at a time, its death counts against the
document it was extracting (a retried one may wait beside another, which a death then
counts once, not enough to fail it): one document that kills workers never fails another.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

import dask
from distributed import CancelledError, Client, Future, KilledWorker, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from extract.ingest.run import ClusterError, _first_line, read_guarded
from extract.ingest.workers import Outcome, extract_source
from extract.nlp import ModelError
from extract.reading.files import RawFile
from extract.reading.names import path_text
from extract.store.spool import PackedSpool, SpooledDocument, pack

if TYPE_CHECKING:
    from spacy.language import Language

    from extract.records import ExtractedDocument

LOCAL = "local:"  # "local:N": a cluster of N worker processes on this machine, started and stopped here
WINDOW_PER_THREAD = 4  # sent and not yet stored, per thread: workers keep busy while an earlier long one ends
# Dask's scheduler queues tasks itself, handing each worker the next as one finishes (no
# round trip to this client), once more than this many per thread are in its hands.
QUEUED_PER_THREAD = 2
WINDOW_REFRESH_S = 10.0  # how often the cluster's size is asked again, so workers that join are used
CONNECT_TIMEOUT = "20s"  # to reach a scheduler
WORKERS_TIMEOUT_S = 120  # for a first worker to join a scheduler that has none

# The scheduler of a "local:N" cluster. One death per document: the document is
# retried once elsewhere, and one that kills that worker too fails. One queued document
# per worker at a time (the rest wait on the scheduler, not on the workers), so a
# worker's death counts against the document it was extracting and no other.
LOCAL_SCHEDULER = {
    "distributed.scheduler.allowed-failures": 1,
    "distributed.scheduler.worker-saturation": 1.0,
}
# Dask's own monitoring, made lighter for a local cluster, where it takes its CPU from the
# extraction (the scheduler and the nannies run in this process, and the cores are shared):
# the statistical profiler samples each worker's stack every 10 ms; the heartbeat, the
# system monitor and the memory monitor poll several times a second. Ingest reads none of
# it (no dashboard); a worker process is still watched for its memory once a second.
# The first worker processes are forked from this one, which has imported Dask already, instead of
# each starting an interpreter and importing it all again. A child forked while another thread of
# this process holds a lock (a progress bar writing to the terminal) would wait on it forever, so
# the caller is told ("starting") to pause such threads until the workers run ("started"); a worker
# restarted later, after a death, while this process is busy, is spawned afresh (Dask's default).
LOCAL_WORKERS = {
    "distributed.worker.multiprocessing-method": "fork",
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}

_pipelines: dict[str, Language] = {}  # a worker process's pipelines, by name
_extracting = threading.Lock()  # one extraction at a time in a worker process


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline once in each worker process, when the worker joins (and again in a restarted one)."""

    idempotent = True  # registered again by the next ingest on a long-lived cluster: kept, not reloaded

    def __init__(self, model: str) -> None:
        self.model = model

    def setup(self, worker) -> None:  # noqa: ARG002 - the plugin interface
        with _extracting:
            _pipeline(self.model)


def _pipeline(model: str) -> Language:
    nlp = _pipelines.get(model)
    if nlp is None:
        from extract.nlp import load_model

        nlp = _pipelines[model] = load_model(model)
    return nlp


def extract_raw(raw: RawFile, model: str) -> ExtractedDocument | PackedSpool | str:
    """Runs on a worker: decode and extract one file's bytes; the document, or a one-line failure.

    A document spooled to this worker's disk goes back packed: the client may be on another machine.
    """
    with _extracting:
        nlp = _pipeline(model)
        source = read_guarded(raw.path, lambda path: raw.decode())
        if isinstance(source, str):
            return source
        outcome = extract_source(source, nlp, path_text(raw.path))
    return pack(outcome) if isinstance(outcome, SpooledDocument) else outcome


def extract_on_cluster(jobs: Iterable[tuple[Path, RawFile]], model: str | None, address: str,
                       should_stop: Callable[[], bool] = lambda: False,
                       on_start: Callable[[str], None] = lambda event: None) -> Iterator[Outcome]:
    """Extract each job's bytes on the cluster at `address`; yield (path, document or failure) in job order.

    The cluster is joined (or started) when the first job needs extracting, as a single
    process loads its pipeline only then: an ingest of unchanged files needs no cluster.
    Raises ClusterError when the cluster cannot be reached or has no workers, and
    ModelError when a worker cannot load `model`. `on_start` is told "starting" before the
    worker processes of a local cluster are forked and "started" after: threads of the caller
    that write to the terminal pause in between.
    """
    jobs = iter(jobs)
    first = next(jobs, None)
    if first is None:
        return
    if model is None:
        from extract.nlp import default_model

        model = default_model()  # by name: each worker loads the one installed under the same name
    with connect_cluster(address, model, on_start) as client:
        pending: deque[tuple[Path, Future]] = deque()  # sent, not yet stored, in job order
        finished = as_completed(loop=client.loop)  # the sent ones as they finish (this client's loop, not the default)
        done: set[Future] = set()  # finished and not yet stored
        jobs = chain([first], jobs)
        read: deque[tuple[Path, RawFile]] = deque()  # read, not yet sent
        threads, asked = _threads(client), time.monotonic()
        more = True
        while True:
            if time.monotonic() - asked > WINDOW_REFRESH_S:
                threads, asked = _threads(client), time.monotonic()
            while more and len(pending) + len(read) < WINDOW_PER_THREAD * threads and not should_stop():
                job = next(jobs, None)
                if job is None:
                    more = False
                else:
                    read.append(job)
            if should_stop():
                read.clear()
            if len(pending) + len(read) > QUEUED_PER_THREAD * threads:
                send = len(read)  # the scheduler queues them and gives each free worker the next
            else:  # too few for the scheduler to queue: as many as there are free threads
                send = min(len(read), max(threads - (len(pending) - len(done)), 0))
            if send:
                batch = [read.popleft() for _ in range(send)]
                futures = client.map(extract_raw, [raw for _, raw in batch], model=model, pure=False)
                finished.update(futures)
                pending.extend(zip([path for path, _ in batch], futures, strict=True))
            if not pending:
                return
            path, future = pending[0]
            if future not in done:
                done.add(next(finished))  # wait for one to finish; send what may be sent before storing
                continue
            pending.popleft()
            done.discard(future)
            outcome = _result(path, future)
            future.release()
            yield path, outcome


def _threads(client: Client) -> int:
    """The cluster's worker threads now (at least 1): as many documents as are extracted at once."""
    return max(sum(client.nthreads().values()), 1)


def _result(path: Path, future: Future) -> ExtractedDocument | SpooledDocument | str:
    """What came back for `path`: its document, or its one-line failure."""
    try:
        outcome = future.result()
    except KilledWorker as exc:
        deaths = exc.allowed_failures + 1
        return f"{path_text(path)}: the worker process extracting it died, {deaths} times on different workers"
    except ModelError:
        raise
    except CancelledError:
        raise ClusterError("the Dask scheduler cancelled the work (the connection to it was lost)") from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - a task's own failure fails only its document
        return f"{path_text(path)}: extraction failed on the cluster ({_first_line(exc)})"
    return outcome.unpack() if isinstance(outcome, PackedSpool) else outcome


@contextmanager
def connect_cluster(address: str, model: str, on_start: Callable[[str], None] = lambda event: None) -> Iterator[Client]:
    """A client of the scheduler at `address` (or of a cluster of N processes started for "local:N",
    with `on_start` told before and after), with `model` loaded on every worker; closed (and a local
    cluster stopped) on leaving."""
    cluster = None
    if address.startswith(LOCAL):
        size = _local_size(address)
        on_start("starting")
        try:
            cluster = local_cluster(size)
        finally:
            on_start("started")
    try:
        try:
            client = Client(cluster if cluster is not None else address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(f"cannot reach a Dask scheduler at {address} ({_first_line(exc)})") from None
        try:
            try:
                client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
            except TimeoutError:
                raise ClusterError(
                    f"the Dask scheduler at {address} has no workers (none joined in {WORKERS_TIMEOUT_S} s)"
                ) from None
            client.register_plugin(PipelinePlugin(model), name=f"policy-tui-pipeline-{model}")
            # A document's bytes travel inside its task; a large file is expected, not a mistake.
            with dask.config.set({"distributed.admin.large-graph-warning-threshold": "1GiB"}):
                yield client
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()


def _local_size(address: str) -> int:
    try:
        n = int(address[len(LOCAL):])
    except ValueError:
        n = 0
    if n < 1:
        raise ClusterError(f"{address!r}: a local cluster is local:N, N worker processes (1 or more)")
    return n


def local_cluster(workers: int) -> LocalCluster:
    """A cluster of `workers` processes on this machine, one thread each, with the scheduler set for ingest."""
    with dask.config.set({**LOCAL_SCHEDULER, **LOCAL_WORKERS}):  # the nannies pass it on to their workers
        return LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True,
            host="127.0.0.1",  # scheduler and workers reachable from this machine only
            # Dask's HTTP server (health checks; the dashboard only where bokeh is installed) on a
            # free port of this machine: 8787 may be taken, and "None" would still take it.
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.CRITICAL,  # failures are the ingest's own one-line reports
            preload=[__name__],  # `dask_setup` below, in each worker process as it starts
        )


def dask_setup(worker) -> None:  # noqa: ARG001 - Dask's preload interface
    """Runs in each worker process of a local cluster as it starts: Ctrl+C in the terminal reaches
    these processes too, and this process (their parent) is the one that stops them, in order,
    as it stops `--workers` processes."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
