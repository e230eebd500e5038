"""Finding known phrases in a parsed sentence, leftmost-longest, on word boundaries.

Works like spaCy's PhraseMatcher with a dictionary of surface forms, but over
"pieces": tokens further cut at hyphens, slashes and brackets, because spaCy keeps
"U.S.-China", "Azerbaijan-U.S." or "entities)EU" as one token. A phrase is looked
up by the exact text it spans, so no tokenisation of the dictionary is needed and
one table serves every pipeline (and any vocabulary).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from spacy.tokens import Span

T = TypeVar("T")
_SPLIT = re.compile(r"[-–—/()\[\]{}]+")
_FIRST = re.compile(r"[\s'’\-–—/()\[\]{}]+")


@dataclass(frozen=True, slots=True)
class Piece:
    """A token, or the part of one between hyphens, slashes or brackets (doc offsets)."""

    start: int
    end: int
    text: str
    token: int  # index of the token in the doc


@dataclass(frozen=True, slots=True)
class Found:
    """A phrase found in a sentence (doc character offsets, inclusive token range)."""

    start: int
    end: int
    text: str
    value: object
    first_piece: int
    last_piece: int
    first_token: int
    last_token: int


_TEXT_KEY = ("extract.phrases", "text")


def text_of(doc) -> str:
    """The doc's text, computed once: spaCy rebuilds `Doc.text` from its tokens on every access."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


_ENTS_KEY = ("extract.phrases", "ents")


def span_text(span) -> str:
    """A span's text, cut from the doc's cached text (`Span.text` joins its tokens on every access)."""
    return text_of(span.doc)[span.start_char : span.end_char]


def ents_in(span) -> list:
    """The named entities inside `span`, as `Span.ents` gives them.

    spaCy rebuilds `Doc.ents` with a pass over every token on each access, and
    `Span.ents` does that for every sentence asked; the doc's tuple is kept once.
    """
    doc = span.doc
    ents = doc.user_data.get(_ENTS_KEY)
    if ents is None:
        ents = doc.user_data[_ENTS_KEY] = doc.ents
    if span.start == 0 and span.end == len(doc):
        return list(ents)
    return [e for e in ents if e.start >= span.start and e.end <= span.end]


# A line is in title case when at least this share of its longer words are capitalised.
TITLE_CASE_SHARE = 0.7
_LONG_WORD = 4


def title_case(span) -> bool:
    """Most longer words of the line are capitalised (a headline, not running text)."""
    long = [t for t in span if t.is_alpha and len(t.text) >= _LONG_WORD]
    return len(long) >= 3 and sum(t.text[:1].isupper() for t in long) >= TITLE_CASE_SHARE * len(long)


def normalise(text: str) -> str:
    """A lookup key: typographic apostrophes plain, runs of spaces single."""
    return " ".join(text.replace("’", "'").split())


def first_word(phrase: str) -> str:
    """The first word of a phrase, up to a space, hyphen, bracket or apostrophe.

    Both a table's phrases and a sentence's pieces go through it, so "People's
    Republic of China" is tried at the piece "People" whatever the tokeniser did.
    """
    return _FIRST.split(phrase.replace("’", "'"), maxsplit=1)[0]


_POSSESSIVES = frozenset({"'s", "’s", "'S", "’S"})


def _word(piece: Piece) -> bool:
    """Whether a phrase may start or end with this piece: not punctuation, not a possessive."""
    return piece.text not in _POSSESSIVES and any(ch.isalnum() for ch in piece.text)


def pieces(span: Span) -> list[Piece]:
    """The tokens of a span, cut at hyphens, slashes and brackets."""
    out = []
    for token in span:
        if token.is_space:
            continue
        text, base = token.text, token.idx
        if len(text) == 1 or not _SPLIT.search(text):
            out.append(Piece(base, base + len(text), text, token.i))
            continue
        pos = 0
        for m in _SPLIT.finditer(text):
            if m.start() > pos:
                out.append(Piece(base + pos, base + m.start(), text[pos : m.start()], token.i))
            pos = m.end()
        if pos < len(text):
            out.append(Piece(base + pos, base + len(text), text[pos:], token.i))
    return out


def scan(
    parts: list[Piece],
    text: str,
    lookup: Callable[[str], T | None],
    starts: frozenset[str] | None = None,
    max_pieces: int = 8,
) -> Iterator[Found]:
    """Leftmost-longest phrases of `parts` for which `lookup(normalised text)` answers.

    `starts`, when given, holds every phrase's first piece: other pieces are skipped
    quickly. `text` is the doc text the pieces' offsets point into.
    """
    i = 0
    while i < len(parts):
        first = parts[i]
        best = None
        if _word(first) and (starts is None or first_word(first.text) in starts):
            for j in range(i, min(i + max_pieces, len(parts))):
                if not _word(parts[j]):
                    continue
                value = lookup(normalise(text[first.start : parts[j].end]))
                if value is not None:
                    best = (j, value)
        if best is None:
            i += 1
            continue
        j, value = best
        yield Found(first.start, parts[j].end, text[first.start : parts[j].end], value, i, j, first.token,
                    parts[j].token)
        i = j + 1
