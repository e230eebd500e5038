"""Bulk store: rows per second of `save_document` against raw `executemany` of the same rows.

The generated corpus is extracted once, before anything is timed (and kept in
the benchmark cache, keyed by the corpus and the records' shape), so spaCy's
time is not counted. Then, on fresh databases of the same schema:

- store: every document through `extract.store.save_document`, as an ingest
  does: one transaction per document, ids and entities looked up in the database;
- raw: the very rows the store wrote, read back from its database, inserted with
  one `executemany` per table inside a single transaction (the FTS triggers fire
  in both, so both keep the full-text index).

The figure is median raw time / median store time (= store rows/s over raw rows/s);
target: at least 0.8. Two references show what bounds the store: the same rows in
multi-row INSERTs (FTS5 triggers cost far less per statement than per row, so this
is the fastest raw writer), once in one transaction and once in a transaction per
document, as the store must commit. The writers alternate for a few rounds.

    python -m bench.store [--words 200000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import build_corpus
from bench.report import emit, peak_rss_mb
from bench.synthdb import CACHE_DIR
from extract.records import ExtractedDocument
from extract.store import connect, save_document

ROOT = Path(__file__).resolve().parent.parent
# Parents before children, so the raw inserts meet every foreign key's target first.
TABLES = ("documents", "blocks", "sections", "sentences", "entities", "aliases", "mentions", "claims", "quantities")
INGESTED_AT = "2025-01-01T00:00:00+00:00"
MULTI_ROWS = 100  # rows per statement of the multi-row reference (sqlite-utils batches about as many)


def extracted_corpus(words: int, seed: int) -> list[ExtractedDocument]:
    """The generated corpus, extracted; cached by corpus size, seed and the records' shape.

    Only the shape of the records is in the cache key, not the extractor's code: what
    this benchmark measures is how fast given rows are written, and re-running spaCy
    for every change to an extraction rule would only slow it down.
    """
    shape = hashlib.sha256((ROOT / "extract" / "records.py").read_bytes()).hexdigest()[:10]
    cached = CACHE_DIR / f"extracted-{words}-s{seed}-{shape}.pickle"
    if cached.exists():
        return pickle.loads(cached.read_bytes())
    from extract.nlp import load_model
    from extract.pipeline import extract
    from extract.reading.files import read_source

    nlp = load_model()
    with tempfile.TemporaryDirectory() as tmp:
        files, _ = build_corpus(Path(tmp), words, seed)
        print(f"extracting {len(files)} documents once (not timed)...", file=sys.stderr)
        docs = [extract(read_source(path), nlp) for path in files]
    # Paths as an ingest stores them, independent of the temporary folder.
    docs = [_with_path(doc, f"/corpus/{doc.name}") for doc in docs]
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(docs))
    return docs


def _with_path(doc: ExtractedDocument, path: str) -> ExtractedDocument:
    from dataclasses import replace

    return replace(doc, path=path)


def run_store(path: Path, docs: list[ExtractedDocument]) -> float:
    """Seconds to save every document with the store, one transaction each."""
    db = connect(path)
    try:
        started = time.perf_counter()
        for doc in docs:
            save_document(db, doc, ingested_at=INGESTED_AT)
        return time.perf_counter() - started
    finally:
        db.conn.close()


def stored_rows(path: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every row the store wrote, by table: (column names, rows)."""
    db = connect(path, create=False)
    try:
        out = {}
        for table in TABLES:
            cursor = db.execute(f"SELECT * FROM [{table}] ORDER BY rowid")
            out[table] = ([d[0] for d in cursor.description], cursor.fetchall())
        return out
    finally:
        db.conn.close()


def run_raw(
    path: Path, rows: dict[str, tuple[list[str], list[tuple]]], per_statement: int = 1, per_document: bool = False
) -> float:
    """Seconds to insert the same rows, in one transaction for all (or one per document).

    `per_statement` 1 is the baseline: `executemany`, a statement per row. More puts that
    many rows in each INSERT (a reference: FTS5 triggers cost less per statement than per
    row). `per_document` commits each document's rows apart, as the store must (a reference:
    what per-document transactions cost by themselves; entities go in first, at once).
    """
    db = connect(path)
    conn = db.conn
    batches = _by_document(rows) if per_document else [rows]
    try:
        started = time.perf_counter()
        for batch in batches:
            conn.execute("BEGIN IMMEDIATE")
            for table, (columns, values) in batch.items():
                _insert(conn, table, columns, values, per_statement)
            conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def _insert(conn, table: str, columns: list[str], values: list[tuple], per_statement: int) -> None:
    names = ", ".join(f"[{c}]" for c in columns)
    marks = "(" + ", ".join("?" * len(columns)) + ")"
    if per_statement == 1:
        conn.executemany(f"INSERT INTO [{table}] ({names}) VALUES {marks}", values)
        return
    for i in range(0, len(values), per_statement):
        chunk = values[i : i + per_statement]
        sql = f"INSERT INTO [{table}] ({names}) VALUES " + ", ".join([marks] * len(chunk))
        conn.execute(sql, [value for row in chunk for value in row])


def _by_document(
    rows: dict[str, tuple[list[str], list[tuple]]],
) -> list[dict[str, tuple[list[str], list[tuple]]]]:
    """The rows split into one batch of all entities, then one batch per document."""
    batches: dict[object, dict[str, tuple[list[str], list[tuple]]]] = {}
    for table, (columns, values) in rows.items():
        if table == "entities":
            continue
        at = columns.index("id" if table == "documents" else "document_id")
        for row in values:
            batch = batches.setdefault(row[at], {})
            batch.setdefault(table, (columns, []))[1].append(row)
    return [{"entities": rows["entities"]}, *batches.values()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000, help="size of the generated corpus")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    docs = extracted_corpus(args.words, args.seed)
    store_times, raw_times, multi_times, per_doc_times = [], [], [], []
    rows: dict[str, tuple[list[str], list[tuple]]] = {}
    with tempfile.TemporaryDirectory(prefix="policy-tui-bench-store-") as tmp:
        for n in range(args.rounds):  # interleaved, so a busy moment of the machine hits all three
            store_path = Path(tmp) / f"store-{n}.db"
            store_times.append(run_store(store_path, docs))
            rows = rows or stored_rows(store_path)
            raw_times.append(run_raw(Path(tmp) / f"raw-{n}.db", rows))
            multi_times.append(run_raw(Path(tmp) / f"multi-{n}.db", rows, per_statement=MULTI_ROWS))
            per_doc_times.append(
                run_raw(Path(tmp) / f"per-doc-{n}.db", rows, per_statement=MULTI_ROWS, per_document=True)
            )
    total = sum(len(values) for _, values in rows.values())
    store_s, raw_s = statistics.median(store_times), statistics.median(raw_times)
    multi_s, per_doc_s = statistics.median(multi_times), statistics.median(per_doc_times)
    ratio = raw_s / store_s
    table_rows = [
        ("store (save_document, a transaction per document)", total, store_s, total / store_s, ratio),
        ("raw executemany, one transaction (baseline)", total, raw_s, total / raw_s, 1.0),
        (
            f"raw, {MULTI_ROWS} rows per INSERT, one transaction (reference)",
            total,
            multi_s,
            total / multi_s,
            raw_s / multi_s,
        ),
        (
            f"raw, {MULTI_ROWS} rows per INSERT, a transaction per document (reference)",
            total,
            per_doc_s,
            total / per_doc_s,
            raw_s / per_doc_s,
        ),
    ]
    figures = {
        "documents": len(docs),
        "rows": total,
        "rows_by_table": {table: len(values) for table, (_, values) in rows.items()},
        "rounds": args.rounds,
        "store_seconds": store_times,
        "raw_seconds": raw_times,
        "multi_row_seconds": multi_times,
        "multi_row_per_document_seconds": per_doc_times,
        "store_rows_per_s": total / store_s,
        "raw_rows_per_s": total / raw_s,
        "multi_row_rows_per_s": total / multi_s,
        "ratio": ratio,
        "ratio_to_multi_row": multi_s / store_s,
        "ratio_to_multi_row_per_document": per_doc_s / store_s,
        "target": 0.8,
        "met": ratio >= 0.8,
        "peak_rss_mb": peak_rss_mb(),
    }
    emit(
        "store",
        f"Bulk store: {len(docs)} documents, {total:,} rows (median of {args.rounds})",
        ["writer", "rows", "seconds", "rows/s", "× raw"],
        table_rows,
        figures,
    )


if __name__ == "__main__":
    main()
