"""SVG snapshots of the explorer at 100×32, on a hand-made database (no spaCy, so they stay put).

Accepted by eye: regenerate with `pytest tests/test_tui_snapshots.py --snapshot-update`
and look at the pictures before committing them.
"""

# ruff: noqa: F811 - the fixtures imported from tui_fixtures are used as test arguments

from __future__ import annotations

from tui.app import ExplorerApp

from .tui_fixtures import briefing_db, briefing_db_master, settle  # noqa: F401 - fixtures

SIZE = (100, 32)


def app_on(path, **kwargs) -> ExplorerApp:
    return ExplorerApp(path, seed_if_empty=False, search_delay=0, **kwargs)


def test_main_screen(snap_compare, briefing_db):
    assert snap_compare(app_on(briefing_db), terminal_size=SIZE, run_before=settle)


def test_source_pane_with_a_highlighted_sentence(snap_compare, briefing_db):
    async def choose_a_claim(pilot):
        await settle(pilot)
        await pilot.press("slash", *"Moscow", "escape", "j")  # search, back to the claims, the second match
        await settle(pilot)

    # Every sentence listed ("a"): the second match is a sentence no speaker or cue attributes.
    assert snap_compare(app_on(briefing_db, every_sentence=True), terminal_size=SIZE, run_before=choose_a_claim)


def test_help_screen(snap_compare, briefing_db):
    async def open_help(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(app_on(briefing_db), terminal_size=SIZE, run_before=open_help)


def dated_app(briefing_db) -> ExplorerApp:
    """The briefing database with its documents dated (March and June 2024) and a bookmark with a note."""
    from extract.store import connect, user

    db = connect(briefing_db)
    db.execute("UPDATE documents SET published = CASE name WHEN 'briefing.txt' THEN '2024-03-05' ELSE '2024-06-20' END")
    db.conn.commit()
    claim = db.execute(
        "SELECT c.id FROM claims c JOIN sentences s ON s.id = c.sentence_id WHERE s.text LIKE 'Moscow rejected%'"
    ).fetchone()[0]
    user.set_note(db, claim, "Ask the desk which proposal")
    db.conn.close()
    return app_on(briefing_db)


def test_who_says_what_about_a_country(snap_compare, briefing_db):
    async def about_russia(pilot):
        await settle(pilot)
        screen = pilot.app.main
        screen.choose_entity(next(e for e in screen.entities("country") if e.key == "RU"))
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)

    assert snap_compare(dated_app(briefing_db), terminal_size=SIZE, run_before=about_russia)


def test_bookmarks_view(snap_compare, briefing_db):
    async def bookmarks(pilot):
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)

    assert snap_compare(dated_app(briefing_db), terminal_size=SIZE, run_before=bookmarks)
