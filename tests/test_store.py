"""The SQLite store against temporary databases: schema, full-text search, re-ingest, refusal."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace

import pytest
import sqlite_utils

from extract.records import (
    BOILERPLATE,
    COUNTRY,
    HEADING,
    ORGANISATION,
    PARAGRAPH,
    PERSON,
    Block,
    Claim,
    Entity,
    ExtractedDocument,
    Mention,
    Quantity,
    Section,
    Sentence,
)
from extract.store import SCHEMA_VERSION, WAL_CHECKPOINT_PAGES, StoreError, connect, find_unchanged, save_document
from extract.store.export import sentence_rows

TABLES = {
    "meta",
    "documents",
    "blocks",
    "sections",
    "sentences",
    "entities",
    "aliases",
    "mentions",
    "claims",
    "quantities",
}


def make_document(
    path: str = "/corpus/a.txt", sha256: str = "1", sentences: tuple[str, ...] | None = None
) -> ExtractedDocument:
    """A small extracted document, built by hand: a heading, sentences, a boilerplate line.

    The first sentence names Bayramov and Azerbaijan and holds a quantity.
    """
    heading = "Sanctions"
    sentences = sentences or (
        "Bayramov said Azerbaijan signed 191 documents with sanctions partners.",
        "The [bold]EU[/] listed \x1b[31m24 vessels[0m [@click=app.quit]today[/].",
    )
    text = heading + "\n" + "\n".join(sentences) + "\nLeave the first comment\n"
    blocks = [Block(0, HEADING, 0, len(heading), heading, level=1)]
    spans = []
    pos = len(heading) + 1
    for i, s in enumerate(sentences):
        blocks.append(Block(i + 1, PARAGRAPH, pos, pos + len(s), s))
        spans.append(Sentence(i, pos, pos + len(s), s, i + 1, 0))
        pos += len(s) + 1
    blocks.append(Block(len(blocks), BOILERPLATE, pos, pos + 23, text[pos : pos + 23], reason="comment prompt"))
    first = spans[0]
    name_at = first.text.index("Bayramov")
    az_at = first.text.index("Azerbaijan")
    quantity = re.search(r"\d+ \w+", first.text)
    return ExtractedDocument(
        name=path.rsplit("/", 1)[-1],
        path=path,
        text=text,
        sha256=sha256,
        encoding="utf-8",
        model="en_core_web_sm",
        model_version="3.8.0",
        blocks=tuple(blocks),
        sections=(Section(0, heading, 1, 0, len(text), None),),
        sentences=tuple(spans),
        entities=(
            Entity(PERSON, "Jeyhun Bayramov", "Jeyhun Bayramov", ("Bayramov",)),
            Entity(COUNTRY, "AZ", "Azerbaijan"),
            Entity(ORGANISATION, "European Union", "European Union", ("EU",)),
        ),
        mentions=(
            Mention(0, first.start + name_at, first.start + name_at + 8, "Bayramov", PERSON, "Jeyhun Bayramov"),
            Mention(0, first.start + az_at, first.start + az_at + 10, "Azerbaijan", COUNTRY, "AZ"),
        ),
        claims=(
            Claim(
                0,
                "Jeyhun Bayramov",
                PERSON,
                "said",
                first.start + name_at + 9,
                first.start + name_at + 13,
                (
                    Quantity(
                        first.start + quantity.start(),
                        first.start + quantity.end(),
                        quantity.group(),
                        float(quantity.group().split()[0]),
                    ),
                ),
            ),
        ),
    )


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {t: db[t].count for t in sorted(TABLES)}


@pytest.fixture
def db(tmp_path):
    database = connect(tmp_path / "store.db")
    yield database
    database.conn.close()


def test_new_database_has_the_documented_schema(db):
    assert TABLES <= set(db.table_names())
    meta = {row["key"]: row["value"] for row in db["meta"].rows}
    assert meta == {"app": "policy-tui", "schema_version": str(SCHEMA_VERSION)}
    assert db["sentences"].detect_fts() == "sentences_fts"
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_saved_document_round_trips(db):
    doc = make_document()
    result = save_document(db, doc)
    assert (result.status, result.sentences, result.claims, result.countries) == ("added", 2, 1, 1)
    stored = db.execute("SELECT name, path, sha256, text FROM documents").fetchone()
    assert stored == ("a.txt", "/corpus/a.txt", "1", doc.text)
    for start, end, text in db.execute("SELECT start, end, text FROM sentences"):
        assert doc.text[start:end] == text
    # Rich markup and terminal escapes are data: stored exactly as written.
    assert db.execute("SELECT text FROM sentences WHERE idx = 1").fetchone()[0] == doc.sentences[1].text
    assert db.execute("SELECT kind, reason FROM blocks WHERE kind = 'boilerplate'").fetchall() == [
        ("boilerplate", "comment prompt")
    ]
    speaker = db.execute(
        "SELECT c.speaker, e.name, c.cue FROM claims c JOIN entities e ON e.id = c.speaker_entity_id"
    ).fetchone()
    assert speaker == ("Jeyhun Bayramov", "Jeyhun Bayramov", "said")
    assert db.execute("SELECT text, value FROM quantities").fetchall() == [("191 documents", 191.0)]
    assert {a for (a,) in db.execute("SELECT alias FROM aliases")} >= {"Bayramov", "EU"}


def test_full_text_search_finds_stems_and_quotes_user_input(db):
    save_document(db, make_document())
    hits = list(db["sentences"].search("sanction"))  # porter stemming: "sanctions"
    assert [h["idx"] for h in hits] == [0]
    # User input with FTS syntax in it is quoted, not parsed as a query.
    assert [h["idx"] for h in db["sentences"].search("[bold]EU[/]", quote=True)] == [1]


def test_re_saving_an_unchanged_document_adds_nothing(db):
    save_document(db, make_document())
    before = counts(db)
    result = save_document(db, make_document())
    assert result.status == "unchanged"
    assert counts(db) == before
    assert find_unchanged(db, "/corpus/a.txt", "1") is not None
    assert find_unchanged(db, "/corpus/a.txt", "2") is None


def test_a_changed_document_replaces_its_rows(db):
    save_document(db, make_document())
    save_document(db, make_document("/corpus/b.txt"))
    changed = make_document(sha256="2", sentences=("Bayramov said Azerbaijan signed 52 agreements.",))
    result = save_document(db, changed)
    assert result.status == "replaced"
    assert db["documents"].count == 2
    rows = db.execute(
        "SELECT s.text FROM sentences s JOIN documents d ON d.id = s.document_id WHERE d.path = '/corpus/a.txt'"
    ).fetchall()
    assert rows == [("Bayramov said Azerbaijan signed 52 agreements.",)]
    # The full-text index follows: the old sentence of a.txt is gone, b.txt's copy remains.
    assert len(list(db["sentences"].search("vessels"))) == 1
    orphans = db.execute(
        "SELECT COUNT(*) FROM sentences WHERE document_id NOT IN (SELECT id FROM documents)"
    ).fetchone()[0]
    assert orphans == 0


def test_a_failure_inside_save_leaves_the_database_as_it_was(db):
    save_document(db, make_document())
    before = counts(db)
    # The write of the claims fails, after the document, its sentences and mentions went in.
    db.execute(
        "CREATE TEMP TRIGGER fail_claims BEFORE INSERT ON main.claims"
        " BEGIN SELECT RAISE(ABORT, 'disk pulled out mid-write'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="disk pulled out"):
        save_document(db, make_document("/corpus/new.txt"))  # a new document
    with pytest.raises(sqlite3.IntegrityError, match="disk pulled out"):
        save_document(
            db, make_document(sha256="2", sentences=("Bayramov said Azerbaijan signed 2 deals.",))
        )  # a replacement
    db.execute("DROP TRIGGER temp.fail_claims")
    assert counts(db) == before
    assert db.execute("SELECT sha256 FROM documents").fetchall() == [("1",)]
    assert not db.conn.in_transaction


def test_documents_written_by_another_connection_are_read(tmp_path):
    path = tmp_path / "shared.db"
    writer = connect(path)
    save_document(writer, make_document())
    reader = connect(path, create=False, readonly=True)
    assert reader["sentences"].count == 2
    with pytest.raises(sqlite3.OperationalError):
        reader.execute("DELETE FROM sentences")
    writer.conn.close()
    reader.conn.close()


def _database_with(path, statements):
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "statements, message",
    [
        (["CREATE TABLE invoices (id INTEGER)"], "not a policy-tui database (it has other tables: invoices)"),
        (
            ["CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)", "INSERT INTO meta VALUES ('app', 'other-app')"],
            "not a policy-tui database",
        ),
        (
            [
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
                "INSERT INTO meta VALUES ('app', 'policy-tui')",
                "INSERT INTO meta VALUES ('schema_version', '0')",
            ],
            "made by an older policy-tui (schema 0",
        ),
        (
            [
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
                "INSERT INTO meta VALUES ('app', 'policy-tui')",
                f"INSERT INTO meta VALUES ('schema_version', '{SCHEMA_VERSION + 1}')",
            ],
            "made by a newer policy-tui",
        ),
    ],
    ids=["foreign", "other-app", "older-schema", "newer-schema"],
)
def test_databases_that_are_not_ours_are_refused(tmp_path, statements, message):
    path = tmp_path / "other.db"
    _database_with(path, statements)
    with pytest.raises(StoreError) as error:
        connect(path)
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_files_that_are_not_databases_are_refused(tmp_path):
    text_file = tmp_path / "notes.db"
    text_file.write_text("just some notes, not SQLite\n" * 100)
    with pytest.raises(StoreError, match="not an SQLite database"):
        connect(text_file)
    with pytest.raises(StoreError, match="is a folder"):
        connect(tmp_path)
    with pytest.raises(StoreError, match="no such database"):
        connect(tmp_path / "missing.db", create=False)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the database"):
        connect(blocker / "sub" / "x.db")


def _as_schema_1(path) -> None:
    """Turn a fresh database back into what schema 1 wrote (its own SQL, as sqlite-utils made it)."""
    conn = sqlite3.connect(path)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'sentences_fts'").fetchone()[0]
    conn.execute("DROP TABLE sentences_fts")
    conn.execute(re.sub(r"\s*prefix='[^']*',", "", sql))
    conn.execute("INSERT INTO sentences_fts (sentences_fts) VALUES ('rebuild')")
    conn.executescript(
        """
        DROP INDEX idx_claims_speaker_entity_id_id;
        DROP INDEX idx_claims_speaker_id;
        CREATE INDEX "idx_claims_speaker_entity_id_id" ON "claims" ("speaker_entity_id", "id");
        CREATE INDEX "idx_claims_speaker_id" ON "claims" ("speaker", "id");
        CREATE TABLE "aliases_1" (
           "entity_id" INTEGER REFERENCES "entities"("id"),
           "document_id" INTEGER REFERENCES "documents"("id"),
           "alias" TEXT,
           PRIMARY KEY ("entity_id", "document_id", "alias")
        );
        INSERT INTO aliases_1 SELECT entity_id, document_id, alias FROM aliases;
        DROP TABLE aliases;
        ALTER TABLE aliases_1 RENAME TO aliases;
        CREATE INDEX "idx_aliases_document_id" ON "aliases" ("document_id");
        UPDATE meta SET value = '1' WHERE key = 'schema_version';
        """
    )
    conn.commit()
    conn.close()


def test_schema_1_is_read_as_it_is_and_upgraded_when_opened_for_writing(tmp_path):
    path = tmp_path / "old.db"
    db = connect(path)
    save_document(db, make_document())
    db.conn.close()
    _as_schema_1(path)
    search = "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rowid"

    reader = connect(path, create=False, readonly=True)  # read-only: used as it is
    assert reader.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "1"
    found = reader.execute(search, ['"a"*']).fetchall()
    assert found
    reader.conn.close()

    aliases = sqlite3.connect(path).execute("SELECT * FROM aliases ORDER BY 1, 2, 3").fetchall()
    writer = connect(path)  # for writing: upgraded in place, nothing lost
    assert writer.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    assert writer.execute("SELECT * FROM aliases ORDER BY 1, 2, 3").fetchall() == aliases
    fresh = connect(tmp_path / "fresh.db")
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    assert writer.execute(schema).fetchall() == fresh.execute(schema).fetchall()  # as if made by this version
    fresh.conn.close()
    assert (
        "prefix='1 2 3'" in writer.execute("SELECT sql FROM sqlite_master WHERE name = 'sentences_fts'").fetchone()[0]
    )
    assert writer.execute(search, ['"a"*']).fetchall() == found
    assert writer["sentences"].detect_fts() == "sentences_fts"  # sqlite-utils and Datasette still find it
    save_document(
        writer, make_document("/corpus/b.txt", sha256="2", sentences=("Bayramov said Azerbaijan saw 2 zebras.",))
    )
    assert writer.execute(search, ['"zeb"*']).fetchall()  # the triggers feed the new index
    writer.conn.close()


def test_a_writer_syncs_at_checkpoints_and_a_reader_is_left_as_it_is(tmp_path):
    path = tmp_path / "p.db"
    writer = connect(path)
    assert writer.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert writer.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL: safe in WAL mode
    assert writer.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == WAL_CHECKPOINT_PAGES
    reader = connect(path, create=False, readonly=True)
    assert reader.execute("PRAGMA synchronous").fetchone()[0] == 2  # SQLite's default, untouched
    reader.conn.close()
    writer.conn.close()


def _as_schema_3(path) -> None:
    """Turn a fresh database back into what schema 3 wrote: without the tables and column schema 4 added."""
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX idx_documents_published")
    for table in ("bookmarks", "saved_searches", "explorer_state"):
        conn.execute(f"DROP TABLE [{table}]")
    conn.execute("ALTER TABLE documents DROP COLUMN published_from")
    conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()


def _as_schema_2(path) -> None:
    """Turn a fresh database back into what schema 2 wrote: without the columns schema 3 added."""
    _as_schema_3(path)
    conn = sqlite3.connect(path)
    for table, columns in (("documents", ("title", "author", "published")), ("blocks", ("page",))):
        for column in columns:
            conn.execute(f"ALTER TABLE [{table}] DROP COLUMN [{column}]")
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()


def test_schema_2_reads_the_new_columns_as_null_and_is_upgraded_when_opened_for_writing(tmp_path):
    path = tmp_path / "old.db"
    db = connect(path)
    save_document(db, make_document())
    db.conn.close()
    _as_schema_2(path)

    reader = connect(path, create=False, readonly=True)  # read-only: nothing written to the file
    assert reader.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "2"
    assert reader.execute("SELECT title, author, published FROM documents").fetchall() == [(None, None, None)]
    assert {row[0] for row in reader.execute("SELECT page FROM blocks")} == {None}
    assert list(sentence_rows(reader))[0]["page"] is None  # the export reads it as it is
    reader.conn.close()
    columns = {row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(blocks)")}
    assert "page" not in columns

    writer = connect(path)  # for writing: upgraded in place
    assert writer.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    fresh = connect(tmp_path / "fresh.db")
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    assert writer.execute(schema).fetchall() == fresh.execute(schema).fetchall()  # as if made by this version
    fresh.conn.close()
    assert writer.execute("SELECT COUNT(*) FROM sentences").fetchone()[0] == 2  # nothing lost
    writer.conn.close()


def test_document_metadata_and_block_pages_are_stored(tmp_path):
    db = connect(tmp_path / "p.db")
    doc = make_document()
    doc = replace(doc, kind="pdf", title="Basin Review", author="Water Council", published="2025-03-14",
                  blocks=tuple(replace(b, page=1 + b.index // 2) for b in doc.blocks))
    save_document(db, doc)
    assert db.execute("SELECT kind, title, author, published FROM documents").fetchone() == (
        "pdf", "Basin Review", "Water Council", "2025-03-14")
    assert [r[0] for r in db.execute("SELECT page FROM blocks ORDER BY idx")] == [1 + b.index // 2 for b in doc.blocks]
    db.conn.close()
