"""Writing extracted documents to the store: one transaction per document.

Every document is written in one transaction: an interrupted ingest leaves each
finished document whole and no half document. The tables are those of `schema`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import chain
from pathlib import Path

import sqlite_utils

from extract.reading.names import path_text
from extract.records import PERSON, ExtractedDocument
from extract.store.spool import SpooledDocument


@dataclass(frozen=True, slots=True)
class SaveResult:
    document_id: int
    status: str  # "added", "replaced" or "unchanged"
    sentences: int = 0
    claims: int = 0
    countries: int = 0


def find_unchanged(db: sqlite_utils.Database, path: str, sha256: str) -> int | None:
    """The id of the stored document for `path` if its content hash is `sha256`."""
    row = db.execute("SELECT id FROM documents WHERE path = ? AND sha256 = ?", [path_text(path), sha256]).fetchone()
    return row[0] if row else None


def _next_id(db: sqlite_utils.Database, table: str) -> int:
    return (db.execute(f"SELECT COALESCE(MAX(id), 0) FROM [{table}]").fetchone()[0]) + 1


def _delete_document(db: sqlite_utils.Database, document_id: int) -> None:
    for table in ("quantities", "claims", "mentions", "aliases", "sentences", "sections", "blocks"):
        db.execute(f"DELETE FROM [{table}] WHERE document_id = ?", [document_id])
    db.execute("DELETE FROM documents WHERE id = ?", [document_id])


def _prune_entities(db: sqlite_utils.Database) -> None:
    db.execute(
        "DELETE FROM entities WHERE id NOT IN (SELECT entity_id FROM mentions)"
        " AND id NOT IN (SELECT speaker_entity_id FROM claims WHERE speaker_entity_id IS NOT NULL)"
    )


def save_document(
    db: sqlite_utils.Database,
    doc: ExtractedDocument | SpooledDocument,
    *,
    ingested_at: str | None = None,
    force: bool = False,
) -> SaveResult:
    """Store one extracted document in a single transaction, replacing an older version of it.

    A document whose path and content hash are already stored is left as it is
    (status "unchanged") unless `force` is set. Everything below runs inside one
    explicit transaction, so a failure or a kill anywhere leaves the database as it was.
    A spooled document (a huge one, kept on disk a window at a time) is written a part
    at a time inside that same transaction.

    Most rows go in with one `executemany` per table rather than sqlite-utils' `insert_all`:
    the tables already exist with known columns, and `insert_all`'s per-call work (column
    checks, value conversion, SQL building) cost more than these small inserts themselves.
    """
    ingested_at = ingested_at or datetime.now(timezone.utc).isoformat(timespec="seconds")
    parts = doc.parts() if isinstance(doc, SpooledDocument) else iter([doc])
    head = next(parts)
    # A name with bytes that are not UTF-8 is stored with them escaped (SQLite text is UTF-8).
    name, path = path_text(head.name), path_text(head.path)
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")  # take the write lock first, so the check and the ids below stay ours
    try:
        existing = conn.execute("SELECT id, sha256 FROM documents WHERE path = ?", [path]).fetchone()
        if existing and existing[1] == head.sha256 and not force:
            conn.execute("ROLLBACK")
            return SaveResult(existing[0], "unchanged")
        if existing:
            _delete_document(db, existing[0])
            _prune_entities(db)
        doc_id = _next_id(db, "documents")
        conn.execute(
            "INSERT INTO documents (id, name, path, kind, sha256, encoding, model, model_version, ingested_at, text,"
            " title, author, published, published_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc_id,
                name,
                path,
                head.kind or _kind(name),
                head.sha256,
                head.encoding,
                head.model,
                head.model_version,
                ingested_at,
                head.text,
                head.title,
                head.author,
                head.published,
                head.published_from,
            ),
        )
        block_base = _next_id(db, "blocks")
        conn.executemany(
            "INSERT INTO blocks (id, document_id, idx, kind, level, start, end, reason, page)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (block_base + b.index, doc_id, b.index, b.kind, b.level, b.start, b.end, b.reason or None, b.page)
                for b in head.blocks
            ],
        )
        section_base = _next_id(db, "sections")
        conn.executemany(
            "INSERT INTO sections (id, document_id, idx, heading, level, start, end, parent_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    section_base + s.index,
                    doc_id,
                    s.index,
                    s.heading,
                    s.level,
                    s.start,
                    s.end,
                    None if s.parent is None else section_base + s.parent,
                )
                for s in head.sections
            ],
        )
        bases = _Bases(doc_id, block_base, section_base, _next_id(db, "sentences"), _next_id(db, "claims"))
        sentences = claims = 0
        countries: set[str] = set()
        for part in chain([head], parts):
            _write_records(db, part, bases)
            sentences += len(part.sentences)
            claims += len(part.claims)
            bases.claim += len(part.claims)
            countries |= {m.key for m in part.mentions if m.kind == "country"}
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return SaveResult(doc_id, "replaced" if existing else "added", sentences, claims, len(countries))


@dataclass(slots=True)
class _Bases:
    """The ids a document's rows are numbered from: each record's index is added to its base."""

    document: int
    block: int
    section: int
    sentence: int  # sentence indexes count from the document's start in every part
    claim: int  # moved on past each part's claims


def _write_records(db: sqlite_utils.Database, doc: ExtractedDocument, bases: _Bases) -> None:
    """One part's sentences, aliases, mentions, claims and quantities (a whole document is one part)."""
    conn = db.conn
    doc_id, block_base, section_base, sentence_base, claim_base = (
        bases.document, bases.block, bases.section, bases.sentence, bases.claim
    )
    if doc.sentences:
        # Sentences go in many rows per statement (sqlite-utils batches them so): the FTS5
        # triggers flush their index at every statement, so one statement per row, as
        # `executemany` runs them, costs about three times as much.
        db.table("sentences").insert_all(
            {
                "id": sentence_base + s.index,
                "document_id": doc_id,
                "idx": s.index,
                "block_id": block_base + s.block,
                "section_id": None if s.section is None else section_base + s.section,
                "start": s.start,
                "end": s.end,
                "text": s.text,
            }
            for s in doc.sentences
        )
    entity_ids = _entity_ids(conn, doc)
    conn.executemany(
        "INSERT OR IGNORE INTO aliases (entity_id, document_id, alias) VALUES (?, ?, ?)",
        [
            (entity_ids[(e.kind, e.key)], doc_id, alias)
            for e in doc.entities
            for alias in sorted({e.name, *e.aliases})
        ],
    )
    conn.executemany(
        "INSERT INTO mentions (document_id, sentence_id, entity_id, start, end, text) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (doc_id, sentence_base + m.sentence, entity_ids[(m.kind, m.key)], m.start, m.end, m.text)
            for m in doc.mentions
        ],
    )
    conn.executemany(
        "INSERT INTO claims (id, document_id, sentence_id, speaker, speaker_entity_id, cue, cue_start, cue_end)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                claim_base + n,
                doc_id,
                sentence_base + c.sentence,
                c.speaker,
                entity_ids.get((c.speaker_kind, c.speaker)) if c.speaker else None,
                c.cue,
                c.cue_start,
                c.cue_end,
            )
            for n, c in enumerate(doc.claims)
        ],
    )
    conn.executemany(
        "INSERT INTO quantities (claim_id, document_id, sentence_id, start, end, text, value)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (claim_base + n, doc_id, sentence_base + c.sentence, q.start, q.end, q.text, q.value)
            for n, c in enumerate(doc.claims)
            for q in c.quantities
        ],
    )


# Entities looked up per statement: (kind, key) pairs, two parameters each, well under SQLite's limit.
_LOOKUP_CHUNK = 400


def _entity_ids(conn: sqlite3.Connection, doc: ExtractedDocument) -> dict[tuple[str | None, str | None], int]:
    """Ids of the document's entities (and claim speakers), creating the missing ones.

    A person is stored under the key its name variants share across documents (`person_key`:
    "Joe Biden" and "Joseph R. Biden, Jr."), so the explorer's facets merge them; the returned
    ids stay keyed by the document's own (kind, key)."""
    from extract.entities.people.keys import person_key

    wanted = {(e.kind, e.key): e.name for e in doc.entities}
    for c in doc.claims:
        if c.speaker and c.speaker_kind:
            wanted.setdefault((c.speaker_kind, c.speaker), c.speaker)
    stored = {(kind, key): (kind, person_key(key) if kind == PERSON and key else key) for kind, key in wanted}
    conn.executemany(
        "INSERT OR IGNORE INTO entities (kind, key, name) VALUES (?, ?, ?)",
        [(*stored[pair], name) for pair, name in wanted.items()],
    )
    # A few indexed lookups through the unique (kind, key) index, so the cost of a save
    # does not grow with the number of entities already stored.
    found: dict[tuple[str | None, str | None], int] = {}
    pairs = sorted(set(stored.values()))
    for i in range(0, len(pairs), _LOOKUP_CHUNK):
        chunk = pairs[i : i + _LOOKUP_CHUNK]
        values = ", ".join("(?, ?)" for _ in chunk)
        params = [part for pair in chunk for part in pair]
        # Driven by the listed pairs (CROSS JOIN keeps that order), each one an index probe;
        # a row-value IN list would scan the whole index instead.
        for eid, kind, key in conn.execute(
            f"SELECT e.id, e.kind, e.key FROM (VALUES {values}) v CROSS JOIN entities e"
            " ON e.kind = v.column1 AND e.key = v.column2",
            params,
        ):
            found[(kind, key)] = eid
    return {pair: found[stored[pair]] for pair in wanted}


def _kind(name: str) -> str:
    from extract.reading.files import SUFFIXES

    return SUFFIXES.get(Path(name).suffix.lower(), "text")
