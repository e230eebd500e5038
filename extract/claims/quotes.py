"""Quotations: which stretches of a paragraph are quoted, across sentence boundaries.

Real text has unbalanced quotation marks (a straight opening mark closed by a curly
one, a closing mark whose opening was lost, a quote left open at the end of a
paragraph). The scan below never fails on them: an opening mark while a quote is
open starts a new quote, a closing mark with no quote open closes one that began
with its sentence, and a quote never closed in its paragraph ends with the
sentence it began in. Single quotation marks are left alone: they are mostly apostrophes and
scare quotes ("Russia's 'shadow fleet'"); two of them ('' or ``), as some wires and
typewritten text write a double mark, count as one straight double mark, read on the side of
the pair that touches a word (so `fine.'' Then` closes a quotation and `''We` opens one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quoted stretch of one sentence; `segment` is shared by the pieces of one quotation."""

    start: int  # offsets into the sentence text, quotation marks included
    end: int
    segment: int


def quoted_pieces(texts: Sequence[str], first_segment: int = 0) -> list[list[Quoted]]:
    """Quoted stretches of each of a paragraph's consecutive sentences, in order.

    Segment numbers start at `first_segment`, so that callers can number the
    quotations of a whole document with one counter.
    """
    return quoted_paragraph(texts, first_segment)[0]


def opens_with_quote(text: str) -> bool:
    """Whether a paragraph begins with an opening quotation mark."""
    stripped = text.lstrip()
    return stripped[:1] in OPENING or stripped[:1] == STRAIGHT or stripped[:2] in ("''", "``")


def quoted_paragraph(texts: Sequence[str], first_segment: int = 0, *, continued: bool = False,
                     next_opens: bool = False) -> tuple[list[list[Quoted]], bool]:
    """`quoted_pieces`, for a paragraph within a document: (pieces, whether a quotation runs on).

    News style runs a quotation over paragraphs by leaving it open at the end of one and
    opening the next with a quotation mark again. So a quotation still open at the end of a
    paragraph whose next paragraph opens with a mark (`next_opens`) runs to the paragraph's
    end and on; and in a paragraph that `continued` one, the opening mark that begins it
    reopens the same quotation (segment `first_segment - 1`) rather than starting another.
    """
    pieces: list[list[Quoted]] = [[] for _ in texts]
    segment = first_segment - 1
    open_at: tuple[int, int] | None = None  # (sentence, offset) of the open quotation
    reopen = continued and bool(texts) and opens_with_quote(texts[0])
    if reopen:
        segment -= 1  # the first opening mark below steps back onto the running quotation's number

    def close(sentence: int, end: int) -> None:
        nonlocal open_at
        assert open_at is not None
        s0, o0 = open_at
        for s in range(s0, sentence + 1):
            start = o0 if s == s0 else 0
            stop = end if s == sentence else len(texts[s])
            if stop > start:
                pieces[s].append(Quoted(start, stop, segment))
        open_at = None

    for s, original in enumerate(texts):
        text = _one_mark_per_pair(original)
        for i, ch in enumerate(text):
            if ch not in OPENING and ch not in CLOSING and ch != STRAIGHT:
                continue
            before = text[i - 1] if i > 0 else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if ch == STRAIGHT:
                # A straight mark opens after a space or bracket, closes before one, and otherwise toggles.
                if (before.isspace() or before in "([—–-") and (not after.isspace() or i + 1 == len(text)):
                    # A mark that ends a sentence after a space opens the next one's quotation (the
                    # sentence splitter left it behind).
                    ch = OPENING[0]
                elif after.isspace() or after in ").,;:!?—–-":
                    ch = CLOSING[0]
                else:
                    ch = OPENING[0] if open_at is None else CLOSING[0]
            if ch in OPENING:
                if open_at is not None:
                    close(s, i)  # the previous quotation's closing mark is missing
                segment += 1
                open_at = (s, i)
            elif open_at is not None:
                close(s, i + 1)
            else:
                # A closing mark with no opening: take the quotation to begin with its sentence.
                segment += 1
                open_at = (s, 0)
                close(s, i + 1)
    runs_on = False
    if open_at is not None:
        if next_opens:
            close(len(texts) - 1, len(texts[-1]))  # it runs on into the next paragraph
            runs_on = True
        else:
            # Never closed: end it with its own sentence rather than swallow the paragraph's later
            # sentences (and their reporting verbs) into a quotation that may have been a typo.
            close(open_at[0], len(texts[open_at[0]]))
    return pieces, runs_on


_PAIR = re.compile(r"''|``")


def _one_mark_per_pair(text: str) -> str:
    """'' and `` as one double mark, offsets kept: the mark stands on the side of the pair that
    touches a word (`he said.'' Then` closes, `''We` opens), a space on the other."""

    def one(match: re.Match[str]) -> str:
        start = match.start()
        before = text[start - 1] if start > 0 else " "
        if match.group() == "``" or before.isspace() or before in "([—–-":
            return ' "'
        return '" '

    return _PAIR.sub(one, text)


def is_quoted(pieces: Sequence[Quoted], offset: int) -> bool:
    """Whether the sentence offset lies inside one of its quoted stretches."""
    return any(p.start <= offset < p.end for p in pieces)


def wholly_quoted(text: str, pieces: Sequence[Quoted]) -> bool:
    """Whether every letter or digit of a sentence is inside a quotation."""
    return bool(pieces) and all(is_quoted(pieces, i) for i, ch in enumerate(text) if ch.isalnum())
