"""The benchmarks' own parts: the generated corpus and the report line (no times are asserted)."""

from __future__ import annotations

import json

from bench.corpus import build_corpus
from bench.report import emit, percentile


def test_the_corpus_reaches_its_size_and_no_two_articles_repeat(tmp_path):
    files, words = build_corpus(tmp_path / "c", 6000, seed=3)
    assert words >= 6000 and words == sum(len(p.read_text(encoding="utf-8").split()) for p in files)
    texts = [p.read_text(encoding="utf-8") for p in files]
    assert len(set(texts)) == len(texts) > 3
    sentences = [s for t in texts[1:] for s in t.split(". ")]
    assert len(set(sentences)) > 0.8 * len(sentences)  # varied, not the same frames again and again
    again, _ = build_corpus(tmp_path / "d", 6000, seed=3)
    assert [p.read_text(encoding="utf-8") for p in again] == texts  # the same seed, the same corpus


def test_the_report_prints_a_table_and_one_json_line(capsys):
    emit("demo", "Demo", ("run", "seconds"), [("baseline", 2.0), ("product", 1.0)], {"ratio": 2.0})
    out = capsys.readouterr().out
    assert "baseline" in out and "product" in out
    lines = [line for line in out.splitlines() if line.startswith("BENCH ")]
    assert len(lines) == 1
    figures = json.loads(lines[0][len("BENCH "):])
    assert figures["bench"] == "demo" and figures["ratio"] == 2.0 and figures["machine"]["cores"] >= 1


def test_percentiles_interpolate_like_numpy():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50.5
    assert percentile(values, 95) == 95.05
    assert percentile([7.0], 95) == 7.0
