"""The explorer notices documents another process stores, and works on read-only media.

Another connection's commit changes the database's `PRAGMA data_version`, which the
explorer reads in a worker every second; the panes and counts then refresh without
a key pressed.
"""

# ruff: noqa: F811 - the fixtures imported from tui_fixtures are used as test arguments

from __future__ import annotations

import asyncio
import subprocess
import sys

from tui.app import ExplorerApp
from tui.widgets.sections import SectionsTree

from .tui_fixtures import (  # noqa: F401 - fixtures
    Doc,
    Para,
    briefing_db,
    briefing_db_master,
    settle,
)

SIZE = (100, 32)

# Another process stores one more document (hand-made records, no spaCy).
OTHER_INGEST = """
import sys
from tests.tui_fixtures import Doc, Para, make_document
from extract.store import connect, save_document
doc = Doc("late.txt", "Late", [("News", [Para([("Officials said France sent 4 ships.", "Officials", "said")])])])
db = connect(sys.argv[1])
save_document(db, make_document(doc))
db.conn.close()
"""


def claims_title(app) -> str:
    return str(app.main.query_one("#claims-pane").border_title)


async def test_documents_another_process_stores_appear_without_a_key(briefing_db):
    app = ExplorerApp(briefing_db, seed_if_empty=False, search_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tree = app.main.query_one(SectionsTree)
        before = [n.data.name for n in tree.root.children]
        title = claims_title(app)
        claims = len(app.main.table.claims)
        assert "late.txt" not in before
        subprocess.run([sys.executable, "-c", OTHER_INGEST, str(briefing_db)], check=True, cwd=str(_root()))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30  # it looks once a second; a loaded machine may take longer to answer
        while loop.time() < deadline:
            await asyncio.sleep(0.2)
            await settle(pilot)
            if "late.txt" in [n.data.name for n in tree.root.children] and claims_title(app) != title:
                break
        assert [n.data.name for n in tree.root.children] == sorted([*before, "late.txt"])
        assert len(app.main.table.claims) == claims + 1
        assert claims_title(app) == f"Claims · attributed · {claims + 1}"


def _root():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent
