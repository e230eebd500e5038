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

Then one huge file (`--huge-mb`, 50 MB of generated prose by default, about 7.5M
words): resident memory sampled as spaCy works through it, at each quarter of the
text and at its peak, for bare `nlp.pipe` streaming the file's paragraphs (nothing
kept) and for the ingest of the file. Bounded memory means the ingest's resident
memory stays flat from the first quarter to the last, as the bare pipe's does.
This part takes about as long as spaCy needs for the file twice (an hour for 50 MB
on two cores); `--huge-mb 0` leaves it out.

    python -m bench.memory [--words 20000] [--repeats 10] [--huge-mb 50]
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


def huge_child(side: str, path: Path, db: Path) -> None:
    """Runs in a fresh process: one huge file, RSS at each quarter of the text and the peak, as JSON."""
    from extract.ingest.run import ingest
    from extract.nlp import load_model

    nlp = load_model()
    quarters: list[float] = []
    start = rss_mb()[0]

    def at(done: int, total: int) -> None:
        while len(quarters) < 4 and done >= total * (len(quarters) + 1) / 4:
            quarters.append(rss_mb()[0])

    if side == "bare":
        paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        total = sum(len(p) for p in paragraphs)
        done = 0
        for doc in nlp.pipe(paragraphs, batch_size=64):
            done += len(doc.text)
            at(done, total)
    else:
        def on_progress(event) -> None:
            if event.event == "text":
                at(event.done, event.total)

        summary = ingest([path], db, nlp=nlp, on_progress=on_progress)
        if summary.failures:
            raise SystemExit(f"bench: ingest failed: {summary.failures[0]}")
    print(json.dumps({"start": start, "quarters": quarters, "end": rss_mb()[0], "peak": rss_mb()[1]}))


def huge_file(path: Path, megabytes: float) -> int:
    """Write one prose file of about `megabytes` MB from the generated corpus; its words."""
    with tempfile.TemporaryDirectory(prefix="policy-tui-bench-") as tmp:
        _, words = build_corpus(Path(tmp), int(megabytes * 150_000), seed=500, include_sample=False)
        with path.open("w", encoding="utf-8") as out:
            for article in sorted(Path(tmp).iterdir()):
                out.write(article.read_text(encoding="utf-8").strip() + "\n\n")
    return words


def run_huge(megabytes: float, tmp: Path) -> tuple[list[tuple], dict[str, object]]:
    """The huge-file part: table rows and figures."""
    path = tmp / "huge.txt"
    words = huge_file(path, megabytes)
    results = {}
    for side in ("bare", "product"):
        out = subprocess.run(
            [sys.executable, "-m", "bench.memory", "--huge-child", side, "--db", str(tmp / "huge.db"), str(path)],
            cwd=ROOT, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise SystemExit(f"bench: the huge {side} run failed: {out.stderr.strip()[-400:]}")
        results[side] = json.loads(out.stdout.strip().splitlines()[-1])
    size_mb = path.stat().st_size / 2**20
    rows: list[tuple] = []
    figures: dict[str, object] = {"huge_mb": round(size_mb, 1), "huge_words": words}
    labels = (("bare", f"bare nlp.pipe, {size_mb:.1f} MB file"), ("product", f"ingest, {size_mb:.1f} MB file"))
    for side, label in labels:
        r = results[side]
        q = r["quarters"] + [float("nan")] * (4 - len(r["quarters"]))
        growth = (q[3] - q[0]) / q[0]
        rows.append((label, q[0], q[1], q[2], q[3], growth * 100, r["peak"]))
        figures[f"huge_{side}"] = {"rss_quarters_mb": [round(x, 1) for x in q], "growth_q1_to_q4": round(growth, 4),
                                   "peak_rss_mb": round(r["peak"], 1), "rss_end_mb": round(r["end"], 1)}
    return rows, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=20_000, help="words per repeat (default: 20000)")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--huge-mb", type=float, default=50.0, help="size of the one huge file (default: 50; 0: none)")
    parser.add_argument("--child", choices=("bare", "product"), help=argparse.SUPPRESS)
    parser.add_argument("--huge-child", choices=("bare", "product"), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("corpora", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.corpora, args.db)
        return
    if args.huge_child:
        huge_child(args.huge_child, args.corpora[0], args.db)
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
    if args.huge_mb > 0:
        with tempfile.TemporaryDirectory(prefix="policy-tui-bench-") as tmp:
            huge_rows, huge_figures = run_huge(args.huge_mb, Path(tmp))
        emit("memory_huge", f"Ingest memory through one {args.huge_mb:g} MB file (RSS at each quarter of its text)",
             ("run", "RSS at 1/4 MB", "RSS at 2/4 MB", "RSS at 3/4 MB", "RSS at 4/4 MB", "growth 1/4 → 4/4 %",
              "peak RSS MB"), huge_rows, huge_figures)


if __name__ == "__main__":
    main()
