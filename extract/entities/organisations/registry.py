"""Organisations: named bodies of a document under one canonical name each, with aliases.

Candidates in a sentence come from:
- the table of well-known organisations (`data/organisations.tsv`): "EU", "NATO",
  "the European Union", matched as whole words even inside "entities)EU";
- spaCy's ORG entities, cleaned ("the", a possessive, a dangling "(OIC", a function
  word that opens a quotation, a person's title that starts inside them: "EU High
  Representative ...") and widened over adjacent capitalised words it cut off
  ("Strategic Working Group", "Air Force One");
- a country's state bodies ("Ukraine's Air Force", "the Russian Foreign Ministry"),
  named in full by the templates of `data/government_bodies.tsv` in the state's own
  style ("... of the Islamic Republic of Iran"), or as written when more words
  make the name ("Royal Thai Army", "Ministry of Economy, Trade and Industry");
- acronyms the text defines ("the Organisation of Islamic Cooperation (OIC)", "the Office
  of Trade Affairs, or OTA"), also in another language or written as a word ("Southern
  African Customs Union (Sacu)"), with a body's word after the bracket ("... (LDC) Group");
- capitalised words built on an organisation's word, with an "of"/"on"/"for" phrase
  ("the Independent Panel on Water Finance"), and a name after a noun for a body ("the
  think tank R4X");
- unknown acronyms in capitals ("SOCAR"), unless they name things ("AI", "LNG"), and
  an acronym followed by a body's word ("AU Commission");
- names the parse ties to an organisation: in apposition to a noun such as
  "company" or "giant", owning a plant or site ("Nordgas Energy's Tavra Point
  plant"), or coordinated with an organisation ("Nordgas and Adnoc").

Per document, a short form resolves to the full name it stands for: a defined or
well-known acronym, a bare state body ("the Air Force") to the one body of that
kind the document qualifies, "the Council" in an EU text to the Council of the
European Union and "the Commission" in an AU text to the AU's (the body the text names
most decides; `data/context_names.tsv`, with the source of each row), "the Security
Council" alone to the UN's, a country's adjective before a body's everyday name to that
country's own body ("the Ukrainian Red Cross"), a first word to the one longer name it starts ("NORDA" → "NORDA Gas
Ltd"), a one-letter spelling variant to the form seen first ("Tavraneftegaz").
Countries, places (a list of countries, a sea or shoal, "Puerto X"), people, events,
documents and things are dropped: they are not organisations.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import pycountry

import extract.entities.countries.names as countries
from extract.entities.headlines import headline_verb
from extract.lexicon import rows, title_length, titles_by_first_word, words
from extract.phrases import Piece, ents_in, first_word, normalise, pieces, scan, span_text, text_of
from extract.rules import Rule, RuleTable, probe_extraction

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from extract.entities.countries.names import FormMatch

# Which evidence wins when two candidates overlap (lower wins).
_PRIORITY = {"body": 0, "template": 0, "compound": 0, "table": 1, "acronym": 2, "appos": 3, "owner": 3, "conj": 4,
             "ner": 5, "run": 5, "caps": 6}  # a run of capitalised words outweighs a shorter entity inside it
# Sources of a name that may yet turn out to be an event or a thing ("the UN Charter"), so
# that a well-known name inside it is looked at as well.
_LOOSE_SOURCES = frozenset({"ner", "appos", "owner", "conj", "caps", "run"})
# Sources that outweigh a person reading of the same words.
STRONG_SOURCES = frozenset({"table", "acronym", "appos", "owner", "caps", "template", "body", "compound"})
_CONNECTORS = frozenset({"of", "for", "the", "and", "on", "in", "de", "du", "des", "la", "&", "’s", "'s"})
_ACRONYM = re.compile(r"^[A-Z][A-Za-z&]*[A-Z]s?$")
# A short name in brackets written as a word ("Sacu"), as a defined acronym may be.
_WORD_ACRONYM = re.compile(r"^[A-Z][a-z]{3,}$")
_NOT_NAMES = frozenset({"PERSON", "DATE", "TIME", "NORP", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
# No word of a real name is longer (the longest place names aside, which are not organisations).
MAX_WORD = 40


@dataclass(frozen=True, slots=True)
class OrgCandidate:
    """A possible organisation mention (doc character offsets)."""

    sentence: int
    start: int
    end: int
    surface: str  # cleaned text: no leading "the", no possessive
    source: str
    first_token: int
    last_token: int
    canonical: str | None = None  # known when the candidate is made (table, template)
    body: str | None = None  # a bare state body awaiting its country ("Air Force")
    facility: bool = False  # followed by a noun such as "pipeline": a facility, not a body
    plural_acronym: bool = False  # defined as "(UAVs)": a kind of thing
    owned: bool = False  # followed by "of" ("the Security Council of the club"): someone's own body


def key(name: str) -> str:
    """Comparison key of a name: case, "the", a possessive, spelling and punctuation aside."""
    s = unicodedata.normalize("NFKC", name).lower().strip().replace("’", "'")
    s = s.replace("organization", "organisation").replace("&", "and")
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"'s$", "", s)
    return re.sub(r"[^\w]+", " ", s).strip()


@lru_cache(maxsize=1)
def known() -> tuple[dict[str, str], dict[str, str]]:
    """Well-known organisations: (exact short form → canonical, name key → canonical)."""
    exact: dict[str, str] = {}
    by_key: dict[str, str] = {}
    for row in rows("organisations.tsv"):
        canonical = row[0]
        aliases = [a for a in (row[1].split("|") if len(row) > 1 else []) if a]
        for name in [canonical, *aliases]:
            exact[normalise(name)] = canonical
            if not _is_acronym(name) and not name.startswith("the "):  # "the Diet" only as written
                by_key[key(name)] = canonical
    return exact, by_key


@lru_cache(maxsize=1)
def _known_starts() -> frozenset[str]:
    exact, _ = known()
    starts = {first_word(name) for name in exact}
    if "the" in starts:
        starts.add("The")
    return frozenset(starts)


@lru_cache(maxsize=1)
def bodies() -> dict[str, str]:
    """State body short form ("Air Force") → template of its full name."""
    out: dict[str, str] = {}
    for row in rows("government_bodies.tsv"):
        for form in row[0].split("|"):
            out[normalise(form).lower()] = row[1]
    return out


@lru_cache(maxsize=1)
def _any_case_bodies() -> frozenset[str]:
    """Bodies that news style also names in lower case ("Russia's foreign ministry")."""
    return frozenset(
        normalise(form).lower()
        for row in rows("government_bodies.tsv")
        if len(row) > 2 and row[2] == "any case"
        for form in row[0].split("|")
    )


@lru_cache(maxsize=1)
def context_names() -> dict[str, tuple[tuple[str, str], ...]]:
    """Bare name → its readings, in table order: (organisation the text must name, canonical name)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for row in rows("context_names.tsv"):
        out.setdefault(row[0], []).append((row[1], row[2]))
    return {name: tuple(readings) for name, readings in out.items()}


@lru_cache(maxsize=1)
def alone_names() -> dict[str, str]:
    """Bare name → the body it names where the text names none of its organisations."""
    return {row[0]: row[2] for row in rows("context_names.tsv") if len(row) > 4 and row[4] == "alone"}


def _context_reading(bare: str, named: Counter[str]) -> str | None:
    """The canonical name a bare name has in a text that names these organisations (key →
    count): the reading whose organisation the text names, the most named where several are."""
    options = [(named[key(required)], -n, canonical)
               for n, (required, canonical) in enumerate(context_names().get(bare, ())) if named[key(required)]]
    return max(options)[2] if options else None


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= len(letters) - 1 and text[:1].isupper()


def _title_case(token: Token) -> bool:
    return token.text[:1].isupper()


def candidates(
    sentence: int, span: Span, forms: Sequence[FormMatch], parts: list[Piece] | None = None,
    ents: Sequence[Span] | None = None,
) -> list[OrgCandidate]:
    """Possible organisation mentions in one sentence (`parts` and `ents` as the caller has them)."""
    parts = pieces(span) if parts is None else parts
    ents = ents_in(span) if ents is None else ents
    found: list[OrgCandidate] = []
    found += _from_table(sentence, span, parts)
    found += _from_bodies(sentence, span, forms, parts)
    definitions = list(_acronym_definitions(sentence, span))
    found += definitions
    for ent in ents:
        if ent.label_ == "ORG" and NOT_A_BODY.first(ent) is None:
            cand = _from_entity(sentence, ent, "ner")
            if cand is not None:
                found.append(cand)
        if ent.label_ in ("ORG", "PERSON", "GPE", "FAC", "NORP", "PRODUCT") and _org_appositive(ent):
            cand = _from_entity(sentence, ent, "appos")
            if cand is not None:
                found.append(cand)
        if ent.label_ in ("ORG", "FAC", "GPE", "PRODUCT") and _owns_facility(ent):
            cand = _from_entity(sentence, ent, "owner")
            if cand is not None and countries.lookup(cand.surface) is None:
                found.append(cand)
    found += _capital_acronyms(sentence, span)
    found += _named_bodies(sentence, span)
    found += _acronym_bodies(sentence, span, found)
    found += _coordinated(sentence, span, found)
    doc = span.doc
    return [replace(c, owned=True) if c.last_token + 1 < len(doc) and doc[c.last_token + 1].lower_ == "of" else c
            for c in _without_overlaps(found)]


def _generic_modifier(ent: Span) -> bool:
    """"a Cabinet meeting": one word for a kind of body, written with a capital, that modifies
    a noun with an indefinite article: no particular body is named."""
    token = ent.root
    if len(ent) != 1 or token.text not in words("org_word") or token.dep_ != "compound":
        return False
    head = token.head
    indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children)
    return head.pos_ == "NOUN" and head.is_lower and indefinite


def _placed(ent: Span) -> bool:
    """"the border at Dostyk", "the port of Aktau": a name given to a place noun is a place."""
    root = ent.root
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in ("at", "of", "near") or prep.i == 0:
        return False
    # The noun the preposition hangs on, or the one right before it ("a line to the border at X").
    nouns = (prep.head, ent.doc[prep.i - 1])
    return any(n.pos_ == "NOUN" and n.lemma_.lower() in words("place_noun") for n in nouns)


def _from_table(sentence: int, span: Span, parts: list[Piece]) -> list[OrgCandidate]:
    exact, by_key = known()
    text = text_of(span.doc)

    def lookup(phrase: str) -> str | None:
        if phrase in exact:
            return exact[phrase]
        if phrase.startswith("The ") and "the " + phrase[4:] in exact:
            return exact["the " + phrase[4:]]
        if " " in phrase and phrase[:1].isupper():
            return by_key.get(key(phrase))
        return None

    doc = span.doc
    out = []
    for hit in scan(parts, text, lookup, _known_starts(), max_pieces=14):
        first, start = hit.first_token, hit.start
        if doc[first].lower_ == "the":
            if first == hit.last_token:
                continue
            # "the Diet": the article is needed to tell the name from the word, but is no part of it.
            first += 1
            start = doc[first].idx
        canonical = str(hit.value)
        before = doc[first - 1] if first > 0 else None
        if before is not None and " " in hit.text and hit.text not in (canonical, "the " + canonical) and not (
                _is_acronym(hit.text.split()[0])) and _demonym(before):
            # "the Ukrainian Red Cross": a country's adjective before a body's everyday name
            # names that country's own body, not the international one.
            first, start, canonical = before.i, before.idx, text[before.idx : hit.end]
        out.append(OrgCandidate(sentence, start, hit.end, text[start : hit.end], "table", first, hit.last_token,
                                canonical=canonical))
    return out


def _demonym(token: Token) -> bool:
    form = countries.lookup(token.text)
    return form is not None and form.kind == countries.DEMONYM and token.text[:1].isupper()


def _from_bodies(sentence: int, span: Span, forms: Sequence[FormMatch], parts: list[Piece]) -> list[OrgCandidate]:
    """State bodies, qualified by a country before ("Ukraine's", "Russian") or after ("of Ukraine")."""
    table = bodies()
    doc, text = span.doc, text_of(span.doc)
    starts = frozenset(first_word(f) for f in table)
    qualifying = (countries.NAME, countries.DEMONYM, countries.CAPITAL, countries.SEAT)
    by_last = {f.last_token: f for f in forms if f.form.code and f.form.kind in qualifying}
    by_first = {f.first_token: f for f in forms if f.form.code and f.form.kind == countries.NAME}
    # Reuters writes "Russia's foreign ministry": the form is matched in any case; a bare
    # lower-case one stays only if the document names that body of one country elsewhere.
    lower_parts = [Piece(p.start, p.end, p.text.lower(), p.token) for p in parts]
    out = []
    for hit in scan(lower_parts, text.lower(), table.get, starts, max_pieces=5):
        after = doc[hit.last_token + 1] if hit.last_token + 1 < len(doc) else None
        if after is not None and _title_case(after) and after.pos_ in ("PROPN", "NUM"):
            continue  # "Air Force One": a name of its own
        template = str(hit.value)
        surface = text[hit.start : hit.end]
        if not surface[:1].isupper() and normalise(hit.text) not in _any_case_bodies():
            continue  # "the Russian army": a generic reference
        last = _more_portfolios(doc, hit.last_token, span.end) if " of " in surface else hit.last_token
        if last != hit.last_token:
            # "Ministry of Economy, Trade and Industry": a ministry of several fields is named as written.
            end = doc[last].idx + len(doc[last].text)
            out.append(OrgCandidate(sentence, hit.start, end, text[hit.start : end], "template", hit.first_token, last,
                                    canonical=text[hit.start : end]))
            continue
        qualifier = None
        i = hit.first_token - 1
        if i >= 0 and doc[i].tag_ == "POS":
            i -= 1
        if i >= 0 and i in by_last and (doc[i + 1].tag_ == "POS" or by_last[i].form.kind == countries.DEMONYM):
            qualifier = by_last[i]
        elif hit.last_token + 2 < len(doc) and doc[hit.last_token + 1].lower_ == "of":
            k = hit.last_token + 2
            if k + 1 < len(doc) and doc[k].lower_ == "the":
                k += 1  # "Armed Forces of the United Arab Emirates"
            qualifier = by_first.get(k)
        if qualifier is None:
            if i >= 0 and (i in by_last or (_title_case(doc[i]) and doc[i].pos_ != "DET" and not doc[i].is_punct)):
                continue  # "U.S. Army", "European Central Bank": part of a longer name as written
            out.append(OrgCandidate(sentence, hit.start, hit.end, surface, "body", hit.first_token, hit.last_token,
                                    body=normalise(hit.text)))
            continue
        code = qualifier.form.code
        assert code is not None
        name = template.format(country=countries.formal_name(code), demonym=countries.demonym(code))
        start, end = min(hit.start, qualifier.start), max(hit.end, qualifier.end)
        before_body = qualifier.end <= hit.start and qualifier.form.kind == countries.DEMONYM
        lead = _name_lead(doc, qualifier.first_token) if before_body else None
        if lead is not None:
            # "Royal Thai Army": a word before the country's adjective makes the name as written.
            start = doc[lead].idx
            name = text[start:end]
        elif before_body and surface[:1].isupper() and _defined_next(doc, hit.last_token):
            name = text[start:end]  # "the Malian Armed Forces (FAMa)": the document's own defined name
        out.append(OrgCandidate(sentence, start, end, text[start:end], "template",
                                min(hit.first_token, qualifier.first_token), max(hit.last_token, qualifier.last_token),
                                canonical=name, body=normalise(hit.text)))
    return out


def _defined_next(doc, last: int) -> bool:
    """A short form in brackets right after token `last`: the words before it are a defined name."""
    return (last + 3 < len(doc) and doc[last + 1].text == "(" and doc[last + 3].text == ")"
            and doc[last + 2].text[:1].isupper())


def _more_portfolios(doc, last: int, end: int) -> int:
    """The last token of ", Trade and Industry" after "Ministry of Economy": further fields of the
    same ministry (capitalised words of government fields joined by commas and "and")."""
    k, found = last + 1, last
    while k + 1 < end and doc[k].text in (",", "and", "&"):
        j = k + 1
        while j < end and doc[j].text in words("portfolio") and _title_case(doc[j]):
            j += 1
        if j == k + 1:
            break
        found, k = j - 1, j
    return found


def _name_lead(doc, i: int) -> int | None:
    """The token before `i` when it is a capitalised word that opens an official name ("Royal",
    "Imperial"), not an article, a title, a country or a sentence-opening adverb."""
    j = i - 1
    if j < 0:
        return None
    token = doc[j]
    if not _title_case(token) or not token.is_alpha or token.pos_ not in ("PROPN", "ADJ"):
        return None
    if token.text in words("title") or countries.lookup(token.text) is not None:
        return None
    if token.ent_type_ and token.ent_type_ != "ORG":
        return None
    return j


def _clean_tokens(tokens: list[Token]) -> list[Token]:
    for n, token in enumerate(tokens):
        if token.tag_ == "POS" or token.text in ("(", "[", "’s", "'s"):
            tokens = tokens[:n]
            break
    while tokens and (tokens[0].pos_ == "DET" or tokens[0].is_punct or tokens[0].lower_ == "the"
                      or _opening(tokens[0])):
        tokens = tokens[1:]
    # Names end in a capitalised word: a lower-case word the model swept in at the end ("the
    # Council on the humanitarian" of "... on the humanitarian front") is none of the name.
    while tokens and ((tokens[-1].is_punct and tokens[-1].text not in (".",))
                      or (len(tokens) > 1 and tokens[-1].lower_ in _CONNECTORS)
                      or (len(tokens) > 1 and tokens[-1].is_lower and tokens[-1].is_alpha)):
        tokens = tokens[:-1]
    if len(tokens) > 1 and tokens[-1].text == "party" and tokens[-2].text[:1].isupper():
        tokens = tokens[:-1]  # "the ruling Georgian Dream party": the generic word is not the name
    return tokens


# Not verbs: names may open with one ("Save the Children").
_FUNCTION_POS = frozenset({"ADP", "SCONJ", "CCONJ", "PRON", "AUX", "PART", "INTJ"})


def _opening(token: Token) -> bool:
    """A function word the model swept into a name, capitalised only because it opens a sentence
    or a quotation ("From Kenya, the view ...")."""
    doc = token.doc
    opens_clause = token.is_sent_start and token.tag_ in ("VBG", "VBN")
    if opens_clause and token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "DET":
        return True  # "Briefing the Council ...": a participle opening the sentence, then its object
    if token.pos_ not in _FUNCTION_POS and token.lower_ not in ("for", "with", "from", "to", "in", "on", "at", "by"):
        return False
    if token.is_lower:
        return True
    return token.is_sent_start or (token.i > 0 and (doc[token.i - 1].is_quote or doc[token.i - 1].is_punct))


def _without_title(tokens: list[Token]) -> list[Token]:
    """A name cut where a person's title starts that runs past it ("EU High" of "EU High
    Representative Anna Berg") or that stands before a name ("AU Commission Chairperson"
    before "Moussa Faki")."""
    doc = tokens[0].doc
    last = tokens[-1].i
    for n, token in enumerate(tokens):
        length = title_length(doc, token.i)
        if n == 0 and length and token.i + length - 1 > last:
            return []  # "Health" of "Health Secretary Wes Streeting": all title
        if n == 0:
            continue
        if not length:
            continue
        end = token.i + length - 1
        after = doc[end + 1] if end + 1 < len(doc) else None
        before_name = after is not None and after.ent_type_ == "PERSON"
        if end > last or (end == last and before_name):
            return _clean_tokens(tokens[:n])
    return tokens


def _from_entity(sentence: int, ent: Span, source: str) -> OrgCandidate | None:
    doc = ent.doc
    tokens = list(ent)
    verb = next((n for n, t in enumerate(tokens) if n > 0 and headline_verb(t, ent.sent)), None)
    if verb is not None:
        tokens = tokens[:verb]  # "Harbour Council Meets ...": the headline's verb ends the name
    if _set_off_participle(tokens):
        tokens = tokens[1:]
    tokens = _clean_tokens(tokens)
    if any(t.text in ("-", "–", "—") and t.whitespace_ and t.i > 0 and doc[t.i - 1].whitespace_ for t in tokens):
        return None  # "MARSEILLE - Dockers": a dateline and the words after it, not one name
    if tokens:
        tokens = _without_title(tokens)
    if not tokens or _ends_title(doc, tokens[-1].i):
        return None
    first, last = tokens[0].i, tokens[-1].i
    # Widen over capitalised words the model cut off ("Strategic Working Group", "Air Force One").
    while first - 1 >= ent.sent.start and _extends(doc[first - 1], left=True) and first == ent.start:
        first -= 1
    while last + 1 < ent.sent.end and last + 1 == ent.end and _extends(doc[last + 1], left=False):
        last += 1
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    following = doc[last + 1] if last + 1 < len(doc) else None
    facility = following is not None and following.is_lower and following.lower_ in words("facility_noun")
    if following is not None and following.is_lower and following.i + 1 < len(doc):
        # "Druzhba oil pipeline": a noun before the facility noun.
        nxt = doc[following.i + 1]
        facility = facility or (following.pos_ == "NOUN" and nxt.lower_ in words("facility_noun"))
    return OrgCandidate(sentence, start, end, text_of(doc)[start:end], source, first, last, facility=facility)


def _set_off_participle(tokens: Sequence[Token]) -> bool:
    """ "..., Briefing Security Council, ...": a participle set off by a comma before a name, as Title
    Case headlines write it; not the name's own word ("the Shipping Corporation")."""
    first = tokens[0]
    return len(tokens) > 1 and first.lower_.endswith("ing") and first.i > 0 and first.doc[first.i - 1].text == ","


def _ends_title(doc, i: int) -> bool:
    """"Secretary of State": the last words of a person's title, not an organisation."""
    for n in range(2, 5):
        start = i - n + 1
        if start >= 0:
            for title in titles_by_first_word().get(doc[start].text, ()):
                if len(title) == n and all(doc[start + k].text == title[k] for k in range(1, n)):
                    return True
    return False


def _extends(token: Token, left: bool) -> bool:
    if token.ent_type_ and token.ent_type_ not in ("ORG", "CARDINAL"):
        return False
    if not _title_case(token) or token.is_punct or token.text in words("title") or _opening(token):
        return False
    if title_length(token.doc, token.i):
        return False  # "EU" + "High Representative Anna Berg": a person's title begins
    if countries.lookup(token.text) is not None:
        return False
    if left:
        return token.pos_ in ("PROPN", "ADJ") and not token.is_sent_start
    return token.pos_ == "PROPN" or (token.pos_ == "NUM" and token.text.isalpha())


def _org_appositive(ent: Span) -> bool:
    """"Tavraneftegas - a Norwegian oil giant -": in apposition to a noun for a company or body."""
    root = ent.root
    if any(c.dep_ == "appos" and c.lemma_.lower() in words("org_noun") for c in root.children):
        return True
    return root.dep_ == "appos" and root.head.lemma_.lower() in words("org_noun") and root.head.pos_ == "NOUN"


def _owns_facility(ent: Span) -> bool:
    """"Nordgas Energy's Tavra Point plant": the owner of a facility is an organisation."""
    root = ent.root
    head = root.head.lemma_.lower()
    # "Ishiba's home region": a person's or a country's place, not an owned facility.
    return root.dep_ == "poss" and head in words("facility_noun") and head not in words("place_noun")


def _acronym_definitions(sentence: int, span: Span) -> list[OrgCandidate]:
    """"Full Name (ACR)" or "Full Name, or ACR,": the full name and the acronym, both standing for
    the full name."""
    doc = span.doc
    out = []
    for tok in span:
        bracketed = tok.text == "(" and tok.i + 2 < span.end and doc[tok.i + 2].text == ")"
        if not (bracketed or _or_definition(doc, tok, span.end)):
            continue
        a = doc[tok.i + 2] if not bracketed else doc[tok.i + 1]
        acr = a.text
        shaped = bool(_ACRONYM.match(acr))
        if not (shaped or (bracketed and _WORD_ACRONYM.match(acr))) or acr in words("title"):
            continue
        letters = acr[:-1] if acr.endswith("s") and acr[-2:-1].isupper() else acr
        long = _long_form(doc, span.start, tok.i, letters.replace("&", "")) if shaped else None
        if long is None and not bracketed:
            continue
        if long is None:
            # Letters that do not spell the English name ("National Institute of Statistics
            # and Census (INDEC)", "Southern African Customs Union (Sacu)"): the short form of
            # the name in its own language, when the words before the bracket name a body.
            if acr in known()[0] or countries.lookup(acr) is not None or doc[tok.i + 1].ent_type_ in _NOT_NAMES:
                continue
            long = _body_before(doc, span.start, tok.i)
            if long is None:
                continue
        long = _widen_to_entity(doc, span.start, long, tok.i)
        tokens = list(doc[long : tok.i])
        while tokens and (tokens[0].pos_ == "DET" or tokens[0].lower_ == "the"):
            tokens = tokens[1:]
        if not tokens:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        surface = text_of(doc)[start:end]
        if countries.lookup(surface) is not None:
            continue  # "People's Republic of China (PRC)" is a country
        plural = letters != acr
        # "Least Developed Countries (LDC) Group": the body's word after the bracket ends the name.
        tail = []
        k = a.i + 2
        while bracketed and k < span.end and _title_case(doc[k]) and doc[k].text in words("org_word"):
            tail.append(doc[k].text)
            k += 1
        name = _known_long_form(acr, " ".join([surface, *tail]))
        out.append(OrgCandidate(sentence, start, end, surface, "acronym", tokens[0].i, tokens[-1].i,
                                canonical=name, plural_acronym=plural))
        out.append(OrgCandidate(sentence, a.idx, a.idx + len(a.text), acr, "acronym", a.i, a.i, canonical=name,
                                plural_acronym=plural))
    return out


def _known_long_form(acr: str, written: str) -> str:
    """The well-known name of a defined acronym when the written long form uses its words
    ("Office of the UN High Commissioner for Human Rights (OHCHR)"); otherwise as written,
    since a document may define letters of its own ("Inuit Circumpolar Council (ICC)")."""
    canonical = known()[0].get(normalise(acr))
    if canonical is None:
        return written
    own = {w.lower() for w in canonical.split()}
    content = [w for w in written.split() if not (w.isupper() or w.lower() in _CONNECTORS)]
    return canonical if content and all(w.lower() in own for w in content) else written


def _or_definition(doc, comma: Token, end: int) -> bool:
    """"The Full Name, or ACR, ...": a comma, "or" and an acronym standing alone."""
    i = comma.i
    if comma.text != "," or i + 2 >= end or doc[i + 1].lower_ != "or" or not _ACRONYM.match(doc[i + 2].text):
        return False
    return i + 3 >= end or doc[i + 3].is_punct


def _widen_to_entity(doc, floor: int, start: int, paren: int) -> int:
    """The start of the ORG entity that ends at the bracket and holds the long form found, when
    it only adds capitalised words before it ("National" of "National Superintendency of Customs
    and Tax Administration (SUNAT)", where the letters also fit the shorter name)."""
    prev = paren - 1
    if prev < floor or doc[prev].ent_type_ != "ORG" or doc[start].ent_type_ != "ORG":
        return start
    i = start
    while i > floor and doc[i].ent_iob_ == "I" and _title_case(doc[i - 1]) and doc[i - 1].is_alpha:
        i -= 1
    return i


def _body_before(doc, floor: int, paren: int) -> int | None:
    """Start token of the name of a body right before `paren`: an ORG entity of two or more
    capitalised words, or the shortest run of capitalised words built on an organisation noun."""
    prev = paren - 1
    if prev < floor:
        return None
    if doc[prev].ent_type_ == "ORG":
        i = prev
        while i > floor and doc[i].ent_iob_ == "I":
            i -= 1
        while i < prev and (doc[i].pos_ == "DET" or doc[i].lower_ == "the"):
            i += 1
        capitalised = sum(1 for t in doc[i:paren] if _title_case(t) and t.is_alpha)
        return i if capitalised >= 2 else None
    capitalised = 0
    for i in range(prev, max(floor, paren - 14) - 1, -1):
        token = doc[i]
        if token.lower_ in _CONNECTORS:
            continue
        if not _title_case(token) or not token.is_alpha:
            return None
        capitalised += 1
        if capitalised >= 2 and _org_head(_head_word(" ".join(t.text for t in doc[i:paren]))):
            return i
    return None


def _org_head(word: str) -> bool:
    """A noun that names a body, also as the end of a compound ("Subsecretariat", "Subcommittee")."""
    if word in words("org_word"):
        return True
    low = word.lower()
    return any(low.endswith(w.lower()) and len(low) > len(w) for w in words("org_word") if len(w) >= 6)


def _long_form(doc, floor: int, paren: int, letters: str) -> int | None:
    """Start token of the capitalised words before `paren` that `letters` abbreviate.

    First by initials ("Organisation of Islamic Cooperation" → OIC); failing that by
    Schwartz and Hearst's rule, which lets an acronym take letters from inside words
    ("Intergovernmental Authority on Development" → IGAD): matching from the right,
    every letter is found in order, and the first at the start of a word.
    """
    initials: list[str] = []
    words_before: list[int] = []
    for i in range(paren - 1, max(floor, paren - 14) - 1, -1):
        token = doc[i]
        if token.text in _CONNECTORS or token.lower_ in _CONNECTORS:
            continue
        if not _title_case(token):
            break
        words_before.insert(0, i)
        initials.insert(0, token.text[0])
        spelled = "".join(initials)
        # The initials in another order: an acronym of the name in its own language
        # ("National Electoral Council (CNE)", Consejo Nacional Electoral).
        if spelled == letters or (len(spelled) == len(letters) > 2 and sorted(spelled) == sorted(letters)):
            return i
        if len(spelled) > len(letters):
            break
    for start in reversed(words_before):  # the shortest long form that fits
        if _abbreviates(letters, " ".join(t.text for t in doc[start:paren])):
            return start
    return _initials_past_acronym(doc, floor, paren, letters)


def _initials_past_acronym(doc, floor: int, paren: int, letters: str) -> int | None:
    """Initials that leave out an acronym inside the name: "Office of the UN High Commissioner
    for Human Rights (OHCHR)" spells the name of the body the UN is part of."""
    initials = ""
    skipped = False
    for i in range(paren - 1, max(floor, paren - 14) - 1, -1):
        token = doc[i]
        if token.text in _CONNECTORS or token.lower_ in _CONNECTORS:
            continue
        if len(token.text) > 1 and token.text.isupper() and token.text.isalpha():
            skipped = True
            continue
        if not _title_case(token):
            return None
        initials = token.text[0] + initials
        if initials == letters:
            return i if skipped else None
        if len(initials) >= len(letters):
            return None
    return None


def _abbreviates(short: str, long: str) -> bool:
    """Schwartz-Hearst: `short`'s letters appear in `long` in order, the first starting a word,
    and `long` starts at that word."""
    s, position = short.lower(), len(long) - 1
    low = long.lower()
    for k in range(len(s) - 1, -1, -1):
        c = s[k]
        while position >= 0 and (low[position] != c or (k == 0 and position > 0 and low[position - 1].isalnum())):
            position -= 1
        if position < 0:
            return False
        position -= 1
    return position < 0 or not low[: position + 1].strip()


def _capital_acronyms(sentence: int, span: Span) -> list[OrgCandidate]:
    """Unknown acronyms in capitals ("SOCAR"): organisations, unless they name things."""
    if countries.mostly_upper(span_text(span)):
        return []
    exact, _ = known()
    out = []
    for token in span:
        text = token.text
        if not (3 <= len(text) <= 6 and text.isalpha() and text.isupper()):
            continue
        if text in words("generic_acronym") or text in words("title") or text in exact:
            continue
        if token.pos_ not in ("PROPN", "NOUN") or countries.lookup(text) or countries.lookup(text.capitalize()):
            continue  # a place set in capitals, as in a dateline ("JERUSALEM (AP)")
        if token.i > 0 and token.doc[token.i - 1].lower_.rstrip(".") in ("mr", "ms", "mrs", "dr", "madam"):
            continue  # "MR LINDQVIST:": a transcript's speaker, a surname in capitals
        if _defines_term(token) or _currency(token):
            continue  # "twenty-foot equivalent units (TEU)": a unit or a term, not a body
        if token.ent_type_ in ("PERSON", "GPE", "LOC", "NORP", "DATE", "MONEY", "QUANTITY"):
            # the model's place or nationality reading wins, except for a person reading of
            # capitals ("NORDA"), which a person's name never is
            if token.ent_type_ != "PERSON":
                continue
        last = token
        if token.i + 1 < span.end and token.doc[token.i + 1].like_num and token.whitespace_:
            last = token.doc[token.i + 1]  # "COP 28", "G 20": a numbered meeting or group
        end = last.idx + len(last.text)
        out.append(OrgCandidate(sentence, token.idx, end, text_of(token.doc)[token.idx : end], "caps", token.i, last.i))
    return out


def _defines_term(token: Token) -> bool:
    """An acronym in brackets after lower-case words whose letters it takes."""
    doc = token.doc
    paren = token.i - 1
    if paren < 1 or doc[paren].text != "(":
        return False
    text = text_of(doc)
    end = doc[paren - 1].idx + len(doc[paren - 1].text)
    for i in range(paren - 1, max(0, paren - 7) - 1, -1):
        if not (doc[i].is_lower or doc[i].like_num or doc[i].text in ("-", "–")):
            return False
        if _abbreviates(token.text, text[doc[i].idx : end]):
            return True
    return False


def _named_bodies(sentence: int, span: Span) -> list[OrgCandidate]:
    """Names the model missed that show they are bodies:
    - capitalised words built on an organisation's word, with what follows "on", "of" or "for"
      ("the Independent High-Level Expert Group on Climate Finance", "AD Ports Group");
    - a name right after a noun for a body ("the think tank E3G", "the energy firm Equinor")."""
    doc, text = span.doc, text_of(span.doc)
    out = []
    i = span.start
    while i < span.end:
        j = i
        # Hyphens and "and" between capitalised words ("High-Level", "Trade and Development Bank").
        while j < span.end and (_run_word(doc[j]) or (
            (_joiner(doc[j]) or doc[j].text in ("and", "&")) and j > i and j + 1 < span.end and _run_word(doc[j + 1])
        )):
            j += 1
        run = list(doc[i:j])
        last = max((n for n, t in enumerate(run) if t.text in words("org_word")), default=0)
        if last >= 1 and run[last].i + 1 == j:
            end = j
            k = j
            if k + 1 < span.end and doc[k].lower_ in ("of", "on", "for"):
                m = k + 1
                while m < span.end and (_run_word(doc[m]) or doc[m].lower_ in ("and", "the")):
                    m += 1
                while m > k + 1 and not _run_word(doc[m - 1]):
                    m -= 1
                if m > k + 1:
                    end = m
            first = run[1] if last >= 2 and _set_off_participle(run) else run[0]
            stop = doc[end - 1]
            out.append(OrgCandidate(sentence, first.idx, stop.idx + len(stop.text),
                                    text[first.idx : stop.idx + len(stop.text)], "run", first.i, stop.i))
        if j > i:
            i = j
            continue
        token = doc[i]
        if token.is_lower and token.lemma_ in words("org_noun") and i + 1 < span.end and (
            any(t.lower_ in ("the", "a", "an") for t in doc[max(span.start, i - 2) : i])
        ):
            k = i + 1
            while k < span.end and (doc[k].pos_ == "PROPN" or (k > i + 1 and not doc[k - 1].whitespace_
                                                               and doc[k].text[:1].isalnum())):
                if doc[k].ent_type_ in _NOT_NAMES or not doc[k].text[:1].isalnum() or title_length(doc, k):
                    break
                if not (doc[k].text[:1].isupper() or doc[k].text[:1].isdigit()):
                    break
                k += 1
            if k > i + 1 and countries.lookup(doc[i + 1 : k].text) is None:
                a, b = doc[i + 1], doc[k - 1]
                out.append(OrgCandidate(sentence, a.idx, b.idx + len(b.text), text[a.idx : b.idx + len(b.text)],
                                        "appos", a.i, b.i))
        i += 1
    return out


def _run_word(token: Token) -> bool:
    """A capitalised word that may stand in a body's name: no title, country, person or date."""
    if not _title_case(token) or not token.text[:1].isalpha() or token.is_punct:
        return False
    if token.ent_type_ in _NOT_NAMES or token.text in words("title") or title_length(token.doc, token.i):
        return False
    if headline_verb(token, token.sent):
        return False
    return token.pos_ in ("PROPN", "NOUN", "ADJ") and countries.lookup(token.text) is None


def _joiner(token: Token) -> bool:
    return token.text in ("-", "–") and not token.whitespace_ and token.i > 0 and not token.doc[token.i - 1].whitespace_


def _acronym_bodies(sentence: int, span: Span, found: list[OrgCandidate]) -> list[OrgCandidate]:
    """"SADC Secretariat", "AU Commission": an acronym followed by words that name a body is
    that body, named as written (the organisation the acronym stands for is another one)."""
    doc = span.doc
    out = []
    for cand in found:
        if cand.source not in ("table", "caps") or cand.first_token != cand.last_token or not _is_acronym(cand.surface):
            continue
        k = cand.last_token + 1
        while k < span.end and _title_case(doc[k]) and doc[k].text in words("org_word") and not title_length(doc, k):
            k += 1
        if k == cand.last_token + 1:
            continue
        end = doc[k - 1].idx + len(doc[k - 1].text)
        out.append(OrgCandidate(sentence, cand.start, end, text_of(doc)[cand.start : end], "compound",
                                cand.first_token, k - 1, canonical=text_of(doc)[cand.start : end]))
    return out


def _coordinated(sentence: int, span: Span, found: list[OrgCandidate]) -> list[OrgCandidate]:
    """"traders Vitol and Adnoc": a proper name coordinated with an organisation is one too."""
    doc = span.doc
    covered = {i for c in found for i in range(c.first_token, c.last_token + 1)}
    out = []
    for cand in found:
        if cand.source not in ("ner", "table", "caps") or cand.facility:
            continue  # "the Rafah and Kerem Shalom border crossings": names of things, both
        root = doc[cand.last_token]
        for other in root.conjuncts:
            if other.i in covered or other.pos_ != "PROPN" or not _title_case(other):
                continue
            if other.ent_type_ in ("PERSON", "DATE", "NORP") or countries.lookup(other.text) is not None:
                continue
            first = other.i
            while first - 1 >= span.start and doc[first - 1].dep_ == "compound" and doc[first - 1].pos_ == "PROPN":
                first -= 1
            start, end = doc[first].idx, other.idx + len(other.text)
            out.append(OrgCandidate(sentence, start, end, text_of(doc)[start:end], "conj", first, other.i))
            covered.update(range(first, other.i + 1))
    return out


def _without_overlaps(found: list[OrgCandidate]) -> list[OrgCandidate]:
    """One candidate per stretch of words; a well-known name may nest inside a longer one."""
    # A short form the sentence defines outweighs the table's reading of the same letters
    # ("Inuit Circumpolar Council (ICC)" is no court).
    # A known name inside a longer body's name ("Pacific Islands Forum" in "Pacific Islands Forum
    # Fisheries Agency") is part of that name, not a mention of its own.
    # So is one inside the long form of a name the sentence defines ("UN" in "Office of the UN
    # High Commissioner for Human Rights (OHCHR)").
    bodies_ = [c for c in found if c.source in _LOOSE_SOURCES and _org_head(c.surface.split()[-1])]
    defined = [c for c in found if c.source == "acronym" and " " in c.surface]
    found = [c for c in found if not (c.source == "table" and any(
        o.start <= c.start and c.end <= o.end and (o.start, o.end) != (c.start, c.end)
        and (o in defined or not c.surface.isupper()) for o in bodies_ + defined))]
    ranked = sorted(found, key=lambda c: (
        0.5 if c.source == "acronym" and c.surface != c.canonical else _PRIORITY[c.source],
        -(c.end - c.start),
        c.start,
    ))
    kept: list[OrgCandidate] = []
    for cand in ranked:
        clash = False
        for other in kept:
            if cand.end <= other.start or other.end <= cand.start:
                continue
            nested = (other.start <= cand.start and cand.end <= other.end) or (
                cand.start <= other.start and other.end <= cand.end
            )
            same = (cand.start, cand.end) == (other.start, other.end)
            inner = cand if other.start <= cand.start and cand.end <= other.end else other
            outer = other if inner is cand else cand
            if nested and not same and inner.source == "table" and outer.source in _LOOSE_SOURCES:
                continue  # "UN" inside "the UN Charter": both are looked at
            clash = True
            break
        if not clash:
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


class OrganisationRegistry:
    """Resolves a document's organisation candidates to canonical names."""

    def __init__(self, all_candidates: Sequence[OrgCandidate], is_person, is_place):
        self._resolved: dict[int, str] = {}
        # Candidates turned down, with the rule that did it (surface, qualified rule name).
        self.rejections: list[tuple[str, str]] = []
        exact, by_key = known()
        cands = list(all_candidates)
        definitions = {c.surface: c.canonical for c in cands if c.source == "acronym" and c.surface != c.canonical}
        plural = {c.surface for c in cands if c.plural_acronym}
        # First pass: names fixed by the tables, templates and definitions.
        named: dict[int, str] = {}
        defined_longs = {key(long) for long in definitions.values() if long}
        for c in cands:
            name = self._first_name(c, definitions, exact, by_key)
            if c.source == "template" and key(c.surface) in defined_longs:
                name = re.sub(r"^(?:the|The)\s+", "", c.surface)  # "Sudanese Armed Forces (SAF)"
            if name is not None:
                named[id(c)] = name
        present = Counter(key(n) for n in named.values())
        # Second pass: bare bodies and bare context words.
        templated: dict[str, set[str]] = {}
        for c in cands:
            if c.source == "template" and c.body:
                templated.setdefault(c.body, set()).add(named[id(c)])
        for c in cands:
            options = templated.get(c.body or "", set()) if c.source == "body" else set()
            if len(options) == 1:
                named[id(c)] = next(iter(options))
            elif c.surface in context_names() and c.source in ("ner", "body", "run"):
                canonical = _context_reading(c.surface, present)
                if canonical is not None:
                    named[id(c)] = canonical
                elif c.surface in alone_names() and not c.owned:
                    named[id(c)] = alone_names()[c.surface]  # "the Security Council" alone: the UN's
                elif " " in c.surface:
                    pass  # "Permanent Council" in a text that names none of its bodies: as written
                elif (only := _one_ending_in(c.surface, named.values())) is not None:
                    named[id(c)] = only
                else:
                    named.pop(id(c), None)
            elif c.source == "ner" and c.surface in words("bare_body_word"):
                only = _one_ending_in(c.surface, named.values())
                if only is not None:
                    named[id(c)] = only  # "the Council" in a text that names the Arctic Council
                else:
                    named.pop(id(c), None)
            elif c.source == "body":
                named.pop(id(c), None)
        # Third pass: a first word standing for the one longer name it starts; spelling variants.
        names = [named[id(c)] for c in cands if id(c) in named]
        for c in cands:
            if id(c) not in named:
                continue
            name = named[id(c)]
            if " " not in name:
                longer = {n for n in names if n.split(" ")[0] == name and n != name}
                if len(longer) == 1:
                    named[id(c)] = longer.pop()
                    continue
                variant = next((n for n in names if " " not in n and n != name and spelling_variant(n, name)), None)
                if variant is not None and names.index(variant) < names.index(name):
                    named[id(c)] = variant
        # "U.S. Federal Reserve" and "Federal Reserve" in one text: one body, named without the country.
        names_present = {named[id(c)] for c in cands if id(c) in named}
        for c in cands:
            name = named.get(id(c))
            if name is not None and " " in name:
                head, rest = name.split(" ", 1)
                form = countries.lookup(head)
                if form is not None and form.kind in countries.STRONG and rest in names_present:
                    named[id(c)] = rest
        for c in cands:
            name = named.get(id(c))
            if name is None:
                continue
            rejected = REJECTIONS.first(Proposal(c, name, plural, is_person, is_place))
            if rejected is not None:
                self.rejections.append((c.surface, rejected[0]))
                continue
            self._resolved[id(c)] = name

    @staticmethod
    def _expanded(name: str, exact) -> str:
        """"Official Journal of the EU" → "Official Journal of the European Union"."""
        m = re.search(r"\b(of(?: the)?) (\S+)$", name)
        if m and _is_acronym(m.group(2)) and normalise(m.group(2)) in exact:
            return name[: m.start(2)] + exact[normalise(m.group(2))]
        return name

    @staticmethod
    def _first_name(c: OrgCandidate, definitions, exact, by_key) -> str | None:
        head, _, rest = c.surface.partition(" ")
        if rest and c.source != "acronym" and (definitions.get(head) or "").endswith(" " + rest):
            return definitions[head]  # "the SFN Group" after "Small Farming Nations (SFN) Group"
        if c.source == "table" and c.surface in definitions:
            long = definitions[c.surface]  # the document's own definition outweighs the table's reading
            return exact.get(normalise(long)) or by_key.get(key(long)) or long
        if c.canonical is not None:
            base = c.canonical
            return exact.get(normalise(base)) or by_key.get(key(base)) or base
        if c.body is not None:
            return None
        if c.surface in definitions:
            long = definitions[c.surface]
            return exact.get(normalise(long)) or by_key.get(key(long)) or long
        if c.surface in context_names() and " " not in c.surface:
            return None
        hit = exact.get(normalise(c.surface)) or by_key.get(key(c.surface))
        return hit or OrganisationRegistry._expanded(c.surface, exact)

    def name_of(self, cand: OrgCandidate) -> str | None:
        return self._resolved.get(id(cand))




def _one_ending_in(word: str, names) -> str | None:
    """The name among `names` that ends with `word` ("Arctic Council" for "Council"): the only
    one, or the one the document names most often (its subject), when no other ties with it."""
    counts = Counter(n for n in names if n.endswith(" " + word))
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _currency(token: Token) -> bool:
    """"NOK 40 million": a currency's ISO 4217 code before a number, not a body."""
    doc = token.doc
    return (
        len(token.text) == 3 and token.text.isupper() and token.i + 1 < len(doc) and doc[token.i + 1].like_num
        and pycountry.currencies.get(alpha_3=token.text) is not None
    )


def _portfolio(ent: Span) -> bool:
    """"Minister of Northern and Arctic Affairs": the field a title holds, not a body."""
    doc = ent.doc
    return (
        ent.start >= 2 and doc[ent.start - 1].lower_ in ("of", "for") and doc[ent.start - 2].text in words("title")
        and ent[-1].text in words("portfolio")
    )


def _field_of_title(ent: Span) -> bool:
    """"Humanitarian Affairs Chief": words ending in a field of government right before a title."""
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    return after is not None and ent[-1].text in words("portfolio") and (
        after.text in words("title") or after.lower_ in words("role"))


def _country_government(name: str) -> bool:
    """"Government of Canada": a country's government by the country's name is the country."""
    m = re.fullmatch(r"(?:Government of (?:the )?(.+)|(.+) Government)", name)
    if m is None:
        return False
    form = countries.lookup(m.group(1) or m.group(2))
    # "the Syrian Government": a country's adjective before "Government" names the country too.
    return form is not None and (form.kind == "name" or (m.group(2) is not None and form.kind == countries.DEMONYM))


def _head_word(name: str) -> str:
    """The noun a name is built on: its last word before "of", "for" or "on" ("Institute for the
    Study of War" → "Institute", "Berg Corridor for ..." → "Corridor")."""
    head: list[str] = []
    for word in name.replace("’", "'").split():
        if word in ("of", "for", "on", "in", "to", "against") and head:
            break
        head.append(word)
    return re.sub(r"'s$", "", head[-1]) if head else ""


def _geographic(name: str) -> bool:
    """A sea, shoal, island or range ("Second Thomas Shoal", "the Channel"), not a body."""
    head = _head_word(name)
    if head in words("landform"):
        return True
    first = name.split()[0]
    form = countries.lookup(first)
    # "the Channel" alone, or "English Channel": a TV channel has a name of its own.
    return head in words("bare_landform") and (" " not in name or (form is not None and form.code is not None))


def _generic_piece(word: str) -> bool:
    if word in words("generic_acronym"):
        return True
    form = countries.lookup(word)
    return form is not None and form.kind in countries.STRONG


def spelling_variant(a: str, b: str) -> bool:
    """Two spellings of one name: long enough, one letter apart ("Tavraneftegas"/"Tavraneftegaz")."""
    if min(len(a), len(b)) < 8 or a[:4] != b[:4] or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@dataclass(frozen=True, slots=True)
class Proposal:
    """An organisation candidate with the name it resolved to, as the rejection rules see it."""

    cand: OrgCandidate
    name: str
    plural: set[str]  # short forms the document defines as plurals ("UAVs")
    is_person: Callable[[str], bool]
    is_place: Callable[[str], bool]

    @property
    def words(self) -> list[str]:
        return self.name.replace("-", " ").split()

    @property
    def loose(self) -> bool:
        """Found by the model or the parse, not by a table, a template or a definition."""
        return self.cand.source not in ("table", "template", "body", "acronym")


def _generic_thing(p: Proposal) -> bool:
    parts = [w for w in re.split(r"[\s\-–/]+", p.cand.surface) if w]
    generic = [w for w in parts if _generic_piece(w)]
    rest = [w for w in parts if w not in generic]
    return bool(generic) and all(w.isupper() and len(w) <= 3 for w in rest)


def _office_holders(p: Proposal) -> bool:
    head = _head_word(p.name)
    return p.loose and (head in words("title") or (head.endswith("s") and head[:-1] in words("title")))


# Why a resolved candidate is no organisation, in order; the first that decides turns it down.
REJECTIONS: RuleTable[bool] = RuleTable("organisation_rejections", [
    Rule("unnamed", "The treasury and state agreed on the plan.",
         lambda p: not p.words or not any(w[:1].isupper() for w in p.words) or max(map(len, p.words)) > MAX_WORD,
         why="no capitalised word, or a word longer than any name's"),
    Rule("facility", "Repairs to the Druzhba oil pipeline began in May.",
         lambda p: p.cand.facility, why="a name before a facility noun names the facility"),
    Rule("plural_acronym", "Funding for Special Economic Zones (SEZs) rose.",
         lambda p: p.cand.plural_acronym or p.cand.surface in p.plural, why="a plural short form names things"),
    Rule("place", "Lunar Harbour officials said Edinburgh would not wait for the vote.",
         lambda p: p.loose and (p.is_place(p.cand.surface) or p.is_place(p.name) or _geographic(p.name))
         or bool(re.fullmatch(r"(?:Inter|Pan|Trans|Intra)-\w+", p.name)),
         why="a country, region, sizeable city, sea, shoal, island or range the model read as a body, "
             "or an adjective spanning places (\"Pan-African\")"),
    Rule("person", "Maria Okonkwo arrived on Monday. Okonkwo said the talks went well.",
         lambda p: p.cand.source not in STRONG_SOURCES and p.is_person(p.cand.surface),
         why="a name the document gives to a person"),
    Rule("event", "Delegates prepared for the Blue Harbour Summit next week.",
         lambda p: p.cand.source != "table" and _head_word(p.name) in words("event_word"),
         why="the name of an event, a document or a route"),
    Rule("generic_acronym", "US LNG shipments to Europe rose again.",
         _generic_thing, why="a thing or measure in capitals, with a country or a code"),
    Rule("office", "The Ministers of Foreign Affairs met in Rome.",
         lambda p: (len(p.words) == 1 and (p.name in words("title") or p.name.lower() in words("role")))
         or _office_holders(p),
         why="a person's title alone, or people named by their office"),
    Rule("job_title", "Anna Berg, the Harbour Radio Business Correspondent, reported from Tavra.",
         lambda p: p.loose and len(p.words) > 1 and p.words[-1].lower() in words("role")
         and p.words[-1] not in words("org_word"),
         why="a role ending the words (\"... Correspondent\", \"Senior ... Official\") makes them someone's job"),
    Rule("not_one_body", "The envoy visited the OSCE Missions in both capitals.",
         lambda p: _country_government(p.name) or (p.loose and _head_word(p.name) in words("counted_body")),
         why="a country's government is the country (\"the Government of Canada\"); a plural body noun "
             "counts several bodies of a kind"),
], probe=probe_extraction)

# Words for a kind of body or office, in any case: "Representative Office", "Embassy".
_COMMON_BODY_WORDS = (
    {w.lower() for w in words("org_word")} | words("role") | words("org_noun") | {"embassy", "consulate", "mission"}
)


def _possessed_description(ent: Span) -> bool:
    """ "our Liaison Office and our Embassy": a kind of body after a possessive pronoun names no body."""
    doc = ent.doc
    return ent.start > 0 and doc[ent.start - 1].tag_ == "PRP$" and all(t.lower_ in _COMMON_BODY_WORDS for t in ent)


# Organisation entities of the model that name no body, whatever their words.
NOT_A_BODY: RuleTable[bool] = RuleTable("organisation_non_bodies", [
    Rule("no_name", "Trucks waited at the border at Dostyk.",
         lambda ent: _placed(ent) or _generic_modifier(ent) or _currency(ent[0]),
         why="a name given to a place noun (\"the border at X\"), a kind of body modifying a noun (\"a "
             "Cabinet meeting\"), a currency's code before a number: no body is named"),
    Rule("possessed_description", "Officials from our Representative Office and our Embassy met them.",
         _possessed_description,
         why="\"our Embassy\", \"our Representative Office\": a body described, not named"),
    Rule("field_of_government", "Refugee Affairs Chief Urges Donors to Act",
         lambda ent: _portfolio(ent) or _field_of_title(ent),
         why="the field a title holds, before it (\"Refugee Affairs Chief\") or after it (\"Minister for ...\")"),
], probe=probe_extraction)
