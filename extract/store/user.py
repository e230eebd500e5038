"""Writing the analyst's own rows: bookmarks and their notes, saved searches, the explorer's state.

These are the only writes the explorer makes (schema 4's tables; extraction never touches
them). Each function is one short transaction on a connection opened for writing. A
bookmark is keyed by its document's path and its sentence's text (see `schema`), so it
is found again after the document is re-ingested, changed or not.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone

import sqlite_utils

from extract.store.schema import sentence_key

NOTE_LIMIT = 10_000  # characters kept of a note (a pasted page is cut, never refused)
NAME_LIMIT = 200  # characters of a saved search's name


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@contextmanager
def _transaction(db: sqlite_utils.Database) -> Iterator[None]:
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _claim_source(db: sqlite_utils.Database, claim_id: int) -> tuple[str, str, str]:
    """(document path, document name, sentence text) of a claim; ValueError if it is not stored."""
    row = db.execute(
        "SELECT d.path, d.name, s.text FROM claims c JOIN sentences s ON s.id = c.sentence_id"
        " JOIN documents d ON d.id = c.document_id WHERE c.id = ?",
        [claim_id],
    ).fetchone()
    if row is None:
        raise ValueError(f"claim {claim_id} is not in the database (re-ingested meanwhile?)")
    return row[0], row[1], row[2] or ""


def toggle_bookmark(db: sqlite_utils.Database, claim_id: int) -> bool:
    """Bookmark the claim's sentence, or remove its bookmark (note and all); whether it is bookmarked now."""
    path, name, sentence = _claim_source(db, claim_id)
    with _transaction(db):
        key = sentence_key(sentence)
        gone = db.conn.execute(
            "DELETE FROM bookmarks WHERE document_path = ? AND sentence_sha256 = ?", [path, key]
        ).rowcount
        if gone:
            return False
        db.conn.execute(
            "INSERT INTO bookmarks (document_path, sentence_sha256, sentence_text, document_name, note, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, '', ?, ?)",
            [path, key, sentence, name, _now(), _now()],
        )
    return True


def set_note(db: sqlite_utils.Database, claim_id: int, note: str) -> None:
    """Attach a note to the claim's bookmark, bookmarking it first if need be ('' clears the note)."""
    path, name, sentence = _claim_source(db, claim_id)
    with _transaction(db):
        db.conn.execute(
            "INSERT INTO bookmarks (document_path, sentence_sha256, sentence_text, document_name, note,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, '', ?, ?) ON CONFLICT DO NOTHING",
            [path, sentence_key(sentence), sentence, name, _now(), _now()],
        )
        db.conn.execute(
            "UPDATE bookmarks SET note = ?, updated_at = ? WHERE document_path = ? AND sentence_sha256 = ?",
            [note.strip()[:NOTE_LIMIT], _now(), path, sentence_key(sentence)],
        )


def set_bookmark_note(db: sqlite_utils.Database, bookmark_id: int, note: str) -> None:
    """Change the note of a bookmark by its id (a bookmark whose sentence is gone keeps its note too)."""
    with _transaction(db):
        db.conn.execute(
            "UPDATE bookmarks SET note = ?, updated_at = ? WHERE id = ?",
            [note.strip()[:NOTE_LIMIT], _now(), bookmark_id],
        )


def remove_bookmark(db: sqlite_utils.Database, bookmark_id: int) -> None:
    with _transaction(db):
        db.conn.execute("DELETE FROM bookmarks WHERE id = ?", [bookmark_id])


def save_state(db: sqlite_utils.Database, state: Mapping[str, object]) -> None:
    """Store what the explorer reopens with (each value as JSON)."""
    with _transaction(db):
        db.conn.executemany(
            "INSERT INTO explorer_state (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [(key, json.dumps(value)) for key, value in state.items()],
        )


def save_search(db: sqlite_utils.Database, name: str, filters: Sequence[Mapping]) -> str:
    """Save a named set of filters (`read.stable_filters` output), replacing one of the same name; the name used."""
    name = " ".join(name.split())[:NAME_LIMIT]
    if not name:
        raise ValueError("a saved search needs a name")
    if not filters:
        raise ValueError("there are no filters to save")
    with _transaction(db):
        db.conn.execute(
            "INSERT INTO saved_searches (name, filters, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET filters = excluded.filters, created_at = excluded.created_at",
            [name, json.dumps(list(filters)), _now()],
        )
    return name


def delete_search(db: sqlite_utils.Database, name: str) -> None:
    with _transaction(db):
        db.conn.execute("DELETE FROM saved_searches WHERE name = ?", [name])


__all__ = [
    "delete_search",
    "remove_bookmark",
    "save_search",
    "save_state",
    "set_bookmark_note",
    "set_note",
    "toggle_bookmark",
]
