"""Entities of a document: countries, organisations and people, with their mentions.

Takes the parsed content sentences of one document and returns the document's
entities (canonical name and aliases) and every mention with its offsets.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .countries import country_mentions
from .records import COUNTRY, ORGANISATION, PERSON, Entity, Mention, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Span


def find_entities(sentences: Sequence[tuple[Sentence, Span]]) -> tuple[list[Entity], list[Mention]]:
    """Entities and mentions of one document's sentences, in document order."""
    mentions: list[Mention] = []
    names: dict[tuple[str, str], set[str]] = {}
    for sentence, span in sentences:
        base = sentence.start - span.start_char
        for start, end, code in country_mentions(span):
            mentions.append(Mention(sentence.index, base + start, base + end, span.doc.text[start:end], COUNTRY, code))
            names.setdefault((COUNTRY, code), set()).add(span.doc.text[start:end])
        for ent in span.ents:
            kind = {"ORG": ORGANISATION, "PERSON": PERSON}.get(ent.label_)
            if kind is None:
                continue
            mentions.append(Mention(sentence.index, base + ent.start_char, base + ent.end_char, ent.text, kind, ent.text))
            names.setdefault((kind, ent.text), set()).add(ent.text)
    entities = [Entity(kind, key, key, tuple(sorted(aliases - {key}))) for (kind, key), aliases in names.items()]
    return entities, mentions
