"""The extraction pipeline: a decoded source in, an `ExtractedDocument` out.

Stages: structure (blocks, sections) → spaCy over the content paragraphs →
sentences → entities → claims. Paragraphs go through `nlp.pipe` in batches;
a paragraph longer than `MAX_CHUNK` characters is cut at a sentence-like
boundary first, so memory stays bounded on huge files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from .claims import find_claims
from .entities import find_entities
from .nlp import model_identity
from .reading import SourceText
from .records import HEADING, PARAGRAPH, Block, ExtractedDocument, Sentence
from .sentences import sentence_spans
from .structure import build_sections, section_at, split_blocks

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span

MAX_CHUNK = 20_000
_BREAK = re.compile(r"[.!?…]['\"”’)]*\s+")


def chunks(block: Block) -> Iterator[tuple[int, str]]:
    """(offset, text) pieces of a block, each at most MAX_CHUNK characters."""
    text, offset = block.text, block.start
    while len(text) > MAX_CHUNK:
        cut = None
        for m in _BREAK.finditer(text, 0, MAX_CHUNK):
            cut = m.end()
        if cut is None:
            space = text.rfind(" ", 0, MAX_CHUNK)
            cut = space + 1 if space > 0 else MAX_CHUNK
        yield offset, text[:cut]
        text, offset = text[cut:], offset + cut
    if text:
        yield offset, text


def _finite_verb_checker(nlp: Language):
    tagger_only = [p for p in nlp.pipe_names if p not in ("tok2vec", "tagger", "attribute_ruler", "transformer")]

    def has_finite_verb(line: str) -> bool:
        with nlp.select_pipes(disable=tagger_only):
            doc = nlp(line)
        return any(t.tag_ in ("VBZ", "VBP", "VBD", "MD") for t in doc)

    return has_finite_verb


def extract(
    source: SourceText, nlp: Language, on_progress: Callable[[int, int, int], None] | None = None
) -> ExtractedDocument:
    """Run every stage over one decoded document.

    `on_progress(characters_parsed, characters_total, sentences)` is called as spaCy works through the text.
    """
    text = source.text
    blocks = split_blocks(text, source.kind, source.headings, _finite_verb_checker(nlp), source.furniture)
    sections = build_sections(blocks, len(text))
    pieces = [(block, offset, piece) for block in blocks if block.kind == PARAGRAPH for offset, piece in chunks(block)]
    parsed: list[tuple[Sentence, Span]] = []
    docs = nlp.pipe(((piece, (block, offset)) for block, offset, piece in pieces), as_tuples=True, batch_size=64)
    total, done = sum(len(piece) for _, _, piece in pieces), 0
    for doc, (block, offset) in docs:
        for sent in sentence_spans(doc):
            stripped = sent.text.strip()
            if not stripped or not any(ch.isalnum() for ch in stripped):
                continue
            lead = len(sent.text) - len(sent.text.lstrip())
            start = offset + sent.start_char + lead
            end = start + len(stripped)
            sentence = Sentence(len(parsed), start, end, text[start:end], block.index, section_at(sections, start))
            parsed.append((sentence, sent))
        done += len(doc.text)
        if on_progress is not None:
            on_progress(done, total, len(parsed))
    entities, mentions = find_entities(parsed)
    claims = find_claims(parsed, entities, mentions)
    model, version = model_identity(nlp)
    return ExtractedDocument(
        name=source.name,
        path=str(source.path),
        text=text,
        sha256=source.sha256,
        encoding=source.encoding,
        model=model,
        model_version=version,
        blocks=tuple(blocks),
        sections=tuple(sections),
        sentences=tuple(s for s, _ in parsed),
        entities=tuple(entities),
        mentions=tuple(mentions),
        claims=tuple(claims),
    )


__all__ = ["extract", "chunks", "HEADING"]
