"""Ingest throughput: `policy-tui ingest` against bare spaCy `nlp.pipe`, in words per second.

Every run is a whole command in a fresh process, timed from start to exit, so
each side pays its own interpreter start and model load, and both read the same
files of the same corpus (the bundled sample plus generated articles, at least
200k words). The runs alternate, round after round, and the best of each is
kept, so a busy machine slows both sides alike.

- baseline: the same spaCy pipeline with all its default pipes, `nlp.pipe` over
  each file's whole text, nothing stored;
- baseline (paragraphs): the same, over the paragraphs the product feeds spaCy
  (shown so the reader sees how much of the product's speed comes from that);
- product: `policy-tui ingest` into a new database, in one process and with
  `--workers 2`.

    python -m bench.ingest [--words 200000] [--rounds 1]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .corpus import build_corpus
from .report import emit

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import sys
from pathlib import Path
from extract.nlp import default_model
import spacy
nlp = spacy.load(default_model())
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).iterdir())]
if sys.argv[2] == "paragraphs":
    texts = [block for text in texts for block in text.split("\\n\\n") if block.strip()]
for doc in nlp.pipe(texts):
    pass
"""


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB of the process and the children it waited for) of one command."""
    seconds, rss, _ = timed_with_cpu(command)
    return seconds, rss


def timed_with_cpu(command: list[str]) -> tuple[float, float, float]:
    """`timed`, and the CPU seconds (user and system) of the process and the children it waited for."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command[:4])}... failed ({process.returncode}): {error.strip()[-400:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000, help="corpus size (default: 200000)")
    parser.add_argument("--rounds", type=int, default=1, help="alternating rounds; the best of each run is kept")
    parser.add_argument("--workers", type=int, default=2, help="processes for the parallel run (default: 2)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="policy-tui-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        files, words = build_corpus(corpus, args.words)
        python = sys.executable
        runs = {  # key: (label, command for round n)
            "bare": ("bare nlp.pipe (whole texts)", lambda n: [python, "-c", BARE, str(corpus), "texts"]),
            "bare_paragraphs": ("bare nlp.pipe (paragraphs)",
                                lambda n: [python, "-c", BARE, str(corpus), "paragraphs"]),
            "ingest": ("policy-tui ingest", lambda n: [python, "-m", "tui.cli", "ingest", str(corpus),
                                                       "--db", str(Path(tmp) / f"one{n}.db")]),
            "ingest_workers": (f"policy-tui ingest --workers {args.workers}", lambda n: [
                python, "-m", "tui.cli", "ingest", str(corpus), "--db", str(Path(tmp) / f"many{n}.db"),
                "--workers", str(args.workers)]),
        }
        best: dict[str, tuple[float, float]] = {}
        for n in range(args.rounds):
            for key, (label, command) in runs.items():
                seconds, rss = timed(command(n))
                print(f"round {n + 1}: {label}: {seconds:.1f} s", file=sys.stderr, flush=True)
                if key not in best or seconds < best[key][0]:
                    best[key] = (seconds, rss)

    baseline = best["bare"][0]
    rows, figures = [], {"words": words, "files": len(files), "rounds": args.rounds, "workers": args.workers}
    for key, (seconds, rss) in best.items():
        ratio = baseline / seconds
        rows.append((runs[key][0], seconds, words / seconds, ratio, rss))
        figures[key] = {"seconds": round(seconds, 2), "words_per_s": round(words / seconds, 1),
                        "ratio": round(ratio, 3), "peak_rss_mb": round(rss, 1)}
    emit("ingest", f"Ingest throughput, {words:,} words in {len(files)} files (ratio: against bare nlp.pipe)",
         ("run", "seconds", "words/s", "ratio", "peak RSS MB"), rows, figures)


if __name__ == "__main__":
    main()
