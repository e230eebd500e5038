"""Search latency: the explorer's search and country-filter queries against bare FTS5.

On synthetic databases of 10k, 100k and 1M sentences (`bench.synthdb`), each query
function the explorer runs when the search text changes or a country is chosen is
timed on a read-only connection, as the explorer's workers open it:

- search typed: `claims_page` (first page, `PAGE_SIZE` rows), `count_claims`,
  `search_count`, `claim_detail` of the first claim; scrolling: `claims_page(after=)`;
- country chosen (alone or with a search): `claims_page`, `count_claims`, `claim_detail`.

The baseline is the bare FTS query
`SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rank LIMIT 50`
with the same MATCH expression the product builds from the typed text, on the same
database in the same run. Inputs include adversarial ones: very common words, one- and
two-letter prefixes, a long query, FTS operators, quotes and brackets, non-ASCII text,
and the country with the most claims. Targets: p95 of every function at most 1.5 x the
bare query's p95, and under 100 ms at 1M sentences.

`count_claims` is timed both as an exact count and bounded (`at_most=COUNT_AT_MOST`):
an exact count of a search matching most of a million sentences has to read every match.

    python -m bench.search [--sizes 10000 100000 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

import extract.store.read as q
from bench.report import emit, peak_rss_mb, percentile
from bench.synthdb import synth_db
from extract.store import connect

BARE = "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rank LIMIT 50"
COUNT_AT_MOST = 1000
TARGET_RATIO = 1.5
TARGET_MS = 100.0

SEARCHES = [
    ("common word", "the"),
    ("common word", "said"),
    ("one letter", "a"),
    ("two letters", "th"),
    ("prefix", "stat"),
    ("word", "sanctions"),
    ("two words", "grain exports"),
    ("long query", "the foreign minister said that talks on energy supplies would resume in March"),
    ("operators", '"energy" AND (supplies OR NEAR(talks'),
    ("brackets", "[bold] {x} (y) -z ^w"),
    ("column syntax", "text:russia"),
    ("only stars", "***"),
    ("non-ASCII", "Türkiye"),
    ("non-ASCII", "Côte d'Ivoire"),
    ("non-ASCII", "日本 Ελλάδα"),
    ("no match", "zyzzyvas"),
]


def _countries(db) -> list[tuple[str, q.EntityCount]]:
    """The busiest, a middling and the quietest country, by mentions."""
    rows = db.execute(
        "SELECT e.key FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE e.kind = 'country'"
        " GROUP BY e.id ORDER BY COUNT(*) DESC"
    ).fetchall()
    picks = [
        ("busiest country", rows[0][0]),
        ("middling country", rows[len(rows) // 2][0]),
        ("quietest country", rows[-1][0]),
    ]
    found = [(label, q.entity(db, q.COUNTRY, key)) for label, key in picks]
    return [(label, entity) for label, entity in found if entity is not None]


T = TypeVar("T")


def _timed(samples: list[float], repeat: int, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """`fn(*args, **kwargs)`, called once to warm up, then `repeat` times into `samples` (ms)."""
    result = fn(*args, **kwargs)  # the first call also builds per-connection state (temporary tables)
    for _ in range(repeat):
        started = time.perf_counter()
        fn(*args, **kwargs)
        samples.append((time.perf_counter() - started) * 1000)
    return result


def _bare(db, query: str) -> list[tuple]:
    return db.execute(BARE, [query]).fetchall()


def measure(sentences: int, repeat: int) -> dict[str, Any]:
    path = synth_db(sentences)
    db = connect(path, create=False, readonly=True)
    samples: dict[str, list[float]] = defaultdict(list)
    per_query: list[dict[str, object]] = []
    try:
        countries = _countries(db)
        cases: list[tuple[str, str, tuple[q.Filter, ...]]] = [
            (label, text, (q.Filter(q.SEARCH, text, text),)) for label, text in SEARCHES
        ]
        cases += [(label, c.name, (c.filter(),)) for label, c in countries]
        busiest, quietest = countries[0][1], countries[-1][1]
        cases += [
            ("common word + busiest country", "the", (q.Filter(q.SEARCH, "the", "the"), busiest.filter())),
            ("one letter + quietest country", "a", (q.Filter(q.SEARCH, "a", "a"), quietest.filter())),
            ("word + quietest country", "sanctions", (q.Filter(q.SEARCH, "sanctions", "sanctions"), quietest.filter())),
        ]
        for label, text, filters in cases:
            search = q.search_text(filters)
            row: dict[str, object] = {"case": label, "input": text}
            times: dict[str, list[float]] = defaultdict(list)
            query = q.fts_query(db, search) if search else None
            if query is not None:
                _timed(times["bare FTS"], repeat, _bare, db, query)
            page = _timed(times["claims_page"], repeat, q.claims_page, db, filters)
            if page.rows:
                last, first = page.rows[-1].key, page.rows[0].id
                _timed(times["claims_page (next page)"], repeat, q.claims_page, db, filters, after=last)
                _timed(times["claim_detail"], repeat, q.claim_detail, db, first, search)
            _timed(times["count_claims (exact)"], repeat, q.count_claims, db, filters)
            bounded = f"count_claims (at_most={COUNT_AT_MOST})"
            _timed(times[bounded], repeat, q.count_claims, db, filters, at_most=COUNT_AT_MOST)
            if search:
                _timed(times["search_count"], repeat, q.search_count, db, search)
            for name, values in times.items():
                samples[name] += values
                row[name] = round(percentile(values, 95), 2)
            per_query.append(row)
    finally:
        db.conn.close()
    return {"sentences": sentences, "samples": samples, "per_query": per_query}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=5, help="timed calls per function and input")
    args = parser.parse_args()
    rows: list[tuple[object, ...]] = []
    figures: dict[str, Any] = {"repeat": args.repeat, "count_at_most": COUNT_AT_MOST, "sizes": {}}
    for sentences in args.sizes:
        result = measure(sentences, args.repeat)
        samples = result["samples"]
        bare_p50 = percentile(samples["bare FTS"], 50)
        bare_p95 = percentile(samples["bare FTS"], 95)
        size_figures: dict[str, Any] = {"bare_p50_ms": bare_p50, "bare_p95_ms": bare_p95, "functions": {}}
        rows.append((f"{sentences:,}", "bare FTS (baseline)", bare_p50, bare_p95, 1.0, ""))
        for name, values in samples.items():
            if name == "bare FTS":
                continue
            p50, p95 = percentile(values, 50), percentile(values, 95)
            ratio = p95 / bare_p95
            met = ratio <= TARGET_RATIO and (sentences < 1_000_000 or p95 < TARGET_MS)
            rows.append((f"{sentences:,}", name, p50, p95, ratio, "yes" if met else "NO"))
            size_figures["functions"][name] = {"p50_ms": p50, "p95_ms": p95, "p95_ratio": ratio, "met": met}
        size_figures["per_query_p95_ms"] = result["per_query"]
        figures["sizes"][str(sentences)] = size_figures
    figures["peak_rss_mb"] = peak_rss_mb()
    emit(
        "search",
        "Search latency (ms): the explorer's queries vs bare FTS5 ORDER BY rank LIMIT 50",
        ["sentences", "function", "p50", "p95", "p95 × bare", "target met"],
        rows,
        figures,
    )


if __name__ == "__main__":
    main()
