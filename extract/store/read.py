"""Read-only questions the explorer asks of a policy-tui database.

The explorer's screens never write SQL: they call these functions from worker
threads, each thread with its own connection. Every function takes a
`sqlite_utils.Database` opened on the schema that `extract.store` defines and
returns plain frozen records, so results can cross threads safely.

Claims are read a page at a time by keyset (`claims.id`), never by OFFSET and
never all at once, so the claims list stays quick on a million sentences.
Full-text input is quoted token by token (the sqlite-utils way) before it
reaches `MATCH`, so quotes, `*`, `AND`, `NEAR(` or brackets are searched as
text and never raise. Nothing here imports spaCy.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import sqlite_utils

from extract.lexicon import country_name, country_names
from extract.records import COUNTRY, ORGANISATION, PERSON, QUANTITY

# Filter kinds, besides the entity kinds COUNTRY and ORGANISATION from records.py.
DOCUMENT = "document"
SECTION = "section"
SPEAKER = "speaker"
SEARCH = "search"
FILTER_KINDS = (DOCUMENT, SECTION, COUNTRY, ORGANISATION, SPEAKER, SEARCH)
# Marks inside a passage besides entity kinds: the search matches and the claim's cue.
MATCH = "match"
CUE = "cue"

PAGE_SIZE = 100
# A passage around a claim is its paragraph, clipped to this many characters each side
# of the sentence so that a single enormous "paragraph" cannot stall the explorer.
PASSAGE_CONTEXT = 4000
# Private-use characters mark FTS5 matches in highlight() output; text containing them is
# left unhighlighted rather than mis-highlighted.
_OPEN, _CLOSE = "\ue000", "\ue001"


@dataclass(frozen=True, slots=True)
class Filter:
    """One condition on the claims: a document, section, entity, speaker or search text."""

    kind: str
    value: int | str  # document/section/entity id; speaker entity id or raw speaker text; search text
    label: str  # what the filter bar shows


@dataclass(frozen=True, slots=True)
class DocumentNode:
    id: int
    name: str
    claims: int


@dataclass(frozen=True, slots=True)
class SectionNode:
    id: int
    document_id: int
    heading: str
    level: int
    parent_id: int | None
    claims: int  # claims in the section and its subsections


@dataclass(frozen=True, slots=True)
class EntityCount:
    """A country, organisation, person or speaker with the number of claims about (or by) it."""

    kind: str
    id: int | None  # entities.id; None for a speaker with no entity, or a country absent from the database
    key: str  # ISO code for countries, the name otherwise
    name: str
    claims: int

    def filter(self) -> Filter:
        """The claims filter this entry stands for."""
        if self.kind == COUNTRY:
            return Filter(COUNTRY, self.id if self.id is not None else -1, f"{self.name} ({self.key})")
        if self.kind == SPEAKER:
            return Filter(SPEAKER, self.id if self.id is not None else self.key, self.name)
        return Filter(self.kind, self.id if self.id is not None else -1, self.name)


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One line of the claims list."""

    id: int
    document_id: int
    sentence_id: int
    speaker: str | None
    cue: str | None
    text: str
    countries: tuple[str, ...]
    matches: tuple[tuple[int, int], ...] = ()  # search matches, offsets into `text`

    @property
    def key(self) -> tuple[int, int]:
        """Its place in document order, the keyset of the claims list."""
        return (self.sentence_id, self.id)


@dataclass(frozen=True, slots=True)
class ClaimPage:
    rows: tuple[ClaimRow, ...]
    more_before: bool
    more_after: bool


@dataclass(frozen=True, slots=True)
class Mark:
    """A styled span of a passage: an entity mention, a quantity, the cue or a search match."""

    start: int
    end: int
    kind: str  # COUNTRY, ORGANISATION, PERSON, QUANTITY, CUE or MATCH
    label: str = ""  # the entity's key or name


@dataclass(frozen=True, slots=True)
class ClaimDetail:
    """A claim in its source: the paragraph around the sentence, with offsets into `passage`."""

    claim_id: int
    document_id: int
    document_name: str
    sentence_id: int
    section_path: tuple[str, ...]
    speaker: str | None
    cue: str | None
    passage: str
    passage_start: int  # offset of `passage` in the document text
    sentence_start: int  # offsets of the claim's sentence in `passage`
    sentence_end: int
    marks: tuple[Mark, ...]
    countries: tuple[str, ...]
    page: int | None = None  # the page of a PDF the claim's paragraph starts on

    @property
    def sentence(self) -> str:
        return self.passage[self.sentence_start : self.sentence_end]


@dataclass(frozen=True, slots=True)
class Block:
    start: int
    end: int
    kind: str
    level: int
    page: int | None = None  # in a PDF, the page it starts on


@dataclass(frozen=True, slots=True)
class DocumentText:
    """A whole document for the reader, with its blocks and marks (document offsets)."""

    id: int
    name: str
    text: str
    blocks: tuple[Block, ...]
    marks: tuple[Mark, ...]


# --- text the user typed ------------------------------------------------------------------

# Characters that typing never means: C0 and C1 controls, DEL, and lone surrogates (a
# paste of broken UTF-16). A NUL ends an SQL string inside FTS5's query parser and a
# surrogate cannot be encoded for SQLite at all, so they must not reach a query.
_NOT_TYPED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_TYPED_SPACE = re.compile("[\t\n\v\f\r]")
# No name or search needs more than this; a longer paste is cut here.
MAX_TYPED = 1000


def user_text(text: str) -> str:
    """Text the user typed or pasted, cleaned for a query: controls and lone surrogates dropped,
    tabs and newlines made spaces, at most `MAX_TYPED` characters.

    Every read function here that takes typed text (search, facet and suggestion
    matching) cleans it with this, so no input can make one raise.
    """
    if len(text) > MAX_TYPED:
        text = text[:MAX_TYPED]
    return _NOT_TYPED.sub("", _TYPED_SPACE.sub(" ", text))


# --- documents and sections -------------------------------------------------------------


def documents(db: sqlite_utils.Database) -> list[DocumentNode]:
    """Every document with its number of claims, by name."""
    counts = dict(db.execute("SELECT document_id, COUNT(*) FROM claims GROUP BY document_id").fetchall())
    return [
        DocumentNode(doc_id, name, counts.get(doc_id, 0))
        for doc_id, name in db.execute("SELECT id, name FROM documents ORDER BY name COLLATE NOCASE, id")
    ]


def sections(db: sqlite_utils.Database, document_id: int) -> list[SectionNode]:
    """A document's sections in document order; counts include subsections."""
    rows = db.execute(
        "SELECT id, heading, level, parent_id FROM sections WHERE document_id = ? ORDER BY idx", [document_id]
    ).fetchall()
    direct = dict(
        db.execute(
            "SELECT s.section_id, COUNT(*) FROM claims c JOIN sentences s ON s.id = c.sentence_id"
            " WHERE c.document_id = ? AND s.section_id IS NOT NULL GROUP BY s.section_id",
            [document_id],
        ).fetchall()
    )
    parents = {sid: parent for sid, _, _, parent in rows}
    totals: dict[int, int] = defaultdict(int)
    for sid, n in direct.items():
        seen = set()
        while sid is not None and sid not in seen:  # `seen` guards against a corrupt parent cycle
            seen.add(sid)
            totals[sid] += n
            sid = parents.get(sid)
    return [
        SectionNode(sid, document_id, heading or "", level or 0, parent, totals.get(sid, 0))
        for sid, heading, level, parent in rows
    ]


def _section_subtree(db: sqlite_utils.Database, section_id: int) -> tuple[int | None, list[int]]:
    """(document id, ids of the section and all its subsections)."""
    row = db.execute("SELECT document_id FROM sections WHERE id = ?", [section_id]).fetchone()
    if row is None:
        return None, []
    ids = [
        r[0]
        for r in db.execute(
            "WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT s.id FROM sections s JOIN sub ON s.parent_id = sub.id)"
            " SELECT id FROM sub",
            [section_id],
        )
    ]
    return row[0], ids


# --- countries, organisations, speakers ---------------------------------------------------


def _display_name(kind: str, key: str, name: str | None) -> str:
    if kind == COUNTRY and (not name or name == key):
        return country_name(key)
    return name or key


def _like(text: str) -> str:
    """A LIKE pattern finding `text` anywhere, with LIKE's wildcards taken literally (ESCAPE '\\')."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def entity_counts(db: sqlite_utils.Database, kind: str, match: str = "", limit: int | None = None) -> list[EntityCount]:
    """Countries, organisations or people with the number of claims mentioning them, most first.

    `match` keeps those whose name (or, for countries, code or display name) contains it;
    only those are counted.
    """
    sql = (
        "SELECT e.id, e.key, e.name, COUNT(DISTINCT c.id) AS n FROM entities e"
        " LEFT JOIN mentions m ON m.entity_id = e.id LEFT JOIN claims c ON c.sentence_id = m.sentence_id"
        " WHERE e.kind = ?"
    )
    params: list[object] = [kind]
    needle = user_text(match).strip()
    if needle:
        condition = "e.name LIKE ? ESCAPE '\\' OR e.key = ?"
        params += [_like(needle), needle.upper() if kind == COUNTRY else needle]
        if kind == COUNTRY:  # display names are not stored: find their codes here
            codes = [code for code, name in country_names().items() if needle.casefold() in name.casefold()]
            if codes:
                condition += f" OR e.key IN ({','.join('?' * len(codes))})"
                params += codes
        sql += f" AND ({condition})"
    rows = db.execute(sql + " GROUP BY e.id", params).fetchall()
    found = [EntityCount(kind, eid, key or "", _display_name(kind, key or "", name), n) for eid, key, name, n in rows]
    if needle:
        folded = needle.casefold()
        found = [e for e in found if folded in e.name.casefold() or (kind == COUNTRY and folded == e.key.casefold())]
    found.sort(key=lambda e: (-e.claims, e.name.casefold()))
    return found[:limit] if limit is not None else found


def speaker_counts(db: sqlite_utils.Database, match: str = "", limit: int | None = None) -> list[EntityCount]:
    """People and bodies claims are attributed to, with their number of claims, most first."""
    sql = (
        "SELECT c.speaker_entity_id, COALESCE(e.name, c.speaker) AS name, COUNT(*) AS n FROM claims c"
        " LEFT JOIN entities e ON e.id = c.speaker_entity_id WHERE c.speaker IS NOT NULL AND c.speaker != ''"
    )
    params: list[object] = []
    match = user_text(match).strip()
    if match:
        sql += " AND COALESCE(e.name, c.speaker) LIKE ? ESCAPE '\\'"
        params.append(_like(match))
    sql += " GROUP BY c.speaker_entity_id, CASE WHEN c.speaker_entity_id IS NULL THEN c.speaker END"
    sql += " ORDER BY n DESC, name COLLATE NOCASE"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [EntityCount(SPEAKER, eid, name, name, n) for eid, name, n in db.execute(sql, params)]


def entity(db: sqlite_utils.Database, kind: str, key: str) -> EntityCount | None:
    """One entity by kind and key, with its claim count."""
    row = db.execute("SELECT id, key, name FROM entities WHERE kind = ? AND key = ?", [kind, key]).fetchone()
    if row is None and kind == PERSON:
        from extract.entities.people.keys import person_key  # only when asked for a person by name

        row = db.execute("SELECT id, key, name FROM entities WHERE kind = ? AND key = ?",
                         [kind, person_key(key)]).fetchone()
    if row is None:
        return None
    eid, key, name = row
    n = db.execute(
        "SELECT COUNT(DISTINCT c.id) FROM mentions m JOIN claims c ON c.sentence_id = m.sentence_id"
        " WHERE m.entity_id = ?",
        [eid],
    ).fetchone()[0]
    return EntityCount(kind, eid, key, _display_name(kind, key, name), n)


def _form_code(value: object) -> str | None:
    """The ISO code a gazetteer entry stands for (a plain code, or a record with `.code`)."""
    code = value if isinstance(value, str) else getattr(value, "code", None)
    return code if isinstance(code, str) else None


@lru_cache(maxsize=1)
def _country_forms() -> dict[str, str]:
    """Case-folded surface form → ISO code, from the extractor's own gazetteer."""
    try:
        from extract.entities.countries.names import gazetteer  # data packages only; no spaCy at import

        table = gazetteer()
    except Exception:  # noqa: BLE001 - without the gazetteer, countrynames below still answers
        return {}
    forms: dict[str, str] = {}
    for form, value in table.items():
        code = _form_code(value)
        # Towns and minor places ("Bay", "Reading") are too ambiguous to answer a typed word.
        if code and getattr(value, "kind", None) not in _AMBIGUOUS_FORMS:
            forms.setdefault(" ".join(str(form).replace("’", "'").split()).casefold(), code)
    return forms


_AMBIGUOUS_FORMS = {"place", "none"}


_CODE = re.compile(r"[A-Z]{2}")
MAX_COUNTRY_NAME = 100  # the longest forms ("the Democratic Republic of ...") are far shorter


def country_code(text: str) -> str | None:
    """The ISO alpha-2 code of the country `text` names in any form ("Russia", "Russian", "RU", "Moscow")."""
    text = user_text(text)
    if len(text) > MAX_COUNTRY_NAME:
        return None
    text = " ".join(text.replace("’", "'").split()).strip(" .,;:!?\"'()[]")
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"'s$", "", text)
    if len(text) < 2:
        return None
    if len(text) == 2:
        # Two letters count as a code only typed in capitals: "in", "it" and "us" are words.
        return text if text.isupper() and text in country_names() else None
    code = _country_forms().get(text.casefold())
    if code is None and (len(text) > 3 or text.isupper()):
        try:
            import countrynames  # many spellings and languages of country names

            code = countrynames.to_code(text)
        except Exception:  # noqa: BLE001 - a lookup failure means "not a country", never an error
            code = None
    if code:
        code = code.split("-")[0].upper()  # "CN-BJ" (a capital's subdivision) → "CN"
    return code if code and _CODE.fullmatch(code) else None


def resolve_country(db: sqlite_utils.Database, text: str) -> EntityCount | None:
    """The country typed text names, with its claims here (id None and 0 claims if never mentioned)."""
    code = country_code(text)
    if code is None:
        return None
    return entity(db, COUNTRY, code) or EntityCount(COUNTRY, None, code, country_name(code), 0)


def rank_suggestions(
    text: str, country: EntityCount | None, candidates: Iterable[EntityCount], limit: int = 6
) -> list[EntityCount]:
    """What typed text may mean: the country it names first, then entities whose name holds it, most claims first."""
    needle = user_text(text).strip().casefold()
    if not needle:
        return []
    head = [country] if country is not None else []
    rest = [
        e
        for e in candidates
        if (country is None or (e.kind, e.key) != (country.kind, country.key))
        and len(needle) >= 2
        and (needle in e.name.casefold() or (e.kind == COUNTRY and needle == e.key.casefold()))
    ]
    rest.sort(key=lambda e: (not e.name.casefold().startswith(needle), -e.claims, e.name.casefold()))
    return (head + rest)[:limit]


def suggestions(db: sqlite_utils.Database, text: str, limit: int = 6) -> list[EntityCount]:
    """What typed text may mean, read from the database (the explorer ranks its loaded lists instead)."""
    candidates = [e for kind in (COUNTRY, ORGANISATION) for e in entity_counts(db, kind, text)]
    candidates += speaker_counts(db, text)
    return rank_suggestions(text, resolve_country(db, text), candidates, limit)


# --- full-text search -------------------------------------------------------------------

# Distinct words of a search that are used; the rest are left out (the search box says
# so). Every word is one more index list FTS5 intersects: a pasted page of short common
# words took seconds, while no sentence is found better by its twelfth word than its tenth.
SEARCH_TERMS = 10


def search_words(text: str) -> list[str]:
    """The distinct searchable words of `text`, in the order typed (all of them, before the cap)."""
    words: list[str] = []
    seen: set[str] = set()
    for word in user_text(text).split():
        key = word.casefold()
        if any(ch.isalnum() for ch in word) and key not in seen:
            seen.add(key)
            words.append(word)
    return words


def fts_query(db: sqlite_utils.Database, text: str, *, prefix: bool = True) -> str | None:
    """`text` as a safe FTS5 query: every token a quoted string, the last one a prefix.

    Repeated words count once and only the first `SEARCH_TERMS` distinct words are used
    (the last one is a prefix only when it is the last word typed). None when nothing
    searchable is left (only quotes or punctuation).
    """
    words = search_words(text)
    if not words:
        return None
    used = words[:SEARCH_TERMS]
    typed_last = user_text(text).split()[-1].casefold()
    being_typed = next((w for w in used if w.casefold() == typed_last), None)
    if being_typed is not None:  # the word being typed goes last, to be the prefix (order does not matter)
        used = [w for w in used if w is not being_typed] + [being_typed]
    quoted = db.quote_fts(" ".join(used))  # sqlite-utils: '"token" "token" …', balancing quotes
    tokens = [t for t in re.findall(r'"(?:[^"]|"")*"', quoted) if any(ch.isalnum() for ch in t)]
    if not tokens:
        return None
    if prefix and being_typed is not None:
        tokens[-1] += "*"
    return " ".join(tokens)


def search_count(db: sqlite_utils.Database, text: str) -> int:
    """How many sentences match the search text."""
    query = fts_query(db, text)
    if query is None:
        return 0
    return db.execute("SELECT COUNT(*) FROM sentences_fts WHERE sentences_fts MATCH ?", [query]).fetchone()[0]


_TOKENIZE = re.compile(r"tokenize\s*=\s*'((?:[^']|'')*)'", re.IGNORECASE)


def match_spans(
    db: sqlite_utils.Database, text: str, sentences: Mapping[int, str]
) -> dict[int, tuple[tuple[int, int], ...]]:
    """Where the search text matches inside each given sentence (id → text), as offsets into it.

    FTS5 evaluates `MATCH … AND rowid IN (…)` once per listed row, far too slowly on a big
    index, so the few sentences on screen are matched in a small temporary FTS5 table that
    uses the same tokenizer as the real index: same stemming, same prefixes.
    """
    query = fts_query(db, text)
    if query is None or not sentences:
        return {}
    conn = db.conn
    with _temp_writes(conn):
        table = _temp_index(db, contentless=False)
        conn.execute(f"DELETE FROM temp.[{table}]")  # left over if an interrupt stopped the clean-up below
        try:
            conn.executemany(f"INSERT INTO temp.[{table}](rowid, text) VALUES (?, ?)", list(sentences.items()))
            rows = conn.execute(
                f"SELECT rowid, highlight([{table}], 0, ?, ?) FROM temp.[{table}] WHERE [{table}] MATCH ?",
                [_OPEN, _CLOSE, query],
            ).fetchall()
        finally:
            conn.execute(f"DELETE FROM temp.[{table}]")
    found: dict[int, tuple[tuple[int, int], ...]] = {}
    for rowid, marked in rows:
        spans = _parse_highlight(marked or "")
        if spans:
            found[rowid] = spans
    return found


def _matching(db: sqlite_utils.Database, query: str, sentences: Mapping[int, str]) -> set[int]:
    """The ids of the given sentences (id → text) that an FTS query matches, checked in a temporary index."""
    if not sentences:
        return set()
    conn = db.conn
    with _temp_writes(conn):
        table = _temp_index(db, contentless=True)
        # Emptied first too: rows left by an interrupted check would be matched again (a
        # contentless table cannot tell a repeated rowid from a new one).
        conn.execute(f"INSERT INTO temp.[{table}]([{table}]) VALUES ('delete-all')")
        try:
            conn.executemany(f"INSERT INTO temp.[{table}](rowid, text) VALUES (?, ?)", list(sentences.items()))
            sql = f"SELECT rowid FROM temp.[{table}] WHERE [{table}] MATCH ?"
            return {row[0] for row in conn.execute(sql, [query])}
        finally:
            # A contentless table forgets everything at once; deleting row by row costs as much as inserting.
            conn.execute(f"INSERT INTO temp.[{table}]([{table}]) VALUES ('delete-all')")


@contextmanager
def _temp_writes(conn: sqlite3.Connection) -> Iterator[None]:
    """Writes to temporary tables, committed at the end.

    Python's sqlite3 opens a transaction before a write, even to a temporary table, and
    keeps it open: the connection would then go on reading the database as it was at that
    moment (missing what an ingest adds since) and hold back the WAL checkpoint.
    """
    opened = not conn.in_transaction
    try:
        yield
    finally:
        if opened and conn.in_transaction:
            conn.commit()


def _temp_index(db: sqlite_utils.Database, *, contentless: bool) -> str:
    """A temporary FTS5 table (made on first use) with the tokenizer of the real index; its name."""
    conn = db.conn
    row = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'sentences_fts'").fetchone()
    found_tokenize = _TOKENIZE.search(row[0] or "") if row else None
    tokenize = found_tokenize.group(1).replace("''", "'") if found_tokenize else "unicode61"
    kind = "check" if contentless else "highlight"
    table = f"policy_tui_{kind}_" + re.sub(r"\W", "_", tokenize)
    quoted_tokenize = tokenize.replace("'", "''")
    content = ", content=''" if contentless else ""
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.[{table}] USING fts5(text, tokenize='{quoted_tokenize}'{content})"
    )
    return table


def _parse_highlight(marked: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    plain_len = 0
    start = None
    for piece in re.split(f"([{_OPEN}{_CLOSE}])", marked):
        if piece == _OPEN:
            if start is not None:
                return ()  # the text itself held a marker character: do not guess
            start = plain_len
        elif piece == _CLOSE:
            if start is None:
                return ()
            spans.append((start, plain_len))
            start = None
        else:
            plain_len += len(piece)
    return tuple(spans) if start is None else ()


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# --- claims under filters -------------------------------------------------------------------
#
# Claims are listed in document order: by (sentence id, claim id), the keyset of the paging.
# Every filter is a set of sentences, so each becomes a condition on c.sentence_id, written
# the way SQLite runs it fast: a short list (`IN`) when the filter is rare, so it drives the
# query; a per-row index probe (`EXISTS`) when it is common, so the scan in sentence order
# stops as soon as a page is full.
#
# A search cannot be probed row by row (one FTS5 lookup per row costs tens of microseconds,
# and far more for a prefix), so it is used in one of three ways:
# - it matches few sentences: they are listed (`IN`), bounded by the keyset on later pages;
# - it matches many, and is the only filter: the FTS index drives, read in sentence (rowid)
#   order, so the first page is found after a few hundred matches, however many there are;
# - it matches many, with other filters: the claims those filters let through are read in
#   order, a chunk at a time, and the search is checked on their text in a small temporary
#   index, until a page is full (a common search fills it quickly; if it does not, the search
#   is listed after all).

# An entity or speaker filter is listed when it has fewer rows than RARE or than one in
# RARE_SHARE sentences, whichever is more: listing that many costs little, while probing
# claims one by one for a filter that sparse would read a long way to fill a page.
RARE = 2000
RARE_SHARE = 50
SEARCH_LISTED = 50_000  # a search matching at most this many sentences is listed
CHECK_CHUNK = 500  # claims whose text is checked against a common search at a time
CHECK_BUDGET = 2000  # claims checked before a search that rarely matches them is listed instead


def _rare_limit(db: sqlite_utils.Database) -> int:
    sentences = db.execute("SELECT COALESCE(MAX(id), 0) FROM sentences").fetchone()[0]  # ~ the count, at no cost
    return max(RARE, sentences // RARE_SHARE)


def _is_rare(db: sqlite_utils.Database, entity_id: object, limit: int) -> bool:
    sql = "SELECT COUNT(*) FROM (SELECT 1 FROM mentions WHERE entity_id = ? LIMIT ?)"
    return db.execute(sql, [entity_id, limit]).fetchone()[0] < limit


def _few_speaker_claims(db: sqlite_utils.Database, f: Filter, limit: int) -> bool:
    condition = "speaker_entity_id = ?" if isinstance(f.value, int) else "speaker = ? AND speaker_entity_id IS NULL"
    sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM claims WHERE {condition} LIMIT ?)"
    return db.execute(sql, [f.value, limit]).fetchone()[0] < limit


@dataclass(frozen=True, slots=True)
class _Plan:
    """How to read the claims under some filters."""

    where: list[str]  # conditions on `claims c` (a listed search included)
    params: list[object]
    search: str | None = None  # an FTS query matching too many sentences to list (not in `where`)
    narrow: bool = False  # another filter lets few claims through: read them and check the search


_SEARCH_LIST = "c.sentence_id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?{bound})"


def _listed_search(query: str, bound: tuple[str, int] | None) -> tuple[str, list[object]]:
    """The condition listing a search's sentences, narrowed to one side of the keyset if given."""
    if bound is None:
        return _SEARCH_LIST.format(bound=""), [query]
    return _SEARCH_LIST.format(bound=f" AND rowid {bound[0]} ?"), [query, bound[1]]


def _plan(
    db: sqlite_utils.Database, filters: Sequence[Filter], bound: tuple[str, int] | None = None, *, probe: bool = True
) -> _Plan | None:
    """The conditions for the filters; None when they cannot match anything.

    `bound` (">=" or "<=", sentence id) narrows a listed search to the side being paged.
    `probe` lets common entity filters be probed row by row (right when the scan stops
    early, at a page or a count limit); without it they are listed (right for a full count).
    """
    where: list[str] = []
    params: list[object] = []
    narrow = False
    queries: list[str] = []
    rare_limit = _rare_limit(db) if any(f.kind in (COUNTRY, ORGANISATION, PERSON, SPEAKER) for f in filters) else 0
    for f in filters:
        if f.kind == DOCUMENT:
            where.append("c.document_id = ?")
            params.append(f.value)
            narrow = True
        elif f.kind == SECTION:
            document_id, ids = _section_subtree(db, int(f.value))
            if not ids:
                return None
            where.append("c.document_id = ?")
            params.append(document_id)
            where.append(
                f"c.sentence_id IN (SELECT id FROM sentences WHERE section_id IN ({','.join('?' * len(ids))}))"
            )
            params.extend(ids)
            narrow = True
        elif f.kind in (COUNTRY, ORGANISATION, PERSON):
            rare = _is_rare(db, f.value, rare_limit)
            if rare or not probe:
                where.append("c.sentence_id IN (SELECT sentence_id FROM mentions WHERE entity_id = ?)")
            else:
                where.append(
                    "EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = ? AND m.sentence_id = c.sentence_id)"
                )
            params.append(f.value)
            narrow = narrow or rare
        elif f.kind == SPEAKER:
            if isinstance(f.value, int):
                where.append("c.speaker_entity_id = ?")
            else:
                where.append("(c.speaker = ? AND c.speaker_entity_id IS NULL)")
            params.append(f.value)
            narrow = narrow or _few_speaker_claims(db, f, rare_limit)
        elif f.kind == SEARCH:
            query = fts_query(db, str(f.value))
            if query is not None:  # None: nothing searchable typed yet, so the search does not narrow
                queries.append(query)
        else:
            raise ValueError(f"unknown filter kind {f.kind!r}; expected one of {', '.join(FILTER_KINDS)}")
    if not queries:
        return _Plan(where, params)
    query = " ".join(queries)  # FTS5 reads phrases side by side as AND
    if _search_size(db, query, SEARCH_LISTED + 1) <= SEARCH_LISTED:
        condition, search_params = _listed_search(query, bound)
        return _Plan([*where, condition], [*params, *search_params])
    # Any other filter narrows: reading its claims in order and checking the search on them
    # fills a page after about limit / (share of them the search matches) claims, however
    # sparse the filter, where reading the search's matches in order would not.
    return _Plan(where, params, query, narrow or len(where) > 0)


def _search_size(db: sqlite_utils.Database, query: str, at_most: int) -> int:
    """How many sentences an FTS query matches, counting no further than `at_most`.

    Remembered per connection until the database changes (`PRAGMA data_version`): a page,
    the check for more pages and the count all ask it, and for a prefix FTS5 cannot read
    from a prefix index, each asking would merge the lists of every word it starts.
    """
    conn = db.conn
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    with _temp_writes(conn):
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS policy_tui_search_sizes"
            " (query TEXT, at_most INTEGER, version INTEGER, size INTEGER, PRIMARY KEY (query, at_most))"
        )
        known = conn.execute(
            "SELECT size FROM temp.policy_tui_search_sizes WHERE query = ? AND at_most = ? AND version = ?",
            [query, at_most, version],
        ).fetchone()
        if known is not None:
            return known[0]
        sql = "SELECT COUNT(*) FROM (SELECT 1 FROM sentences_fts WHERE sentences_fts MATCH ? LIMIT ?)"
        size = conn.execute(sql, [query, at_most]).fetchone()[0]
        conn.execute("DELETE FROM temp.policy_tui_search_sizes WHERE version != ?", [version])
        conn.execute(
            "INSERT OR REPLACE INTO temp.policy_tui_search_sizes VALUES (?, ?, ?, ?)", [query, at_most, version, size]
        )
        return size


def search_text(filters: Sequence[Filter]) -> str | None:
    """The search filter's text, if there is one."""
    return next((str(f.value) for f in filters if f.kind == SEARCH and str(f.value).strip()), None)


_CLAIM_COLUMNS = "c.id, c.document_id, c.sentence_id, COALESCE(e.name, c.speaker), c.cue, s.text"
_CLAIM_SELECT = (
    f"SELECT {_CLAIM_COLUMNS} FROM claims c"
    " JOIN sentences s ON s.id = c.sentence_id LEFT JOIN entities e ON e.id = c.speaker_entity_id"
)
Key = tuple[int, int]  # (sentence id, claim id): a claim's place in document order


def claim_key(db: sqlite_utils.Database, claim_id: int) -> Key | None:
    row = db.execute("SELECT sentence_id, id FROM claims WHERE id = ?", [claim_id]).fetchone()
    return (row[0], row[1]) if row else None


def _fetch(
    db: sqlite_utils.Database, filters: Sequence[Filter], op: str | None, key: Key | None, limit: int
) -> list[tuple] | None:
    """Up to `limit` claim rows beyond `key` (op ">", ">=", "<", "<="), nearest first; None if impossible."""
    bound = None if key is None or op is None else (op[0] + "=", key[0])
    plan = _plan(db, filters, bound)
    if plan is None:
        return None
    if plan.search is None:
        return _select(db, plan.where, plan.params, op, key, limit)
    if not plan.narrow:
        return _stream(db, plan, op, key, limit)
    return _checked(db, plan, op, key, limit)


def _keyset(op: str | None, key: Key | None) -> tuple[list[str], list[object], str]:
    """Conditions beyond `key`, their parameters and the direction of the scan."""
    direction = "DESC" if op in ("<", "<=") else "ASC"
    if key is None or op is None:
        return [], [], direction
    return [f"(c.sentence_id, c.id) {op} (?, ?)"], list(key), direction


def _select(
    db: sqlite_utils.Database, where: list[str], params: list[object], op: str | None, key: Key | None, limit: int
) -> list[tuple]:
    more_where, more_params, direction = _keyset(op, key)
    where = [*where, *more_where]
    sql = _CLAIM_SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += f" ORDER BY c.sentence_id {direction}, c.id {direction} LIMIT ?"
    return db.execute(sql, [*params, *more_params, limit]).fetchall()


def _stream(db: sqlite_utils.Database, plan: _Plan, op: str | None, key: Key | None, limit: int) -> list[tuple]:
    """Claims of the first `limit` matching sentences with claims beyond `key`, read from the FTS index in order.

    Two steps, because ordering the joined rows by (sentence, claim) would make SQLite sort
    every match first: the FTS index gives the sentences in rowid order (it can, and stops
    at the limit), then their claims are put in order. Every sentence listed has a claim,
    so `limit` sentences hold at least `limit` claims.
    """
    more_where, more_params, direction = _keyset(op, key)
    where, params = [*plan.where, *more_where], [*plan.params, *more_params]
    sql = "SELECT f.rowid FROM sentences_fts f WHERE sentences_fts MATCH ?"
    outer: list[object] = [plan.search]
    if key is not None and op is not None:
        sql += f" AND f.rowid {op[0]}= ?"  # FTS5 starts reading at the keyset
        outer.append(key[0])
    sql += " AND EXISTS (SELECT 1 FROM claims c WHERE c.sentence_id = f.rowid"
    sql += "".join(f" AND {w}" for w in where) + ")"
    sql += f" ORDER BY f.rowid {direction} LIMIT ?"
    sentence_ids = [row[0] for row in db.execute(sql, [*outer, *params, limit])]
    if not sentence_ids:
        return []
    listed = f"c.sentence_id IN ({','.join('?' * len(sentence_ids))})"
    return _select(db, [*plan.where, listed], [*plan.params, *sentence_ids], op, key, limit)


def _checked(db: sqlite_utils.Database, plan: _Plan, op: str | None, key: Key | None, limit: int) -> list[tuple]:
    """Claims under the plan's other filters whose text matches its search, read a chunk at a time."""
    assert plan.search is not None
    found: list[tuple] = []
    checked = 0
    while len(found) < limit:
        if checked >= CHECK_BUDGET:
            # The search matches few of these claims: list its sentences for the rest of the page.
            bound = None if key is None or op is None else (op[0] + "=", key[0])
            condition, search_params = _listed_search(plan.search, bound)
            rest = _select(db, [*plan.where, condition], [*plan.params, *search_params], op, key, limit - len(found))
            return found + rest
        chunk = _select(db, plan.where, plan.params, op, key, CHECK_CHUNK)
        hits = _matching(db, plan.search, {row[2]: row[5] or "" for row in chunk})
        found += [row for row in chunk if row[2] in hits]
        checked += len(chunk)
        if len(chunk) < CHECK_CHUNK:
            break
        key, op = (chunk[-1][2], chunk[-1][0]), ("<" if op in ("<", "<=") else ">")
    return found[:limit]


def claims_page(
    db: sqlite_utils.Database,
    filters: Sequence[Filter] = (),
    *,
    after: Key | None = None,
    before: Key | None = None,
    at: int | None = None,
    last: bool = False,
    limit: int = PAGE_SIZE,
) -> ClaimPage:
    """A page of claims under `filters` in document order, read by keyset.

    The first page by default; `after`/`before` a claim key give the page following or
    preceding it; `at` (a claim id) the page starting at that claim; `last` the final page.
    """
    if at is not None:
        key = claim_key(db, at)
        if key is None:
            return ClaimPage((), False, False)
        op: str | None = ">="
    elif after is not None:
        key, op = after, ">"
    elif before is not None:
        key, op = before, "<"
    elif last:
        key, op = None, "<"
    else:
        key, op = None, None
    fetched = _fetch(db, filters, op, key, limit + 1)
    if fetched is None:
        return ClaimPage((), False, False)
    more = len(fetched) > limit
    fetched = fetched[:limit]
    backwards = op in ("<", "<=")
    if backwards:
        fetched.reverse()
    rows = _claim_rows(db, fetched, search_text(filters))
    if not rows:
        return ClaimPage((), False, False)
    if backwards:
        more_before = more
        more_after = bool(_fetch(db, filters, ">", rows[-1].key, 1))
    else:
        more_after = more
        more_before = key is not None and bool(_fetch(db, filters, "<", rows[0].key, 1))
    return ClaimPage(tuple(rows), more_before, more_after)


def _claim_rows(db: sqlite_utils.Database, fetched: list[tuple], search: str | None) -> list[ClaimRow]:
    sentence_ids = [r[2] for r in fetched]
    countries: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(sentence_ids, 500):
        for sentence_id, key in db.execute(
            "SELECT DISTINCT m.sentence_id, e.key FROM mentions m JOIN entities e ON e.id = m.entity_id"
            f" WHERE e.kind = ? AND m.sentence_id IN ({','.join('?' * len(chunk))}) ORDER BY m.sentence_id, e.key",
            [COUNTRY, *chunk],
        ):
            countries[sentence_id].append(key)
    matches = match_spans(db, search, {r[2]: r[5] or "" for r in fetched}) if search else {}
    return [
        ClaimRow(cid, doc, sid, speaker, cue, text or "", tuple(countries.get(sid, ())), matches.get(sid, ()))
        for cid, doc, sid, speaker, cue, text in fetched
    ]


def count_claims(db: sqlite_utils.Database, filters: Sequence[Filter] = (), *, at_most: int | None = None) -> int:
    """How many claims the filters let through.

    With `at_most`, counting stops past it: the answer is exact up to `at_most`, and
    `at_most + 1` means "more than `at_most`". Counting every claim a common search
    matches in a large database reads every match; a bounded count does not.
    """
    plan = _plan(db, filters, probe=at_most is not None)
    if plan is None:
        return 0
    if plan.search is not None and plan.narrow and at_most is not None:
        return _count_checked(db, plan, at_most)
    if plan.search is not None and plan.narrow:
        condition, search_params = _listed_search(plan.search, None)
        where, params = [*plan.where, condition], [*plan.params, *search_params]
        sql = "SELECT 1 FROM claims c WHERE " + " AND ".join(where)
    elif plan.search is not None:
        where, params = plan.where, [plan.search, *plan.params]
        sql = "SELECT 1 FROM sentences_fts f CROSS JOIN claims c ON c.sentence_id = f.rowid WHERE sentences_fts MATCH ?"
        sql += "".join(f" AND {w}" for w in where)  # (no other filter: a narrowing one goes the checked way)
    else:
        where, params = plan.where, plan.params
        sql = "SELECT 1 FROM claims c" + (" WHERE " + " AND ".join(where) if where else "")
    if at_most is not None:
        sql += " LIMIT ?"
        params = [*params, at_most + 1]
    return db.execute(f"SELECT COUNT(*) FROM ({sql})", params).fetchone()[0]


def _count_checked(db: sqlite_utils.Database, plan: _Plan, at_most: int) -> int:
    """A bounded count of the claims under the plan's other filters whose text matches its search."""
    assert plan.search is not None
    found = checked = 0
    key: Key | None = None
    while found <= at_most:
        if checked >= CHECK_BUDGET:
            condition, search_params = _listed_search(plan.search, None if key is None else (">=", key[0]))
            where = [*plan.where, condition] + ([] if key is None else ["(c.sentence_id, c.id) > (?, ?)"])
            params = [*plan.params, *search_params, *(key or ())]
            sql = "SELECT COUNT(*) FROM (SELECT 1 FROM claims c WHERE " + " AND ".join(where) + " LIMIT ?)"
            return found + db.execute(sql, [*params, at_most + 1 - found]).fetchone()[0]
        chunk = _select(db, plan.where, plan.params, None if key is None else ">", key, CHECK_CHUNK)
        hits = _matching(db, plan.search, {row[2]: row[5] or "" for row in chunk})
        found += sum(1 for row in chunk if row[2] in hits)
        checked += len(chunk)
        if len(chunk) < CHECK_CHUNK:
            break
        key = (chunk[-1][2], chunk[-1][0])
    return min(found, at_most + 1)


def adjacent_claim(db: sqlite_utils.Database, filters: Sequence[Filter], claim_id: int, step: int) -> int | None:
    """The next (`step` > 0) or previous claim under the filters in the same document as `claim_id`."""
    row = db.execute("SELECT document_id, sentence_id FROM claims WHERE id = ?", [claim_id]).fetchone()
    if row is None:
        return None
    scoped = [*filters, Filter(DOCUMENT, row[0], "")]
    found = _fetch(db, scoped, ">" if step > 0 else "<", (row[1], claim_id), 1)
    return found[0][0] if found else None


# --- a claim in its source, a whole document ----------------------------------------------


def claim_detail(db: sqlite_utils.Database, claim_id: int, search: str | None = None) -> ClaimDetail | None:
    """The claim's sentence inside its paragraph, with mentions, quantities, cue and search matches marked."""
    row = db.execute(
        "SELECT c.document_id, c.sentence_id, COALESCE(e.name, c.speaker), c.cue, c.cue_start, c.cue_end,"
        " s.start, s.end, s.section_id, s.idx, s.block_id, d.name, b.start, b.end, b.page"
        " FROM claims c JOIN sentences s ON s.id = c.sentence_id JOIN documents d ON d.id = c.document_id"
        " LEFT JOIN blocks b ON b.id = s.block_id LEFT JOIN entities e ON e.id = c.speaker_entity_id WHERE c.id = ?",
        [claim_id],
    ).fetchone()
    if row is None:
        return None
    (
        doc_id,
        sentence_id,
        speaker,
        cue,
        cue_start,
        cue_end,
        s_start,
        s_end,
        section_id,
        s_idx,
        block_id,
        doc_name,
        b_start,
        b_end,
        page,
    ) = row
    b_start = s_start if b_start is None else min(b_start, s_start)
    b_end = s_end if b_end is None else max(b_end, s_end)
    start = max(b_start, s_start - PASSAGE_CONTEXT)
    end = min(b_end, s_end + PASSAGE_CONTEXT)
    passage = db.execute(
        "SELECT substr(text, ?, ?) FROM documents WHERE id = ?", [start + 1, end - start, doc_id]
    ).fetchone()[0]
    # The paragraph's sentences sit next to this one in document order.
    neighbours = db.execute(
        "SELECT id, start, text FROM sentences WHERE document_id = ? AND idx BETWEEN ? AND ? AND start < ? AND end > ?",
        [doc_id, s_idx - 500, s_idx + 500, end, start],
    ).fetchall()
    marks = _marks(db, [sid for sid, _, _ in neighbours], start, end)
    if cue and cue_start is not None and cue_end is not None and start <= cue_start < cue_end <= end:
        marks.append(Mark(cue_start - start, cue_end - start, CUE, cue))
    if search:
        starts = {sid: s0 for sid, s0, _ in neighbours}
        for sid, spans in match_spans(db, search, {sid: text or "" for sid, _, text in neighbours}).items():
            base = starts[sid] - start
            marks.extend(Mark(base + a, base + b, MATCH) for a, b in spans if 0 <= base + a < base + b <= end - start)
    countries = tuple(
        sorted({m.label for m in marks if m.kind == COUNTRY and s_start - start <= m.start < s_end - start})
    )
    return ClaimDetail(
        claim_id,
        doc_id,
        doc_name,
        sentence_id,
        _section_path(db, section_id),
        speaker,
        cue,
        passage or "",
        start,
        s_start - start,
        s_end - start,
        tuple(sorted(marks, key=lambda m: (m.start, m.end))),
        countries,
        page,
    )


def _marks(db: sqlite_utils.Database, sentence_ids: Sequence[int], start: int, end: int) -> list[Mark]:
    """Mentions and quantities of these sentences inside [start, end), shifted to start at 0."""
    marks: list[Mark] = []
    for chunk in _chunks(list(sentence_ids), 500):
        marks_sql = ",".join("?" * len(chunk))
        for m_start, m_end, kind, key in db.execute(
            "SELECT m.start, m.end, e.kind, e.key FROM mentions m JOIN entities e ON e.id = m.entity_id"
            f" WHERE m.sentence_id IN ({marks_sql})",
            list(chunk),
        ):
            if start <= m_start < m_end <= end:
                marks.append(Mark(m_start - start, m_end - start, kind, key))
        for q_start, q_end, text in db.execute(
            "SELECT q.start, q.end, q.text FROM claims c JOIN quantities q ON q.claim_id = c.id"
            f" WHERE c.sentence_id IN ({marks_sql})",
            list(chunk),
        ):
            if start <= q_start < q_end <= end:
                marks.append(Mark(q_start - start, q_end - start, QUANTITY, text))
    return marks


def _section_path(db: sqlite_utils.Database, section_id: int | None) -> tuple[str, ...]:
    path: list[str] = []
    seen: set[int] = set()
    while section_id is not None and section_id not in seen:
        seen.add(section_id)
        row = db.execute("SELECT heading, parent_id FROM sections WHERE id = ?", [section_id]).fetchone()
        if row is None:
            break
        path.append(row[0] or "")
        section_id = row[1]
    return tuple(reversed(path))


def document_text(db: sqlite_utils.Database, document_id: int, search: str | None = None) -> DocumentText | None:
    """A whole document for reading: text, blocks, and every mention, quantity and search match."""
    row = db.execute("SELECT name, text FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        return None
    name, text = row[0], row[1] or ""
    blocks = tuple(
        Block(start, end, kind, level or 0, page)
        for start, end, kind, level, page in db.execute(
            "SELECT start, end, kind, level, page FROM blocks WHERE document_id = ? ORDER BY idx", [document_id]
        )
    )
    marks = [
        Mark(start, end, kind, key)
        for start, end, kind, key in db.execute(
            "SELECT m.start, m.end, e.kind, e.key FROM mentions m JOIN entities e ON e.id = m.entity_id"
            " WHERE m.document_id = ?",
            [document_id],
        )
    ]
    marks += [
        Mark(start, end, QUANTITY, qtext)
        for start, end, qtext in db.execute(
            "SELECT start, end, text FROM quantities WHERE document_id = ?", [document_id]
        )
    ]
    if search:
        sentences = db.execute("SELECT id, start, text FROM sentences WHERE document_id = ?", [document_id]).fetchall()
        starts = {sid: s0 for sid, s0, _ in sentences}
        for sid, spans in match_spans(db, search, {sid: t or "" for sid, _, t in sentences}).items():
            marks.extend(Mark(starts[sid] + a, starts[sid] + b, MATCH) for a, b in spans)
    return DocumentText(document_id, name, text, blocks, tuple(sorted(marks, key=lambda m: (m.start, m.end))))


# --- the explorer's paged lists --------------------------------------------------------------
#
# Lists the explorer shows a window of, read a page at a time so that opening a corpus of
# tens of thousands of documents costs one page, not all of them.

DOCUMENT_PAGE = 200

DocumentKey = tuple[str, int]  # (name, id): a document's place in the Sections pane's order


@dataclass(frozen=True, slots=True)
class DocumentPage:
    """Documents in the Sections pane's order, whether more follow, and how many there are in all."""

    rows: tuple[DocumentNode, ...]
    more_after: bool
    total: int


def documents_page(
    db: sqlite_utils.Database, after: DocumentKey | None = None, limit: int = DOCUMENT_PAGE
) -> DocumentPage:
    """Up to `limit` documents by name (case-insensitive, then id) after `after`, with their claims."""
    where, params = "", []
    if after is not None:
        where = " WHERE name COLLATE NOCASE > ? OR (name COLLATE NOCASE = ? AND id > ?)"
        params = [after[0], after[0], after[1]]
    rows = db.execute(
        f"SELECT id, name FROM documents{where} ORDER BY name COLLATE NOCASE, id LIMIT ?", [*params, limit + 1]
    ).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    counts: dict[int, int] = {}
    for chunk in _chunks([r[0] for r in rows], 500):
        counts.update(
            db.execute(
                f"SELECT document_id, COUNT(*) FROM claims WHERE document_id IN ({','.join('?' * len(chunk))})"
                " GROUP BY document_id",
                list(chunk),
            ).fetchall()
        )
    total = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    return DocumentPage(tuple(DocumentNode(doc_id, name, counts.get(doc_id, 0)) for doc_id, name in rows), more, total)
