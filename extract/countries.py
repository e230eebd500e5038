"""Countries: every way a text refers to a country, normalised to ISO 3166-1 alpha-2.

The gazetteer is built from maintained data packages, not typed in by hand:
names, short forms and alternative spellings (pycountry, countrynames,
countryinfo), demonyms and capitals (countryinfo).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """Surface form → ISO alpha-2 code."""
    # countryinfo: names, alternative spellings, demonyms and capitals per country.
    import countryinfo

    names: dict[str, str] = {}
    for country in countryinfo.all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha2")
        if not code:
            continue
        for form in [info.get("name"), info.get("capital"), info.get("demonym"), *(info.get("altSpellings") or [])]:
            if form and len(form) > 2:
                names.setdefault(form, code)
        demonym = info.get("demonym")
        if demonym:
            names.setdefault(demonym + "s", code)
    return names


def country_mentions(span: Span) -> list[tuple[int, int, str]]:
    """(start_char, end_char, code) of country references in a sentence span."""
    table = gazetteer()
    found = []
    for token in span:
        code = table.get(token.text)
        if code:
            found.append((token.idx, token.idx + len(token.text), code))
    return found
