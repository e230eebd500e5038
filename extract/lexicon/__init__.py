"""The curated word lists and tables in `extract/lexicon/data/`, read once per process.

The files are tab-separated text with `#` comments so that a reader can check
and extend them without touching code; each file says what it holds and why no
maintained package provides it.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def rows(name: str) -> list[list[str]]:
    """The non-comment rows of data file `name`, split at tabs."""
    path = DATA / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuntimeError(f"{path}: cannot read the bundled data file ({exc.strerror or exc})") from None
    out = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append([cell.strip() for cell in line.split("\t")])
    return out


@cache
def words(category: str, table: str = "words.tsv") -> frozenset[str]:
    """The words of one category of a word table (`words.tsv`: titles, suffixes, organisation
    words, ...; `reporting_verbs.tsv`: the classes of reporting verbs)."""
    found: set[str] = set()
    for row in rows(table):
        if row[0] == category and len(row) > 1:
            found.update(w for w in row[1].split("|") if w)
    if not found:
        raise RuntimeError(f"{DATA / table}: no words for category {category!r}")
    return frozenset(found)


# Offices that news style names by their field ("Energy Minister", "Health Secretary").
_OFFICES_BY_FIELD = ("Minister", "Secretary", "Commissioner")


@lru_cache(maxsize=1)
def multiword_titles() -> tuple[tuple[str, ...], ...]:
    """Titles as token tuples, longest first ("Prime Minister" before "Minister"), with every
    field of government before an office ("Energy Minister")."""
    titles = {tuple(t.split()) for t in words("title")}
    titles |= {(field, office) for field in words("portfolio") for office in _OFFICES_BY_FIELD}
    # "External Affairs Minister", "Home Affairs Secretary": a field named by two words.
    titles |= {(field, "Affairs", office) for field in words("portfolio") for office in _OFFICES_BY_FIELD}
    return tuple(sorted(titles, key=len, reverse=True))


@lru_cache(maxsize=1)
def titles_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word of a title → the titles starting with it, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for title in multiword_titles():
        out.setdefault(title[0], []).append(title)
    return {k: tuple(v) for k, v in out.items()}


def title_length(tokens: Any, i: int) -> int:
    """Length in tokens of a person's title starting at `tokens[i]` (0 when none): the longest
    title of the lexicon ("Deputy Prime Minister" before "Deputy"), or one word after a prefix
    written with a hyphen ("then-President", "ex-Minister"). `tokens` is a spaCy Doc or a list
    of tokens: anything whose items have `.text`."""
    text = tokens[i].text
    if "-" in text and text.split("-", 1)[1] in words("title"):
        return 1
    for title in titles_by_first_word().get(text, ()):
        n = len(title)
        if i + n <= len(tokens) and all(tokens[i + k].text == title[k] for k in range(1, n)):
            return n
    return 0


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO alpha-2 code → the country's common English name ("Russia", "Türkiye", "United
    States"): `data/country_names.tsv` where the packages' main name is a formal one, then
    countryinfo's short name, then pycountry's common or official name, for every ISO code."""
    names = {row[0]: row[1] for row in rows("country_names.tsv")}
    try:
        import countryinfo  # short common names

        for country in countryinfo.all_countries():
            info = country.info()
            code = ((info.get("ISO") or {}).get("alpha2") or "").upper()
            if code and info.get("name"):
                names.setdefault(code, info["name"])
    except Exception:  # noqa: BLE001 - a broken data package only costs nicer names; pycountry below still answers
        pass
    import pycountry  # every ISO code, for what countryinfo lacks

    for record in pycountry.countries:
        names.setdefault(record.alpha_2, str(getattr(record, "common_name", None) or record.name))
    return names


def country_name(code: str) -> str:
    """A display name for an ISO alpha-2 code (the code itself if unknown)."""
    return country_names().get(code.upper(), code)


@lru_cache(maxsize=1)
def lemma_index() -> dict[str, tuple[str, ...]]:
    """Part of speech ("noun", "verb", "adj", "adv") → the base forms of English words of that
    part, from the lemmatizer tables (WordNet's index) that the default spaCy pipeline ships;
    empty when the tables cannot be read."""
    import importlib.util

    from extract.nlp import DEFAULT_MODELS

    for name in DEFAULT_MODELS:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            continue
        for path in sorted(Path(spec.origin).parent.glob("*/lemmatizer/lookups")):
            from spacy.lookups import Lookups

            tables = Lookups().from_disk(path)
            if tables.has_table("lemma_index"):
                index = tables.get_table("lemma_index")
                return {pos: tuple(index.get(pos, ())) for pos in ("noun", "verb", "adj", "adv")}
    return {}


def verb_bases() -> frozenset[str]:
    """Base forms of English verbs ("announce", "meet")."""
    return _verb_bases()


@lru_cache(maxsize=1)
def _verb_bases() -> frozenset[str]:
    return frozenset(lemma_index().get("verb", ()))
