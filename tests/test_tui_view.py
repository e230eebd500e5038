"""The explorer's view of the claims: what it leaves on disk, which claims it lists, how they are laid out."""

# ruff: noqa: F811 - the fixtures imported from tui_fixtures are used as test arguments

from __future__ import annotations

import shutil
import sqlite3

import pytest

from tui.app import ExplorerApp

from .tui_fixtures import briefing_db, briefing_db_master, settle  # noqa: F401 - fixtures

SIZE = (100, 32)


def make_app(path, **kwargs) -> ExplorerApp:
    kwargs.setdefault("seed_if_empty", False)
    kwargs.setdefault("search_delay", 0)
    return ExplorerApp(path, **kwargs)


# --- the database file is whole after the explorer exits -----------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("how", ["quit key", "ended otherwise"])
async def test_what_the_explorer_ingested_is_in_the_database_file_alone(tmp_path, how):
    folder = tmp_path / "work"
    folder.mkdir()
    document = folder / "note.txt"
    document.write_text("Envoys met in Geneva.\n\nThe minister said that France would send aid to Ukraine.\n")
    db_path = folder / "explorer.db"
    app = make_app(db_path, ingest_paths=[str(document)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=300)
        assert app.main.table.claims  # the document landed and its claims are listed
        if how == "quit key":
            await pilot.press("q")
        else:
            app.exit()  # as a signal or the problem screen ends it: no view to save first
    # Only the .db is copied: a write-ahead log left beside it would hold the document.
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(db_path, copy / "explorer.db")
    conn = sqlite3.connect(copy / "explorer.db")
    try:
        names = [row[0] for row in conn.execute("SELECT name FROM documents")]
        sentences = conn.execute("SELECT COUNT(*) FROM sentences").fetchone()[0]
    finally:
        conn.close()
    assert names == ["note.txt"]
    assert sentences >= 2
    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


# --- exports name a document by id and path, and Datasette reads its labels --------------


def two_articles_db(path):
    """Two documents both called article.txt, from different folders (no spaCy)."""
    from dataclasses import replace

    from extract.store import connect, save_document

    from .tui_fixtures import Doc, Para, make_document

    db = connect(path)
    try:
        for folder, sentence in (("north", "Envoys from France met in Kyiv, Maria Ortega said."),
                                 ("south", "Ukraine asked France for 12 more generators, NATO said.")):
            speaker = "Maria Ortega" if "Ortega" in sentence else "NATO"
            doc = make_document(Doc("article.txt", "Desk notes", [("Talks", [Para([(sentence, speaker, "said")])])]))
            save_document(db, replace(doc, path=f"/desk/{folder}/article.txt"))
    finally:
        db.conn.close()
    return path


def test_every_export_names_the_document_by_id_and_path(tmp_path, capsys):
    import csv
    import io
    import json

    from extract.store import connect
    from extract.store.citations import view_citations, write_citations
    from tui.cli import main

    db_path = two_articles_db(tmp_path / "two.db")
    assert main(["export", "--db", str(db_path), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["doc"] for r in records} == {"article.txt"}  # the scorer's key stays the file name
    assert sorted((r["doc_id"], r["path"]) for r in records) == [
        (1, "/desk/north/article.txt"), (2, "/desk/south/article.txt")
    ]
    assert main(["export", "--db", str(db_path), "--format", "csv"]) == 0
    claims = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert sorted((c["document_id"], c["document_path"]) for c in claims) == [
        ("1", "/desk/north/article.txt"), ("2", "/desk/south/article.txt")
    ]
    db = connect(db_path, create=False, readonly=True)
    try:
        for fmt in ("csv", "jsonl", "md"):
            out = io.StringIO()
            assert write_citations(view_citations(db, ()), fmt, out) == 2
            for folder, doc_id in (("north", 1), ("south", 2)):
                assert f"/desk/{folder}/article.txt" in out.getvalue()
                assert (f"document {doc_id}" if fmt == "md" else str(doc_id)) in out.getvalue()
    finally:
        db.conn.close()


def test_datasette_metadata_labels_what_foreign_keys_point_at(tmp_path, capsys):
    import json

    from tui.cli import main

    db_path = two_articles_db(tmp_path / "desk.db")
    out = tmp_path / "desk.metadata.json"
    assert main(["export", "--db", str(db_path), "--format", "datasette", "--out", str(out)]) == 0
    metadata = json.loads(out.read_text(encoding="utf-8"))
    assert set(metadata) == {"title", "databases"}
    assert list(metadata["databases"]) == ["desk"]  # Datasette's name for desk.db
    tables = metadata["databases"]["desk"]["tables"]
    assert tables["sentences"]["label_column"] == "text"
    assert tables["entities"]["label_column"] == "name"
    assert tables["documents"]["label_column"] == "name"
    assert tables["sections"]["label_column"] == "heading"
    # Every label is a column of its table, and every table a foreign key points at has one.
    conn = sqlite3.connect(db_path)
    try:
        for table, options in tables.items():
            columns = {row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")}
            assert options["label_column"] in columns, table
            assert isinstance(options["description"], str) and options["description"]
        targets = {
            row[2]
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            for row in conn.execute(f"PRAGMA foreign_key_list([{name}])")
        }
    finally:
        conn.close()
    assert targets and targets <= set(tables)
