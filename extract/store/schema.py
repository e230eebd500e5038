"""The SQLite store's schema: a documented, versioned layout, opening a database, and upgrades.

Built on sqlite-utils (table creation, `insert_all`, `enable_fts`, `atomic`-style
transactions) so that Datasette and the sqlite-utils CLI see the same tables and
full-text index. Every document is written in one transaction: an interrupted
ingest leaves each finished document whole and no half document.

Schema (version `SCHEMA_VERSION`):
    meta(key, value)                         app name and schema version
    documents(id, name, path, kind, sha256, encoding, model, model_version,
              ingested_at, text, title, author, published)
                                             one row per source file; title, author and
                                             published date from the file's own metadata
    blocks(id, document_id, idx, kind, level, start, end, reason, page)
                                             headings, paragraphs, boilerplate lines; the
                                             page a block starts on (PDF), else NULL; reason:
                                             why a line is boilerplate, or a paragraph's role
                                             atop an article ("headline", "standfirst")
    sections(id, document_id, idx, heading, level, start, end, parent_id)
    sentences(id, document_id, idx, block_id, section_id, start, end, text)
                                             content sentences; FTS5 over text
    entities(id, kind, key, name)            countries (key = ISO code), organisations,
                                             people, shared by all documents
    aliases(entity_id, document_id, alias)   surface forms seen for an entity (keyed by
                                             document, entity, alias)
    mentions(id, document_id, sentence_id, entity_id, start, end, text)
    claims(id, document_id, sentence_id, speaker, speaker_entity_id, cue,
           cue_start, cue_end)
    quantities(id, claim_id, document_id, sentence_id, start, end, text, value)
    bookmarks(id, document_path, sentence_sha256, sentence_text, document_name, note,
              created_at, updated_at)        claims an analyst marked, keyed by what outlives
                                             a re-ingest (the document's path and the sentence)
    saved_searches(name, filters, created_at) named sets of filters (JSON, stable keys)
    explorer_state(key, value)               what the explorer reopens with (filters, claim)
All `start`/`end` are character offsets into `documents.text`.
`documents.published` is an ISO date and `documents.published_from` says where it was
found: "metadata" (the file's own), "text" (a dateline or date line) or "file" (its mtime).
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from pathlib import Path

# sqlite-utils: schema creation, bulk inserts and FTS set-up that other SQLite tools understand.
import sqlite_utils

APP_ID = "policy-tui"
SCHEMA_VERSION = 4
# Schema history (each older version is upgraded in place when opened for writing):
#   1  the tables above, FTS5 over sentences.text
#   2  the FTS5 index also keeps 1-, 2- and 3-character prefix indexes, so that a search
#      for what is being typed ("a", "th", "sta"), always run as a prefix query, reads one
#      stored list instead of merging the lists of every word that starts that way;
#      aliases are keyed by document first and the claims' speaker indexes leave out the
#      rows they never serve, so that saving a document touches fewer pages scattered
#      over the file (each one rewritten at every document's commit)
#   3  documents.title, .author and .published (the source's own metadata) and blocks.page
#      (the page of a PDF a block starts on), added by `_add_source_columns`
#   4  the analyst's own rows (bookmarks with notes, saved searches, the explorer's state)
#      and documents.published_from, added by `_add_analyst_tables`
FTS_PREFIXES = "1 2 3"
# Claims by speaker: an entity speaker is looked up by id, a speaker that is no entity
# ("health officials") by its text; each index holds only the claims it can answer for.
SPEAKER_INDEXES = (
    "CREATE INDEX [idx_claims_speaker_entity_id_id] ON [claims] ([speaker_entity_id], [id])"
    " WHERE [speaker_entity_id] IS NOT NULL",
    "CREATE INDEX [idx_claims_speaker_id] ON [claims] ([speaker], [id]) WHERE [speaker_entity_id] IS NULL",
)


class StoreError(RuntimeError):
    """The database cannot be used; the message says which file and why."""


# Pages the write-ahead log may grow to before it is copied into the database file.
WAL_CHECKPOINT_PAGES = 10_000

# Seconds a writer waits for another writer (a second ingest) before giving up.
BUSY_TIMEOUT = 30


# Every table of the schema, and the full-text index with the tables FTS5 keeps it in:
# a database missing any of them was damaged (or cut short by another program).
TABLES = ("meta", "documents", "blocks", "sections", "sentences", "entities", "aliases", "mentions", "claims",
          "quantities")
FTS_TABLES = ("sentences_fts", "sentences_fts_data", "sentences_fts_idx", "sentences_fts_docsize",
              "sentences_fts_config")


def connect(path: str | Path, *, create: bool = True, readonly: bool = False) -> sqlite_utils.Database:
    """Open (and, if allowed, create) a policy-tui database; raises StoreError otherwise.

    The schema is checked at once: a database that is not ours, of another version, or
    missing a table or its full-text index is refused here with one line, not later by a
    query. `readonly` opens a file on read-only media or in a folder the user cannot
    write as immutable, since SQLite cannot make the files a reader of a WAL database needs.
    """
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(f"{path}: no such database")
    if path.exists() and path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    try:
        if readonly:
            conn = _open_readonly(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the database ({(exc.strerror or str(exc)).lower()})") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: {explain_database_error(exc, path)}") from None
    try:
        db = sqlite_utils.Database(conn)
        _check_or_create(db, path, create=create and not readonly)
        if not readonly and conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            # In WAL mode, NORMAL syncs the log at checkpoints rather than at every commit:
            # each document's commit still survives the process being killed, and a power
            # loss can only undo the last commits, never leave a half document or a broken
            # file (a re-ingest redoes what was undone). FULL would sync once per document.
            conn.execute("PRAGMA synchronous=NORMAL")
            # Every document's commit rewrites the index pages it touched into the log; copying
            # the log into the file every 40 MB rather than every 4 MB copies each of those
            # pages once instead of over and over. The log is emptied when the writer closes.
            conn.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
    except (StoreError, sqlite3.DatabaseError) as exc:
        conn.close()
        if isinstance(exc, StoreError):
            raise
        raise StoreError(f"{path}: {explain_database_error(exc, path)}") from None
    return db


def _open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection; immutable when the file's folder cannot be written.

    A reader of a WAL database must create its `-shm` file beside it, which fails on
    read-only media. There nothing can change the file while it is read, so SQLite may
    read it as immutable, without those files or any locking.
    """
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(uri + "?mode=ro", uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if "unable to open" not in str(exc) and "readonly" not in str(exc):
            raise
        if os.access(path.parent, os.W_OK) and os.access(path, os.W_OK):
            raise  # writable after all: the error is something else, say it
    return sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, check_same_thread=False)


def integrity_hint(path: str | Path | None) -> str:
    """How to see what is wrong with a damaged database file."""
    return f"check it with: sqlite3 {path or 'FILE'} 'PRAGMA integrity_check'"


def explain_database_error(exc: sqlite3.DatabaseError, path: str | Path | None = None) -> str:
    """A short reason for an SQLite error, in the user's terms (`path`: the file, for the damage hint)."""
    message = str(exc)
    if "locked" in message or "busy" in message:
        return "database is locked by another process (an ingest may be running); try again when it finishes"
    if "not a database" in message or "file is encrypted" in message:
        return "not an SQLite database"
    if "unable to open" in message:
        return "cannot open the database file (check the folder exists and is writable)"
    if "readonly" in message:
        return "the database is read-only"
    if "disk is full" in message or "database or disk is full" in message:
        return "cannot write the database: the disk is full (every document stored before is intact)"
    if "disk I/O" in message:
        return f"cannot write the database ({message})"
    damage = ("malformed", "corrupt", "no such table", "no such column", "vtable constructor failed")
    if any(word in message for word in damage) or type(exc) is sqlite3.DatabaseError:
        return f"the database is damaged ({message}); {integrity_hint(path)}"
    return message


def _check_or_create(db: sqlite_utils.Database, path: Path, *, create: bool) -> None:
    tables = set(db.table_names())
    if "meta" not in tables and not tables - {"sqlite_sequence"} and create:
        _create_schema(db)
        tables = set(db.table_names())
    if "meta" in tables:
        meta = {row["key"]: row["value"] for row in db["meta"].rows}
        if meta.get("app") != APP_ID:
            raise StoreError(f"{path}: not a policy-tui database")
        version = int(meta.get("schema_version", 0))
        if version not in (1, 2, 3, SCHEMA_VERSION):
            newer = "a newer" if version > SCHEMA_VERSION else "an older"
            raise StoreError(
                f"{path}: made by {newer} policy-tui (schema {version}, this one reads {SCHEMA_VERSION});"
                " re-ingest into a new database"
            )
        # Checked before any upgrade: an upgrade of a damaged file would only fail halfway.
        required = (*TABLES, *FTS_TABLES, *(ANALYST_TABLE_NAMES if version >= 4 else ()))
        missing = [name for name in required if name not in tables]
        if missing:
            what = "the full-text index" if set(missing) <= set(FTS_TABLES) else "table " + ", ".join(missing)
            raise StoreError(
                f"{path}: the database is damaged ({what} missing); {integrity_hint(path)},"
                " or re-ingest into a new database"
            )
        if version in (1, 2, 3) and create:
            if version == 1:
                _upgrade_from_1(db)
            if version <= 2:
                _upgrade_from_2(db)
            _upgrade_from_3(db)
        elif version in (1, 2, 3):
            # Read-only: versions 1 to 3 answer every query (version 1's short prefix searches
            # are slower); the columns of later versions read as NULL, their tables as empty.
            _read_without_source_columns(db)
            _read_without_analyst_tables(db)
        return
    if tables - {"sqlite_sequence"}:
        raise StoreError(f"{path}: not a policy-tui database (it has other tables: {', '.join(sorted(tables)[:5])})")
    raise StoreError(f"{path}: empty database")


def _create_schema(db: sqlite_utils.Database) -> None:
    """Create every table in one transaction, unless another process created them first.

    The write lock is taken first (BEGIN IMMEDIATE waits the busy timeout for it), so a
    second ingest into the same new database waits for the first to create the schema
    and then finds it, instead of failing or creating it twice.
    """
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not set(db.table_names()) - {"sqlite_sequence"}:
            _create_tables(db)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("PRAGMA journal_mode=WAL")  # readers (the explorer) never block a writing ingest


def _create_tables(db: sqlite_utils.Database) -> None:
    # One transaction (the caller's), so an interrupted creation leaves an empty file rather than half a schema.
    with db.atomic():
        db.table("meta").create({"key": str, "value": str}, pk="key")
        db.table("documents").create(
            {
                "id": int,
                "name": str,
                "path": str,
                "kind": str,
                "sha256": str,
                "encoding": str,
                "model": str,
                "model_version": str,
                "ingested_at": str,
                "text": str,
            },
            pk="id",
        )
        db.table("documents").create_index(["path"], unique=True)
        db.table("blocks").create(
            {
                "id": int,
                "document_id": int,
                "idx": int,
                "kind": str,
                "level": int,
                "start": int,
                "end": int,
                "reason": str,
            },
            pk="id",
            foreign_keys=[("document_id", "documents", "id")],
        )
        db.table("sections").create(
            {
                "id": int,
                "document_id": int,
                "idx": int,
                "heading": str,
                "level": int,
                "start": int,
                "end": int,
                "parent_id": int,
            },
            pk="id",
            foreign_keys=[("document_id", "documents", "id")],
        )
        db.table("sentences").create(
            {
                "id": int,
                "document_id": int,
                "idx": int,
                "block_id": int,
                "section_id": int,
                "start": int,
                "end": int,
                "text": str,
            },
            pk="id",
            foreign_keys=[
                ("document_id", "documents", "id"),
                ("section_id", "sections", "id"),
                ("block_id", "blocks", "id"),
            ],
        )
        db.table("entities").create({"id": int, "kind": str, "key": str, "name": str}, pk="id")
        db.table("entities").create_index(["kind", "key"], unique=True)
        _create_aliases(db, "aliases")
        db.table("mentions").create(
            {
                "id": int,
                "document_id": int,
                "sentence_id": int,
                "entity_id": int,
                "start": int,
                "end": int,
                "text": str,
            },
            pk="id",
            foreign_keys=[
                ("document_id", "documents", "id"),
                ("sentence_id", "sentences", "id"),
                ("entity_id", "entities", "id"),
            ],
        )
        db.table("claims").create(
            {
                "id": int,
                "document_id": int,
                "sentence_id": int,
                "speaker": str,
                "speaker_entity_id": int,
                "cue": str,
                "cue_start": int,
                "cue_end": int,
            },
            pk="id",
            foreign_keys=[
                ("document_id", "documents", "id"),
                ("sentence_id", "sentences", "id"),
                ("speaker_entity_id", "entities", "id"),
            ],
        )
        db.table("quantities").create(
            {
                "id": int,
                "claim_id": int,
                "document_id": int,
                "sentence_id": int,
                "start": int,
                "end": int,
                "text": str,
                "value": float,
            },
            pk="id",
            foreign_keys=[
                ("claim_id", "claims", "id"),
                ("document_id", "documents", "id"),
                ("sentence_id", "sentences", "id"),
            ],
        )
        # Indexes for the explorer's queries: claims by country/organisation/person (through
        # mentions), by speaker, by section, and a document's rows in order.
        db.table("blocks").create_index(["document_id", "idx"])
        db.table("sections").create_index(["document_id", "idx"])
        db.table("sentences").create_index(["document_id", "idx"])
        db.table("sentences").create_index(["section_id"])
        db.table("mentions").create_index(["entity_id", "sentence_id"])
        db.table("mentions").create_index(["sentence_id"])
        db.table("mentions").create_index(["document_id"])
        db.table("claims").create_index(["sentence_id"])
        for sql in SPEAKER_INDEXES:
            db.execute(sql)
        db.table("claims").create_index(["document_id", "id"])
        db.table("quantities").create_index(["claim_id"])
        db.table("quantities").create_index(["document_id"])
        # Porter stemming so "sanction" finds "sanctions"; triggers keep the index in step with writes.
        db.table("sentences").enable_fts(["text"], fts_version="FTS5", tokenize="porter", create_triggers=True)
        _add_fts_prefixes(db)
        _add_source_columns(db)
        _add_analyst_tables(db)
        # Written last: a database with these rows has the whole schema.
        db.table("meta").insert_all(
            [{"key": "app", "value": APP_ID}, {"key": "schema_version", "value": str(SCHEMA_VERSION)}]
        )


def _create_aliases(db: sqlite_utils.Database, name: str) -> None:
    db.table(name).create(
        {"entity_id": int, "document_id": int, "alias": str},
        # Document first: a save appends its aliases instead of touching a page per entity.
        pk=("document_id", "entity_id", "alias"),
        foreign_keys=[("entity_id", "entities", "id"), ("document_id", "documents", "id")],
    )


def _add_fts_prefixes(db: sqlite_utils.Database) -> None:
    """Re-create sentences_fts as sqlite-utils made it, plus prefix indexes, and fill it from sentences.

    sqlite-utils' `enable_fts` has no prefix option; its table definition is kept word for
    word otherwise, so sqlite-utils and Datasette still find the index of `sentences`.
    """
    conn = db.conn
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'sentences_fts'").fetchone()[0]
    with_prefixes = re.sub(r"(?i)(\bcontent\s*=)", f"prefix='{FTS_PREFIXES}',\n    \\1", sql, count=1)
    conn.execute("DROP TABLE sentences_fts")  # the triggers on sentences name it and go on working
    conn.execute(with_prefixes)
    conn.execute("INSERT INTO sentences_fts (sentences_fts) VALUES ('rebuild')")


def _upgrade_from_1(db: sqlite_utils.Database) -> None:
    """Schema 1 → 2 (once; seconds per 100k sentences): the full-text index rebuilt with prefix
    indexes, aliases keyed by document, the speaker indexes made partial."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if version and version[0] == "1":  # not upgraded by another process while this one waited
            _add_fts_prefixes(db)
            for name in ("idx_claims_speaker_entity_id_id", "idx_claims_speaker_id", "idx_aliases_document_id"):
                conn.execute(f"DROP INDEX IF EXISTS [{name}]")
            for sql in SPEAKER_INDEXES:
                conn.execute(sql)
            _create_aliases(db, "aliases_2")
            conn.execute(
                "INSERT INTO aliases_2 (entity_id, document_id, alias)"
                " SELECT entity_id, document_id, alias FROM aliases"
            )
            conn.execute("DROP TABLE aliases")
            conn.execute("ALTER TABLE aliases_2 RENAME TO aliases")
            conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise




# --- schema 3: the source's metadata and pages -------------------------------------------

# Columns that schema 3 adds to tables of schema 2, with their types.
SOURCE_COLUMNS = {
    "documents": (("title", "TEXT"), ("author", "TEXT"), ("published", "TEXT")),
    "blocks": (("page", "INTEGER"),),
}


def _add_source_columns(db: sqlite_utils.Database) -> None:
    """The columns of schema 3 (document metadata, block pages), for a new database and the upgrade alike."""
    for table, columns in SOURCE_COLUMNS.items():
        have = {row[1] for row in db.conn.execute(f"PRAGMA main.table_info([{table}])")}
        for column, sql_type in columns:
            if column not in have:
                db.conn.execute(f"ALTER TABLE [{table}] ADD COLUMN [{column}] {sql_type}")


def _upgrade_from_2(db: sqlite_utils.Database) -> None:
    """Schema 2 → 3 (once; instant: columns added, no row rewritten): document metadata and block pages."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if version and version[0] == "2":  # not upgraded by another process while this one waited
            _add_source_columns(db)
            conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _read_without_source_columns(db: sqlite_utils.Database) -> None:
    """Let a read-only connection to a schema 1 or 2 database see schema 3's columns as NULL.

    Temporary views are this connection's own (nothing is written to the file) and an
    unqualified name finds the temp schema first, so every query reads `documents` and
    `blocks` with the columns it expects.
    """
    conn = db.conn
    for table in SOURCE_COLUMNS.keys() | ANALYST_COLUMNS.keys():
        columns = SOURCE_COLUMNS.get(table, ()) + ANALYST_COLUMNS.get(table, ())
        have = {row[1] for row in conn.execute(f"PRAGMA main.table_info([{table}])")}
        missing = ", ".join(f"NULL AS [{column}]" for column, _ in columns if column not in have)
        if missing:
            conn.execute(f"CREATE TEMP VIEW IF NOT EXISTS [{table}] AS SELECT *, {missing} FROM main.[{table}]")


# --- schema 4: the analyst's own rows ----------------------------------------------------
#
# Bookmarks, notes, saved searches and the explorer's state are the user's work, not
# extraction output: a re-ingest deletes and rewrites a changed document's rows (new ids),
# so these tables refer to nothing by id. A bookmark names its document by path and its
# sentence by the sentence's text (and that text's SHA-256, the key): it attaches again to
# whichever sentence of that document has the same text, after any re-ingest, and is kept
# (shown as no longer found) when the sentence is gone. Saved filters name entities by
# kind and key, documents by path.

def sentence_key(text: str) -> str:
    """A bookmark's key for a sentence: the SHA-256 of its text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


ANALYST_COLUMNS = {"documents": (("published_from", "TEXT"),)}
ANALYST_TABLE_NAMES = ("bookmarks", "saved_searches", "explorer_state")

ANALYST_TABLES = (
    "CREATE TABLE IF NOT EXISTS [bookmarks] ("
    " [id] INTEGER PRIMARY KEY, [document_path] TEXT NOT NULL, [sentence_sha256] TEXT NOT NULL,"
    " [sentence_text] TEXT NOT NULL, [document_name] TEXT, [note] TEXT NOT NULL DEFAULT '',"
    " [created_at] TEXT, [updated_at] TEXT)",
    "CREATE UNIQUE INDEX IF NOT EXISTS [idx_bookmarks_document_path_sentence_sha256]"
    " ON [bookmarks] ([document_path], [sentence_sha256])",
    "CREATE TABLE IF NOT EXISTS [saved_searches] ([name] TEXT PRIMARY KEY, [filters] TEXT NOT NULL, [created_at] TEXT)",
    "CREATE TABLE IF NOT EXISTS [explorer_state] ([key] TEXT PRIMARY KEY, [value] TEXT)",
    # The date filter and the timeline read documents by date.
    "CREATE INDEX IF NOT EXISTS [idx_documents_published] ON [documents] ([published])",
)


def _add_analyst_tables(db: sqlite_utils.Database) -> None:
    """The tables and columns of schema 4, for a new database and the upgrade alike."""
    for table, columns in ANALYST_COLUMNS.items():
        have = {row[1] for row in db.conn.execute(f"PRAGMA main.table_info([{table}])")}
        for column, sql_type in columns:
            if column not in have:
                db.conn.execute(f"ALTER TABLE [{table}] ADD COLUMN [{column}] {sql_type}")
    for sql in ANALYST_TABLES:
        db.conn.execute(sql)


def _upgrade_from_3(db: sqlite_utils.Database) -> None:
    """Schema 3 → 4 (once; instant: tables and a column added, no row rewritten)."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if version and version[0] == "3":  # not upgraded by another process while this one waited
            _add_analyst_tables(db)
            conn.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _read_without_analyst_tables(db: sqlite_utils.Database) -> None:
    """A read-only connection to an older database sees schema 4's tables, empty (temporary, never written)."""
    conn = db.conn
    for sql in ANALYST_TABLES:
        if sql.startswith("CREATE TABLE"):
            conn.execute(sql.replace("CREATE TABLE IF NOT EXISTS ", "CREATE TEMP TABLE IF NOT EXISTS ", 1))
    if conn.in_transaction:
        conn.commit()
