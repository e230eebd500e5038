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
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache

import sqlite_utils

from extract.lexicon import country_name, country_names
from extract.records import COUNTRY, ORGANISATION, PERSON, QUANTITY

# Filter kinds, besides the entity kinds COUNTRY and ORGANISATION from records.py.
DOCUMENT = "document"
SECTION = "section"
SPEAKER = "speaker"
SEARCH = "search"
DATE = "date"  # value: "FROM..TO", each side an ISO date or its start (YYYY, YYYY-MM) or empty
ATTRIBUTED = "attributed"  # claims with a speaker or a reporting cue (the value is not used)
FILTER_KINDS = (DOCUMENT, SECTION, COUNTRY, ORGANISATION, PERSON, SPEAKER, SEARCH, DATE, ATTRIBUTED)
# Paragraph roles (`blocks.reason`) of an article's front matter, as `extract.structure.front`
# marks them: a headline and a standfirst restate the article, so no claim list shows them.
FRONT_MATTER = ("headline", "standfirst")
FRONT_SENTENCES = 16  # the front matter's sentences are among a document's first sentences
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


ATTRIBUTED_ONLY = Filter(ATTRIBUTED, 1, "attributed")
"""The claims the explorer lists by default: those a speaker or a cue attributes."""


@dataclass(frozen=True, slots=True)
class DocumentNode:
    id: int
    name: str
    claims: int
    title: str | None = None  # the document's own title (metadata, title heading or headline), if it has one
    published: str | None = None  # ISO date, as far as it is known

    @property
    def shown_name(self) -> str:
        """What the explorer calls the document: its title, else its file name."""
        return self.title or self.name


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

    @property
    def present(self) -> bool:
        """Whether these documents hold it (an entity stored, or a speaker with claims)."""
        return self.id is not None or self.claims > 0

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
    bookmarked: bool = False

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
    document_title: str | None = None  # as `DocumentNode.title`
    published: str | None = None
    author: str | None = None  # the byline or publisher the file's metadata names
    quantities: tuple[str, ...] = ()  # the numbers the claim cites, as written

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
    rows = db.execute("SELECT id, name FROM documents ORDER BY name COLLATE NOCASE, id").fetchall()
    titles = document_titles(db, [doc_id for doc_id, _ in rows])
    return [
        DocumentNode(doc_id, name, counts.get(doc_id, 0), *titles.get(doc_id, (None, None))[:2])
        for doc_id, name in rows
    ]


def _listed_only(db: sqlite_utils.Database, attributed: bool) -> str:
    """Conditions on `claims c` for counts that follow the claims list: none, or the attributed
    claims that are no headline or standfirst."""
    if not attributed:
        return ""
    condition = " AND (c.speaker IS NOT NULL OR c.cue IS NOT NULL)"
    if _has_front_matter(db):
        condition += " AND c.sentence_id NOT IN (SELECT sentence_id FROM temp.policy_tui_front_matter)"
    return condition


def sections(db: sqlite_utils.Database, document_id: int, *, attributed: bool = False) -> list[SectionNode]:
    """A document's sections in document order; counts include subsections (of the attributed
    claims only, with `attributed`, as the claims list shows them by default)."""
    rows = db.execute(
        "SELECT id, heading, level, parent_id FROM sections WHERE document_id = ? ORDER BY idx", [document_id]
    ).fetchall()
    direct = dict(
        db.execute(
            "SELECT s.section_id, COUNT(*) FROM claims c JOIN sentences s ON s.id = c.sentence_id"
            f" WHERE c.document_id = ? AND s.section_id IS NOT NULL{_listed_only(db, attributed)}"
            " GROUP BY s.section_id",
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

    `match` keeps those whose name (or, for countries, code or display name) contains it.
    Entities merged across documents (`entity_groups`) are one entry, under the name of
    the one they are merged into, their claims counted once.
    """
    sql = "SELECT e.id, e.key, e.name FROM entities e WHERE e.kind = ?"
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
    rows = db.execute(sql, params).fetchall()
    groups = entity_groups(db)
    if needle and len(rows) < RARE:
        listed = {eid for eid, _, _ in rows}
        ids = [*listed, *(member for member, target in groups.items() if target in listed)]
        counts = _entity_claims(db, kind, ids)
    else:
        counts = _entity_claims(db, kind)
    found = [
        EntityCount(kind, eid, key or "", _display_name(kind, key or "", name), counts.get(eid, 0))
        for eid, key, name in rows
        if eid not in groups
    ]
    if needle:
        folded = needle.casefold()
        found = [e for e in found if folded in e.name.casefold() or (kind == COUNTRY and folded == e.key.casefold())]
    found.sort(key=lambda e: (-e.claims, e.name.casefold()))
    return found[:limit] if limit is not None else found


def _entity_claims(db: sqlite_utils.Database, kind: str, ids: Sequence[int] | None = None) -> dict[int, int]:
    """Claims mentioning each entity of a kind, by entity id; `ids` restricts the count to those entities.

    An entity merged into another is counted as that one, each claim once (`entity_groups`):
    counted by entity first (SQLite streams that, entity by entity), then the merged ones again.
    """
    sql = (
        "SELECT e.id, COUNT(DISTINCT c.id) FROM entities e JOIN mentions m ON m.entity_id = e.id"
        " JOIN claims c ON c.sentence_id = m.sentence_id WHERE e.kind = ?"
    )
    values: list[object] = [kind]
    if ids is not None:
        if not ids:
            return {}
        sql += f" AND e.id IN ({','.join('?' * len(ids))})"
        values += list(ids)
    counts = dict(db.execute(sql + " GROUP BY e.id", values).fetchall())
    groups = entity_groups(db)
    if groups:
        of_kind = {eid for (eid,) in db.execute("SELECT id FROM entities WHERE kind = ?", [kind])}
        merged = sorted({eid for pair in groups.items() for eid in pair if eid in of_kind})
        if merged:
            _sync_groups(db)
            counts.update(
                db.execute(
                    "SELECT COALESCE(g.target, m.entity_id) AS t, COUNT(DISTINCT c.id) FROM mentions m"
                    " JOIN claims c ON c.sentence_id = m.sentence_id"
                    " LEFT JOIN temp.policy_tui_groups g ON g.entity_id = m.entity_id"
                    f" WHERE m.entity_id IN ({','.join('?' * len(merged))}) GROUP BY t",
                    merged,
                ).fetchall()
            )
    return counts


def _sync_groups(db: sqlite_utils.Database) -> None:
    """Keep this connection's temporary table of merged entities (`entity_groups`) up to date."""
    groups = entity_groups(db)
    if getattr(db, _GROUPS_SYNCED, None) is groups:
        return
    conn = db.conn
    with _temp_writes(conn):
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS policy_tui_groups (entity_id INTEGER PRIMARY KEY, target INTEGER)"
        )
        conn.execute("DELETE FROM temp.policy_tui_groups")
        conn.executemany("INSERT INTO temp.policy_tui_groups VALUES (?, ?)", list(groups.items()))
    setattr(db, _GROUPS_SYNCED, groups)


def speaker_counts(db: sqlite_utils.Database, match: str = "", limit: int | None = None) -> list[EntityCount]:
    """People and bodies claims are attributed to, with their number of claims, most first.

    A speaker merged into another across documents (`entity_groups`) is counted with it,
    under its name.
    """
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
    found = _speaker_entries(db, db.execute(sql, params).fetchall())
    return found[:limit] if limit is not None else found


def _speaker_entries(db: sqlite_utils.Database, rows: Sequence[tuple]) -> list[EntityCount]:
    """Speaker rows (entity id, name, claims) with merged speakers summed into one, most claims first."""
    groups = entity_groups(db)
    totals: dict[int | str, list] = {}
    for eid, name, n in rows:
        key: int | str = groups.get(eid, eid) if eid is not None else f"text:{name}"
        entry = totals.setdefault(key, [eid if eid is None else key, name, 0])
        entry[2] += n
    merged_into = set(groups.values())
    names = _entity_names(db, [k for k in totals if isinstance(k, int) and k in merged_into])  # their own names
    found = [
        EntityCount(SPEAKER, eid, names.get(eid, name), names.get(eid, name), n) for eid, name, n in totals.values()
    ]
    found.sort(key=lambda e: (-e.claims, e.name.casefold()))
    return found


def narrowed_counts(db: sqlite_utils.Database, filters: Sequence[Filter]) -> dict[str, dict[int | str, int]]:
    """The facets' counts narrowed to the claims under `filters`: per kind (country, organisation,
    person), the claims mentioning each entity, by entity id; for SPEAKER, the claims each
    speaker made, by entity id or, for a speaker with no entity, by its text.

    Merged entities count as the one they are merged into (`entity_groups`). Every claim
    under the filters is read once (a search's sentences listed in full), so the explorer
    asks for this in a worker, after the claims themselves.
    """
    found: dict[str, dict[int | str, int]] = {COUNTRY: {}, ORGANISATION: {}, PERSON: {}, SPEAKER: {}}
    plan = _plan(db, filters, probe=False)
    if plan is None:
        return found
    where, params = list(plan.where), list(plan.params)
    if plan.search is not None:
        condition, search_params = _listed_search(plan.search, None)
        where.append(condition)
        params += search_params
    conditions = "".join(f" AND {w}" for w in where)
    _sync_groups(db)
    # CROSS JOIN: driven by the claims the filters let through, never by every entity.
    for kind, eid, n in db.execute(
        "SELECT e.kind, COALESCE(g.target, m.entity_id) AS t, COUNT(DISTINCT c.id) FROM claims c"
        " CROSS JOIN mentions m ON m.sentence_id = c.sentence_id CROSS JOIN entities e ON e.id = m.entity_id"
        " LEFT JOIN temp.policy_tui_groups g ON g.entity_id = m.entity_id"
        f" WHERE 1{conditions} GROUP BY t",
        params,
    ):
        if kind in found:
            found[kind][eid] = n
    groups = entity_groups(db)
    speakers = found[SPEAKER]
    for eid, text, n in db.execute(
        "SELECT c.speaker_entity_id, CASE WHEN c.speaker_entity_id IS NULL THEN c.speaker END, COUNT(*) FROM claims c"
        f" WHERE c.speaker IS NOT NULL AND c.speaker != ''{conditions} GROUP BY 1, 2",
        params,
    ):
        key = groups.get(eid, eid) if eid is not None else text
        speakers[key] = speakers.get(key, 0) + n
    return found


def _entity_names(db: sqlite_utils.Database, ids: Sequence[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for chunk in _chunks(list(ids), 500):
        for eid, kind, key, name in db.execute(
            f"SELECT id, kind, key, name FROM entities WHERE id IN ({','.join('?' * len(chunk))})", list(chunk)
        ):
            names[eid] = _display_name(kind, key or "", name)
    return names


# --- one person, one body, across documents -------------------------------------------------
#
# The extraction stores a person under the key their name variants share ("biden|j" for
# "Joe Biden" and "Joseph R. Biden, Jr."), and an organisation under its canonical name.
# Two cases are still split across documents, and are merged here, at reading:
# - a family name alone ("Kettel": key "kettel|") is the one person of that family name
#   with a given name ("kettel|t") when these documents hold only one; with two or more
#   ("lind|a", "lind|e") it stays apart, since it could be either;
# - an organisation stored under an acronym ("CMS") is the one organisation whose
#   name's capitalised words give those initials ("Centre for Maritime Studies").
# Merged entities keep their rows; the explorer shows, counts and filters them as the
# one they are merged into.


_GROUPS_CACHE = "_policy_tui_entity_groups"
_GROUPS_SYNCED = "_policy_tui_groups_synced"


def entity_groups(db: sqlite_utils.Database) -> dict[int, int]:
    """Entity id → the id of the entity it is merged into, for the entities merged into another.

    Remembered per connection until the entities change (`PRAGMA data_version` counts
    others' commits; the highest id and the number of rows show the connection's own).
    """
    version = (
        db.execute("PRAGMA data_version").fetchone()[0],
        *db.execute("SELECT MAX(id), COUNT(*) FROM entities").fetchone(),
    )
    cached = getattr(db, _GROUPS_CACHE, None)
    if cached is not None and cached[0] == version:
        return cached[1]
    people = db.execute("SELECT id, key FROM entities WHERE kind = ?", [PERSON]).fetchall()
    bodies = db.execute("SELECT id, key, name FROM entities WHERE kind = ?", [ORGANISATION]).fetchall()
    groups = {**_people_groups(people), **_body_groups(bodies)}
    setattr(db, _GROUPS_CACHE, (version, groups))
    return groups


def _people_groups(rows: Sequence[tuple[int, str | None]]) -> dict[int, int]:
    keys = {eid: key or "" for eid, key in rows}
    legacy = {eid for eid, key in keys.items() if key and "|" not in key}
    if legacy:  # stored by an earlier version under the name itself: key it as extraction now would
        from extract.entities.people.keys import person_key

        keys.update({eid: person_key(keys[eid]) for eid in legacy})
    by_family: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for eid, key in keys.items():
        family, _, initial = key.partition("|")
        if family:
            by_family[family][initial].append(eid)
    groups: dict[int, int] = {}
    for initials in by_family.values():
        # One key, several rows: names of an earlier version keyed anew. The current row leads.
        targets = {initial: min(ids, key=lambda eid: (eid in legacy, eid)) for initial, ids in initials.items()}
        named = [initial for initial in initials if initial]
        for initial, ids in initials.items():
            target = targets[named[0]] if not initial and len(named) == 1 else targets[initial]
            groups.update({eid: target for eid in ids if eid != target})
    return groups


_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,9}")


def _initials(name: str) -> str:
    """The initials of a name's capitalised words ("Centre for Maritime Studies" → "CMS")."""
    return "".join(w[0] for w in re.split(r"[\s\-–]+", name) if w[:1].isupper())


def _body_groups(rows: Sequence[tuple[int, str | None, str | None]]) -> dict[int, int]:
    by_initials: dict[str, list[int]] = defaultdict(list)
    for eid, key, name in rows:
        words = (name or key or "").split()
        if len(words) >= 2:
            by_initials[_initials(name or key or "")].append(eid)
    groups: dict[int, int] = {}
    for eid, key, _ in rows:
        short = (key or "").replace("&", "")
        if _ACRONYM.fullmatch(key or "") and len(by_initials.get(short, ())) == 1:
            groups[eid] = by_initials[short][0]
    return groups


def group_members(db: sqlite_utils.Database, entity_id: int) -> list[int]:
    """The entity and every entity merged into it (or into the one it is merged into)."""
    groups = entity_groups(db)
    target = groups.get(entity_id, entity_id)
    return [target, *sorted(eid for eid, t in groups.items() if t == target)]


def _in(column: str, ids: Sequence[object]) -> str:
    return f"{column} = ?" if len(ids) == 1 else f"{column} IN ({','.join('?' * len(ids))})"


def entity(db: sqlite_utils.Database, kind: str, key: str) -> EntityCount | None:
    """One entity by kind and key, with its claim count."""
    row = db.execute("SELECT id, key, name FROM entities WHERE kind = ? AND key = ?", [kind, key]).fetchone()
    if row is None and kind == PERSON:
        from extract.entities.people.keys import person_key  # only when asked for a person by name

        row = db.execute("SELECT id, key, name FROM entities WHERE kind = ? AND key = ?",
                         [kind, person_key(key)]).fetchone()
    if row is None:
        return None
    target = entity_groups(db).get(row[0])
    if target is not None:  # merged into another: that one stands for it
        row = db.execute("SELECT id, key, name FROM entities WHERE id = ?", [target]).fetchone()
    eid, key, name = row
    ids = group_members(db, eid)
    n = db.execute(
        "SELECT COUNT(DISTINCT c.id) FROM mentions m JOIN claims c ON c.sentence_id = m.sentence_id"
        f" WHERE {_in('m.entity_id', ids)}",
        ids,
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
    code = _country_forms().get(text.casefold())  # names, demonyms, capitals, aliases ("UK", "us", "Britain")
    if len(text) == 2 and code is None:
        # Other two letters count as a code only typed in capitals: "in", "it" and "no" are words.
        return text if text.isupper() and text in country_names() else None
    if code is None and (len(text) > 3 or text.isupper()):
        try:
            import countrynames  # many spellings and languages of country names

            code = countrynames.to_code(text)
        except Exception:  # noqa: BLE001 - a lookup failure means "not a country", never an error
            code = None
    if code:
        code = code.split("-")[0].upper()  # "CN-BJ" (a capital's subdivision) → "CN"
    # Only a country's code: "European Union" has a reserved code ("EU") but is an organisation.
    return code if code and _CODE.fullmatch(code) and code in country_names() else None


# One resolver for what typed text names, used by the search box and the command palette
# alike. Tiers, in order: exact (a name, a country's code, or a form of it the gazetteer
# knows: "UK", "us", "Russian", "Moscow"; a well-known organisation's short form, "EU";
# a surface form these documents gave an entity, "Zelenskiy"), then names starting with
# the text, then names with a word starting with it, then names holding it. Within a
# tier, what these documents hold comes first, then the most claims.
EXACT, PREFIX, WORD_START, INSIDE = range(4)


def _folded(text: str) -> str:
    """Typed text or a name as the resolver compares them: one spacing, case and edge punctuation aside."""
    text = " ".join(user_text(text).replace("’", "'").split()).strip(" .,;:!?\"'()[]").casefold()
    return re.sub(r"^the\s+", "", text)


@lru_cache(maxsize=1)
def _known_bodies() -> dict[str, str]:
    """Folded name or short form of a well-known organisation → its canonical name (the extractor's table)."""
    from extract.lexicon import rows  # data files only

    found: dict[str, str] = {}
    for row in rows("organisations.tsv"):
        for name in [row[0], *(row[1].split("|") if len(row) > 1 else [])]:
            if name:
                found.setdefault(_folded(name), row[0])
    return found


def alias_index(db: sqlite_utils.Database) -> dict[str, frozenset[int]]:
    """Folded surface form → the entities these documents gave it to (merged ones as the one they are merged into)."""
    groups = entity_groups(db)
    found: dict[str, set[int]] = defaultdict(set)
    for alias, eid in db.execute("SELECT DISTINCT alias, entity_id FROM aliases"):
        if alias:
            found[_folded(alias)].add(groups.get(eid, eid))
    # A person's family name as their key has it ("zelensky" for "Zelenskyy" and "Zelenskiy").
    for eid, key in db.execute("SELECT id, key FROM entities WHERE kind = ? AND key LIKE '%|%'", [PERSON]):
        found[key.partition("|")[0]].add(groups.get(eid, eid))
    return {alias: frozenset(ids) for alias, ids in found.items()}


def match_tier(
    needle: str, entity: EntityCount, code: str | None, body: str | None, named: Collection[int]
) -> int | None:
    """How `entity` matches folded typed text: EXACT, PREFIX, WORD_START, INSIDE, or None.

    `code` is the country and `body` the organisation the text names, `named` the entities
    it is a surface form of (see `resolve_entities`).
    """
    name = entity.name.casefold()
    if (
        name == needle
        or (entity.kind == COUNTRY and code is not None and entity.key == code)
        or (entity.kind in (ORGANISATION, SPEAKER) and body is not None and entity.key == body)
        or (entity.id is not None and entity.id in named)
    ):
        return EXACT
    if len(needle) < 2:
        return None
    if name.startswith(needle):
        return PREFIX
    at = name.find(needle)
    if at < 0:
        return None
    if re.search(r"(?:^|\W)" + re.escape(needle), name):
        return WORD_START
    return INSIDE


def resolve_entities(
    text: str,
    candidates: Iterable[EntityCount],
    aliases: Mapping[str, Collection[int]] | None = None,
    limit: int | None = 6,
    *,
    countries: bool = True,
) -> list[EntityCount]:
    """What typed text names among `candidates`, best first (the tiers above); a country it
    names that these documents never mention is offered too (id None, 0 claims), after the
    exact matches they hold, unless `countries` is off."""
    needle = _folded(text)
    if not needle:
        return []
    code = country_code(text)
    body = _known_bodies().get(needle)
    named: Collection[int] = frozenset()
    if aliases:
        from extract.entities.people.keys import fold  # a family name as people's keys spell it

        named = {*aliases.get(needle, ()), *aliases.get(" ".join(fold(w) for w in needle.split()), ())}
    ranked: list[tuple[int, bool, int, str, EntityCount]] = []
    country_seen = False
    for e in candidates:
        tier = match_tier(needle, e, code, body, named)
        if tier is None:
            continue
        country_seen = country_seen or (e.kind == COUNTRY and e.key == code)
        ranked.append((tier, not e.present, -e.claims, e.name.casefold(), e))
    if countries and code is not None and not country_seen:
        ranked.append((EXACT, True, 0, "", EntityCount(COUNTRY, None, code, country_name(code), 0)))
    ranked.sort(key=lambda r: r[:4])
    found = [r[-1] for r in ranked]
    return found[:limit] if limit is not None else found


def resolve_country(db: sqlite_utils.Database, text: str) -> EntityCount | None:
    """The country typed text names, with its claims here (id None and 0 claims if never mentioned)."""
    code = country_code(text)
    if code is None:
        return None
    return entity(db, COUNTRY, code) or EntityCount(COUNTRY, None, code, country_name(code), 0)


def suggestions(db: sqlite_utils.Database, text: str, limit: int = 6) -> list[EntityCount]:
    """What typed text may mean, read from the database (the explorer resolves against its loaded lists instead)."""
    candidates = [e for kind in (COUNTRY, ORGANISATION, PERSON) for e in entity_counts(db, kind)]
    candidates += speaker_counts(db)
    return resolve_entities(text, candidates, alias_index(db), limit)


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


# Search syntax, as FTS5 reads it: `OR` between two terms, `-word` to leave out, "a phrase",
# `word*` for any word it starts. Every term is quoted before it reaches MATCH, so nothing
# typed is ever read as FTS5 syntax of its own (AND, NEAR, columns, brackets stay words).
_SEARCH_TOKEN = re.compile(r'-?"[^"]*"?|\S+')


@dataclass(frozen=True, slots=True)
class _Term:
    text: str  # the words, as typed (a phrase's words together)
    phrase: bool = False
    prefix: bool = False  # typed with a trailing *
    negated: bool = False

    @property
    def key(self) -> tuple[str, bool, bool]:
        return (self.text.casefold(), self.phrase, self.negated)

    def quoted(self, as_prefix: bool = False) -> str:
        body = '"' + self.text.replace('"', '""') + '"'
        return body + ("*" if self.prefix or as_prefix else "")


def _search_terms(text: str) -> tuple[list[list[_Term]], list[_Term], _Term | None]:
    """(OR-groups of terms to find, terms to leave out, the plain word being typed if last)."""
    groups: list[list[_Term]] = []
    negated: list[_Term] = []
    join_next = False
    last: _Term | None = None
    for raw in _SEARCH_TOKEN.findall(user_text(text)):
        if raw == "OR":
            join_next = bool(groups)
            last = None
            continue
        neg = raw.startswith("-") and len(raw) > 1
        body = raw[1:] if neg else raw
        phrase = body.startswith('"')
        if phrase:
            body = body.strip('"')
        prefix = not phrase and body.endswith("*")
        body = body.rstrip("*") if prefix else body
        if not any(ch.isalnum() for ch in body):
            last = None
            continue
        term = _Term(body, phrase, prefix, neg)
        last = term if not (neg or phrase or prefix) else None
        if neg:
            negated.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return groups, negated, last


def fts_query(db: sqlite_utils.Database, text: str, *, prefix: bool = True) -> str | None:
    """`text` as a safe FTS5 query: OR, -word, "phrases" and word* as FTS5 reads them, every
    term quoted; the last word typed is a prefix while it is being typed.

    Repeated terms count once and only the first `SEARCH_TERMS` distinct terms are used
    (the last word is a prefix only when it is the last one typed). None when nothing is
    left to find: only quotes or punctuation, or only words to leave out (FTS5 cannot
    search for what a sentence lacks alone).
    """
    groups, negated, typed = _search_terms(text)
    seen: set[tuple[str, bool, bool]] = set()
    kept_groups: list[list[_Term]] = []
    budget = SEARCH_TERMS
    # The word being typed goes last, to be the prefix (order does not matter to AND).
    if typed is not None and [typed] in groups:
        groups = [g for g in groups if g != [typed]] + [[typed]]
    for group in groups:
        kept = []
        for term in group:
            if term.key not in seen and budget > 0:
                seen.add(term.key)
                kept.append(term)
                budget -= 1
        if kept:
            kept_groups.append(kept)
    kept_negated = []
    for term in negated:
        if term.key not in seen and budget > 0:
            seen.add(term.key)
            kept_negated.append(term)
            budget -= 1
    if not kept_groups:
        return None
    being_typed = prefix and typed is not None and kept_groups[-1][-1] is typed

    def quoted(term: _Term) -> str:
        return term.quoted(as_prefix=being_typed and term is typed)

    parts = [quoted(g[0]) if len(g) == 1 else "(" + " OR ".join(quoted(t) for t in g) + ")" for g in kept_groups]
    # FTS5 reads terms side by side as AND, but not a bracketed group: that needs the word.
    query = (" AND " if any(len(g) > 1 for g in kept_groups) else " ").join(parts)
    if kept_negated:
        query = (f"({query})" if len(parts) > 1 else query) + "".join(f" NOT {quoted(t)}" for t in kept_negated)
    return query


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


def _is_rare(db: sqlite_utils.Database, ids: Sequence[int], limit: int) -> bool:
    sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM mentions WHERE {_in('entity_id', ids)} LIMIT ?)"
    return db.execute(sql, [*ids, limit]).fetchone()[0] < limit


def _few_speaker_claims(db: sqlite_utils.Database, f: Filter, limit: int) -> bool:
    if isinstance(f.value, int):
        ids: list[object] = list(group_members(db, f.value))
        condition = _in("speaker_entity_id", ids)
    else:
        ids, condition = [f.value], "speaker = ? AND speaker_entity_id IS NULL"
    sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM claims WHERE {condition} LIMIT ?)"
    return db.execute(sql, [*ids, limit]).fetchone()[0] < limit


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
    broad = 0  # conditions in `where` that most claims meet (attributed, not front matter)
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
            ids = group_members(db, int(f.value))  # with those merged into it across documents
            rare = _is_rare(db, ids, rare_limit)
            if rare or not probe:
                where.append(f"c.sentence_id IN (SELECT sentence_id FROM mentions WHERE {_in('entity_id', ids)})")
            else:
                where.append(
                    f"EXISTS (SELECT 1 FROM mentions m WHERE {_in('m.entity_id', ids)}"
                    " AND m.sentence_id = c.sentence_id)"
                )
            params.extend(ids)
            narrow = narrow or rare
        elif f.kind == SPEAKER:
            if isinstance(f.value, int):
                ids = group_members(db, f.value)
                where.append(_in("c.speaker_entity_id", ids))
                params.extend(ids)
            else:
                where.append("(c.speaker = ? AND c.speaker_entity_id IS NULL)")
                params.append(f.value)
            narrow = narrow or _few_speaker_claims(db, f, rare_limit)
        elif f.kind == DATE:
            where.append(_date_condition(str(f.value)))
            params.extend(date_bounds(str(f.value)))
            narrow = True
        elif f.kind == ATTRIBUTED:
            where.append("(c.speaker IS NOT NULL OR c.cue IS NOT NULL)")
            broad += 1
        elif f.kind == SEARCH:
            query = fts_query(db, str(f.value))
            if query is not None:  # None: nothing searchable typed yet, so the search does not narrow
                queries.append(query)
        else:
            raise ValueError(f"unknown filter kind {f.kind!r}; expected one of {', '.join(FILTER_KINDS)}")
    if _has_front_matter(db):
        where.append("c.sentence_id NOT IN (SELECT sentence_id FROM temp.policy_tui_front_matter)")
        broad += 1
    if not queries:
        return _Plan(where, params)
    query = queries[0] if len(queries) == 1 else " AND ".join(f"({q})" for q in queries)
    if _search_size(db, query, SEARCH_LISTED + 1) <= SEARCH_LISTED:
        condition, search_params = _listed_search(query, bound)
        return _Plan([*where, condition], [*params, *search_params])
    # Any other filter narrows: reading its claims in order and checking the search on them
    # fills a page after about limit / (share of them the search matches) claims, however
    # sparse the filter, where reading the search's matches in order would not.
    # (Conditions that let most claims through, `broad`, are no reason to read claims first.)
    return _Plan(where, params, query, narrow or len(where) > broad)


def _has_front_matter(db: sqlite_utils.Database) -> bool:
    """Whether any sentence is a headline or standfirst, listed in `temp.policy_tui_front_matter` if so.

    The list is made once per connection and made again when the database has changed
    (`PRAGMA data_version`), so each page and count reads a small indexed table rather
    than the blocks of every document.
    """
    conn = db.conn
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    with _temp_writes(conn):
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS policy_tui_front_matter (sentence_id INTEGER PRIMARY KEY)"
        )
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS policy_tui_front_matter_version (version INTEGER, size INTEGER)")
        known = conn.execute("SELECT version, size FROM temp.policy_tui_front_matter_version").fetchone()
        if known is not None and known[0] == version:
            return known[1] > 0
        conn.execute("DELETE FROM temp.policy_tui_front_matter")
        # The blocks first (CROSS JOIN keeps that order): a scan of their reasons, then for the
        # few front-matter blocks an index probe of their document's first sentences.
        conn.execute(
            "INSERT OR IGNORE INTO temp.policy_tui_front_matter SELECT s.id FROM blocks b"
            " CROSS JOIN sentences s ON s.document_id = b.document_id AND s.idx < ? AND s.block_id = b.id"
            f" WHERE b.reason IN ({','.join('?' * len(FRONT_MATTER))})",
            [FRONT_SENTENCES, *FRONT_MATTER],
        )
        size = conn.execute("SELECT COUNT(*) FROM temp.policy_tui_front_matter").fetchone()[0]
        conn.execute("DELETE FROM temp.policy_tui_front_matter_version")
        conn.execute("INSERT INTO temp.policy_tui_front_matter_version VALUES (?, ?)", [version, size])
        return size > 0


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
    marked = bookmarked_sentences(db, sentence_ids)
    return [
        ClaimRow(
            cid, doc, sid, speaker, cue, text or "", tuple(countries.get(sid, ())), matches.get(sid, ()), sid in marked
        )
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


def lists_claim(db: sqlite_utils.Database, filters: Sequence[Filter], claim_id: int) -> bool:
    """Whether the claim is among those the filters let through."""
    key = claim_key(db, claim_id)
    found = _fetch(db, filters, ">=", key, 1) if key is not None else None
    return found is not None and bool(found) and found[0][0] == claim_id


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
    if block_id is not None:
        # The paragraphs right before and after it, for context (not across a heading or page furniture).
        for kind, n_start, n_end in db.execute(
            "SELECT n.kind, n.start, n.end FROM blocks b JOIN blocks n ON n.document_id = b.document_id"
            " AND n.idx IN (b.idx - 1, b.idx + 1) WHERE b.id = ?",
            [block_id],
        ):
            if kind == "paragraph":
                b_start, b_end = min(b_start, n_start), max(b_end, n_end)
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
    title, published, author = document_titles(db, [doc_id]).get(doc_id, (None, None, None))
    cited = tuple(
        text for (text,) in db.execute("SELECT text FROM quantities WHERE claim_id = ? ORDER BY start", [claim_id])
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
        title,
        published,
        author,
        cited,
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
    db: sqlite_utils.Database, after: DocumentKey | None = None, limit: int = DOCUMENT_PAGE, *, attributed: bool = False
) -> DocumentPage:
    """Up to `limit` documents by name (case-insensitive, then id) after `after`, with their claims
    (the attributed ones only, with `attributed`)."""
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
                f"SELECT document_id, COUNT(*) FROM claims c WHERE document_id IN ({','.join('?' * len(chunk))})"
                f"{_listed_only(db, attributed)} GROUP BY document_id",
                list(chunk),
            ).fetchall()
        )
    total = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    titles = document_titles(db, [r[0] for r in rows])
    return DocumentPage(
        tuple(DocumentNode(doc_id, name, counts.get(doc_id, 0), *titles.get(doc_id, (None, None))[:2])
              for doc_id, name in rows),
        more,
        total,
    )


TITLE_BLOCKS = 4  # a title heading or headline is among a document's first blocks that are not furniture
MAX_TITLE = 160  # characters of a title shown


def document_titles(db: sqlite_utils.Database, document_ids: Sequence[int]) -> dict[int, tuple[str | None, ...]]:
    """(title, published, author) of each document: the title from the file's metadata, else its
    title heading or headline (a plain-text article names itself in its first line), else None;
    the date as the document gives it (not the file's own date)."""
    found: dict[int, tuple[str | None, ...]] = {}
    for chunk in _chunks(list(document_ids), 500):
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            # A date that is only the file's (its mtime) says when it was copied, not written: not shown.
            f"SELECT id, title, CASE WHEN published_from = 'file' THEN NULL ELSE published END, author"
            f" FROM documents WHERE id IN ({marks})",
            list(chunk),
        ).fetchall()
        untitled = [r[0] for r in rows if not (r[1] or "").strip()]
        first_lines: dict[int, str] = {}
        for doc_id in untitled:
            # The first blocks that are not furniture: a title heading (level 1) or a headline names it.
            for kind, level, reason, start, end in db.execute(
                "SELECT kind, level, reason, start, end FROM blocks WHERE document_id = ? AND idx < ?"
                " AND kind != 'boilerplate' ORDER BY idx LIMIT 1",
                [doc_id, TITLE_BLOCKS * 4],
            ):
                if (kind == "heading" and (level or 0) <= 1) or reason == "headline":
                    line = db.execute(
                        "SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
                        [start + 1, min(end - start, MAX_TITLE * 2), doc_id],
                    ).fetchone()[0]
                    line = " ".join((line or "").split())
                    if line:
                        first_lines[doc_id] = line if len(line) <= MAX_TITLE else line[: MAX_TITLE - 1] + "…"
        for doc_id, title, published, author in rows:
            shown = " ".join((title or "").split()) or first_lines.get(doc_id)
            found[doc_id] = (shown or None, published, author)
    return found


# --- dates -----------------------------------------------------------------------------------
#
# A date filter keeps the claims of documents dated in a range. Dates are ISO text, so a
# range is two string bounds read through the index on documents.published: the upper
# bound is taken as a prefix ("2024-03" reaches 2024-03-31), and a document whose date is
# only a year or a month is in a range that starts no later than it.

_DATE_TOP = "\uffff"  # after every ISO date that starts with the upper bound


def date_bounds(value: str) -> list[str]:
    """The [lowest, highest] published values a DATE filter's "FROM..TO" lets through."""
    low, _, high = value.partition("..")
    return [low, (high or _DATE_TOP) + (_DATE_TOP if high else "")]


def _date_condition(value: str) -> str:
    return "c.document_id IN (SELECT id FROM documents WHERE published >= ? AND published <= ?)"


def date_filter(text: str) -> Filter:
    """A DATE filter from what the user typed: a date, a month or a year, or FROM..TO (either side open).

    Raises ValueError saying what is wrong ("'31/02/2024' is not a date ...").
    """
    from extract.reading.dates import iso_date  # no spaCy: regular expressions only

    typed = " ".join(user_text(text).split())
    if not typed:
        raise ValueError("type a date, a month, a year or a range FROM..TO")
    low, sep, high = typed.partition("..")
    if not sep:
        high = low

    def side(part: str) -> str:
        part = part.strip()
        if not part:
            return ""
        found = iso_date(part)
        if found is None:
            raise ValueError(f"{part!r} is not a date (try 2024, 2024-03, 2024-03-05 or 5 March 2024)")
        return found

    low, high = side(low), side(high)
    if not low and not high:
        raise ValueError("give at least one side of the range FROM..TO")
    if low and high and low > high:
        raise ValueError(f"the range ends ({high}) before it starts ({low})")
    label = low if low == high else f"{low or '…'} – {high or '…'}"
    return Filter(DATE, f"{low}..{high}", label)


# --- bookmarks -------------------------------------------------------------------------------
#
# A bookmark names a document by path and a sentence by its text (schema 4): it is found
# again in whatever rows the latest ingest wrote for that document.


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A bookmarked sentence and where it is now (claim_id None: the sentence is gone from its document)."""

    id: int
    document_path: str
    document_name: str
    sentence: str
    note: str
    created_at: str | None
    document_id: int | None = None
    claim_id: int | None = None
    speaker: str | None = None


def bookmark_notes(db: sqlite_utils.Database, sentence_ids: Sequence[int]) -> dict[int, str]:
    """Sentence id → its bookmark's note ('' for none), for the given sentences that are bookmarked."""
    if not sentence_ids or db.execute("SELECT 1 FROM bookmarks LIMIT 1").fetchone() is None:
        return {}
    found: dict[int, str] = {}
    for chunk in _chunks(list(sentence_ids), 500):
        found.update(
            db.execute(
                "SELECT s.id, b.note FROM sentences s JOIN documents d ON d.id = s.document_id"
                " JOIN bookmarks b ON b.document_path = d.path AND b.sentence_text = s.text"
                f" WHERE s.id IN ({','.join('?' * len(chunk))})",
                list(chunk),
            ).fetchall()
        )
    return found


def bookmarked_sentences(db: sqlite_utils.Database, sentence_ids: Sequence[int]) -> set[int]:
    """Which of the given sentences are bookmarked."""
    return set(bookmark_notes(db, sentence_ids))


def _claim_on(db: sqlite_utils.Database, document_id: int, sentence: str) -> tuple[int, str | None] | None:
    """The first claim on the document's sentence with this text, and its speaker."""
    return db.execute(
        "SELECT c.id, COALESCE(e.name, c.speaker) FROM sentences s JOIN claims c ON c.sentence_id = s.id"
        " LEFT JOIN entities e ON e.id = c.speaker_entity_id"
        " WHERE s.document_id = ? AND s.text = ? ORDER BY s.idx, c.id LIMIT 1",
        [document_id, sentence],
    ).fetchone()


def bookmarks(db: sqlite_utils.Database) -> list[Bookmark]:
    """Every bookmark, oldest first, attached to the claim on its sentence where it still stands."""
    found: list[Bookmark] = []
    for bid, path, name, sentence, note, created, doc_id, doc_name in db.execute(
        "SELECT b.id, b.document_path, b.document_name, b.sentence_text, b.note, b.created_at, d.id, d.name"
        " FROM bookmarks b LEFT JOIN documents d ON d.path = b.document_path ORDER BY b.created_at, b.id"
    ).fetchall():
        claim = _claim_on(db, doc_id, sentence) if doc_id is not None else None
        found.append(
            Bookmark(
                bid,
                path,
                doc_name or name or path,
                sentence,
                note or "",
                created,
                doc_id,
                claim[0] if claim else None,
                claim[1] if claim else None,
            )
        )
    return found


def bookmark_of_claim(db: sqlite_utils.Database, claim_id: int) -> Bookmark | None:
    """The bookmark on a claim's sentence, if there is one."""
    from extract.store.schema import sentence_key

    row = db.execute(
        "SELECT d.id, d.path, d.name, s.text FROM claims c JOIN sentences s ON s.id = c.sentence_id"
        " JOIN documents d ON d.id = c.document_id WHERE c.id = ?",
        [claim_id],
    ).fetchone()
    if row is None:
        return None
    doc_id, path, name, sentence = row
    mark = db.execute(
        "SELECT id, note, created_at FROM bookmarks WHERE document_path = ? AND sentence_sha256 = ?",
        [path, sentence_key(sentence)],
    ).fetchone()
    if mark is None:
        return None
    return Bookmark(mark[0], path, name, sentence, mark[1] or "", mark[2], doc_id, claim_id)


# --- citations: a claim with everything needed to cite it -------------------------------------


@dataclass(frozen=True, slots=True)
class Citation:
    """A claim and its source, as a copy or an export gives it."""

    claim_id: int | None
    document_id: int | None
    document_path: str
    document_name: str
    title: str | None
    published: str | None
    published_from: str | None  # "metadata", "text" or "file" (a file's date is only when it was copied)
    section: tuple[str, ...]
    page: int | None
    speaker: str | None
    cue: str | None
    sentence: str
    start: int | None  # offsets of the sentence in the document's text
    end: int | None
    quantities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    note: str | None = None  # the bookmark's note ('' if bookmarked without one); None if not bookmarked


def citations(db: sqlite_utils.Database, claim_ids: Sequence[int]) -> list[Citation]:
    """Citations of the given claims, in the order given (claims no longer stored are left out)."""
    rows: dict[int, tuple] = {}
    for chunk in _chunks(list(claim_ids), 500):
        for row in db.execute(
            "SELECT c.id, c.document_id, c.sentence_id, COALESCE(e.name, c.speaker), c.cue, s.text, s.start, s.end,"
            " s.section_id, b.page FROM claims c JOIN sentences s ON s.id = c.sentence_id"
            " LEFT JOIN blocks b ON b.id = s.block_id LEFT JOIN entities e ON e.id = c.speaker_entity_id"
            f" WHERE c.id IN ({','.join('?' * len(chunk))})",
            list(chunk),
        ):
            rows[row[0]] = row
    documents: dict[int, tuple] = {}
    for chunk in _chunks(sorted({r[1] for r in rows.values()}), 500):
        for row in db.execute(
            "SELECT id, path, name, title, published, published_from FROM documents"
            f" WHERE id IN ({','.join('?' * len(chunk))})",
            list(chunk),
        ):
            documents[row[0]] = row
    quantities: dict[int, list[str]] = defaultdict(list)
    countries: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(list(rows), 500):
        marks = ",".join("?" * len(chunk))
        for claim_id, text in db.execute(
            f"SELECT claim_id, text FROM quantities WHERE claim_id IN ({marks}) ORDER BY claim_id, start", list(chunk)
        ):
            quantities[claim_id].append(text)
    sentence_ids = [r[2] for r in rows.values()]
    for chunk in _chunks(sentence_ids, 500):
        for sentence_id, key in db.execute(
            "SELECT DISTINCT m.sentence_id, e.key FROM mentions m JOIN entities e ON e.id = m.entity_id"
            f" WHERE e.kind = ? AND m.sentence_id IN ({','.join('?' * len(chunk))}) ORDER BY m.sentence_id, e.key",
            [COUNTRY, *chunk],
        ):
            countries[sentence_id].append(key)
    notes = bookmark_notes(db, sentence_ids)
    paths: dict[int | None, tuple[str, ...]] = {}
    found = []
    for claim_id in claim_ids:
        row = rows.get(claim_id)
        if row is None:
            continue
        cid, doc_id, sentence_id, speaker, cue, text, start, end, section_id, page = row
        _, path, name, title, published, published_from = documents[doc_id]
        if section_id not in paths:
            paths[section_id] = _section_path(db, section_id)
        found.append(
            Citation(
                cid,
                doc_id,
                path,
                name,
                title,
                published,
                published_from,
                paths[section_id],
                page,
                speaker,
                cue,
                text or "",
                start,
                end,
                tuple(quantities.get(cid, ())),
                tuple(countries.get(sentence_id, ())),
                notes.get(sentence_id),
            )
        )
    return found


def bookmark_citations(db: sqlite_utils.Database) -> list[Citation]:
    """Every bookmark as a citation: the claim where its sentence still stands, else what was kept of it."""
    marks = bookmarks(db)
    cited = {c.claim_id: c for c in citations(db, [b.claim_id for b in marks if b.claim_id is not None])}
    found = []
    for b in marks:
        c = cited.get(b.claim_id)
        if c is None:
            c = Citation(None, None, b.document_path, b.document_name, None, None, None, (), None, None, None,
                         b.sentence, None, None)
        found.append(replace(c, note=b.note))
    return found


def view_claim_ids(
    db: sqlite_utils.Database, filters: Sequence[Filter], *, after: Key | None = None, limit: int = 500
) -> tuple[list[int], Key | None]:
    """A chunk of the ids of the claims under `filters` in list order, and the key to read on from (None: done)."""
    rows = _fetch(db, filters, None if after is None else ">", after, limit)
    if not rows:
        return [], None
    return [r[0] for r in rows], ((rows[-1][2], rows[-1][0]) if len(rows) == limit else None)


# --- who says what about an entity ---------------------------------------------------------

QUANTITIES_SHOWN = 4  # quantities listed per speaker (most cited first)


@dataclass(frozen=True, slots=True)
class SpeakerSummary:
    """Who made claims about an entity: the speaker (its filter), how many, and the quantities they cited."""

    speaker: EntityCount
    claims: int
    quantities: tuple[str, ...]
    quantity_count: int  # quantities cited in all, before the list is cut to QUANTITIES_SHOWN


def _speaker_key(entity_id: int | None, text: str | None) -> tuple[int | None, str | None]:
    return (entity_id, None) if entity_id is not None else (None, text)


def speakers_about(db: sqlite_utils.Database, entity_id: int) -> tuple[list[SpeakerSummary], int]:
    """The speakers of the claims mentioning an entity, most claims first, and how many claims name no speaker."""
    counts: dict[tuple[int | None, str | None], list] = {}
    unattributed = 0
    ids = group_members(db, entity_id)
    groups = entity_groups(db)
    by_speaker: list[tuple] = []
    for speaker_id, speaker, name, n in db.execute(
        "SELECT c.speaker_entity_id, c.speaker, e.name, COUNT(DISTINCT c.id) FROM mentions m"
        " JOIN claims c ON c.sentence_id = m.sentence_id LEFT JOIN entities e ON e.id = c.speaker_entity_id"
        f" WHERE {_in('m.entity_id', ids)}"
        " GROUP BY c.speaker_entity_id, CASE WHEN c.speaker_entity_id IS NULL THEN c.speaker END",
        ids,
    ):
        if speaker_id is None and not speaker:
            unattributed += n
            continue
        by_speaker.append((speaker_id, speaker, name, n))
    names = _entity_names(db, sorted({groups[sid] for sid, _, _, _ in by_speaker if sid in groups}))
    for speaker_id, speaker, name, n in by_speaker:
        target = groups.get(speaker_id, speaker_id) if speaker_id is not None else None
        tally = counts.setdefault(_speaker_key(target, speaker), [names.get(target, name) or speaker, 0])  # type: ignore[arg-type]
        tally[1] += n
    cited: dict[tuple[int | None, str | None], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for speaker_id, speaker, text in db.execute(
        "SELECT c.speaker_entity_id, c.speaker, q.text FROM mentions m JOIN claims c ON c.sentence_id = m.sentence_id"
        f" JOIN quantities q ON q.claim_id = c.id WHERE {_in('m.entity_id', ids)} GROUP BY c.id, q.id",
        ids,
    ):
        if speaker_id is not None or speaker:
            speaker_id = groups.get(speaker_id, speaker_id) if speaker_id is not None else None
            cited[_speaker_key(speaker_id, speaker)][" ".join((text or "").split())] += 1
    found = []
    for (speaker_id, speaker), (name, n) in counts.items():
        texts = cited.get((speaker_id, speaker), {})
        ranked = sorted(texts, key=lambda t: (-texts[t], t.casefold()))
        entry = EntityCount(SPEAKER, speaker_id, name if speaker_id is not None else (speaker or ""), name, n)
        found.append(SpeakerSummary(entry, n, tuple(ranked[:QUANTITIES_SHOWN]), sum(texts.values())))
    found.sort(key=lambda s: (-s.claims, s.speaker.name.casefold()))
    return found, unattributed


def co_mentioned(db: sqlite_utils.Database, entity_id: int, kind: str = COUNTRY) -> list[EntityCount]:
    """Entities of `kind` named in the same claims as `entity_id`, with the number of those claims, most first."""
    ids = group_members(db, entity_id)
    rows = db.execute(
        "SELECT e.id, e.key, e.name, COUNT(DISTINCT c.id) FROM mentions m1"
        " JOIN claims c ON c.sentence_id = m1.sentence_id JOIN mentions m2 ON m2.sentence_id = m1.sentence_id"
        f" JOIN entities e ON e.id = m2.entity_id WHERE {_in('m1.entity_id', ids)} AND e.kind = ?"
        f" AND e.id NOT IN ({','.join('?' * len(ids))}) GROUP BY e.id",
        [*ids, kind, *ids],
    ).fetchall()
    found = [EntityCount(kind, eid, key, _display_name(kind, key, name), n) for eid, key, name, n in rows]
    found.sort(key=lambda e: (-e.claims, e.name.casefold()))
    return found


@dataclass(frozen=True, slots=True)
class Timeline:
    """Claims per month (every month from the first to the last, empty ones at 0) and the undated ones."""

    months: tuple[tuple[str, int], ...]  # ("2024-03", claims)
    undated: int
    from_files: int  # claims dated only by their file's modification time


def claims_timeline(db: sqlite_utils.Database, entity_id: int) -> Timeline:
    """The claims mentioning an entity by the month of their document's date."""
    ids = group_members(db, entity_id)
    per_document = db.execute(
        "SELECT c.document_id, COUNT(DISTINCT c.id) FROM mentions m JOIN claims c ON c.sentence_id = m.sentence_id"
        f" WHERE {_in('m.entity_id', ids)} GROUP BY c.document_id",
        ids,
    ).fetchall()
    dates: dict[int, tuple[str | None, str | None]] = {}
    for chunk in _chunks([doc for doc, _ in per_document], 500):
        for doc_id, published, source in db.execute(
            f"SELECT id, published, published_from FROM documents WHERE id IN ({','.join('?' * len(chunk))})",
            list(chunk),
        ):
            dates[doc_id] = (published, source)
    months: dict[str, int] = defaultdict(int)
    undated = from_files = 0
    for doc_id, n in per_document:
        published, source = dates.get(doc_id, (None, None))
        if not published or len(published) < 7 or not re.fullmatch(r"\d{4}-\d\d", published[:7]):
            undated += n
            continue
        months[published[:7]] += n
        if source == "file":
            from_files += n
    if not months:
        return Timeline((), undated, from_files)
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:7])
    filled: list[tuple[str, int]] = []
    while f"{year:04d}-{month:02d}" <= last and len(filled) < 1200:  # at most a century of months
        label = f"{year:04d}-{month:02d}"
        filled.append((label, months.get(label, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return Timeline(tuple(filled), undated, from_files)


# --- the explorer's state and saved searches -----------------------------------------------
#
# Filters are saved by what outlives a re-ingest (schema 4): entities by kind and key,
# documents by path, sections by their document's path and place, the rest by value.


def stable_filters(db: sqlite_utils.Database, filters: Sequence[Filter]) -> list[dict]:
    """The filters as JSON-ready dicts that `resolve_filters` turns back into filters after any re-ingest."""
    out: list[dict] = []
    for f in filters:
        saved: dict[str, object] = {"kind": f.kind, "label": f.label}
        if f.kind == DOCUMENT:
            row = db.execute("SELECT path FROM documents WHERE id = ?", [f.value]).fetchone()
            if row is None:
                continue
            saved["path"] = row[0]
        elif f.kind == SECTION:
            row = db.execute(
                "SELECT d.path, s.idx FROM sections s JOIN documents d ON d.id = s.document_id WHERE s.id = ?",
                [f.value],
            ).fetchone()
            if row is None:
                continue
            saved["path"], saved["idx"] = row
        elif f.kind in (COUNTRY, ORGANISATION, PERSON) or (f.kind == SPEAKER and isinstance(f.value, int)):
            row = db.execute("SELECT kind, key FROM entities WHERE id = ?", [f.value]).fetchone()
            if row is None:
                continue
            saved["entity_kind"], saved["key"] = row
        else:
            saved["value"] = f.value
        out.append(saved)
    return out


def resolve_filters(db: sqlite_utils.Database, saved: Sequence[Mapping]) -> tuple[Filter, ...]:
    """Filters from `stable_filters` output, found in this database as it is now (those it lacks are left out)."""
    found: list[Filter] = []
    for s in saved:
        kind, label = s.get("kind"), str(s.get("label", ""))
        if kind == DOCUMENT:
            row = db.execute("SELECT id, name FROM documents WHERE path = ?", [s.get("path")]).fetchone()
            if row:
                found.append(Filter(DOCUMENT, row[0], row[1]))
        elif kind == SECTION:
            row = db.execute(
                "SELECT s.id, s.heading FROM sections s JOIN documents d ON d.id = s.document_id"
                " WHERE d.path = ? AND s.idx = ?",
                [s.get("path"), s.get("idx")],
            ).fetchone()
            if row:
                found.append(Filter(SECTION, row[0], row[1] or label))
        elif "entity_kind" in s:
            entry = entity(db, str(s["entity_kind"]), str(s.get("key")))
            if entry is None:
                continue
            if kind == SPEAKER:
                found.append(Filter(SPEAKER, entry.id if entry.id is not None else -1, label or entry.name))
            else:
                found.append(entry.filter())
        elif kind in FILTER_KINDS and isinstance(s.get("value"), (str, int)):
            found.append(Filter(str(kind), s["value"], label))  # type: ignore[arg-type]
        # A kind this version does not know (saved by a newer one) is left out.
    return tuple(found)


def explorer_state(db: sqlite_utils.Database) -> dict[str, str]:
    """What the explorer saved when it last closed (key → JSON text)."""
    return dict(db.execute("SELECT key, value FROM explorer_state").fetchall())


def saved_searches(db: sqlite_utils.Database) -> list[tuple[str, list[dict]]]:
    """The saved searches by name: (name, stable filters)."""
    import json

    found = []
    for name, value in db.execute("SELECT name, filters FROM saved_searches ORDER BY name COLLATE NOCASE"):
        try:
            filters = json.loads(value)
        except ValueError:
            continue  # written by hand in another tool: not a list of filters
        if isinstance(filters, list):
            found.append((name, [f for f in filters if isinstance(f, dict)]))
    return found
