"""Given names of people the world over, as evidence that a name is a person's.

The small English model reads many names that are not English as organisations
("Tomaž Kranjc", "Dragana Petković"). Whether a word is a person's given name is world
knowledge that the `names-dataset` package holds: first names with the countries where
they are used and their rank of frequency there, from 730,000 names in 105 countries.
Its table is a pickle of about 900 MB once in memory and takes seconds to read, so the
words this module needs (a name's best rank in any country and the share of its most
common gender) are kept, once per package version, in a small table in the user's cache
folder; every later process reads that table in a fraction of a second.

The package's names come from public profiles and hold noise ("House", "Royal" are
ranked too): a word counts as a given name only when it is frequent somewhere, mostly
given to one gender (words given to both alike are rather words than names), and not an
English dictionary word unless it is among the commonest names ("Mark", "Rose").
"""

from __future__ import annotations

import gzip
import os
import pickle
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

# A name ranked below this in every country is too rare to count as evidence.
MAX_RANK = 5000
# Names mostly given to one gender are names; words the profiles' noise ranks are given to both.
MIN_GENDER_SHARE = 0.85
# A dictionary word that is also among the commonest names in some country still counts ("Mark").
COMMON_RANK = 100


def _cache_file() -> Path:
    from platformdirs import user_cache_dir

    try:
        version = metadata.version("names-dataset")
    except metadata.PackageNotFoundError:
        version = "unknown"
    # The thresholds are part of the name: a table cut with other ones is not reused.
    return Path(user_cache_dir("policy-tui")) / f"given-names-{version}-{MAX_RANK}-{MIN_GENDER_SHARE}-{COMMON_RANK}.txt"


def _from_package() -> dict[str, bool]:
    """Given names that pass the rank and gender tests → whether they are among the commonest,
    read from the package's own table."""
    ref = resources.files("names_dataset") / "v3" / "first_names.pkl.gz"
    with resources.as_file(ref) as path, gzip.open(path, "rb") as f:
        data = pickle.load(f)  # noqa: S301 - the package's own data file, installed with it
    out: dict[str, bool] = {}
    for name, info in data.items():
        ranks = [r for r in (info.get("rank") or {}).values() if r]
        if not ranks or min(ranks) > MAX_RANK:
            continue
        genders = [g for g in (info.get("gender") or {}).values() if g is not None]
        if not genders or max(genders) < MIN_GENDER_SHARE:
            continue
        out[name] = min(ranks) <= COMMON_RANK
    return out


def _write(path: Path, names: dict[str, bool]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed, so that a process reading it never sees half a table.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
    # The commonest names, a blank line, then the others: read back at C speed (`str.split`).
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n".join(sorted(n for n, common in names.items() if common)))
        out.write("\n\n")
        out.write("\n".join(sorted(n for n, common in names.items() if not common)))
    os.replace(tmp, path)


def _read(path: Path) -> dict[str, bool] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    common, _, rest = text.partition("\n\n")
    out = dict.fromkeys(rest.split("\n"), False)
    out.update(dict.fromkeys(common.split("\n"), True))
    out.pop("", None)
    return out


@contextmanager
def _building(path: Path) -> Iterator[None]:
    """Held while one process builds the table: the ingest's worker processes start together, and
    without it each would read the package's 900 MB table at once instead of the first one's copy."""
    try:
        import fcntl
    except ImportError:  # not on this system: each process may build it, as before
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path.with_name(path.name + ".lock"), "a")  # noqa: SIM115 - held until the table is written
    except OSError:
        yield  # an unwritable cache folder: no copy to share either
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@lru_cache(maxsize=1)
def table() -> dict[str, bool]:
    """Given name → whether it is among the commonest somewhere; empty when the package is not
    installed (then no name gets this evidence)."""
    path = _cache_file()
    found = _read(path)
    if found is not None:
        return found
    with _building(path):
        found = _read(path)  # built by another process while this one waited
        if found is not None:
            return found
        try:
            names = _from_package()
        except (ModuleNotFoundError, OSError):
            return {}
        try:
            _write(path, names)
        except OSError:
            pass  # an unwritable cache folder only costs the next process the same seconds
        return names


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """English words (any part of speech) of the lemmatizer tables the spaCy pipeline ships."""
    from extract.lexicon import lemma_index

    return frozenset(w for forms in lemma_index().values() for w in forms)


@lru_cache(maxsize=8192)
def is_given_name(word: str) -> bool:
    """Whether `word` (as written, "Dragana") is a person's given name by the rules above; a
    double given name ("Jean-Luc", "Anna-Lena") is one when both its parts are."""
    parts = word.split("-")
    if len(parts) == 2 and all(parts):
        return all(is_given_name(p) for p in parts)
    if not word[:1].isupper() or not word.isalpha() or len(word) < 2:
        return False
    common = table().get(word if not word.isupper() else word.title())
    if common is None:
        return False
    return common or word.lower() not in dictionary_words()
