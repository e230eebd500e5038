"""SVG snapshots of the explorer at 100×32, on a hand-made database (no spaCy, so they stay put).

Accepted by eye: regenerate with `pytest tests/test_tui_snapshots.py --snapshot-update`
and look at the pictures before committing them.
"""

# ruff: noqa: F811 - the fixtures imported from tui_fixtures are used as test arguments

from __future__ import annotations

from tui.app import ExplorerApp

from .tui_fixtures import briefing_db, briefing_db_master, settle  # noqa: F401 - fixtures

SIZE = (100, 32)


def app_on(path) -> ExplorerApp:
    return ExplorerApp(path, seed_if_empty=False, search_delay=0)


def test_main_screen(snap_compare, briefing_db):
    assert snap_compare(app_on(briefing_db), terminal_size=SIZE, run_before=settle)


def test_source_pane_with_a_highlighted_sentence(snap_compare, briefing_db):
    async def choose_a_claim(pilot):
        await settle(pilot)
        await pilot.press("slash", *"Moscow", "escape", "j")  # search, back to the claims, the second match
        await settle(pilot)

    assert snap_compare(app_on(briefing_db), terminal_size=SIZE, run_before=choose_a_claim)


def test_help_screen(snap_compare, briefing_db):
    async def open_help(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(app_on(briefing_db), terminal_size=SIZE, run_before=open_help)
