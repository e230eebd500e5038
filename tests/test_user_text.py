"""Text the user types or pastes never makes a read function raise, and a long search stays bounded.

Fuzzed with hypothesis over any Unicode text, lone surrogates and control characters
included (reachable by paste), against a small hand-built database.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.store import connect
from extract.store import read as q
from extract.store.read import COUNTRY, ORGANISATION, SEARCH, Filter

from .tui_fixtures import BRIEFING, MEMO, build_db


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = build_db(tmp_path_factory.mktemp("typed") / "typed.db", [BRIEFING, MEMO])
    database = connect(path, create=False, readonly=True)
    yield database
    database.conn.close()


# Any code point, surrogates included, with words and FTS syntax mixed in so the
# fuzzing reaches the query builder and not only the cleaning.
_PIECES = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=8),
    st.sampled_from(["sanctions", "Russia", "NATO", '"', "*", "AND", "NEAR(", "\x00", "\ud800", "\udcff", " ", "%"]),
)
TYPED = st.lists(_PIECES, max_size=6).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TYPED)
def test_no_typed_text_makes_a_read_function_raise(db, text):
    filters = [Filter(SEARCH, text, text)]
    page = q.claims_page(db, filters)
    assert q.count_claims(db, filters) >= len(page.rows)
    assert q.count_claims(db, filters, at_most=3) <= 4
    q.search_count(db, text)
    q.suggestions(db, text)
    q.entity_counts(db, COUNTRY, text)
    q.entity_counts(db, ORGANISATION, text)
    q.speaker_counts(db, text)
    q.resolve_country(db, text)
    if page.rows:
        q.match_spans(db, text, {page.rows[0].sentence_id: page.rows[0].text})
        q.claim_detail(db, page.rows[0].id, text)
        q.document_text(db, page.rows[0].document_id, text)


@pytest.mark.parametrize("dirty, clean", [
    ("sanc\x00tions", "sanctions"),
    ("sanc\ud800tions", "sanctions"),
    ("Russia\tand\nNATO", "Russia and NATO"),
    ("\x1b[31mRussia", "[31mRussia"),
    ("Ukraine\x9b", "Ukraine"),
])
def test_typed_text_is_cleaned_of_what_typing_never_means(dirty, clean):
    assert q.user_text(dirty) == clean


def test_a_word_cut_by_a_nul_is_still_found(db):
    """An invisible NUL pasted into a word must not hide the sentences the word is in."""
    plain = q.count_claims(db, [Filter(SEARCH, "sanctions", "sanctions")])
    assert plain > 0
    assert q.count_claims(db, [Filter(SEARCH, "sanc\x00tions", "")]) == plain
    assert q.search_count(db, "sanc\ud800tions") == q.search_count(db, "sanctions")


def test_a_long_search_uses_its_first_distinct_words(db):
    pasted = " ".join(["a", "to", "of", "in"] * 2500)  # 10,000 characters of short common words
    assert q.fts_query(db, pasted) == '"a" "to" "of" "in"*'  # each word once
    many = " ".join(f"word{i}" for i in range(40))
    query = q.fts_query(db, many)
    assert query is not None
    assert query.split() == [f'"word{i}"' for i in range(q.SEARCH_TERMS)]  # the rest left out, no prefix
    assert len(q.search_words(many)) == 40  # what the search box counts to say so


def test_the_word_being_typed_is_the_prefix_even_when_repeated(db):
    assert q.fts_query(db, "trade sanctions trad") == '"trade" "sanctions" "trad"*'
    assert q.fts_query(db, "trade sanctions trade") == '"sanctions" "trade"*'


PASTED = ["sanc\x00tions", "Russia\ud800", "\udcff\udcfe", "\x00", "a\x1b[2J", " ".join(["of", "to", "in"] * 3000)]


async def test_pasted_text_in_the_explorer_is_never_an_error(tmp_path):
    from tui.app import ExplorerApp
    from tui.widgets.facets import FacetFilter

    from .tui_fixtures import settle

    # Every sentence listed: the search below finds a sentence no speaker or cue attributes.
    app = ExplorerApp(
        build_db(tmp_path / "typed.db", [BRIEFING, MEMO]), seed_if_empty=False, search_delay=0, every_sentence=True
    )
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        boxes = [app.main.search_box.input, *app.main.query(FacetFilter)]
        for box in boxes:
            for text in PASTED:
                box.value = text
                await settle(pilot)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors == []
        app.main.search_box.input.value = "sanc\x00tions"
        await settle(pilot)
        assert app.main.table.claims  # the word is found despite the NUL pasted into it
