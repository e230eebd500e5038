"""The explorer's search, palette and facets as a user drives them (Pilot, hand-made databases):
right answers first, speakers with no entity, facet keys, narrowed counts and the People facet."""

# ruff: noqa: F811 - the fixtures imported are used as test arguments

from __future__ import annotations

import pytest

import extract.store.read as q
from extract.store.read import COUNTRY, ORGANISATION, PERSON, SPEAKER
from tui.app import ExplorerApp
from tui.screens.help import HelpScreen
from tui.widgets.claims import ClaimsTable
from tui.widgets.facets import FacetFilter, FacetList
from tui.widgets.search import SearchBox, SearchInput

from .people_fixtures import people_db, people_db_master  # noqa: F401 - fixtures
from .tui_fixtures import settle

SIZE = (100, 40)


def make_app(path) -> ExplorerApp:
    return ExplorerApp(path, seed_if_empty=False, search_delay=0)


def prompts(app) -> list[str]:
    listing = app.main.query_one("#suggestions")
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


# --- search and palette: one resolver ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "first"),
    [("UK", (COUNTRY, "GB")), ("us", (COUNTRY, "US")), ("European Union", (ORGANISATION, "European Union"))],
)
async def test_search_offers_what_the_text_names_exactly_first(people_db, typed, first):
    app = make_app(people_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *typed)
        await settle(pilot)
        top = app.main.search_box.suggestions[0]
        assert (top.kind, top.key) == first
        await pilot.press("enter")
        await settle(pilot)
        assert [f.kind for f in app.main.filters] == [first[0]]


async def test_a_speaker_with_no_entity_is_offered_with_its_claims(people_db):
    app = make_app(people_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"analysts")
        await settle(pilot)
        speaker = next(p for p in prompts(app) if p.startswith("Speaker"))
        assert "analysts · 1 claim" in speaker and "not in these documents" not in speaker
        await pilot.press("enter")
        await settle(pilot)
        assert [(f.kind, f.value) for f in app.main.filters] == [(SPEAKER, "analysts")]
        assert [r.text for r in app.main.table.claims] == ["Shipping to Ukraine will fall by 9 percent, analysts said."]


@pytest.mark.parametrize(
    ("command", "typed", "chosen"),
    [
        ("Go to country", "Russian", (COUNTRY, "Russia (RU)")),  # a demonym, as the search understands it
        ("Go to country", "Kyiv", (COUNTRY, "Ukraine (UA)")),  # a capital
        ("Go to country", "UK", (COUNTRY, "United Kingdom (GB)")),
        ("Go to person", "Kettel", (PERSON, "Tomas Kettel")),
        ("Go to organisation", "EU", (ORGANISATION, "European Union")),
    ],
)
async def test_the_palette_resolves_as_the_search_does(people_db, command, typed, chosen):
    app = make_app(people_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *command)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*typed)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert [(f.kind, f.label) for f in app.main.filters] == [chosen]


# --- facet keys ------------------------------------------------------------------------------


async def test_a_facet_box_leaves_the_apps_keys_alone(people_db):
    app = make_app(people_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        russia = next(e for e in main.entities(COUNTRY) if e.key == "RU")
        main.add_filter(russia.filter())
        await settle(pilot)
        await pilot.press("3", "c", "e")  # typing in the Organisations list goes to its box
        await settle(pilot)
        box = app.focused
        assert isinstance(box, FacetFilter) and box.value == "ce"
        await pilot.press("5")  # a pane key, not text
        await settle(pilot)
        assert isinstance(app.focused, ClaimsTable) and box.value == "ce"
        await pilot.press("3", "x", "slash")
        await settle(pilot)
        assert isinstance(app.focused, SearchInput) and box.value == "cex"
        await pilot.press("escape", "3", "y", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is box and box.value == "cexy"
        await pilot.press("escape")  # leaves the box for the list; the filters stay
        await settle(pilot)
        assert isinstance(app.focused, FacetList) and box.value == "cexy"
        assert [f.kind for f in main.filters] == [COUNTRY]


async def test_the_footer_shows_only_the_keys_that_work_in_a_facet(people_db):
    app = make_app(people_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        active = app.screen.active_bindings
        assert {"r", "q", "c", "slash", "question_mark"} <= set(active)  # in the claims, every key
        await pilot.press("2")
        await settle(pilot)
        active = app.screen.active_bindings
        assert not {"r", "q", "c", "b", "n"} & set(active)  # letters filter the list here
        assert {"slash", "question_mark", "5", "escape"} <= set(active)
        await pilot.press("u")
        await settle(pilot)
        active = app.screen.active_bindings
        assert not {"r", "q"} & set(active) and {"slash", "question_mark", "5", "escape"} <= set(active)
        assert active["escape"].binding.action == "into_list"


def assert_facets_show(main, narrowed) -> None:
    """Every facet lists the counts `narrowed_counts` gives, those with claims first, the rest at 0."""
    for kind in (COUNTRY, ORGANISATION, PERSON, SPEAKER):
        shown = main.facet(kind).shown
        counts = [e.claims for e in shown]
        assert counts == sorted(counts, reverse=True)
        for e in shown:
            assert e.claims == narrowed[kind].get(e.id if e.id is not None else e.key, 0), (kind, e.name)


# --- facets narrowed to the filters ------------------------------------------------------------


async def test_facet_counts_follow_the_filters(people_db):
    app = ExplorerApp(people_db, seed_if_empty=False, search_delay=0, every_sentence=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        before = {e.name: e.claims for e in main.facet(ORGANISATION).shown}
        us = next(e for e in main.entities(COUNTRY) if e.key == "US")
        main.add_filter(us.filter())
        await settle(pilot)  # (it waits for the facets to narrow, once the filters stay put)
        db = main.store._db()
        narrowed = q.narrowed_counts(db, main.shown())
        assert_facets_show(main, narrowed)
        orgs = {e.name: e.claims for e in main.facet(ORGANISATION).shown}
        assert orgs["European Union"] == 1 and orgs["Centre for Maritime Studies"] == 1
        assert before["Centre for Maritime Studies"] == 2
        assert "here" in main.facet(ORGANISATION).border_subtitle
        await pilot.press("escape")  # no filters: the counts over every claim again
        await settle(pilot)
        assert {e.name: e.claims for e in main.facet(ORGANISATION).shown} == before


# --- the People facet --------------------------------------------------------------------------


async def test_the_people_pane_filters_by_a_person_across_documents(people_db):
    app = make_app(people_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("7", *"kettel")
        await settle(pilot)
        assert isinstance(app.focused, FacetFilter) and app.focused.id == "people-filter"
        await pilot.press("enter")
        await settle(pilot)
        assert [(f.kind, f.label) for f in app.main.filters] == [(PERSON, "Tomas Kettel")]
        assert [r.text.split()[0] for r in app.main.table.claims] == ["Tomas", "Kettel"]
        assert app.main.query_one(SearchBox).input.value == ""


async def test_facet_counts_follow_the_attributed_list(people_db):
    # Listing only the attributed claims (the default) is a filter too: with no filter of the
    # user's, the facets count the claims the list holds, not every sentence.
    app = make_app(people_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        assert main.shown() == (q.ATTRIBUTED_ONLY,)
        narrowed = q.narrowed_counts(main.store._db(), main.shown())
        every = q.narrowed_counts(main.store._db(), ())
        assert narrowed != every  # the fixture holds unattributed sentences that mention entities
        assert_facets_show(main, narrowed)
