"""Sentence assembly: spaCy's sentence boundaries, with its known wrong splits joined back.

The parser-based splitter of the small English pipelines breaks a sentence in a
few recognisable places, and a wrong split costs every field of the sentence
(its speaker lands in one half, its quantities in the other). A split is undone
when the second piece cannot start a sentence:
- it starts in lower case or with a comma, semicolon or closing mark
  (", Bayramov described ...", "but the campaign took ...", after "U.S." mid-sentence);
- it holds no letters or digits (a stray closing quote or bracket);
- the first piece ends with an ellipsis inside an open quotation that the second
  piece closes (“You can’t say that we’re losing the war … The question is whether
  we will win,” Zelenskyy said): the ellipsis marks words left out of the quote.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_CANNOT_START = (",", ";", ":", ")", "]", "}", "%")
_ELLIPSIS = ("…", "...")
_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"


def _has_text(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _cannot_start(text: str) -> bool:
    first = text.lstrip()[:1]
    return not first or first.islower() or first in _CANNOT_START or not _has_text(text)


def _open_quote(text: str) -> bool:
    """Whether `text` leaves a quotation open (typographic quotes, or an odd number of straight ones)."""
    curly = sum(text.count(q) for q in _OPEN_QUOTES) - sum(text.count(q) for q in _CLOSE_QUOTES)
    return curly > 0 or (curly == 0 and text.count('"') % 2 == 1)


def _closes_quote(text: str) -> bool:
    """Whether `text` closes a quotation before it opens one."""
    for ch in text:
        if ch in _OPEN_QUOTES:
            return False
        if ch in _CLOSE_QUOTES:
            return True
    return text.count('"') % 2 == 1


def _joins(previous: str, current: str) -> bool:
    if _cannot_start(current):
        return True
    return previous.rstrip().endswith(_ELLIPSIS) and _open_quote(previous) and _closes_quote(current)


def sentence_spans(doc: Doc) -> Iterator[Span]:
    """The sentences of `doc` with wrong splits joined; pieces without letters or digits are dropped."""
    groups: list[list[int]] = []  # [start token, end token] of each assembled sentence
    for sent in doc.sents:
        text = sent.text
        if not text.strip():
            continue
        previous = doc[groups[-1][0] : groups[-1][1]].text if groups else ""
        if groups and (not _has_text(previous) or _joins(previous, text)):
            groups[-1][1] = sent.end
        else:
            groups.append([sent.start, sent.end])
    for start, end in groups:
        span = doc[start:end]
        if _has_text(span.text):
            yield span
