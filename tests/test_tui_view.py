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
