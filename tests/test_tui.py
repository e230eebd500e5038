"""The explorer's user journeys, driven with Textual's Pilot on temporary databases."""

# ruff: noqa: F811 - the fixtures imported from tui_fixtures are used as test arguments

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest

import extract.store.read as q
from extract.store import connect
from extract.store.read import COUNTRY, ORGANISATION, SEARCH
from tui.app import ExplorerApp
from tui.screens.help import HelpScreen
from tui.screens.problem import ProblemScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.claims import ClaimsTable as ClaimsTableType
from tui.widgets.facets import FacetFilter, FacetList
from tui.widgets.filterbar import FilterBar
from tui.widgets.ingest import IngestStatus
from tui.widgets.passage import PassageView
from tui.widgets.sections import SectionsTree

from .test_queries import HOSTILE_INPUTS
from .tui_fixtures import (  # noqa: F401 - fixtures
    KREMLIN,
    Doc,
    Para,
    briefing_db,
    briefing_db_master,
    build_db,
    explorer_db,
    sample_db,
    settle,
)

SIZE = (100, 32)


def make_app(path, **kwargs) -> ExplorerApp:
    kwargs.setdefault("seed_if_empty", False)
    kwargs.setdefault("search_delay", 0)
    # Every sentence listed, as these journeys expect; the default list of attributed claims
    # is tested in test_tui_view.
    kwargs.setdefault("every_sentence", True)
    return ExplorerApp(path, **kwargs)


def focus_line_visible(view: PassageView) -> bool:
    start, _ = view.focus_span
    line = view.line_of(start)
    top = round(view.scroll_y)
    return top <= line < top + view.scrollable_content_region.height


def assert_source_shows(app: ExplorerApp, row) -> None:
    """The source pane shows exactly the claim's sentence, highlighted and on screen."""
    source = app.main.source
    assert source.detail is not None and source.detail.claim_id == row.id
    view = source.passage
    start, end = view.focus_span
    assert view.text[start:end] == row.text
    assert focus_line_visible(view)
    assert row.text.split()[0] in view.visible_text()


# --- opening -------------------------------------------------------------------------------


async def test_a_large_count_shows_a_bound_first_then_the_exact_figure(explorer_db, monkeypatch):
    import tui.screens.main as main_screen

    monkeypatch.setattr(main_screen, "COUNT_FIRST", 5)
    shown = []
    real_show = main_screen.MainScreen._show_count

    def show_count(self, filters, count, exact):
        real_show(self, filters, count, exact)
        shown.append(self.query_one("#claims-pane").border_title)

    monkeypatch.setattr(main_screen.MainScreen, "_show_count", show_count)
    app = make_app(explorer_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        total = len(app.main.table.claims)
        assert total > 5
        assert shown[:2] == ["Claims · every sentence · more than 5", f"Claims · every sentence · {total:,}"]
        assert app.main.query_one("#claims-pane").border_title == f"Claims · every sentence · {total:,}"



async def test_opens_on_the_sample(explorer_db):
    app = make_app(explorer_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        assert main.table.claims, "the sample's claims are listed"
        assert app.focused is main.table
        tree = main.query_one(SectionsTree)
        assert [node.data.name for node in tree.root.children] == ["000_13d8d6eb722a39db.txt"]
        assert main.entities(COUNTRY), "countries are listed"
        assert main.query_one("#claims-pane").border_title == f"Claims · every sentence · {len(main.table.claims):,}"
        assert_source_shows(app, main.table.current)


async def test_sections_tree_filters_by_section(briefing_db):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1", "enter")  # expand (and choose) the first document
        await settle(pilot)
        tree = app.main.query_one(SectionsTree)
        document = tree.root.children[0]
        assert [child.data.heading for child in document.children] == ["Eastern Europe", "Western Europe"]
        await pilot.press("down", "down", "enter")  # the "Western Europe" section
        await settle(pilot)
        assert [(f.kind, f.label) for f in app.main.filters] == [("section", "Western Europe")]
        assert [row.text.split()[0] for row in app.main.table.claims] == ["France", "Russian", "Ukraine"]


# --- filtering ---------------------------------------------------------------------------


async def test_filter_by_a_country_typed_into_its_pane(explorer_db):
    app = make_app(explorer_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2", "r", "u", "s")  # typing in the list goes to its filter box
        await settle(pilot)
        assert isinstance(app.focused, FacetFilter) and app.focused.value == "rus"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, FacetList)  # back in the list, where "/" and the digits work
        assert [(f.kind, f.label) for f in app.main.filters] == [(COUNTRY, "Russia (RU)")]
        rows = app.main.table.claims
        assert rows and all("RU" in row.countries for row in rows)
        assert app.main.query_one(FilterBar).filters == app.main.filters


async def test_j_and_k_move_in_a_facet_list_and_enter_chooses(briefing_db):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2", "j", "j", "k")
        await settle(pilot)
        listing = app.focused
        assert isinstance(listing, FacetList) and listing.highlighted == 1  # moved, not typed into the filter
        await pilot.press("enter")
        await settle(pilot)
        second = app.main.entities(COUNTRY)[1]
        assert [(f.kind, f.value) for f in app.main.filters] == [(COUNTRY, second.id)]


async def test_filters_combine_and_escape_clears_the_last(briefing_db):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        country = next(e for e in main.entities(COUNTRY) if e.key == "RU")
        org = next(e for e in main.entities(ORGANISATION) if e.name == "European Union")
        main.add_filter(country.filter())
        main.add_filter(org.filter())
        await settle(pilot)
        assert len(main.table.claims) == 2
        await pilot.press("escape")
        await settle(pilot)
        assert [f.kind for f in main.filters] == [COUNTRY]
        assert len(main.table.claims) == 6
        await pilot.press("escape")
        await settle(pilot)
        assert main.filters == () and len(main.table.claims) == 10


async def test_filter_bar_removes_the_chosen_filter(briefing_db):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        for key in ("RU", "UA"):
            main.add_filter(next(e for e in main.entities(COUNTRY) if e.key == key).filter())
        await settle(pilot)
        bar = main.query_one(FilterBar)
        bar.focus()
        await pilot.press("left", "delete")  # the first chip: Russia
        await settle(pilot)
        assert [f.label for f in main.filters] == ["Ukraine (UA)"]
        await pilot.click(FilterBar, offset=(3, 0))  # a click on a chip removes it
        await settle(pilot)
        assert main.filters == ()


# --- search ------------------------------------------------------------------------------


async def test_search_russia_offers_the_country_then_lists_its_claims(explorer_db):
    app = make_app(explorer_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Russia")
        await settle(pilot)
        main = app.main
        assert [f.kind for f in main.filters] == [SEARCH]  # the sentence search runs as you type
        first = main.search_box.suggestions[0]
        assert (first.kind, first.key) == (COUNTRY, "RU")
        assert all(row.matches for row in main.table.claims)  # matches are marked in the list
        await pilot.press("enter")
        await settle(pilot)
        assert [(f.kind, f.label) for f in main.filters] == [(COUNTRY, "Russia (RU)")]
        assert main.search_box.input.value == ""
        assert app.focused is main.table
        rows = main.table.claims
        assert rows and all("RU" in row.countries for row in rows)
        assert_source_shows(app, main.table.current)


async def test_keys_typed_faster_than_the_search_keep_their_place(briefing_db):
    from textual import events

    app = ExplorerApp(briefing_db, seed_if_empty=False)  # the default: a search at every key
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "M", "o")
        for char in "scow":  # queued at once, as a fast typist's keys arrive while the screen is busy
            app._driver.send_message(events.Key(char, char))
        await settle(pilot)
        box = app.main.search_box.input
        assert (box.value, box.cursor_position) == ("Moscow", 6)
        await pilot.press("space", "x")
        await settle(pilot)
        assert box.value == "Moscow x" and q.search_text(app.main.filters) == "Moscow x"


@pytest.mark.parametrize("typed", ["Russian", "RU", "Moscow"])
async def test_any_form_of_a_country_name_offers_it_first(briefing_db, typed):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *typed)
        await settle(pilot)
        first = app.main.search_box.suggestions[0]
        assert (first.kind, first.key, first.claims) == (COUNTRY, "RU", 6)


async def test_suggestions_made_before_the_lists_load_are_offered_again(briefing_db):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        countries = main.entities(COUNTRY)
        main.facet(COUNTRY).set_entities([])  # as at start-up, before the lists arrive
        await pilot.press("slash", *"Moscow")
        await settle(pilot)
        assert main.search_box.suggestions[0].claims == 0  # ranked against no loaded list
        main._show_list(COUNTRY, countries)  # the country list lands while the box has focus
        await settle(pilot)
        first = main.search_box.suggestions[0]
        assert (first.kind, first.key, first.claims) == (COUNTRY, "RU", 6)


async def test_search_matches_are_highlighted_in_the_source(briefing_db):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"sanction", "escape")
        await settle(pilot)
        main = app.main
        assert [f.kind for f in main.filters] == [SEARCH] and app.focused is main.table
        (row,) = main.table.claims
        assert [row.text[a:b] for a, b in row.matches] == ["sanctions"]
        detail = main.source.detail
        assert [detail.passage[m.start : m.end] for m in detail.marks if m.kind == "match"] == ["sanctions"]


async def test_hostile_search_input_never_breaks(briefing_db):
    app = make_app(briefing_db)
    errors = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        original = app.notify

        def spy(message, *args, severity="information", **kwargs):
            if severity == "error":
                errors.append(message)
            return original(message, *args, severity=severity, **kwargs)

        app.notify = spy  # type: ignore[method-assign]
        search = app.main.search_box.input
        for text in HOSTILE_INPUTS:
            search.focus()
            search.value = ""
            await pilot.press(*[c for c in text if c.isprintable()] or ["space"])
            await settle(pilot)
            assert app.is_running
        assert errors == []


# --- a claim, its source, the reader -------------------------------------------------------


async def test_choosing_a_claim_shows_its_sentence_highlighted(briefing_db):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        row = app.main.table.current
        assert row.text == KREMLIN
        assert_source_shows(app, row)
        source = app.main.source.passage
        start, end = source.focus_span
        assert source.text[:start].startswith("Russia and Ukraine resumed talks")  # inside its paragraph


async def test_next_and_previous_claim_in_the_same_document(briefing_db):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        main.add_filter(next(e for e in main.entities(COUNTRY) if e.key == "RU").filter())
        await settle(pilot)
        rows = main.table.claims
        await pilot.press("n")
        await settle(pilot)
        assert main.table.current.id == rows[1].id
        assert_source_shows(app, rows[1])
        await pilot.press("p")
        await settle(pilot)
        assert main.table.current.id == rows[0].id
        last_in_briefing = [r for r in rows if r.document_id == rows[0].document_id][-1]
        main.go_to_claim(last_in_briefing.id)
        await settle(pilot)
        await pilot.press("n")  # the next one is in the memo: another document
        await settle(pilot)
        assert main.table.current.id == last_in_briefing.id


@pytest.mark.parametrize("key", ["r", "enter"])
async def test_reader_opens_the_document_at_the_sentence(briefing_db, key):
    app = make_app(briefing_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = app.main
        main.add_filter(next(e for e in main.entities(COUNTRY) if e.key == "RU").filter())
        await settle(pilot)
        rows = [r for r in main.table.claims if r.document_id == main.table.claims[0].document_id]
        await pilot.press(key)
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        view = reader.passage
        assert view.text.startswith("Foreign affairs briefing")  # the whole document
        start, end = view.focus_span
        assert view.text[start:end] == rows[0].text and focus_line_visible(view)
        await pilot.press("n", "n")
        await settle(pilot)
        start, end = view.focus_span
        assert view.text[start:end] == rows[2].text and focus_line_visible(view)
        await pilot.press("p")
        await settle(pilot)
        start, end = view.focus_span
        assert view.text[start:end] == rows[1].text
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is main and main.table.current.id == rows[1].id


@pytest.fixture(scope="module")
def long_db(tmp_path_factory):
    """One document with 600 claims: more than the claims window ever holds."""
    sentences = [(f"Statement {i} about Russia.", None, None) for i in range(600)]
    doc = Doc("long.txt", "Long", [("All", [Para(sentences[i : i + 50]) for i in range(0, 600, 50)])])
    return build_db(tmp_path_factory.mktemp("long") / "long.db", [doc])


async def test_the_claims_list_pages_through_any_number_of_claims(long_db):
    from tui.widgets.claims import MAX_ROWS

    app = make_app(long_db)
    async with app.run_test(size=(120, 70)) as pilot:
        await settle(pilot)
        table = app.main.table
        assert len(table.claims) == q.PAGE_SIZE and table.more_after  # one page, not a thousand rows
        await pilot.press("G")  # the last claim: the last page is read, not everything before it
        await settle(pilot)
        assert table.current.text == "Statement 599 about Russia." and len(table.claims) <= MAX_ROWS
        assert_source_shows(app, table.current)
        await pilot.press("g")
        await settle(pilot)
        assert table.current.text == "Statement 0 about Russia."
        for key, end in (("pagedown", "Statement 599 about Russia."), ("pageup", "Statement 0 about Russia.")):
            visited = []
            for _ in range(300):  # a page at a time: rows are read as the cursor nears either end
                await pilot.press(key)
                await settle(pilot)
                ids = [row.id for row in table.claims]
                assert ids == sorted(ids) and len(ids) == len(set(ids)) <= MAX_ROWS
                visited.append(table.current.id)
                if table.current.text == end:
                    break
            assert table.current.text == end
            assert visited == sorted(visited, reverse=key == "pageup")  # never jumps back


@pytest.fixture(scope="module")
def many_documents_db(tmp_path_factory):
    """24 short documents, named in pairs that differ only in case: ties in the Sections pane's order."""
    names = [f"{'Doc' if i % 2 else 'doc'}-{i // 2:02d}.txt" for i in range(24)]
    docs = [Doc(name, name, [("Body", [Para([(f"Statement in {name} about Russia.", None, None)])])]) for name in names]
    return build_db(tmp_path_factory.mktemp("many") / "many.db", docs)


def test_documents_are_read_a_page_at_a_time_in_name_order(many_documents_db):
    db = connect(many_documents_db, create=False)
    everything = q.documents(db)
    first = q.documents_page(db, limit=10)
    assert first.rows == tuple(everything[:10]) and first.more_after and first.total == 24
    last = first.rows[-1]
    second = q.documents_page(db, (last.name, last.id), limit=10)
    third = q.documents_page(db, (second.rows[-1].name, second.rows[-1].id), limit=10)
    assert first.rows + second.rows + third.rows == tuple(everything)
    assert second.more_after and not third.more_after
    assert all(doc.claims == 1 for doc in everything)


async def test_the_sections_pane_lists_documents_a_page_at_a_time(many_documents_db, monkeypatch):
    import tui.screens.main as main_screen
    from tui.widgets.sections import MoreDocuments

    monkeypatch.setattr(main_screen, "DOCUMENT_PAGE", 10)
    monkeypatch.setattr("tui.widgets.sections.EDGE", 0)
    app = make_app(many_documents_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tree = app.main.query_one(SectionsTree)
        nodes = tree.root.children
        await pilot.press("1")
        assert len(nodes) == 11 and nodes[-1].data == MoreDocuments(14)  # a page, then "… 14 more documents"
        expected = [doc.name for doc in q.documents(connect(many_documents_db, create=False))]
        while tree.cursor_line < 10:  # a page at a time onto the "… more" line: the next page is read, and the
            await pilot.press("pagedown")  # cursor goes on to its first document (not down with the line,
            await settle(pilot)  # reading page after page)
        assert tree.documents_listed == 20 and tree.cursor_node.data.name == expected[10]
        for _ in range(15):
            await pilot.press("down")
            await settle(pilot)
        names = [node.data.name for node in tree.root.children]
        assert names == expected
        app.main.reload(keep_place=True)  # as after an ingest: all that is listed is read again
        await settle(pilot)
        assert [node.data.name for node in tree.root.children] == names


async def test_the_first_claims_are_read_before_the_lists(briefing_db, monkeypatch):
    from tui.data import Store

    reads = []
    original = Store.read

    def spy(self, fn, *args, **kwargs):
        reads.append(fn.__name__)
        return original(self, fn, *args, **kwargs)

    monkeypatch.setattr(Store, "read", spy)
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.main.table.claims and app.main.entities(COUNTRY)
    assert reads[:2] == ["restore_view", "claims_page"]  # the view saved at the last quit, then its claims
    assert reads.index("claims_page") < reads.index("documents_page") < reads.index("entity_counts")


def test_a_superseded_read_is_interrupted(briefing_db):
    import threading
    import time

    from textual.worker import active_worker

    from tui.data import Store, Superseded

    class Cancelled:
        is_cancelled = True

    def endless(db):
        sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n"
        return db.execute(sql).fetchone()

    store = Store(briefing_db)
    worker = Cancelled()
    outcome = []

    def read():
        active_worker.set(worker)  # type: ignore[arg-type]
        try:
            store.read(endless)
        except Superseded:
            outcome.append("superseded")

    thread = threading.Thread(target=read)
    thread.start()
    deadline = time.monotonic() + 10
    while worker not in store._reading and time.monotonic() < deadline:
        time.sleep(0.01)
    store.interrupt(worker)
    thread.join(10)
    store.close()
    assert not thread.is_alive() and outcome == ["superseded"]


async def test_a_click_on_the_highlighted_claim_opens_the_reader(briefing_db):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click(ClaimsTableType, offset=(20, 2))  # the second row: highlighted, not opened
        await settle(pilot)
        assert app.screen is app.main and app.main.table.cursor_row == 1
        await pilot.click(ClaimsTableType, offset=(20, 2))
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)


# --- keys, palette, layout, themes ---------------------------------------------------------


async def test_help_screen_lists_the_keys(briefing_db):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(label.render()) for label in app.screen.query(".help-key, .help-keys"))
        for expected in (
            "Search the sentences",
            "Remove the last filter",
            "Open the whole document",
            "Next claim",
            "Previous claim",
            "Leave policy-tui",
            "ctrl+p",
            "tab / shift+tab",
            "j k",
        ):
            assert expected in text
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main


async def test_the_mouse_works_too(briefing_db):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await pilot.click(ClaimsTableType, offset=(20, 3))  # the third row (under the header)
        await settle(pilot)
        assert main.table.current.text.startswith("Jeyhun Bayramov said")
        assert_source_shows(app, main.table.current)
        await pilot.click("#countries-list", offset=(8, 1))  # the second country: France
        await settle(pilot)
        assert [(f.kind, f.label) for f in main.filters] == [(COUNTRY, "France (FR)")]


async def test_tab_moves_between_panes(briefing_db):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(12):
            await pilot.press("tab")
            seen.append(type(app.focused).__name__)
        assert {"SearchInput", "SectionsTree", "FacetList", "FacetFilter", "ClaimsTable", "PassageView"} <= set(seen)
        await pilot.press("shift+tab")
        assert type(app.focused).__name__ == seen[-2]


async def test_palette_goes_to_a_country(briefing_db):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Go to country")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"ukra")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert [(f.kind, f.label) for f in app.main.filters] == [(COUNTRY, "Ukraine (UA)")]


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_layout_fits_small_and_large_terminals(briefing_db, size):
    app = make_app(briefing_db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        main = app.main
        for pane in main.query(".pane"):
            assert pane.region.width >= 20 and pane.region.height >= 3, pane.id
        assert main.table.region.height >= 5
        await pilot.press("2")  # on a short terminal the pane in use takes the room
        await settle(pilot)
        countries = main.query_one("#countries")
        assert countries.region.height >= 5
        assert main.query_one(FacetList).has_focus


async def test_theme_switching_restyles_marks(briefing_db):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.main.source.passage
        before = view._style("focus")
        app.theme = "textual-light"
        await settle(pilot)
        assert view._style("focus") != before
        assert view.render_line(0).text.strip()
        # Dim text stays readable on a light background (no white counts on white).
        row = app.main.query_one("#countries-list", FacetList).render_line(1)
        count = next(seg for seg in row if seg.text.strip().isdigit())
        assert sum(count.style.color.get_truecolor()) < 3 * 200


# --- safety --------------------------------------------------------------------------------


async def test_document_text_is_shown_literally(briefing_db):
    app = make_app(briefing_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.main
        main.add_filter(q.Filter(SEARCH, "memo", "memo"))
        await settle(pilot)
        (row,) = main.table.claims
        passage = main.source.passage
        shown = passage.visible_text()
        assert "[/bold]" in shown and "[@click=app.quit]" in shown
        assert "\x1b" not in shown and "␛[31mred␛[0m" in shown  # the escape is made visible, not sent
        screen = app.export_screenshot()
        assert "[@click=app.quit]" in screen and "\x1b" not in screen
        await pilot.click(PassageView, offset=(10, 1))  # a click on the text is not a link
        await pilot.press("1", "down", "right")  # open the memo's sections in the tree
        await settle(pilot)
        labels = [str(node.label) for node in main.query_one(SectionsTree).root.children[1].children]
        assert labels and labels[0].startswith("Notes [@click=app.quit]")
        assert app.is_running and app.screen is main


# --- start-up and databases --------------------------------------------------------------------


def test_start_up_does_not_import_spacy(briefing_db):
    script = textwrap.dedent(f"""
        import asyncio, sys
        from tui.app import ExplorerApp

        async def main():
            app = ExplorerApp({str(briefing_db)!r}, seed_if_empty=True, search_delay=0)
            async with app.run_test(size=(100, 32)) as pilot:
                for _ in range(20):
                    await pilot.pause()
                    await app.workers.wait_for_complete()
                assert app.main.table.claims
            print("spacy" in sys.modules, "extract.nlp" in sys.modules)

        asyncio.run(main())
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["False", "False"]


@pytest.mark.slow
async def test_an_empty_database_ingests_the_sample_with_progress(tmp_path, monkeypatch):
    shown = []
    original = IngestStatus.show

    def spy(self, what, progress, total):
        shown.append(what)
        return original(self, what, progress, total)

    monkeypatch.setattr(IngestStatus, "show", spy)
    app = ExplorerApp(tmp_path / "new" / "policy-tui.db", search_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=200)
        main = app.main
        assert any(label.startswith("Ingesting 1/1 · 000_") for label in shown)
        assert not main.query_one(IngestStatus).has_class("-active")  # hidden when done
        assert [n.data.name for n in main.query_one(SectionsTree).root.children] == ["000_13d8d6eb722a39db.txt"]
        assert main.table.claims and main.entities(COUNTRY)


@pytest.mark.slow
async def test_paths_given_are_ingested_then_shown(tmp_path, briefing_db):
    document = tmp_path / "note.txt"
    document.write_text("Envoys met in Geneva.\n\nThe minister said that France would send aid to Ukraine.\n")
    app = ExplorerApp(briefing_db, [str(document)], search_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=200)
        names = [n.data.name for n in app.main.query_one(SectionsTree).root.children]
        assert names == ["briefing.txt", "memo.md", "note.txt"]


def make_foreign(path):
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()


def make_newer(path, briefing):
    import shutil

    shutil.copy(briefing, path)
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.commit()
    con.close()


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("foreign", "not a policy-tui database"),
        ("newer", "newer policy-tui"),
        ("garbage", "not an SQLite database"),
        ("folder", "is a folder"),
    ],
)
def test_unusable_databases_give_one_clear_line(tmp_path, briefing_db, capsys, kind, message):
    from tui.cli import main

    path = tmp_path / "x.db"
    if kind == "foreign":
        make_foreign(path)
    elif kind == "newer":
        make_newer(path, briefing_db)
    elif kind == "garbage":
        path.write_bytes(b"\x00\x01 this is not sqlite " * 200)
    else:
        path.mkdir()
    assert main(["--db", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("policy-tui: ") and message in err and "\n" not in err and "Traceback" not in err


def test_a_locked_database_says_so(tmp_path, briefing_db, monkeypatch, capsys):
    import shutil

    import extract.store.schema as store
    from tui.cli import main

    path = tmp_path / "locked.db"
    shutil.copy(briefing_db, path)
    holder = sqlite3.connect(path)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("BEGIN EXCLUSIVE")  # an ingest in another process holding the write lock
    monkeypatch.setattr(store, "BUSY_TIMEOUT", 0.05)
    try:
        assert main(["--db", str(path)]) == 1
    finally:
        holder.rollback()
        holder.close()
    assert "locked" in capsys.readouterr().err


async def test_the_app_shows_a_problem_instead_of_a_traceback(tmp_path):
    path = tmp_path / "foreign.db"
    make_foreign(path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ProblemScreen)
        assert "not a policy-tui database" in app.screen.message
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_errors_in_background_work_are_notified(briefing_db, monkeypatch):
    app = make_app(briefing_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = []
        original = app.notify

        def spy(message, *args, **kwargs):
            notes.append((message, kwargs.get("severity")))
            return original(message, *args, **kwargs)

        app.notify = spy  # type: ignore[method-assign]

        def broken(*args, **kwargs):
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(q, "claims_page", broken)
        app.main.add_filter(next(e for e in app.main.entities(COUNTRY) if e.key == "RU").filter())
        await settle(pilot)
        assert any(severity == "error" and "disk I/O" in message for message, severity in notes)
        assert app.is_running


def test_store_reads_close_cleanly(briefing_db):
    from tui.data import Store

    store = Store(briefing_db)
    assert store.prepare() == 2
    assert store.read(q.count_claims) == 10
    store.close()
    assert connect(briefing_db, create=False).execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 10


def test_a_missing_path_is_reported_before_opening(tmp_path, capsys):
    from tui.cli import main

    assert main([str(tmp_path / "nowhere.txt"), "--db", str(tmp_path / "x.db")]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"policy-tui: {tmp_path / 'nowhere.txt'}: no such file or folder"
    assert not (tmp_path / "x.db").exists()


async def test_names_from_documents_are_shown_literally(tmp_path):
    hostile = "[b]Anon[/b] [@click=app.quit]"
    doc = Doc(
        "names.txt", "Names", [("Part", [Para([(f"{hostile} wrote that Kyiv would host talks.", hostile, "wrote")])])]
    )
    app = make_app(build_db(tmp_path / "names.db", [doc]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        (speaker,) = main.entities("speaker")
        assert speaker.name == hostile
        option = main.query_one("#speakers-list", FacetList).get_option_at_index(0)
        assert hostile in str(option.prompt)  # a Content holding the text, not markup
        assert main.table.claims[0].speaker == hostile
        await pilot.press("ctrl+p", *"Go to speaker")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"anon")
        await settle(pilot)
        assert hostile in app.export_screenshot().replace("&#160;", " ")
        await pilot.press("enter")
        await settle(pilot)
        assert [f.label for f in main.filters] == [hostile] and app.is_running
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and hostile in app.screen.passage.visible_text()
