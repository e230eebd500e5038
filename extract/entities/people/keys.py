"""A person's key across documents: name variants of one person share it.

Within a document the people registry already gathers a person's names ("Putin" with
"Vladimir Putin"). Across documents the same person is written differently: another
transliteration ("Zelenskyy", "Zelenskiy", "Zelensky"), diacritics or none ("Çavuşoğlu",
"Cavusoglu"), a nickname or the formal given name with initials and a suffix ("Joe Biden",
"Joseph R. Biden, Jr."), the family name first in capitals ("KAMIKAWA Yoko"). The key is the
family name, folded, and the initial of the formal given name: `biden|j`, `zelensky|v`. Two
people of one family name and initial share a key (as "Donald Trump" and "Donald Trump Jr.",
whose suffix is dropped so that "Joe Biden" and "Joseph R. Biden, Jr." meet).

Nicknames come from the `nicknames` package (a hand-curated table of English given names and
their nicknames): a short given name stands for the initial most of the names it is a nickname
of begin with ("Bill" for the W of William).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from extract.lexicon import words

# Transliterations of one Cyrillic ending ("-ий", "-ый"): "Zelenskyy", "Zelenskiy", "Zelenskij".
_ENDINGS = re.compile(r"(?:iy|yy|ij|yj|yi)$")


def fold(word: str) -> str:
    """A word without diacritics and case, its transliterated ending made one ("Zelenskyy" and
    "Zelenskiy" → "zelensky"); a hyphen or apostrophe inside it is kept as one mark."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))
    plain = re.sub(r"[^\w-]+", "", plain.casefold().replace("ı", "i"))
    return _ENDINGS.sub("y", plain)


@lru_cache(maxsize=1)
def _nicknamer():
    from nicknames import NickNamer  # a small table, read on first use

    return NickNamer()


# A nickname is short; a longer given name is taken as formal ("Jean", "Will" aside).
MAX_NICKNAME = 4


@lru_cache(maxsize=4096)
def formal_initial(given: str) -> str:
    """The initial of the formal given name that a short nickname stands for ("bill" → "w" of
    William, "joe" → "j"): the initial most of the names it is a nickname of share, its own
    where they tie. A nickname may stand for several names, so the key keeps the initial only."""
    if len(given) > MAX_NICKNAME:
        return given[:1]
    counts: dict[str, int] = {}
    for name in _nicknamer().canonicals_of(given):
        if len(name) > len(given):
            counts[name[:1]] = counts.get(name[:1], 0) + 1
    own = given[:1]
    best = max(counts.items(), key=lambda kv: kv[1], default=(own, 0))
    return own if counts.get(own, 0) >= best[1] else best[0]


def _split(name: str) -> tuple[list[str], list[str]]:
    """(given names, family name words) of a name as written."""
    name = re.sub(r",?\s+(?:" + "|".join(re.escape(s) for s in sorted(words("suffix"), key=len, reverse=True)) + r")$",
                  "", name.strip())
    parts = [p for p in re.split(r"\s+", name) if p]
    parts = [p for p in parts if not re.fullmatch(r"[A-Z]\.?", p)]  # initials ("R.")
    if not parts:
        return [], []
    # "KAMIKAWA Yoko": a family name written in capitals before the given name.
    capitals = [n for n, p in enumerate(parts) if len(p) > 1 and p.isupper() and p.isalpha()]
    if len(capitals) == 1 and len(parts) > 1 and not all(p.isupper() for p in parts):
        k = capitals[0]
        return parts[:k] + parts[k + 1 :], [parts[k]]
    particles = {p.lower() for p in words("particle")}
    family = [parts[-1]]
    i = len(parts) - 2
    while i >= 1 and parts[i].lower() in particles:  # "von der Leyen", "bin Salman", "Al Thani"
        family.insert(0, parts[i])
        i -= 1
    return parts[: i + 1], family


def person_key(name: str) -> str:
    """The key a person's name variants share across documents ("biden|joseph")."""
    given, family = _split(name)
    family_key = " ".join(fold(w) for w in family if fold(w))
    first = fold(given[0]) if given else ""
    if first and first.lower() in {p.lower() for p in words("particle")} and len(given) == 1:
        family_key, first = f"{first} {family_key}", ""
    return f"{family_key}|{formal_initial(first) if first else ''}"
