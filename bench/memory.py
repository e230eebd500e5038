"""Ingest memory: peak RSS, and how resident memory grows from the first to the tenth repeat.

Each repeat ingests a freshly generated batch of articles (another seed each
time), so every repeat brings names and numbers spaCy has not seen: a pipeline
whose string store keeps every string it meets grows with each one. One process
per side, the model loaded once, ten repeats:

- baseline: bare `nlp.pipe` over the same texts, nothing stored;
- product: `extract.ingest.ingest` into one database, as repeated
  `policy-tui ingest` runs of a long-lived explorer do (each document's spaCy
  strings are freed with `nlp.memory_zone()`).

Growth is resident memory after the tenth repeat against after the first.

    python -m bench.memory [--words 20000] [--repeats 10]   (words per repeat)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from .corpus import build_corpus
from .report import emit

ROOT = Path(__file__).resolve().parent.parent


def rss_mb() -> tuple[float, float]:
    """(resident, peak resident) memory of this process in MB, from /proc (Linux)."""
    fields = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def child(side: str, corpora: list[Path], db: Path) -> None:
    """Runs in a fresh process: the repeats of one side, printing one JSON line of figures."""
    import gc

    from extract.ingest.run import ingest
    from extract.nlp import load_model

    nlp = load_model()
    after = []
    for corpus in corpora:
        if side == "bare":
            texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.iterdir())]
            for _ in nlp.pipe(texts):
                pass
        else:
            summary = ingest([corpus], db, nlp=nlp)
            if summary.failures:
                raise SystemExit(f"bench: ingest failed: {summary.failures[0]}")
        gc.collect()
        after.append(rss_mb()[0])
    print(json.dumps({"after": after, "peak": rss_mb()[1], "strings": len(nlp.vocab.strings)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=20_000, help="words per repeat (default: 20000)")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--child", choices=("bare", "product"), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("corpora", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.corpora, args.db)
        return

    with tempfile.TemporaryDirectory(prefix="policy-tui-bench-") as tmp:
        corpora, words = [], 0
        for n in range(args.repeats):
            folder = Path(tmp) / f"repeat{n + 1}"
            # Without the bundled sample, which would repeat: every repeat is fresh text.
            _, count = build_corpus(folder, args.words, seed=100 + n, include_sample=False)
            corpora.append(folder)
            words += count
        results = {}
        for side in ("bare", "product"):
            out = subprocess.run(
                [sys.executable, "-m", "bench.memory", "--child", side, "--db", str(Path(tmp) / "m.db"),
                 *map(str, corpora)], cwd=ROOT, capture_output=True, text=True, check=False)
            if out.returncode != 0:
                raise SystemExit(f"bench: the {side} run failed: {out.stderr.strip()[-400:]}")
            results[side] = json.loads(out.stdout.strip().splitlines()[-1])

    rows, figures = [], {"repeats": args.repeats, "words_per_repeat": args.words, "words": words}
    for side, label in (("bare", "bare nlp.pipe"), ("product", "policy-tui ingest")):
        after = results[side]["after"]
        growth = (after[-1] - after[0]) / after[0]
        rows.append((label, after[0], after[-1], growth * 100, results[side]["peak"], results[side]["strings"]))
        figures[side] = {"rss_first_mb": round(after[0], 1), "rss_last_mb": round(after[-1], 1),
                         "growth": round(growth, 4), "peak_rss_mb": round(results[side]["peak"], 1),
                         "rss_after_each_mb": [round(a, 1) for a in after], "strings": results[side]["strings"]}
    emit("memory", f"Ingest memory over {args.repeats} repeats of {args.words:,} fresh words",
         ("run", "RSS after repeat 1 MB", f"RSS after repeat {args.repeats} MB", "growth %", "peak RSS MB",
          "strings kept"), rows, figures)


if __name__ == "__main__":
    main()
