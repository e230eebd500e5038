"""`ingest --cluster`: extraction on a Dask cluster stores what one process stores, loses no
document to a killed worker, and fails a bad file, or one that kills its workers, alone.

One local cluster of two worker processes serves the module (starting one and loading the
pipeline in each costs seconds); the tests reach it by its scheduler's address, as
`--cluster tcp://...` reaches a cluster on other machines. Without the cluster extra
they are skipped, except those that check what `--cluster` says when Dask is missing.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.corpus import build_corpus
from extract.ingest import ingest
from tui.cli import main

from .conftest import SEEDS, needs_dask


def on_cluster(test):
    """A test that runs on the module's cluster: skipped without Dask, marked `cluster` and `slow`."""
    return needs_dask(pytest.mark.slow(pytest.mark.cluster(test)))


GOOD = "The foreign minister said Portugal would send {n} observers to the border talks.\n"


@pytest.fixture(scope="module")
def cluster():
    """The scheduler address of a local cluster of two worker processes, as `--cluster local:2` starts it."""
    from extract.ingest.cluster import local_cluster

    started = local_cluster(2)
    try:
        yield started.scheduler_address
    finally:
        started.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The bundled sample and generated articles: about 6,000 words in a dozen files."""
    folder = tmp_path_factory.mktemp("cluster") / "corpus"
    build_corpus(folder, 6000, seed=11)
    return folder


@pytest.fixture(scope="module")
def one_process(corpus, nlp, tmp_path_factory) -> tuple[str, str]:
    """The jsonl and csv exports of the corpus ingested in this one process."""
    db = tmp_path_factory.mktemp("one") / "one.db"
    summary = ingest([corpus], db, nlp=nlp)
    assert not summary.failures and summary.documents == len(list(corpus.iterdir()))
    return exports(db, db.parent)


def exports(db: Path, folder: Path) -> tuple[str, str]:
    texts = []
    for fmt in ("jsonl", "csv"):
        out = folder / f"{db.stem}.{fmt}"
        assert main(["export", "--db", str(db), "--format", fmt, "--out", str(out)]) == 0
        texts.append(out.read_text(encoding="utf-8"))
    return texts[0], texts[1]


def names(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [name for (name,) in conn.execute("SELECT name FROM documents ORDER BY name")]
    finally:
        conn.close()


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error: ")]


@on_cluster
def test_a_cluster_stores_what_one_process_stores(cluster, corpus, one_process, tmp_path, capsys):
    db = tmp_path / "cluster.db"
    files = len(list(corpus.iterdir()))
    assert main(["ingest", str(corpus), "--db", str(db), "--cluster", cluster]) == 0
    err = capsys.readouterr().err
    assert f"{files} documents ingested (0 unchanged)" in err and "0 failures" in err
    jsonl, csv = exports(db, tmp_path)
    assert (jsonl, csv) == one_process
    assert len(jsonl.splitlines()) > 200 and len(csv.splitlines()) > 50
    # Again: every file is unchanged, skipped by the client before anything is sent.
    assert main(["ingest", str(corpus), "--db", str(db), "--cluster", cluster]) == 0
    assert f"0 documents ingested ({files} unchanged)" in capsys.readouterr().err


@on_cluster
def test_a_local_clusters_workers_run_without_the_profiler(cluster):
    """The lighter monitoring of a local cluster reaches its worker processes: no stack sampling."""
    from distributed import Client

    def monitoring(dask_worker) -> tuple[bool, bool]:
        import dask

        return dask.config.get("distributed.worker.profile.enabled"), "profile" in dask_worker.periodic_callbacks

    with Client(cluster) as client:
        seen = client.run(monitoring)
    assert len(seen) == 2
    assert all(enabled is False and not sampling for enabled, sampling in seen.values())


@on_cluster
def test_a_local_cluster_forks_its_workers_while_the_caller_is_told_to_pause(tmp_path, monkeypatch):
    """ "local:N" forks its first workers (they see what this process set before), between a
    "starting" and a "started" event, and stores what it extracts."""
    import extract.ingest.cluster as cluster_module

    monkeypatch.setattr(cluster_module, "FORKED_FROM_THE_CLIENT", True, raising=False)
    (tmp_path / "a.txt").write_text(GOOD.format(n=3), encoding="utf-8")
    events: list[str] = []
    seen: list[bool] = []
    real = cluster_module.connect_cluster

    @contextmanager
    def watched(*args, **kwargs):
        with real(*args, **kwargs) as client:
            seen.extend(client.run(_forked).values())
            yield client

    monkeypatch.setattr(cluster_module, "connect_cluster", watched)
    summary = ingest([tmp_path / "a.txt"], tmp_path / "forked.db", cluster="local:1",
                     on_progress=lambda p: events.append(p.event))
    assert summary.documents == 1 and not summary.failures
    assert [e for e in events if e in ("starting", "started")] == ["starting", "started"]
    assert events.index("started") < events.index("done")
    assert seen == [True]


def _forked() -> bool:
    import extract.ingest.cluster as cluster_module

    return getattr(cluster_module, "FORKED_FROM_THE_CLIENT", False)


@on_cluster
def test_a_worker_killed_mid_run_loses_no_document(cluster, corpus, one_process, tmp_path):
    from distributed import Client

    db = tmp_path / "killed.db"
    with Client(cluster) as watcher:
        pids = watcher.run(os.getpid)  # worker address -> process id
        killed: list[int] = []

        def kill_a_busy_worker(event) -> None:
            if event.event != "done" or killed:
                return
            busy = [address for address, keys in watcher.processing().items() if keys and address in pids]
            if busy:
                killed.append(pids[busy[0]])
                os.kill(pids[busy[0]], signal.SIGKILL)

        summary = ingest([corpus], db, cluster=cluster, on_progress=kill_a_busy_worker)
        assert killed, "no worker was extracting a document when the first one was stored"
        assert killed[0] not in watcher.run(os.getpid).values()  # it died (and was started again)
    assert summary.failures == [] and not summary.interrupted
    assert summary.documents == len(list(corpus.iterdir()))
    assert exports(db, tmp_path) == one_process


@on_cluster
def test_a_bad_file_fails_alone_with_the_line_one_process_prints(cluster, tmp_path, capsys, monkeypatch, nlp):
    import extract.nlp

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "only-markup.html").write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    for n in range(3):
        (folder / f"good{n}.txt").write_text(GOOD.format(n=n + 2), encoding="utf-8")
    code = main(["ingest", str(folder), "--db", str(tmp_path / "cluster.db"), "--cluster", cluster])
    on_the_cluster = error_lines(capsys.readouterr().err)
    assert code == 1
    monkeypatch.setattr(extract.nlp, "load_model", lambda name=None: nlp)
    assert main(["ingest", str(folder), "--db", str(tmp_path / "one.db")]) == 1
    assert sorted(on_the_cluster) == sorted(error_lines(capsys.readouterr().err))
    assert len(on_the_cluster) == 3 and all(str(folder) in line for line in on_the_cluster)
    assert names(tmp_path / "cluster.db") == ["good0.txt", "good1.txt", "good2.txt"]


class KillOnName:
    """A worker plugin for the test below: extracting a file named killer* ends the worker process."""

    name = "test-kill-on-name"

    def setup(self, worker) -> None:  # noqa: ARG002
        import extract.pipeline

        real = extract.pipeline.extract_parts

        def extract_parts(source, nlp, on_progress=None):
            if source.name.startswith("killer"):
                os.kill(os.getpid(), signal.SIGKILL)
            return real(source, nlp, on_progress)

        extract_parts.real = real  # type: ignore[attr-defined]
        extract.pipeline.extract_parts = extract_parts

    def teardown(self, worker) -> None:  # noqa: ARG002
        import extract.pipeline

        extract.pipeline.extract_parts = getattr(extract.pipeline.extract_parts, "real", extract.pipeline.extract_parts)


@on_cluster
def test_a_file_that_kills_its_worker_twice_fails_alone(cluster, tmp_path, capsys):
    from distributed import Client
    from distributed.diagnostics.plugin import WorkerPlugin

    plugin = type("KillOnNamePlugin", (KillOnName, WorkerPlugin), {})()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "killer.txt").write_text(GOOD.format(n=9), encoding="utf-8")
    for n in range(4):
        (folder / f"good{n}.txt").write_text(GOOD.format(n=n + 2), encoding="utf-8")
    with Client(cluster) as client:
        client.register_plugin(plugin, name=KillOnName.name)
        try:
            code = main(["ingest", str(folder), "--db", str(tmp_path / "k.db"), "--cluster", cluster])
        finally:
            client.unregister_worker_plugin(KillOnName.name)
    err = capsys.readouterr().err
    assert code == 1
    assert error_lines(err) == [
        f"error: {folder / 'killer.txt'}: the worker process extracting it died, 2 times on different workers"
    ]
    assert "4 documents ingested (0 unchanged)" in err and "1 failure" in err
    assert names(tmp_path / "k.db") == ["good0.txt", "good1.txt", "good2.txt", "good3.txt"]


@on_cluster
def test_a_document_spooled_on_a_worker_is_stored_as_one_process_stores_it(cluster, tmp_path, monkeypatch, nlp):
    """A document longer than one window is spooled to the worker's disk and comes back packed."""
    from distributed import Client

    import extract.pipeline

    doc = tmp_path / "long.txt"
    doc.write_text((SEEDS / "000_13d8d6eb722a39db.txt").read_text(encoding="utf-8"), encoding="utf-8")
    small = {"WINDOW": 600, "MAX_CHUNK": 300}
    for name, value in small.items():
        monkeypatch.setattr(extract.pipeline, name, value)
    assert not ingest([doc], tmp_path / "one.db", nlp=nlp).failures
    with Client(cluster) as client:
        before = client.run(_windows, None)
        client.run(_windows, small)
        try:
            assert not ingest([doc], tmp_path / "cluster.db", cluster=cluster).failures
        finally:
            client.run(_windows, dict(next(iter(before.values()))))
    assert exports(tmp_path / "cluster.db", tmp_path) == exports(tmp_path / "one.db", tmp_path)


def _windows(values: dict[str, int] | None) -> dict[str, int]:
    """Runs on each worker: set the pipeline's window sizes (when given); the ones before."""
    import extract.pipeline

    before = {"WINDOW": extract.pipeline.WINDOW, "MAX_CHUNK": extract.pipeline.MAX_CHUNK}
    for name, value in (values or {}).items():
        setattr(extract.pipeline, name, value)
    return before


def test_without_dask_cluster_says_in_one_line_how_to_install_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the cluster extra were not installed
    db = tmp_path / "p.db"
    assert main(["ingest", str(SEEDS), "--db", str(db), "--cluster", "local:2"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        'policy-tui: --cluster needs Dask, which is not installed; install it with: pip install "policy-tui[cluster]"'
    ]
    assert not db.exists()  # refused before anything was read or written


@pytest.mark.parametrize("address", ["local:0", "local:two", ""])
def test_a_cluster_address_is_checked_before_anything_starts(address, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["ingest", str(SEEDS), "--db", str(tmp_path / "p.db"), "--cluster", address])
    assert "argument --cluster" in capsys.readouterr().err


def test_workers_and_cluster_are_one_or_the_other(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["ingest", str(SEEDS), "--db", str(tmp_path / "p.db"), "--workers", "2", "--cluster", "local:2"])
    assert "not allowed with argument" in capsys.readouterr().err


@needs_dask
@pytest.mark.cluster
def test_an_unreachable_scheduler_or_one_without_workers_is_one_line(tmp_path, capsys, monkeypatch):
    from distributed import LocalCluster

    import extract.ingest.cluster as cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    monkeypatch.setattr(cluster, "WORKERS_TIMEOUT_S", 1)
    doc = tmp_path / "note.txt"
    doc.write_text(GOOD.format(n=3), encoding="utf-8")
    assert main(["ingest", str(doc), "--db", str(tmp_path / "a.db"), "--cluster", "tcp://127.0.0.1:9"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("policy-tui: cannot reach a Dask scheduler at tcp://127.0.0.1:9 (")
    with LocalCluster(n_workers=0, dashboard_address=None) as empty:
        assert main(["ingest", str(doc), "--db", str(tmp_path / "b.db"), "--cluster", empty.scheduler_address]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"policy-tui: the Dask scheduler at {empty.scheduler_address} has no workers (none joined in 1 s)"
    ]
