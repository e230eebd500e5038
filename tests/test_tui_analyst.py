"""The analyst's explorer, driven with Pilot: copy with citation, export the view, bookmarks
and notes, who says what about a country, dates and the timeline, saved searches, the
state kept between launches, and search syntax with a count that matches the list.

Hand-made documents (no spaCy) with dates, in a temporary folder of their own.
"""

# ruff: noqa: F811 - the fixtures imported from tui_fixtures are used as test arguments

from __future__ import annotations

import csv
import json
from dataclasses import replace

import pytest

from extract.store import connect, save_document
from extract.store.read import COUNTRY, DATE, DOCUMENT, SPEAKER
from tui.app import ExplorerApp
from tui.screens.about import AboutScreen
from tui.screens.bookmarks import BookmarksScreen
from tui.widgets.dialogs import ExportScreen, PromptScreen

from .tui_fixtures import BRIEFING, KREMLIN, MEMO, make_document, settle

SIZE = (100, 32)


@pytest.fixture()
def dated_db(tmp_path):
    """The briefing (dated by its text, March 2024) and the memo (by its file, June 2024)."""
    path = tmp_path / "db" / "dated.db"
    path.parent.mkdir()
    db = connect(path)
    save_document(db, replace(make_document(BRIEFING), published="2024-03-05", published_from="text"))
    save_document(db, replace(make_document(MEMO), published="2024-06-20", published_from="file"))
    db.conn.close()
    return path


def make_app(path, **kwargs) -> ExplorerApp:
    kwargs.setdefault("seed_if_empty", False)
    kwargs.setdefault("search_delay", 0)
    # Every sentence listed, as these journeys expect; the default list of attributed claims
    # is tested in test_tui_view.
    kwargs.setdefault("every_sentence", True)
    return ExplorerApp(path, **kwargs)


async def go_to(pilot, sentence: str) -> None:
    """Put the claims cursor on the claim of this sentence."""
    table = pilot.app.main.table
    table.focus()
    for _ in range(len(table.claims)):
        if table.current is not None and table.current.text == sentence:
            await settle(pilot)
            return
        await pilot.press("j")
    raise AssertionError(f"{sentence!r} is not listed")


async def choose_country(pilot, code: str) -> None:
    screen = pilot.app.main
    entity = next(e for e in screen.entities(COUNTRY) if e.key == code)
    screen.choose_entity(entity)
    await settle(pilot)


def claims_title(app) -> str:
    return str(app.main.query_one("#claims-pane").border_title)


# --- copy and export -------------------------------------------------------------------------


async def test_c_copies_the_claim_with_its_citation(dated_db):
    app = make_app(dated_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, KREMLIN)
        await pilot.press("c")
        await settle(pilot)
        lines = app.clipboard.splitlines()
        assert lines[0] == f"“{KREMLIN}”"
        assert lines[1] == "— Maria Ortega said"
        assert lines[2] == "briefing.txt, 2024-03-05, § Eastern Europe"
        assert lines[3].startswith("/documents/briefing.txt, characters ")


async def test_copying_a_hostile_sentence_carries_no_control_codes(dated_db):
    app = make_app(dated_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("G")  # the memo's first claim is its hostile sentence, last but one
        await settle(pilot)
        await pilot.press("k", "c")
        await settle(pilot)
        assert "[@click=app.quit]" in app.clipboard and "\x1b" not in app.clipboard


@pytest.mark.parametrize(("key", "suffix"), [("c", ".csv"), ("j", ".jsonl"), ("m", ".md")])
async def test_e_exports_the_filtered_claims_to_a_file_it_names(dated_db, key, suffix):
    app = make_app(dated_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_country(pilot, "RU")
        assert claims_title(app) == "Claims · every sentence · 6"
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        await pilot.press(key)
        await settle(pilot)
        (written,) = dated_db.parent.glob(f"policy-tui-claims-*{suffix}")
        assert any(str(written) in n.message for n in app._notifications)
        assert not list(dated_db.parent.glob("*.part"))
    text = written.read_text(encoding="utf-8")
    if suffix == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
        assert len(rows) == 6 and all("RU" in r["countries"].split() for r in rows)
    elif suffix == ".jsonl":
        assert len([json.loads(line) for line in text.splitlines()]) == 6
    else:
        assert text.startswith("# Russia \\(RU\\)") and text.count("\n> ") >= 6 * 3


# --- bookmarks and notes ---------------------------------------------------------------------


async def test_b_bookmarks_a_claim_and_the_bookmarks_view_lists_it(dated_db):
    app = make_app(dated_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, KREMLIN)
        await pilot.press("b")
        await settle(pilot)
        assert [r.text for r in app.main.table.claims if r.bookmarked] == [KREMLIN]
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"check with [bold]the desk[/bold]", "enter")
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        (mark,) = screen.marks
        assert (mark.sentence, mark.note, mark.speaker) == (KREMLIN, "check with [bold]the desk[/bold]", "Maria Ortega")
        await pilot.press("enter")  # back to the claim, in its document
        await settle(pilot)
        assert app.screen is app.main
        assert [f.kind for f in app.main.filters] == [DOCUMENT]
        assert app.main.table.current.text == KREMLIN


async def test_b_again_removes_the_bookmark_and_x_removes_it_in_the_view(dated_db):
    app = make_app(dated_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, KREMLIN)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert not any(r.bookmarked for r in app.main.table.claims)
        await pilot.press("b", "B")
        await settle(pilot)
        assert len(app.screen.marks) == 1
        await pilot.press("x")
        await settle(pilot)
        assert app.screen.marks == []


async def test_bookmarks_are_exported_from_their_view(dated_db):
    app = make_app(dated_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, KREMLIN)
        await pilot.press("m", *"ask for the source", "enter")
        await settle(pilot)
        await pilot.press("B", "e", "c")
        await settle(pilot)
    (written,) = dated_db.parent.glob("policy-tui-bookmarks-*.csv")
    rows = list(csv.DictReader(written.read_text().splitlines()))
    assert [(r["sentence"], r["note"], r["bookmarked"]) for r in rows] == [(KREMLIN, "ask for the source", "True")]


# --- who says what, dates and the timeline -------------------------------------------------


async def test_w_shows_who_says_what_about_the_chosen_country_a_key_from_the_claims(dated_db):
    app = make_app(dated_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_country(pilot, "RU")
        await pilot.press("w")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AboutScreen)
        by_name = {s.speaker.name: s.claims for s in screen.speakers}
        assert by_name == {"Maria Ortega": 2, "European Union": 1}
        assert [(e.key, e.claims) for e in screen.neighbours] == [("UA", 2)]
        assert screen.query_one("#about-sparkline").data == [4, 0, 0, 2]
        await pilot.press("enter")  # the first speaker: Maria Ortega
        await settle(pilot)
        assert app.screen is app.main
        assert [(f.kind, f.label) for f in app.main.filters] == [(COUNTRY, "Russia (RU)"), (SPEAKER, "Maria Ortega")]
        assert claims_title(app) == "Claims · every sentence · 2" and len(app.main.table.claims) == 2


async def test_a_co_mentioned_country_is_a_key_from_the_claims_naming_both(dated_db):
    app = make_app(dated_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_country(pilot, "RU")
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert [f.label for f in app.main.filters] == ["Russia (RU)", "Ukraine (UA)"]
        assert claims_title(app) == "Claims · every sentence · 2"


async def test_w_without_a_country_asks_which_one(dated_db):
    app = make_app(dated_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press(*"ukra")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AboutScreen) and app.screen.entity.key == "UA"


async def test_d_filters_by_date_and_a_bad_date_says_why(dated_db):
    app = make_app(dated_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d", *"2024-06", "enter")
        await settle(pilot)
        assert [(f.kind, f.label) for f in app.main.filters] == [(DATE, "2024-06")]
        assert claims_title(app) == "Claims · every sentence · 2"
        await pilot.press("d", "ctrl+u", *"..2024-05", "enter")  # replaces the range
        await settle(pilot)
        assert [f.label for f in app.main.filters] == ["… – 2024-05"]
        assert claims_title(app) == "Claims · every sentence · 8"
        await pilot.press("d", "ctrl+u", *"31/02/2024", "enter")
        await settle(pilot)
        assert [f.label for f in app.main.filters] == ["… – 2024-05"]  # unchanged
        assert any("not a date" in n.message for n in app._notifications)


# --- saved searches and the state between launches ----------------------------------------


async def test_a_saved_search_is_applied_from_the_palette(dated_db):
    app = make_app(dated_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_country(pilot, "RU")
        await pilot.press("d", *"2024-03", "enter")
        await settle(pilot)
        app.main.action_save_search()
        await settle(pilot)
        await pilot.press("ctrl+u", *"Russia in March", "enter")
        await settle(pilot)
        assert app.main.saved_searches[0][0] == "Russia in March"
        await pilot.press("escape", "escape")  # both filters off
        await settle(pilot)
        assert app.main.filters == ()
        await pilot.press("ctrl+p", *"Saved search: Russia")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert [f.label for f in app.main.filters] == ["Russia (RU)", "2024-03"]
        assert claims_title(app) == "Claims · every sentence · 4"


async def test_filters_and_the_claim_are_kept_between_launches_and_the_theme_too(dated_db, tmp_path):
    settings = tmp_path / "settings.json"
    app = make_app(dated_db, settings_path=settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_country(pilot, "RU")
        await go_to(pilot, KREMLIN)
        app.theme = "nord"
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
    assert json.loads(settings.read_text())["theme"] == "nord"
    again = make_app(dated_db, settings_path=settings)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"
        assert [f.label for f in again.main.filters] == ["Russia (RU)"]
        assert again.main.table.current.text == KREMLIN
        assert again.main.source.detail.sentence == KREMLIN


async def test_a_saved_view_whose_country_is_gone_opens_on_what_is_left(dated_db):
    app = make_app(dated_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_country(pilot, "AZ")
        await pilot.press("q")
        await settle(pilot)
    db = connect(dated_db)
    db.execute("DELETE FROM mentions WHERE entity_id IN (SELECT id FROM entities WHERE key = 'AZ')")
    db.execute("DELETE FROM entities WHERE key = 'AZ'")
    db.conn.commit()
    db.conn.close()
    again = make_app(dated_db)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.main.filters == () and claims_title(again) == "Claims · every sentence · 10"


# --- search syntax ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "count"),
    [("France -Ukraine", 2), ("France OR Azerbaijan", 4), ('"European Union"', 2), ("sanction*", 1), ("-Ukraine", 10)],
)
async def test_search_syntax_in_the_box_and_the_count_matches_the_list(dated_db, typed, count):
    app = make_app(dated_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *typed, "escape")
        await settle(pilot)
        assert claims_title(app) == f"Claims · every sentence · {count}"
        assert len(app.main.table.claims) == count
