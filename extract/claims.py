"""Claims: which sentences assert something, who says so, with which cue and numbers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .quantities import find_quantities
from .records import PERSON, Claim, Entity, Mention, Quantity, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Span

REPORTING_LEMMAS = {"say", "add", "note", "emphasise", "emphasize", "stress", "describe", "tell", "reveal", "mention"}


def find_claims(
    sentences: Sequence[tuple[Sentence, Span]], entities: Sequence[Entity], mentions: Sequence[Mention]
) -> list[Claim]:
    """One claim per asserting sentence."""
    claims = []
    for sentence, span in sentences:
        if sentence.text.rstrip().endswith("?"):
            continue
        speaker = cue = None
        cue_start = cue_end = None
        for token in span:
            if token.lemma_.lower() in REPORTING_LEMMAS:
                subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subjects:
                    subject = subjects[0]
                    speaker = " ".join(t.text for t in subject.subtree)
                    cue = token.text
                    cue_start = sentence.start + token.idx - span.start_char
                    cue_end = cue_start + len(token.text)
                    break
        lead = len(span.text) - len(span.text.lstrip())
        quantities = find_quantities(span, sentence.start - span.start_char - lead)
        claims.append(Claim(sentence.index, speaker, PERSON if speaker else None, cue, cue_start, cue_end, quantities))
    return claims
