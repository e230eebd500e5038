"""The explorer's read-only queries, on hand-made databases (no spaCy)."""

from __future__ import annotations

import pytest

import extract.store.read as q
from extract.entities.people.keys import person_key
from extract.records import Block, Claim, Entity, ExtractedDocument, Mention, Sentence
from extract.store import connect, save_document
from extract.store.read import COUNTRY, DOCUMENT, ORGANISATION, PERSON, SEARCH, SECTION, SPEAKER, Filter

from .tui_fixtures import BRIEFING, HOSTILE, KREMLIN, MEMO, Doc, Para, build_db


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = build_db(tmp_path_factory.mktemp("q") / "q.db", [BRIEFING, MEMO])
    database = connect(path, create=False, readonly=True)
    yield database
    database.conn.close()


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """One document with 1,000 claims, every third mentioning Russia, for paging."""
    sentences = [
        (f"Statement {i} about Russia." if i % 3 == 0 else f"Statement {i} about Ukraine.", None, None)
        for i in range(1000)
    ]
    doc = Doc("long.txt", "Long", [("All", [Para(sentences[i : i + 50]) for i in range(0, 1000, 50)])])
    path = build_db(tmp_path_factory.mktemp("big") / "big.db", [doc])
    database = connect(path, create=False, readonly=True)
    yield database
    database.conn.close()


def entity_id(db, kind, key):
    if kind == PERSON:
        key = person_key(key)  # people are stored under the key their name variants share
    return db.execute("SELECT id FROM entities WHERE kind = ? AND key = ?", [kind, key]).fetchone()[0]


def test_documents_and_sections_with_counts(db):
    docs = q.documents(db)
    assert [d.name for d in docs] == ["briefing.txt", "memo.md"]
    assert [d.claims for d in docs] == [8, 2]
    sections = q.sections(db, docs[0].id)
    assert [(s.heading, s.claims) for s in sections] == [("Eastern Europe", 5), ("Western Europe", 3)]


def test_entity_counts_are_claims_mentioning_them(db):
    countries = {e.key: e for e in q.entity_counts(db, COUNTRY)}
    assert countries["RU"].name == "Russia"  # a display name, though the entity's name is its code
    assert countries["RU"].claims == 6  # claims whose sentence names Russia, Russian or Moscow
    assert countries["FR"].claims == 3
    assert [e.key for e in q.entity_counts(db, COUNTRY, "ukr")] == ["UA"]
    assert [e.key for e in q.entity_counts(db, COUNTRY, "fr")] == ["FR"]
    orgs = q.entity_counts(db, ORGANISATION)
    assert [(e.name, e.claims) for e in orgs] == [("European Union", 2), ("NATO", 1)]


def test_speaker_counts(db):
    speakers = {e.name: e.claims for e in q.speaker_counts(db)}
    assert speakers == {"Maria Ortega": 3, "Jeyhun Bayramov": 1, "NATO": 1, "European Union": 1}
    assert [e.name for e in q.speaker_counts(db, "orte")] == ["Maria Ortega"]
    assert q.speaker_counts(db, "%") == []  # LIKE wildcards are taken literally


def test_filters_combine(db):
    ru = entity_id(db, COUNTRY, "RU")
    fr = entity_id(db, COUNTRY, "FR")
    eu = entity_id(db, ORGANISATION, "European Union")
    only_ru = q.claims_page(db, [Filter(COUNTRY, ru, "Russia")])
    assert len(only_ru.rows) == 6 and all("RU" in row.countries for row in only_ru.rows)
    both = q.claims_page(db, [Filter(COUNTRY, ru, "Russia"), Filter(ORGANISATION, eu, "EU")])
    assert [row.text for row in both.rows] == [
        "The European Union announced 17 sanctions packages against Russia.",
        "Russian gas flows fell by 40 percent, the European Union said.",
    ]
    assert q.count_claims(db, [Filter(COUNTRY, ru, ""), Filter(COUNTRY, fr, "")]) == 0
    speaker = next(e for e in q.speaker_counts(db) if e.name == "Maria Ortega")
    by_her = q.claims_page(db, [speaker.filter()])
    assert [row.text for row in by_her.rows] == [
        KREMLIN,
        "France hosted a summit on energy, Maria Ortega noted.",
        HOSTILE,
    ]


def test_section_and_document_filters(db):
    docs = q.documents(db)
    west = next(s for s in q.sections(db, docs[0].id) if s.heading == "Western Europe")
    rows = q.claims_page(db, [Filter(SECTION, west.id, west.heading)]).rows
    assert [r.text.split()[0] for r in rows] == ["France", "Russian", "Ukraine"]
    assert q.count_claims(db, [Filter(DOCUMENT, docs[1].id, "memo.md")]) == 2


def test_keyset_paging_walks_every_claim_once(big):
    ru = entity_id(big, COUNTRY, "RU")
    filters = [Filter(COUNTRY, ru, "Russia")]
    seen, page = [], q.claims_page(big, filters, limit=40)
    assert not page.more_before
    while True:
        seen += [row.id for row in page.rows]
        if not page.more_after:
            break
        page = q.claims_page(big, filters, after=page.rows[-1].key, limit=40)
        assert page.more_before
    assert len(seen) == len(set(seen)) == 334 == q.count_claims(big, filters)
    assert seen == sorted(seen)
    last = q.claims_page(big, filters, last=True, limit=40)
    assert [r.id for r in last.rows] == seen[-40:] and last.more_before and not last.more_after
    back = q.claims_page(big, filters, before=last.rows[0].key, limit=40)
    assert [r.id for r in back.rows] == seen[-80:-40]
    middle = q.claims_page(big, filters, at=seen[100], limit=10)
    assert [r.id for r in middle.rows] == seen[100:110] and middle.more_before and middle.more_after


def test_rare_and_common_filters_give_the_same_answers(big, monkeypatch):
    ru = entity_id(big, COUNTRY, "RU")
    filters = [Filter(COUNTRY, ru, "Russia")]
    listed = [r.id for r in q.claims_page(big, filters, limit=500).rows]
    monkeypatch.setattr(q, "RARE", 1)  # every filter now "common": probed row by row instead of listed
    probed = [r.id for r in q.claims_page(big, filters, limit=500).rows]
    assert listed == probed and len(listed) == 334


def test_adjacent_claim_stays_in_the_document_and_the_filters(db):
    ru = entity_id(db, COUNTRY, "RU")
    filters = [Filter(COUNTRY, ru, "Russia")]
    rows = q.claims_page(db, filters).rows
    in_briefing = [r.id for r in rows if r.document_id == rows[0].document_id]
    assert q.adjacent_claim(db, filters, in_briefing[0], 1) == in_briefing[1]
    assert q.adjacent_claim(db, filters, in_briefing[1], -1) == in_briefing[0]
    assert q.adjacent_claim(db, filters, in_briefing[-1], 1) is None  # the memo's claims are another document
    assert q.adjacent_claim(db, filters, in_briefing[0], -1) is None


def test_claim_detail_is_the_sentence_in_its_paragraph(db):
    row = next(r for r in q.claims_page(db).rows if r.text == KREMLIN)
    detail = q.claim_detail(db, row.id)
    assert detail.sentence == KREMLIN
    assert detail.passage.startswith("Russia and Ukraine resumed talks") and KREMLIN in detail.passage
    assert detail.document_name == "briefing.txt" and detail.section_path == ("Eastern Europe",)
    marks = {(detail.passage[m.start : m.end], m.kind) for m in detail.marks}
    assert ("Moscow", COUNTRY) in marks and ("Kyiv", COUNTRY) in marks
    assert ("Maria Ortega", "person") in marks and ("said", "cue") in marks
    assert ("3", "quantity") in marks
    assert detail.countries == ("RU",)


def test_search_matches_are_marked_by_the_index_own_stemming(db):
    page = q.claims_page(db, [Filter(SEARCH, "sanction", "sanction")])
    assert [r.text for r in page.rows] == ["The European Union announced 17 sanctions packages against Russia."]
    row = page.rows[0]
    assert [row.text[a:b] for a, b in row.matches] == ["sanctions"]
    detail = q.claim_detail(db, row.id, "sanction")
    assert [detail.passage[m.start : m.end] for m in detail.marks if m.kind == "match"] == ["sanctions"]
    assert q.search_count(db, "russ") == 4  # a prefix: Russia and Russian


HOSTILE_INPUTS = [
    '"',
    '""',
    "'",
    "*",
    "AND",
    "OR NOT",
    "NEAR(",
    "NEAR(a b",
    "(((",
    ")",
    "[x",
    "]",
    "{a}",
    "a:b",
    "text:russia",
    "^",
    "-",
    "+",
    "sanction*",
    'abc"def',
    "\\",
    "%",
    "_",
    "\x00",
    "\x1b[31m",
]


@pytest.mark.parametrize("text", HOSTILE_INPUTS)
def test_any_search_input_is_safe(db, text):
    filters = [Filter(SEARCH, text, text)]
    page = q.claims_page(db, filters)  # never raises
    assert q.count_claims(db, filters) == len(page.rows) or page.more_after
    q.search_count(db, text)
    q.suggestions(db, text)
    q.entity_counts(db, COUNTRY, text)
    q.speaker_counts(db, text)


def test_operators_are_searched_as_words(db):
    assert q.fts_query(db, "russia AND ukraine") == '"russia" "AND" "ukraine"*'
    assert q.fts_query(db, "NEAR(") == '"NEAR("*'
    assert q.fts_query(db, '" * ( ') is None


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Russia", "RU"),
        ("Russian", "RU"),
        ("russian", "RU"),
        ("RU", "RU"),
        ("Moscow", "RU"),
        ("the Kremlin", "RU"),
        ("Ukraine", "UA"),
        ("Kyiv", "UA"),
        ("United States", "US"),
        ("US", "US"),
        ("us", "US"),  # "us" as a search is rarely the pronoun: the gazetteer knows it as the country
        ("UK", "GB"),
        ("Chinese", "CN"),
        ("Beijing", "CN"),
    ],
)
def test_typed_text_naming_a_country(typed, code):
    assert q.country_code(typed) == code


@pytest.mark.parametrize("typed", ["in", "it", "sanctions", "Bayramov", "NEAR(", "[bold]", "", "R", "European Union"])
def test_typed_text_naming_no_country(typed):
    assert q.country_code(typed) is None


def test_suggestions_offer_the_named_country_first(db):
    for typed in ("Russia", "Russian", "RU", "Moscow"):
        first = q.suggestions(db, typed)[0]
        assert (first.kind, first.key, first.claims) == (COUNTRY, "RU", 6)
    first = q.suggestions(db, "Maria")[0]
    assert (first.kind, first.name) == (SPEAKER, "Maria Ortega")


def test_a_country_not_in_the_documents_is_named_but_not_counted(db):
    japan = q.resolve_country(db, "Japan")
    assert (japan.key, japan.id, japan.claims) == ("JP", None, 0)


def test_document_text_for_the_reader(db):
    memo = q.documents(db)[1]
    document = q.document_text(db, memo.id, "moscow")
    assert document.text.startswith("Memo [bold]with markup[/bold]")
    assert any(b.kind == "heading" for b in document.blocks)
    assert [document.text[m.start : m.end] for m in document.marks if m.kind == "match"] == ["Moscow"]


def test_queries_import_neither_the_ui_nor_spacy():
    import subprocess
    import sys

    code = (
        "import sys, extract.store.read as q; q.country_code('Moscow');"
        "print(sorted(m for m in ('textual', 'rich', 'tui', 'spacy') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --- the ways of reading claims under a search give the same answers ------------------------
#
# A search is listed, streamed from the FTS index or checked claim by claim in a temporary
# index, depending on how many sentences it matches and on the other filters; on a large
# database each way is the fast one somewhere. A small database is made to take each way by
# moving the thresholds, and every way must page and count exactly like the plain listing.

STRATEGIES = {
    "listed": {"SEARCH_LISTED": 10**9, "RARE": 10**9},
    "streamed or checked": {"SEARCH_LISTED": 0, "CHECK_CHUNK": 7, "CHECK_BUDGET": 10**9},
    "checked, then listed": {"SEARCH_LISTED": 0, "CHECK_CHUNK": 5, "CHECK_BUDGET": 10},
    "entities probed": {"SEARCH_LISTED": 0, "RARE": 1, "RARE_SHARE": 10**9, "CHECK_CHUNK": 9},
}


def _mixed_document(n: int, sentences: int) -> ExtractedDocument:
    """Sentences about Russia (every third) or Ukraine; most are claims, every fifth has two."""
    texts = [
        f"Report {n}-{i} about {'Russia' if i % 3 == 0 else 'Ukraine'} and {'trade' if i % 4 else 'sanctions'}."
        for i in range(sentences)
    ]
    text, spans, pos = "", [], 0
    for i, t in enumerate(texts):
        spans.append(Sentence(i, pos, pos + len(t), t, 0, None))
        text += t + " "
        pos += len(t) + 1
    mentions, claims = [], []
    for s in spans:
        country = "Russia" if "Russia" in s.text else "Ukraine"
        at = s.start + s.text.index(country)
        code = "RU" if country == "Russia" else "UA"
        mentions.append(Mention(s.index, at, at + len(country), country, COUNTRY, code))
        if s.index % 7 != 6:
            speaker = "Maria Ortega" if s.index % 2 else None
            claims.append(Claim(s.index, speaker, PERSON if speaker else None, None, None, None))
        if s.index % 5 == 0:
            claims.append(Claim(s.index, "Jeyhun Bayramov", PERSON, None, None, None))
    return ExtractedDocument(
        name=f"mixed{n}.txt",
        path=f"/corpus/mixed{n}.txt",
        text=text,
        sha256=str(n),
        encoding="utf-8",
        model="test",
        model_version="0",
        blocks=(Block(0, "paragraph", 0, len(text), text),),
        sentences=tuple(spans),
        entities=(
            Entity(COUNTRY, "RU", "Russia"),
            Entity(COUNTRY, "UA", "Ukraine"),
            Entity(PERSON, "Maria Ortega", "Maria Ortega"),
            Entity(PERSON, "Jeyhun Bayramov", "Jeyhun Bayramov"),
        ),
        mentions=tuple(mentions),
        claims=tuple(claims),
    )


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    path = tmp_path_factory.mktemp("mixed") / "mixed.db"
    writer = connect(path)
    for n in range(3):
        save_document(writer, _mixed_document(n, 90))
    writer.conn.close()
    database = connect(path, create=False, readonly=True)
    yield database
    database.conn.close()


def _walk(db, filters, limit=13):
    """Every claim id, paging forwards from the first page and backwards from the last."""
    forwards, page = [], q.claims_page(db, filters, limit=limit)
    while True:
        forwards += [r.id for r in page.rows]
        if not page.more_after:
            break
        page = q.claims_page(db, filters, after=page.rows[-1].key, limit=limit)
    backwards, page = [], q.claims_page(db, filters, last=True, limit=limit)
    while True:
        backwards = [r.id for r in page.rows] + backwards
        if not page.more_before:
            break
        page = q.claims_page(db, filters, before=page.rows[0].key, limit=limit)
    middle = q.claims_page(db, filters, at=forwards[len(forwards) // 2], limit=limit) if forwards else None
    return forwards, backwards, [r.id for r in middle.rows] if middle else []


def _mixed_filters(db):
    ru = entity_id(db, COUNTRY, "RU")
    maria = entity_id(db, PERSON, "Maria Ortega")
    second = q.documents(db)[1].id
    return {
        "common search": [Filter(SEARCH, "report", "")],
        "prefix": [Filter(SEARCH, "r", "")],
        "rarer search": [Filter(SEARCH, "sanctions", "")],
        "search and country": [Filter(SEARCH, "report", ""), Filter(COUNTRY, ru, "")],
        "search and document": [Filter(DOCUMENT, second, ""), Filter(SEARCH, "trade", "")],
        "search and speaker": [Filter(SEARCH, "ukraine", ""), Filter(SPEAKER, maria, "")],
        "two searches": [Filter(SEARCH, "russia", ""), Filter(SEARCH, "sanctions", "")],
        "no match": [Filter(SEARCH, "zebra", ""), Filter(COUNTRY, ru, "")],
    }


@pytest.mark.parametrize("strategy", list(STRATEGIES))
def test_every_way_of_searching_pages_and_counts_alike(mixed, monkeypatch, strategy):
    cases = _mixed_filters(mixed)
    expected = {name: _walk(mixed, filters) for name, filters in cases.items()}
    counts = {name: q.count_claims(mixed, filters) for name, filters in cases.items()}
    for name, setting in STRATEGIES[strategy].items():
        monkeypatch.setattr(q, name, setting)
    for name, filters in cases.items():
        forwards, backwards, middle = _walk(mixed, filters)
        assert forwards == backwards == sorted(forwards, key=lambda cid: q.claim_key(mixed, cid)), name
        assert (forwards, backwards, middle) == expected[name], name
        assert q.count_claims(mixed, filters) == counts[name] == len(forwards), name
        for at_most in (0, 4, 30, 10**6):
            assert q.count_claims(mixed, filters, at_most=at_most) == min(counts[name], at_most + 1), (name, at_most)


def test_the_mixed_database_has_what_the_strategies_need(mixed):
    """Sentences with two claims (their order inside a sentence matters) and searches of every size."""
    per_sentence = mixed.execute("SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM claims GROUP BY sentence_id)")
    assert per_sentence.fetchone()[0] == 2
    cases = _mixed_filters(mixed)
    sizes = {name: q.count_claims(mixed, cases[name]) for name in ("common search", "rarer search", "no match")}
    assert sizes["common search"] > 200 and 0 < sizes["rarer search"] < 100 and sizes["no match"] == 0


@pytest.mark.parametrize("strategy", ["listed", "checked, then listed"])
def test_searching_leaves_no_transaction_open_so_new_documents_are_seen(tmp_path, monkeypatch, strategy):
    """A search writes to temporary tables; an open transaction would pin what the reader sees."""
    for name, setting in STRATEGIES[strategy].items():
        monkeypatch.setattr(q, name, setting)
    path = tmp_path / "live.db"
    writer = connect(path)
    save_document(writer, _mixed_document(0, 30))
    reader = connect(path, create=False, readonly=True)
    ru = entity_id(reader, COUNTRY, "RU")
    filters = [Filter(SEARCH, "report", ""), Filter(COUNTRY, ru, "")]
    before = q.count_claims(reader, filters)
    q.claims_page(reader, filters)
    q.claim_detail(reader, q.claims_page(reader, filters).rows[0].id, "report")
    assert not reader.conn.in_transaction
    save_document(writer, _mixed_document(1, 30))
    assert q.count_claims(reader, filters) == 2 * before
    assert q.count_claims(reader, filters, at_most=3) == 4
    writer.conn.close()
    reader.conn.close()


def test_rows_left_in_the_temporary_indexes_by_an_interrupt_are_not_matched(mixed):
    """An interrupt (the explorer interrupts superseded reads) can stop the clean-up of a check."""
    table = q._temp_index(mixed, contentless=True)
    mixed.conn.execute(f"INSERT INTO temp.[{table}](rowid, text) VALUES (1, 'zebra crossing')")
    assert q._matching(mixed, '"zebra"', {1: "no stripes here", 2: "a zebra"}) == {2}
    table = q._temp_index(mixed, contentless=False)
    mixed.conn.execute(f"INSERT INTO temp.[{table}](rowid, text) VALUES (1, 'zebra crossing')")
    assert q.match_spans(mixed, "zebra", {1: "no stripes here", 2: "a zebra"}) == {2: ((2, 7),)}
    mixed.conn.commit()
