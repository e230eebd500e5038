"""The analyst's store: bookmarks that outlive a re-ingest, notes, saved filters, dates,
citations and exports, who says what about an entity, and search syntax.

Hand-made documents (no spaCy), written straight to temporary databases.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import replace

import pytest

from extract.records import COUNTRY, ORGANISATION
from extract.store import connect, save_document, user
from extract.store import read as q
from extract.store.citations import citation_text, view_citations, write_citations
from extract.store.read import DATE, SEARCH, SPEAKER, Filter

from .tui_fixtures import BRIEFING, KREMLIN, MEMO, Doc, Para, make_document


@pytest.fixture()
def db(tmp_path):
    database = connect(tmp_path / "a.db")
    save_document(database, replace(make_document(BRIEFING), published="2024-03-05", published_from="text"))
    save_document(database, replace(make_document(MEMO), published="2024-06-20", published_from="file"))
    yield database
    database.conn.close()


def claim_of(db, sentence: str) -> int:
    return db.execute(
        "SELECT c.id FROM claims c JOIN sentences s ON s.id = c.sentence_id WHERE s.text = ?", [sentence]
    ).fetchone()[0]


def all_claims(db, filters) -> list[int]:
    ids, after = [], None
    while True:
        chunk, after = q.view_claim_ids(db, filters, after=after, limit=3)
        ids += chunk
        if after is None:
            return ids


# --- bookmarks ---------------------------------------------------------------------------


def test_a_bookmark_toggles_and_marks_its_claim_in_the_list(db):
    claim = claim_of(db, KREMLIN)
    assert user.toggle_bookmark(db, claim) is True
    rows = q.claims_page(db).rows
    assert [r.text for r in rows if r.bookmarked] == [KREMLIN]
    assert user.toggle_bookmark(db, claim) is False
    assert not any(r.bookmarked for r in q.claims_page(db).rows)


def test_a_note_bookmarks_the_claim_and_is_kept(db):
    claim = claim_of(db, KREMLIN)
    user.set_note(db, claim, "  check the date of the proposal  ")
    (mark,) = q.bookmarks(db)
    assert (mark.claim_id, mark.note, mark.speaker) == (claim, "check the date of the proposal", "Maria Ortega")
    assert q.bookmark_of_claim(db, claim).note == "check the date of the proposal"
    user.set_note(db, claim, "")
    assert q.bookmarks(db)[0].note == ""  # still bookmarked, the note cleared


def test_bookmarks_survive_a_re_ingest_of_a_changed_document_where_the_sentence_stands(db):
    user.set_note(db, claim_of(db, KREMLIN), "follow up")
    user.toggle_bookmark(db, claim_of(db, "Ukraine asked France for 12 more air-defence systems."))
    changed = Doc(
        BRIEFING.name,
        BRIEFING.title,
        [("Eastern Europe", [Para([("A new opening sentence about Ukraine.", None, None), (KREMLIN, "Maria Ortega", "said")])])],
    )
    assert save_document(db, make_document(changed)).status == "replaced"  # new rows, new ids
    new_claim = claim_of(db, KREMLIN)
    marks = {m.sentence: m for m in q.bookmarks(db)}
    assert marks[KREMLIN].claim_id == new_claim and marks[KREMLIN].note == "follow up"
    gone = marks["Ukraine asked France for 12 more air-defence systems."]
    assert gone.claim_id is None and gone.document_name == "briefing.txt"  # kept, shown as no longer found
    assert [r.text for r in q.claims_page(db).rows if r.bookmarked] == [KREMLIN]


def test_bookmarks_survive_an_unchanged_re_ingest_and_a_forced_one(db):
    user.toggle_bookmark(db, claim_of(db, KREMLIN))
    assert save_document(db, make_document(BRIEFING)).status == "unchanged"
    assert save_document(db, make_document(BRIEFING), force=True).status == "replaced"
    assert q.bookmarks(db)[0].claim_id == claim_of(db, KREMLIN)


def test_bookmarks_are_exported_with_their_notes(db):
    user.set_note(db, claim_of(db, KREMLIN), "a note with \"quotes\", commas and *stars*")
    out = io.StringIO()
    assert write_citations(view_citations(db, ()), "csv", out) == 10
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    marked = [r for r in rows if r["bookmarked"] == "True"]
    assert [(r["sentence"], r["note"]) for r in marked] == [(KREMLIN, 'a note with "quotes", commas and *stars*')]
    assert rows[0]["document_path"] == "/documents/briefing.txt" and rows[0]["published"] == "2024-03-05"
    bookmarked = q.bookmark_citations(db)
    assert [c.sentence for c in bookmarked] == [KREMLIN]


# --- citations and exports -------------------------------------------------------------------


def test_a_citation_names_the_sentence_speaker_title_date_section_and_offsets(db):
    (c,) = q.citations(db, [claim_of(db, KREMLIN)])
    text = db.execute("SELECT text FROM documents WHERE id = ?", [c.document_id]).fetchone()[0]
    assert text[c.start : c.end] == KREMLIN
    pasted = citation_text(c)
    assert pasted.splitlines() == [
        f"“{KREMLIN}”",
        "— Maria Ortega said",
        "briefing.txt, 2024-03-05, § Eastern Europe",
        f"/documents/briefing.txt, characters {c.start}–{c.end}",
    ]


def test_a_date_from_the_file_is_said_to_be_one(db):
    (c,) = q.citations(db, [claim_of(db, "Moscow denied it, and Ukraine disagreed.")])
    assert "2024-06-20 (file date)" in citation_text(c)


def test_the_three_export_formats_hold_every_claim_of_the_view(db):
    russia = q.entity(db, COUNTRY, "RU").filter()
    expected = q.count_claims(db, [russia])
    jsonl, md, sheet = io.StringIO(), io.StringIO(), io.StringIO()
    assert write_citations(view_citations(db, [russia], chunk=2), "jsonl", jsonl) == expected
    assert write_citations(view_citations(db, [russia], chunk=2), "md", md, title="Russia (RU)") == expected
    assert write_citations(view_citations(db, [russia], chunk=2), "csv", sheet) == expected
    records = [json.loads(line) for line in jsonl.getvalue().splitlines()]
    assert all("RU" in r["countries"] for r in records) and len({r["claim_id"] for r in records}) == expected
    assert md.getvalue().count("\n> — ") + md.getvalue().count("\n> *") >= expected
    # Document text is escaped in Markdown: the memo's markup stays literal.
    assert "\\[@click=app\\.quit\\]" in md.getvalue() and "[@click=app.quit]" not in md.getvalue()


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "claims"),
    [("2024", 10), ("2024-03", 8), ("2024-03-05", 8), ("2024-04..", 2), ("..2024-05", 8), ("March 2024..June 2024", 10)],
)
def test_the_date_filter_keeps_the_claims_of_documents_dated_in_its_range(db, typed, claims):
    f = q.date_filter(typed)
    assert f.kind == DATE
    assert q.count_claims(db, [f]) == claims == len(all_claims(db, [f]))


@pytest.mark.parametrize(("typed", "message"), [("soon", "not a date"), ("2024-06..2024-01", "before it starts"), ("..", "at least one")])
def test_a_date_filter_that_cannot_be_read_says_why(typed, message):
    with pytest.raises(ValueError, match=message):
        q.date_filter(typed)


def test_the_timeline_counts_an_entitys_claims_per_month(db):
    russia = q.entity(db, COUNTRY, "RU")
    timeline = q.claims_timeline(db, russia.id)
    assert timeline.months[0][0] == "2024-03" and timeline.months[-1][0] == "2024-06"
    assert [n for _, n in timeline.months] == [4, 0, 0, 2]  # empty months are there, at 0
    assert timeline.from_files == 2 and timeline.undated == 0
    assert sum(n for _, n in timeline.months) == russia.claims


# --- who says what about X -------------------------------------------------------------------


def test_who_says_what_about_a_country_with_counts_and_quantities(db):
    russia = q.entity(db, COUNTRY, "RU")
    speakers, unattributed = q.speakers_about(db, russia.id)
    by_name = {s.speaker.name: s for s in speakers}
    assert by_name["Maria Ortega"].claims == 2 and by_name["European Union"].quantities == ("40",)
    assert sum(s.claims for s in speakers) + unattributed == russia.claims
    for s in speakers:  # each a key away from its claims: the filter gives exactly that count
        assert q.count_claims(db, [russia.filter(), s.speaker.filter()]) == s.claims


def test_co_mentioned_countries_are_counted_by_the_claims_naming_both(db):
    russia = q.entity(db, COUNTRY, "RU")
    pairs = {e.key: e.claims for e in q.co_mentioned(db, russia.id)}
    assert pairs == {"UA": 2}
    ukraine = q.entity(db, COUNTRY, "UA")
    assert q.count_claims(db, [russia.filter(), ukraine.filter()]) == 2
    eu = q.entity(db, ORGANISATION, "European Union")
    assert {e.key for e in q.co_mentioned(db, eu.id)} == {"RU"}


# --- saved filters ---------------------------------------------------------------------------


def test_saved_filters_are_found_again_after_a_re_ingest(db):
    russia = q.entity(db, COUNTRY, "RU").filter()
    ortega = next(s for s in q.speaker_counts(db) if s.name == "Maria Ortega").filter()
    section = q.sections(db, 1)[0]
    filters = (russia, ortega, Filter(SEARCH, "talks", "talks"), q.date_filter("2024"), Filter("section", section.id, "Eastern Europe"))
    saved = json.loads(json.dumps(q.stable_filters(db, filters)))
    before = q.count_claims(db, filters)
    save_document(db, make_document(BRIEFING), force=True)  # every id changes
    restored = q.resolve_filters(db, saved)
    assert [f.kind for f in restored] == [f.kind for f in filters]
    assert restored[0].label == russia.label and restored[1].kind == SPEAKER
    assert q.count_claims(db, restored) == before
    user.save_search(db, "  Russia  talks ", saved)
    assert q.saved_searches(db) == [("Russia talks", saved)]
    user.delete_search(db, "Russia talks")
    assert q.saved_searches(db) == []


def test_a_saved_filter_whose_entity_is_gone_is_left_out(db):
    saved = [{"kind": COUNTRY, "label": "Chile (CL)", "entity_kind": COUNTRY, "key": "CL"}, {"kind": "unknown", "value": 1}]
    assert q.resolve_filters(db, saved) == ()


def test_a_read_only_older_database_reads_empty_bookmarks(tmp_path):
    path = tmp_path / "old.db"
    database = connect(path)
    save_document(database, make_document(BRIEFING))
    database.conn.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX idx_documents_published")
    for table in ("bookmarks", "saved_searches", "explorer_state"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("ALTER TABLE documents DROP COLUMN published_from")
    conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    reader = connect(path, create=False, readonly=True)
    assert q.bookmarks(reader) == [] and q.saved_searches(reader) == [] and q.explorer_state(reader) == {}
    assert len(q.claims_page(reader).rows) == 8
    reader.conn.close()
    writer = connect(path)  # upgraded to 4 in place
    user.toggle_bookmark(writer, claim_of(writer, KREMLIN))
    assert len(q.bookmarks(writer)) == 1
    writer.conn.close()


# --- search syntax -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "sentences"),
    [
        ("France OR Azerbaijan", {
            "Jeyhun Bayramov said that Azerbaijan supports 3 new corridors.",
            "NATO said its members would meet in France.",
            "France hosted a summit on energy, Maria Ortega noted.",
            "Ukraine asked France for 12 more air-defence systems.",
        }),
        ("France -Ukraine", {"NATO said its members would meet in France.", "France hosted a summit on energy, Maria Ortega noted."}),
        ('"European Union"', {
            "The European Union announced 17 sanctions packages against Russia.",
            "Russian gas flows fell by 40 percent, the European Union said.",
        }),
        ('"Union European"', set()),
        ("sanction*", {"The European Union announced 17 sanctions packages against Russia."}),
        ("Russia OR Ukraine -Moscow -Kyiv", {
            "The European Union announced 17 sanctions packages against Russia.",
            "Ukraine asked France for 12 more air-defence systems.",
            HOSTILE_TEXT := "Officials wrote [/bold] and [@click=app.quit] in the memo, then \x1b[31mred\x1b[0m text about Russia.",
        }),
        ("said -\"Maria Ortega\"", {
            "Jeyhun Bayramov said that Azerbaijan supports 3 new corridors.",
            "NATO said its members would meet in France.",
            "Russian gas flows fell by 40 percent, the European Union said.",
        }),
    ],
)
def test_search_syntax_works_as_in_fts5_and_the_count_matches_the_list(db, typed, sentences):
    f = Filter(SEARCH, typed, typed)
    ids = all_claims(db, [f])
    found = {c.sentence for c in q.citations(db, ids)}
    assert found == sentences
    assert q.count_claims(db, [f]) == len(ids) == q.count_claims(db, [f], at_most=1000)


@pytest.mark.parametrize("typed", ["OR", "-", "- -", '"', "a OR OR", "-Russia", "NOT", "x AND", "(", '"unclosed', "*", "OR -x"])
def test_search_syntax_fragments_never_raise(db, typed):
    f = Filter(SEARCH, typed, typed)
    assert q.count_claims(db, [f]) == len(all_claims(db, [f]))


def test_only_words_to_leave_out_search_nothing_rather_than_guess(db):
    assert q.fts_query(db, "-Russia -Ukraine") is None


@pytest.mark.parametrize("typed", ["x OR y z", "z x OR y", "a OR b c OR d -e", '"a b" OR c -"d e" f*'])
def test_groups_and_terms_combine_into_valid_fts5(db, typed):
    query = q.fts_query(db, typed)
    assert query is not None
    db.execute("SELECT COUNT(*) FROM sentences_fts WHERE sentences_fts MATCH ?", [query]).fetchone()
