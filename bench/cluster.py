"""Ingest on a Dask cluster: words per second of `--cluster local:2` against `--workers 2` and one process.

Every run is a whole `policy-tui ingest` in a fresh process, timed from start to exit
(interpreter start, model loads and, for the cluster, starting the scheduler and its
worker processes included), over the same generated corpus (the bundled sample plus
generated articles), into a new database each time. The runs alternate, round after
round, and the best of each is kept; the ratio is also taken within each round, the two
runs side by side, and its median given, which a machine whose speed drifts from round to
round moves far less than the best of each. The
CPU seconds of each run (its process and the worker processes it waited for) show
what each way costs in work, which a machine busy with other work changes far less
than it changes the wall time.

- baseline: `--workers 2`, the multiprocessing pool on this machine;
- product: `--cluster local:2`, the same work as Dask tasks on a local cluster of two
  worker processes (target: at least 0.9 of the baseline); one process for reference.

Where one client stops scaling: the client alone reads, stores and talks to the
scheduler, so it keeps up with as many workers as a document's extraction lasts
against the client's own time per document. The one-process run measures the
extraction and the store's write of each document (the store's rows/s), the
cluster run the client's CPU time per document (reading, hashing, sending,
receiving, storing, and the local scheduler, which runs in the client's process);
the report gives the number of workers each of these allows.

    python -m bench.cluster [--words 200000] [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

from .corpus import build_corpus
from .ingest import timed_with_cpu
from .report import emit
from .store import TABLES

# The command, run with probes that add up what each document costs and write it to
# a JSON file at exit: extraction and store time in one process, the client's CPU
# time between the first and the last document stored on a cluster.
PROBED = """
import atexit, json, sys, time
import extract.ingest, extract.ingest.run, extract.ingest.workers
from tui.cli import main

figures = {"extract_s": 0.0, "store_s": 0.0, "stored": 0, "cpu_first": None, "cpu_last": None}
atexit.register(lambda: open(sys.argv[1], "w").write(json.dumps(figures)))

def timing(name, real):
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            figures[name] += time.perf_counter() - started
    return timed

extract.ingest.workers.extract_source = timing("extract_s", extract.ingest.workers.extract_source)
extract.ingest.run.save_document = timing("store_s", extract.ingest.run.save_document)
real_ingest = extract.ingest.ingest

def ingest(*args, on_progress, **kwargs):
    def progress(event):
        on_progress(event)
        if event.event == "done":
            figures["stored"] += 1
            figures["cpu_last"] = time.process_time()
            if figures["cpu_first"] is None:
                figures["cpu_first"] = figures["cpu_last"]
    return real_ingest(*args, on_progress=progress, **kwargs)

extract.ingest.ingest = ingest
sys.exit(main(sys.argv[2:]))
"""


def rows(db: Path) -> int:
    """Rows the store wrote, over every table."""
    conn = sqlite3.connect(db)
    try:
        return sum(conn.execute(f"SELECT COUNT(*) FROM [{table}]").fetchone()[0] for table in TABLES)
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000, help="corpus size (default: 200000)")
    parser.add_argument("--rounds", type=int, default=1, help="alternating rounds; the best of each run is kept")
    parser.add_argument("--workers", type=int, default=2, help="processes for both parallel runs (default: 2)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="policy-tui-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        files, words = build_corpus(corpus, args.words)
        python, n = sys.executable, args.workers

        def command(key: str, round_: int, extra: list[str]) -> list[str]:
            return [python, "-c", PROBED, str(Path(tmp) / f"{key}{round_}.json"), "ingest", str(corpus),
                    "--db", str(Path(tmp) / f"{key}{round_}.db"), *extra]

        runs = {  # key: (label, extra arguments)
            "workers": (f"policy-tui ingest --workers {n} (baseline)", ["--workers", str(n)]),
            "cluster": (f"policy-tui ingest --cluster local:{n}", ["--cluster", f"local:{n}"]),
            "one": ("policy-tui ingest (one process)", []),
        }
        best: dict[str, tuple[float, float, float, int]] = {}  # key: (seconds, peak RSS MB, CPU seconds, round)
        rounds: dict[str, list[float]] = {key: [] for key in runs}  # each round's seconds
        for r in range(args.rounds):
            for key, (label, extra) in runs.items():
                seconds, rss, cpu = timed_with_cpu(command(key, r, extra))
                rounds[key].append(seconds)
                print(f"round {r + 1}: {label}: {seconds:.1f} s, {cpu:.1f} CPU s", file=sys.stderr, flush=True)
                if key not in best or seconds < best[key][0]:
                    best[key] = (seconds, rss, cpu, r)
        probes = {key: json.loads((Path(tmp) / f"{key}{r}.json").read_text()) for key, (*_, r) in best.items()}
        stored_rows = rows(Path(tmp) / f"one{best['one'][3]}.db")

    docs = len(files)
    baseline = best["workers"][0]
    table, figures = [], {"words": words, "files": docs, "rounds": args.rounds, "workers": n}
    for key, (seconds, rss, cpu, _) in best.items():
        ratio = baseline / seconds
        table.append((runs[key][0], seconds, words / seconds, ratio, cpu, rss))
        figures[key] = {"seconds": round(seconds, 2), "words_per_s": round(words / seconds, 1),
                        "ratio": round(ratio, 3), "cpu_s": round(cpu, 1), "peak_rss_mb": round(rss, 1)}
    # The same ratio taken within each round, the two runs side by side, and its median: a machine
    # whose speed drifts over the rounds (other work starting and stopping) moves both runs of a
    # round alike, while the best of each run may come from different rounds.
    paired = sorted(w / c for w, c in zip(rounds["workers"], rounds["cluster"], strict=True))
    figures["cluster"]["ratio_by_round"] = [round(w / c, 3) for w, c in zip(rounds["workers"], rounds["cluster"],
                                                                           strict=True)]
    figures["cluster"]["median_ratio_by_round"] = round(statistics.median(paired), 3)
    one, client = probes["one"], probes["cluster"]
    extract_s = one["extract_s"] / docs  # one document's extraction, on one core
    store_s = one["store_s"] / docs
    client_s = (client["cpu_last"] - client["cpu_first"]) / max(client["stored"] - 1, 1)
    figures["per_document"] = {
        "extract_ms": round(extract_s * 1000, 1), "store_ms": round(store_s * 1000, 2),
        "store_rows_per_s": round(stored_rows / one["store_s"]), "rows": round(stored_rows / docs, 1),
        "client_cpu_ms": round(client_s * 1000, 2),
        "workers_per_writer_store": round(extract_s / store_s, 1),
        "workers_per_client": round(extract_s / client_s, 1),
    }
    emit("cluster", f"Ingest on a Dask cluster, {words:,} words in {docs} files (ratio: against --workers {n})",
         ("run", "seconds", "words/s", "ratio", "CPU s", "peak RSS MB"), table, figures)
    c = figures["cluster"]
    print(f"--cluster against --workers, round by round: {c['ratio_by_round']} (median {c['median_ratio_by_round']})")
    p = figures["per_document"]
    print(f"per document: extraction {p['extract_ms']} ms on one core; store {p['store_ms']} ms "
          f"({p['rows']} rows, {p['store_rows_per_s']:,} rows/s); client CPU on the cluster {p['client_cpu_ms']} ms")
    print(f"one SQLite writer keeps up with {p['workers_per_writer_store']} workers by its writes alone, "
          f"and one client with {p['workers_per_client']} counting all it does per document")


if __name__ == "__main__":
    main()
