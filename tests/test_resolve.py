"""What typed text names (one resolver for search and palette), people and bodies merged
across documents, and the facets' counts narrowed to the filters: read-only queries on a
hand-made database (no spaCy)."""

# ruff: noqa: F811 - the fixtures imported are used as test arguments

from __future__ import annotations

import pytest

import extract.store.read as q
from extract.store import connect
from extract.store.read import COUNTRY, ORGANISATION, PERSON, SPEAKER, EntityCount, Filter

from .people_fixtures import people_db_master  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def db(people_db_master):
    database = connect(people_db_master, create=False, readonly=True)
    yield database
    database.conn.close()


def entry(kind, name, claims, key=None, id=1):
    return EntityCount(kind, id, key or name, name, claims)


# Hand-made lists, as the explorer holds them: busier entities first.
LISTS = [
    entry(COUNTRY, "Ukraine", 52, "UA", 1),
    entry(COUNTRY, "Russia", 66, "RU", 2),
    entry(COUNTRY, "United States", 48, "US", 3),
    entry(COUNTRY, "United Kingdom", 1, "GB", 4),
    entry(COUNTRY, "Belarus", 2, "BY", 5),
    entry(ORGANISATION, "European Union", 18, None, 6),
    entry(ORGANISATION, "European Council", 3, None, 7),
    entry(ORGANISATION, "Ukrainian Air Force", 2, None, 8),
    entry(SPEAKER, "Ukraine", 1, None, None),
]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("UK", (COUNTRY, "GB")),  # an alias of the United Kingdom, before the prefix of Ukraine
        ("uk", (COUNTRY, "GB")),
        ("US", (COUNTRY, "US")),
        ("us", (COUNTRY, "US")),  # before Russia and Belarus, which only hold the letters
        ("European Union", (ORGANISATION, "European Union")),  # the organisation, not a reserved country code
        ("EU", (ORGANISATION, "European Union")),
        ("Russian", (COUNTRY, "RU")),  # a demonym
        ("Moscow", (COUNTRY, "RU")),  # a capital
        ("ukr", (COUNTRY, "UA")),  # a prefix, busiest first
    ],
)
def test_exact_codes_names_and_aliases_come_first(typed, first):
    found = q.resolve_entities(typed, LISTS)
    assert (found[0].kind, found[0].key) == first


def test_then_prefixes_then_word_starts_then_inside():
    found = q.resolve_entities("uni", LISTS, limit=None)
    assert [e.name for e in found] == ["United States", "United Kingdom", "European Union"]
    found = q.resolve_entities("us", LISTS, limit=None)
    assert [e.key for e in found][:3] == ["US", "RU", "BY"]


def test_a_country_these_documents_never_name_is_offered_after_what_they_hold():
    found = q.resolve_entities("Japan", LISTS)
    assert [(e.key, e.id, e.present) for e in found] == [("JP", None, False)]
    assert q.resolve_entities("Japan", LISTS, countries=False) == []


@pytest.mark.parametrize("typed", ["in", "it", "no", "sanctions"])
def test_words_are_not_country_codes(typed):
    assert q.country_code(typed) is None


def test_speakers_without_an_entity_are_in_the_documents(db):
    for typed in ("analysts", "Moscow"):
        speaker = next(e for e in q.suggestions(db, typed) if e.kind == SPEAKER)
        assert (speaker.id, speaker.claims, speaker.present) == (None, 1, True)


def test_the_suggestions_read_from_the_database_resolve_aliases(db):
    first = q.suggestions(db, "EU")[0]
    assert (first.kind, first.name) == (ORGANISATION, "European Union")
    first = q.suggestions(db, "UK")[0]
    assert (first.kind, first.key) == (COUNTRY, "GB")


# --- one person, one body, across documents ------------------------------------------------


def test_a_family_name_alone_is_the_one_person_of_that_name(db):
    people = {e.name: e.claims for e in q.entity_counts(db, PERSON)}
    assert "Kettel" not in people
    assert people["Tomas Kettel"] == 2  # one claim in each document, each counted once
    speakers = {e.name: e.claims for e in q.speaker_counts(db)}
    assert speakers["Tomas Kettel"] == 2 and "Kettel" not in speakers


def test_a_family_name_shared_by_two_people_stays_apart(db):
    people = {e.name for e in q.entity_counts(db, PERSON)}
    assert {"Anna Lind", "Erik Lind", "Lind"} <= people


def test_an_acronym_is_the_body_whose_initials_it_gives(db):
    bodies = {e.name: e.claims for e in q.entity_counts(db, ORGANISATION)}
    assert "CMS" not in bodies and bodies["Centre for Maritime Studies"] == 2
    speakers = {e.name for e in q.speaker_counts(db)}
    assert "Centre for Maritime Studies" in speakers and "CMS" not in speakers


def test_filtering_by_a_merged_person_finds_every_variant(db):
    kettel = next(e for e in q.entity_counts(db, PERSON) if e.name == "Tomas Kettel")
    texts = [r.text for r in q.claims_page(db, [kettel.filter()]).rows]
    assert texts == ["Tomas Kettel said Russia would reopen 2 ports.", "Kettel warned that Russia could close 3 routes."]
    assert q.count_claims(db, [kettel.filter()]) == 2
    speaker = next(e for e in q.speaker_counts(db) if e.name == "Tomas Kettel")
    assert q.count_claims(db, [speaker.filter()]) == 2
    assert q.entity(db, PERSON, "Kettel").id == kettel.id  # the bare name resolves to the person
    typed = q.suggestions(db, "Kettel")
    assert {(e.kind, e.name) for e in typed} == {(PERSON, "Tomas Kettel"), (SPEAKER, "Tomas Kettel")}


# --- facets narrowed to the filters --------------------------------------------------------


def brute_force(db, filters, kind):
    """Claims under the filters per entity of `kind`, counted claim by claim (merged entities as one)."""
    ids = q.view_claim_ids(db, filters, limit=10_000)[0]
    groups = q.entity_groups(db)
    found: dict = {}
    for claim_id in ids:
        if kind == SPEAKER:
            eid, text = db.execute("SELECT speaker_entity_id, speaker FROM claims WHERE id = ?", [claim_id]).fetchone()
            if text:
                key = groups.get(eid, eid) if eid is not None else text
                found[key] = found.get(key, 0) + 1
            continue
        named = {
            groups.get(eid, eid)
            for (eid,) in db.execute(
                "SELECT m.entity_id FROM mentions m JOIN claims c ON c.sentence_id = m.sentence_id"
                " JOIN entities e ON e.id = m.entity_id WHERE c.id = ? AND e.kind = ?",
                [claim_id, kind],
            )
        }
        for eid in named:
            found[eid] = found.get(eid, 0) + 1
    return found


def test_narrowed_counts_are_those_of_the_claims_under_the_filters(db):
    russia = next(e for e in q.entity_counts(db, COUNTRY) if e.key == "RU")
    us = next(e for e in q.entity_counts(db, COUNTRY) if e.key == "US")
    for filters in (
        [russia.filter()],
        [us.filter()],
        [russia.filter(), us.filter()],
        [Filter("search", "ships", "ships")],
    ):
        narrowed = q.narrowed_counts(db, filters)
        for kind in (COUNTRY, ORGANISATION, PERSON, SPEAKER):
            assert narrowed[kind] == brute_force(db, filters, kind), (filters, kind)
    narrowed = q.narrowed_counts(db, [russia.filter()])
    eu = next(e for e in q.entity_counts(db, ORGANISATION) if e.name == "European Union")
    assert narrowed[ORGANISATION].get(eu.id) == 1  # "The EU said Russia and the United States met"
    assert narrowed[COUNTRY].get(next(e.id for e in q.entity_counts(db, COUNTRY) if e.key == "FR"), 0) == 0


def test_narrowed_counts_of_filters_that_match_nothing_are_empty(db):
    assert q.narrowed_counts(db, [Filter("section", 10_000, "gone")]) == {
        COUNTRY: {},
        ORGANISATION: {},
        PERSON: {},
        SPEAKER: {},
    }
