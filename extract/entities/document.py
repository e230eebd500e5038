"""Entities of a document: countries, organisations and people, with their mentions.

Takes the parsed content sentences of one document and returns the document's
entities (canonical name and aliases) and every mention with its offsets.

Each kind has its module (`countries`, `organisations`, `people`) that proposes
candidates per sentence; this module settles, per document, what the same words
are when two kinds claim them, and then finds the later short mentions the model
missed by the names the document has already established ("said Haddad",
"Nordgas sees ..."):
- a country's name or demonym is a country, whatever the model called it
  ("Azerbaijan" tagged PERSON), unless it is part of a person's full name;
- a person the document names (with a title, a full name, or as a known surname)
  is a person even where the model said ORG ("Berg", "Lena Moritz");
- an organisation shown by stronger evidence (a known or defined acronym, a
  company appositive) is an organisation even where the model said PERSON;
- a city or region counts when the model sees a place there or elsewhere in the
  document, or when it is a big city; a capital or seat of government always;
- words the model calls an organisation or person inside a longer place name
  ("King" of "King's Lynn") are part of the place;
- a place is of the country the document itself gives it: the same name placed once by a
  province beside it ("London, Ontario" and later "London"), or, in a local story whose
  places are mostly in one country, that country's town of the name (`PLACE_CONTEXT`);
- a place's name alone that is the given name of a person the document names in full
  ("Georgia began skating") is that person (`PLACE_OR_PERSON`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import extract.entities.countries.names as countries
import extract.entities.organisations.registry as organisations
import extract.entities.people.registry as people
from extract.entities.countries.names import FormMatch
from extract.entities.organisations.registry import OrganisationRegistry, OrgCandidate
from extract.entities.people.registry import PeopleRegistry, PersonCandidate
from extract.lexicon import words
from extract.phrases import Piece, ents_in, first_word, normalise, pieces, scan, span_text, text_of
from extract.records import COUNTRY, ORGANISATION, PERSON, Entity, Mention, Sentence
from extract.rules import Rule, RuleTable, probe_extraction

if TYPE_CHECKING:
    from spacy.tokens import Span

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_COUNTRY_LABELS = frozenset({"GPE", "LOC", "NORP"})
# Entity types whose words an alias found later must not cut into.
_NAMED_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "GPE", "LOC", "NORP"})


@dataclass
class _Sentence:
    sentence: Sentence
    span: Span
    base: int  # add to a doc offset to get a document offset
    parts: list[Piece]
    ents: list[Span]
    forms: list[FormMatch]
    persons: list[PersonCandidate]
    orgs: list[OrgCandidate]
    # (start, end, kind, key, the evidence that decided), doc offsets
    found: list[tuple[int, int, str, str, str]] = field(default_factory=list)


def _base(sentence: Sentence, span: Span) -> int:
    # The sentence record starts at the span's first non-space character.
    raw = span_text(span)
    lead = len(raw) - len(raw.lstrip())
    return sentence.start - span.start_char - lead


def find_entities(sentences: Sequence[tuple[Sentence, Span]]) -> tuple[list[Entity], list[Mention]]:
    """Entities and mentions of one document's sentences, in document order."""
    parsed = []
    for sentence, span in sentences:
        parts, ents = pieces(span), ents_in(span)
        forms = countries.match_forms(span, parts)
        parsed.append(
            _Sentence(sentence, span, _base(sentence, span), parts, ents, forms,
                      people.candidates(sentence.index, span, ents),
                      organisations.candidates(sentence.index, span, forms, parts, ents))
        )
    for item in parsed:
        _settle_person_or_org(item)
        _drop_inside_places(item)
        _drop_listed_places(item)
    registry = PeopleRegistry([c for item in parsed for c in item.persons])
    # A lone name the document also uses at the head of an organisation's name ("a Labour
    # government" beside "the Labour Party") or spells as one ("Tavraneftegas") is that organisation.
    surfaces = {c.surface: c.surface for item in parsed for c in item.orgs if c.source != "caps"}
    lone = {name: p for name, p in registry.lone_names().items() if not _is_org_word(name, p, surfaces)}
    full = registry.full_names()

    def is_person(text: str) -> bool:
        return text in full or text in lone

    orgs = OrganisationRegistry([c for item in parsed for c in item.orgs], is_person, _is_place)
    org_names = _org_names(parsed, orgs)
    # Short forms the text defines ("Southern African Customs Union (Sacu)") are looked for later even
    # when not in capitals.
    defined = {c.surface for item in parsed for c in item.orgs if c.source == "acronym" and c.surface != c.canonical}
    confirmed = _confirmed_places(parsed)
    places = _PlaceEvidence(_placed_elsewhere(parsed), _home_country(parsed), confirmed)
    outlets = _outlets(parsed, registry)
    org_names.update({name: name for name in outlets})
    lone = {name: p for name, p in lone.items() if name not in outlets}
    for item in parsed:
        _accept_people(item, registry, lone, org_names, outlets)
        _accept_orgs(item, orgs)
    _scan_aliases(parsed, full, lone, org_names, defined)
    given = _given_names(registry)
    for item in parsed:
        _accept_place_named_people(item, given)
        _accept_countries(item, confirmed, places)
    return _records(parsed)


def _is_place(text: str) -> bool:
    """A country, region or sizeable city: then it is no organisation ("Edinburgh would not wait")."""
    form = countries.lookup(text)
    return form is not None and (form.kind != countries.PLACE or form.weight >= countries.CITY_AS_BODY)


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _settle_person_or_org(item: _Sentence) -> None:
    """Where both claim the same words: strong organisation evidence beats a person reading,
    a person reading from a title, apposition or "administration" beats the model's ORG."""
    strong = [o for o in item.orgs if o.source in organisations.STRONG_SOURCES]
    item.persons = [p for p in item.persons if not any(_overlaps(p.start, p.end, o.start, o.end) for o in strong)]
    shown = [
        p for p in item.persons
        if p.source in ("title", "role", "leader") or (len(p.parts) > 1 and p.source != "shape")
    ]
    # A long title before a name ("Secretary of State for Foreign, Commonwealth and Development
    # Affairs David Lammy") names an office, not a body, unless a known body is named in it.
    spans = [(p.start if p.title_start is None else p.title_start, p.end) for p in shown]
    item.orgs = [
        o for o in item.orgs
        if o.source in organisations.STRONG_SOURCES or not any(_overlaps(s, e, o.start, o.end) for s, e in spans)
    ]


def _drop_listed_places(item: _Sentence) -> None:
    """A lone untitled name listed with places ("Odesa, Mykolaiv and Irpin") is a place too."""
    doc = item.span.doc

    def place(token) -> bool:
        return countries.lookup(token.text) is not None

    def listed_with_place(token) -> bool:
        linked = [c for c in token.children if c.dep_ == "conj"]
        if token.dep_ == "conj":
            linked.append(token.head)
        return any(place(t) and t.ent_type_ != "PERSON" for t in linked)

    item.persons = [
        p for p in item.persons
        if p.titled or len(p.parts) > 1 or not listed_with_place(doc[p.last_token])
    ]


def _drop_inside_places(item: _Sentence) -> None:
    """Words the model calls an organisation or person inside a longer place name ("King" of
    "King's Lynn") are part of the place."""
    places = [(m.start, m.end) for m in item.forms if m.form.kind not in countries.STRONG]
    # A country's formal name of several words ("Democratic People's Republic of Korea") holds no body
    # either: the model reads its first words as one ("Democratic People").
    formal = [(m.start, m.end) for m in item.forms if m.form.kind == countries.NAME and len(m.text.split()) >= 3]

    def inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
        return any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans)

    item.orgs = [o for o in item.orgs
                 if o.source in organisations.STRONG_SOURCES or not inside(o.start, o.end, places + formal)]
    item.persons = [p for p in item.persons if p.titled or not inside(p.start, p.end, places)]


def _org_names(parsed: list[_Sentence], orgs: OrganisationRegistry) -> dict[str, str]:
    """Surface form → canonical name of every organisation the document establishes."""
    out: dict[str, str] = {}
    for item in parsed:
        for cand in item.orgs:
            name = orgs.name_of(cand)
            if name is not None:
                out.setdefault(cand.surface, name)
                out.setdefault(name, name)
    return out


def _is_org_word(name: str, person, surfaces: dict[str, str]) -> bool:
    """A person known by one word only, which organisations' names of the document start with."""
    known_as = person.aliases | {person.name}
    if person.titled or any(" " in a for a in known_as):
        return False
    # The model calling the same word ORG elsewhere is no evidence: that is the very doubt.
    return _lone_org(name, {k: v for k, v in surfaces.items() if k != name}) is not None


def _lone_org(name: str, org_names: dict[str, str]) -> str | None:
    """The organisation a lone capitalised name stands for: its first word, or a spelling of it."""
    if name in org_names:
        return org_names[name]
    starts = {canonical for surface, canonical in org_names.items() if surface.split(" ")[0] == name}
    if len(starts) == 1:
        return starts.pop()
    for surface, canonical in org_names.items():
        if " " not in surface and organisations.spelling_variant(surface, name):
            return canonical
    return None


def _outlets(parsed: list[_Sentence], registry: PeopleRegistry) -> set[str]:
    """One-word names met only as whom someone "told" ("told Al-Monitor"): the outlet an
    interview was given to, not a person (a person is also named in full, titled or acting)."""
    told: dict[str, bool] = {}
    for item in parsed:
        doc = item.span.doc
        for cand in item.persons:
            person = registry.person_of(cand)
            if person is None or " " in person.name or person.titled:
                continue
            heads = [t for t in doc[cand.first_token : cand.last_token + 1] if t.head.i not in
                     range(cand.first_token, cand.last_token + 1)]
            object_of_tell = len(heads) == 1 and heads[0].dep_ in ("dobj", "dative") and heads[0].head.lemma_ == "tell"
            told[person.name] = told.get(person.name, True) and object_of_tell
    return {name for name, only in told.items() if only}


def _accept_people(
    item: _Sentence, registry: PeopleRegistry, lone: dict, org_names: dict[str, str], outlets: set[str]
) -> None:
    for cand in item.persons:
        person = registry.person_of(cand)
        if person is None:
            continue
        if person.name in outlets:
            item.found.append((cand.start, cand.end, ORGANISATION, person.name, "entities.outlet"))
            continue
        if " " not in person.name and person.name not in lone:
            # A lone name that the document otherwise uses for an organisation ("Tavraneftegas").
            org = _lone_org(person.name, org_names)
            if org is not None:
                item.found.append((cand.start, cand.end, ORGANISATION, org, "entities.lone_organisation_name"))
                continue
        item.found.append((cand.start, cand.end, PERSON, person.name, f"people.{cand.source}"))


def _accept_orgs(item: _Sentence, orgs: OrganisationRegistry) -> None:
    taken = [(s, e) for s, e, kind, *_ in item.found if kind == PERSON]
    for cand in item.orgs:
        name = orgs.name_of(cand)
        if name is None or any(_overlaps(cand.start, cand.end, s, e) for s, e in taken):
            continue
        item.found.append((cand.start, cand.end, ORGANISATION, name, f"organisations.{cand.source}"))


def _named_spans(ents: Sequence[Span]) -> list[tuple[int, int]]:
    return [(e.start_char, e.end_char) for e in ents if e.label_ in _NAMED_LABELS]


def _scan_aliases(
    parsed: list[_Sentence], full: dict, lone: dict, org_names: dict[str, str], defined: set[str]
) -> None:
    """Later mentions by a name the document established, where the model found nothing."""
    aliases: dict[str, tuple[str, str]] = {}
    for name, person in full.items():
        aliases[name] = (PERSON, person.name)
    for name, person in lone.items():
        form = countries.lookup(name)
        # A surname that is also a town ("Machado") is the person here; one that is a
        # country's name or a capital is not taken alone.
        if form is None or form.kind == countries.PLACE:
            aliases.setdefault(name, (PERSON, person.name))
    for surface, canonical in org_names.items():
        if " " in surface or (surface.isupper() and len(surface) >= 2) or surface == canonical or surface in defined:
            if countries.lookup(surface) is None and surface not in aliases:
                aliases[surface] = (ORGANISATION, canonical)
    if not aliases:
        return
    starts = frozenset(first_word(a) for a in aliases)
    for item in parsed:
        doc = item.span.doc
        taken = [(s, e) for s, e, *_ in item.found]
        named = _named_spans(item.ents)
        exact = {(e.start_char, e.end_char) for e in item.ents}
        for hit in scan(item.parts, text_of(doc), aliases.get, starts, max_pieces=10):
            kind, key = cast("tuple[str, str]", hit.value)  # what `aliases` holds
            if any(_overlaps(hit.start, hit.end, s, e) for s, e in taken):
                continue
            if any(s <= hit.start and hit.end <= e and (s, e) != (hit.start, hit.end) for s, e in named):
                continue  # inside a longer name ("Berg Corridor for Regional Trade and Transit")
            last = doc[hit.last_token]
            nxt = doc[hit.last_token + 1] if hit.last_token + 1 < len(doc) else None
            if nxt is not None and nxt.text[:1].isupper() and nxt.pos_ == "PROPN" and nxt.i < item.span.end:
                continue  # the start of a longer name
            if kind == PERSON and last.pos_ not in ("PROPN", "NOUN") and (hit.start, hit.end) not in exact:
                continue
            item.found.append((hit.start, hit.end, kind, key, "entities.later_mention"))
            taken.append((hit.start, hit.end))


def _confirmed_places(parsed: list[_Sentence]) -> set[str]:
    """Place names the model calls a place somewhere in the document."""
    out = set()
    for item in parsed:
        for match in item.forms:
            if match.form.kind != countries.PLACE:
                continue
            for ent in item.ents:
                if ent.label_ in _PLACE_LABELS and countries.lookup(ent.text) == match.form and (
                    ent.start_char <= match.start and match.end <= ent.end_char
                ):
                    out.add(match.text)
    return out


def _given_names(registry: PeopleRegistry) -> dict[str, str]:
    """First word of each multi-word person's name → that person, where only one person has it."""
    out: dict[str, set[str]] = {}
    for person in registry.people:
        parts = person.name.split()
        if len(parts) > 1 and parts[0][:1].isupper():
            out.setdefault(parts[0], set()).add(person.name)
    return {word: next(iter(names)) for word, names in out.items() if len(names) == 1}


def _acting_as_person(item: _Sentence, match: FormMatch, given: dict[str, str]) -> str | None:
    """The person a lone place name stands for: the given name of a person the document names in
    full, standing where a person does (the subject or object of a verb, an owner), not after a
    preposition of place nor modifying a noun ("Georgia officials")."""
    if match.first_token != match.last_token or match.text not in given:
        return None
    token = item.span.doc[match.first_token]
    if token.dep_ not in ("nsubj", "nsubjpass", "dobj", "poss", "dative", "conj"):
        return None
    if token.dep_ == "conj" and token.head.ent_type_ not in ("PERSON", ""):
        return None
    return given[match.text]


# A lone name that the gazetteer has as a place but that the document uses for a person.
PLACE_OR_PERSON: RuleTable[str] = RuleTable("place_or_person", [
    Rule("given_name_of_a_person", "Georgia Whitfield grew up in Ohio. Georgia began skating at four.",
         _acting_as_person, why="people named after places: the given name alone, later in the text"),
], probe=probe_extraction)


def _accept_place_named_people(item: _Sentence, given: dict[str, str]) -> None:
    if not given:
        return
    taken = [(s, e) for s, e, *_ in item.found]
    for match in item.forms:
        if any(_overlaps(match.start, match.end, s, e) for s, e in taken):
            continue
        decided = PLACE_OR_PERSON.first(item, match, given)
        if decided is not None:
            rule, person = decided
            item.found.append((match.start, match.end, PERSON, person, rule))


def _placed_elsewhere(parsed: list[_Sentence]) -> dict[str, str]:
    """Places the document itself places in a country other than the gazetteer's reading, by a
    state or province beside them ("London, Ontario", "Glasgow, Ky."): name → that country, for
    the same name standing alone elsewhere in the document. A name placed in two countries by
    the document is left to the gazetteer."""
    out: dict[str, set[str]] = {}
    for item in parsed:
        for match in item.forms:
            base = countries.lookup(match.text)
            if base is None or base.kind not in (countries.PLACE, countries.CAPITAL) or match.form.code is None:
                continue
            if match.form.kind == countries.REGION and match.form.code != base.code:
                out.setdefault(normalise(match.text).casefold(), set()).add(match.form.code)
    return {name: next(iter(codes)) for name, codes in out.items() if len(codes) == 1}


@dataclass(frozen=True)
class _PlaceEvidence:
    """What the document itself says of its places."""

    placed: dict[str, str]  # a place's name → the country the document places it in
    home: str | None  # the country most of the document's places are in, where one clearly is
    confirmed: set[str]  # place names the model calls a place somewhere in the document


# The country of a local story: at least this many of its place mentions, and this share of them.
MIN_HOME_PLACES = 3
MIN_HOME_SHARE = 0.6


def _home_country(parsed: list[_Sentence]) -> str | None:
    """The country that the document's places below the level of a country (cities, provinces,
    datelines) are mostly in: a local story's country."""
    counts: dict[str, int] = {}
    for item in parsed:
        for match in item.forms:
            if match.form.code and match.form.kind in (countries.PLACE, countries.REGION, countries.CAPITAL):
                counts[match.form.code] = counts.get(match.form.code, 0) + 1
    if not counts:
        return None
    code, top = max(counts.items(), key=lambda kv: kv[1])
    return code if top >= MIN_HOME_PLACES and top >= MIN_HOME_SHARE * sum(counts.values()) else None


def _placed_by_document(item: _Sentence, match: FormMatch, places: _PlaceEvidence) -> str | None:
    if match.form.kind not in (countries.PLACE, countries.CAPITAL) or _inside_name(item, match):
        return None
    return places.placed.get(normalise(match.text).casefold())


def _in_home_country(item: _Sentence, match: FormMatch, places: _PlaceEvidence) -> str | None:
    """A city that the gazetteer gives to another country, in a story whose places are in a
    country that has a city of that name too ("Richmond" in a story of Virginian towns)."""
    form = match.form
    if places.home is None or form.kind != countries.PLACE or form.big or form.code == places.home:
        return None
    if places.home not in countries.place_countries(match.text) or _inside_name(item, match):
        return None
    placed = match.text in places.confirmed or _with_place_noun(item.span, match) or _located_token(item, match)
    return places.home if placed else None


def _located_token(item: _Sentence, match: FormMatch) -> bool:
    token = item.span.doc[match.last_token]
    return token.dep_ == "pobj" and token.head.lower_ in words("locative")


# Where the document's own evidence says whose a place is, against the gazetteer's reading.
PLACE_CONTEXT: RuleTable[str] = RuleTable("place_context", [
    Rule("document_places", "A man from London, Ontario, won. London officials said he moved there.",
         lambda item, match, places: _placed_by_document(item, match, places) or _in_home_country(item, match, places),
         why="local news names its town's province once, then the town alone, and its towns are in the "
             "country its other places are in"),
], probe=probe_extraction)


def _accept_countries(item: _Sentence, confirmed: set[str], places: _PlaceEvidence) -> None:
    persons = [(s, e) for s, e, kind, *_ in item.found if kind == PERSON]
    for match in item.forms:
        form = match.form
        if form.code is None or any(_overlaps(match.start, match.end, s, e) for s, e in persons):
            continue
        decided = PLACE_CONTEXT.first(item, match, places)
        if decided is not None:
            item.found.append((match.start, match.end, COUNTRY, decided[1], decided[0]))
            continue
        if _names_event(item.span, match) or _seat_for_body(item.span, match):
            continue
        if form.kind == countries.PLACE and (
            not (match.text in confirmed or _big_unlabelled(item.span, match) or _routed(item.span, match)
                 or _with_place_noun(item.span, match))
            or _inside_name(item, match)
        ):
            continue
        item.found.append((match.start, match.end, COUNTRY, form.code, f"countries.{form.kind}"))
    for ent in item.ents:
        if ent.label_ not in _COUNTRY_LABELS:
            continue
        if any(_overlaps(ent.start_char, ent.end_char, m.start, m.end) for m in item.forms):
            continue
        if any(_overlaps(ent.start_char, ent.end_char, s, e) for s, e in persons):
            continue
        code = countries.ner_code(ent.text)
        if code is not None:
            item.found.append((ent.start_char, ent.end_char, COUNTRY, code, "countries.model_entity"))




def _names_event(span: Span, match: FormMatch) -> bool:
    doc = span.doc
    if match.form.kind != countries.NAME:
        return False
    i = match.last_token + 1
    while (
        i < span.end
        and doc[i].pos_ == "PROPN"
        and doc[i].text[:1].isupper()
        and countries.lookup(doc[i].text) is None
    ):
        if doc[i].text in words("gathering_head"):
            return i + 1 >= span.end or not doc[i + 1].text[:1].isupper()
        i += 1
    return False




def _seat_for_body(span: Span, match: FormMatch) -> bool:
    """A body's seat ("Brussels") used for the body, not as a place ("in Brussels") or a dateline."""
    if match.text not in words("body_seat") or match.form.kind == countries.REGION:
        return False
    token = span.doc[match.last_token]
    placing = token.head.lower_ in words("locative") or token.head.lower_ in words("directional")
    return not (token.dep_ == "pobj" and placing)




def _routed(span: Span, match: FormMatch) -> bool:
    """A sizeable city on a route ("from Almaty to Rotterdam"): the object of "from", "to" or
    "via" in a sentence that names a route's start with "from", and no entity of another kind."""
    doc = span.doc
    if match.form.weight < countries.CITY_AS_BODY or match.first_token != match.last_token:
        return False
    token = doc[match.first_token]
    if token.ent_type_ not in ("", "GPE", "LOC") or token.dep_ != "pobj":
        return False
    prep = token.head
    return prep.lower_ in words("route_preposition") and any(
        t.lower_ == "from" and t.head == prep.head for t in doc[span.start : span.end]
    )


def _with_place_noun(span: Span, match: FormMatch) -> bool:
    """A place named with the noun of its kind ("Hubei Province", "Kentucky State Police", "the
    Kherson Oblast"): the place, also where it modifies a body's name, is its country's."""
    after = match.last_token + 1
    if after >= span.end:
        return False
    token = span.doc[after]
    return token.text[:1].isupper() and token.lower_ in words("place_noun") and token.lower_ not in (
        "sea", "river", "lake", "bay", "gulf", "strait", "island", "islands", "field", "fields", "border", "port")


def _inside_name(item: _Sentence, match: FormMatch) -> bool:
    """A town's name inside a longer person's name ("María Corina Machado") is a surname."""
    for ent in item.ents:
        longer = ent.end_char - ent.start_char > len(match.text)
        if longer and ent.start_char <= match.start and match.end <= ent.end_char:
            if ent.label_ == "PERSON" or (ent.label_ == "ORG" and people.name_shaped(ent)):
                return True
    return False


def _big_unlabelled(span: Span, match: FormMatch) -> bool:
    """A big city the model did not call something else, or a sizeable city that it calls an
    organisation, as a city standing for its government is ("Edinburgh would not wait")."""
    doc = span.doc
    labels = {doc[i].ent_type_ for i in range(match.first_token, match.last_token + 1)}
    if match.form.big:
        return labels <= {"", "GPE", "LOC", "FAC"}
    whole = doc[match.first_token].ent_iob_ == "B" and (
        match.last_token + 1 >= len(doc) or doc[match.last_token + 1].ent_iob_ != "I"
    )
    # The subject of a "to" clause that the model calls an organisation is something measured,
    # not a city ("expects Brent to average $55": a crude benchmark).
    token = doc[match.last_token]
    measured = token.dep_ in ("nsubj", "nsubjpass") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.head.children)
    return match.form.weight >= countries.CITY_AS_BODY and labels == {"ORG"} and whole and not measured


def _records(parsed: list[_Sentence]) -> tuple[list[Entity], list[Mention]]:
    mentions: list[Mention] = []
    aliases: dict[tuple[str, str], set[str]] = {}
    order: list[tuple[str, str]] = []
    for item in parsed:
        text = text_of(item.span.doc)
        for start, end, kind, key, rule in sorted(item.found):
            surface = text[start:end]
            mentions.append(Mention(item.sentence.index, item.base + start, item.base + end, surface, kind, key, rule))
            ident = (kind, key)
            if ident not in aliases:
                aliases[ident] = set()
                order.append(ident)
            aliases[ident].add(surface)
    entities = []
    for kind, key in order:
        name = countries.country_name(key) if kind == COUNTRY else key
        entities.append(Entity(kind, key, name, tuple(sorted(aliases[(kind, key)] - {name}))))
    return entities, mentions
