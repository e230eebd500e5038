"""Document-level clusters: each person and body of a document with everything that names it.

A cluster gathers, for one entity of one document, the names it is written with ("Anna
Berg", "Berg"), the titles written before its mentions ("Foreign Minister"), and the
role nouns set beside them ("the ministry's spokeswoman, Anna Lind", "opposition leader X").
The claims stage resolves a speaker written as a title or a role ("the Minister", "the
spokeswoman") to the cluster that holds it; `clusters` is built from what the entity stage
returns, so any stage can ask for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract.lexicon import title_length, words
from extract.phrases import span_text
from extract.records import ORGANISATION, PERSON, Entity, Mention, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# How far before a name a title may start ("Deputy Prime Minister and Foreign Minister X").
MAX_TITLE_TOKENS = 6


@dataclass(frozen=True, slots=True)
class Cluster:
    """One person or body of a document and what names it there."""

    kind: str
    key: str
    name: str
    names: tuple[str, ...]  # surface forms, in order of first appearance
    titles: tuple[str, ...]  # titles written right before a mention ("Foreign Minister")
    roles: tuple[str, ...]  # role nouns in apposition or before a mention ("spokeswoman")
    mentions: tuple[tuple[int, int, int], ...]  # (sentence, start, end), document offsets

    def called(self, phrase: str) -> bool:
        """Whether the document names this entity with `phrase` (a name, a title or a role), any case."""
        low = phrase.casefold().removeprefix("the ").strip()
        return any(low == x.casefold() for x in (*self.names, *self.titles, *self.roles))


def _title_before(doc, first: int, floor: int) -> str | None:
    for start in range(max(floor, first - MAX_TITLE_TOKENS), first):
        n = title_length(doc, start)
        if n and start + n == first:
            return doc[start:first].text
    return None


def _roles_around(token: Token) -> list[str]:
    role = words("role")
    out = []
    head = token
    while head.dep_ in ("compound", "flat") and head.head is not head:
        head = head.head
    if head.dep_ == "appos" and head.head.lemma_.lower() in role:
        out.append(head.head.lemma_.lower())  # "the bloc's chairperson, X"
    out += [c.lemma_.lower() for c in head.children if c.dep_ == "appos" and c.lemma_.lower() in role]
    doc = token.doc
    before = doc[token.i - 1] if token.i > 0 else None
    if before is not None and before.is_lower and before.lemma_.lower() in role:
        out.append(before.lemma_.lower())  # "opposition leader X"
    return out


def clusters(
    sentences: Sequence[tuple[Sentence, Span]], entities: Sequence[Entity], mentions: Sequence[Mention]
) -> list[Cluster]:
    """The clusters of a document's people and bodies, in order of first mention."""
    spans = {sentence.index: (sentence, span) for sentence, span in sentences}
    gathered: dict[tuple[str, str], dict[str, list]] = {}
    for m in mentions:
        if m.kind not in (PERSON, ORGANISATION) or m.sentence not in spans:
            continue
        sentence, span = spans[m.sentence]
        raw = span_text(span)
        base = sentence.start - span.start_char - (len(raw) - len(raw.lstrip()))
        doc = span.doc
        first = doc.char_span(m.start - base, m.end - base, alignment_mode="expand")
        entry = gathered.setdefault((m.kind, m.key), {"names": [], "titles": [], "roles": [], "mentions": []})
        entry["names"].append(m.text)
        entry["mentions"].append((m.sentence, m.start, m.end))
        if first is not None and len(first):
            title = _title_before(doc, first.start, span.start)
            if title:
                entry["titles"].append(title)
            entry["roles"] += _roles_around(first[-1])
    names = {(e.kind, e.key): e.name for e in entities}
    return [
        Cluster(
            kind, key, names.get((kind, key), key),
            names=tuple(dict.fromkeys(entry["names"])),
            titles=tuple(dict.fromkeys(entry["titles"])),
            roles=tuple(dict.fromkeys(entry["roles"])),
            mentions=tuple(entry["mentions"]),
        )
        for (kind, key), entry in gathered.items()
    ]


def cluster_at(found: Sequence[Cluster], start: int, end: int) -> Cluster | None:
    """The cluster one of whose mentions covers the document span [start, end)."""
    for cluster in found:
        if any(s <= start and end <= e for _, s, e in cluster.mentions):
            return cluster
    return None
