"""The extraction pipeline: a decoded source in, an `ExtractedDocument` out.

Stages: structure (blocks, sections) → spaCy over the content paragraphs →
sentences → entities → claims. Paragraphs go through `nlp.pipe` in batches;
a paragraph longer than `MAX_CHUNK` characters is cut at a sentence-like
boundary first, and a document longer than `WINDOW` characters is extracted a
window of paragraphs at a time, so memory stays bounded on huge files.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from extract.claims.document import find_claims, without_label_names
from extract.entities.document import find_entities
from extract.nlp import model_identity
from extract.phrases import span_text, text_of
from extract.reading.dates import document_date
from extract.reading.files import SourceText
from extract.records import PARAGRAPH, Block, Claim, Entity, ExtractedDocument, Mention, Sentence
from extract.structure.blocks import build_sections, section_at, split_blocks
from extract.structure.front import mark_front_matter
from extract.structure.sentences import finite_verb_checker, sentence_spans

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span

MAX_CHUNK = 20_000
# A document longer than this is extracted in windows of paragraphs: the parsed
# spaCy Docs of one window are let go before the next is parsed, so memory stays
# bounded on huge files. Names are then resolved within a window, not across windows;
# articles and reports are far shorter than one window.
WINDOW = 200_000
BATCH_CHARS = 100_000
_BREAK = re.compile(r"[.!?…]['\"”’)]*\s+")


def chunks(block: Block) -> Iterator[tuple[int, str]]:
    """(offset, text) pieces of a block, each at most MAX_CHUNK characters."""
    text, pos = block.text, 0
    while len(text) - pos > MAX_CHUNK:
        limit = pos + MAX_CHUNK
        cut = None
        for m in _BREAK.finditer(text, pos, limit):
            cut = m.end()
        if cut is None or cut <= pos:
            space = text.rfind(" ", pos, limit)
            cut = space + 1 if space > pos else limit
        yield block.start + pos, text[pos:cut]
        pos = cut
    if pos < len(text):
        yield block.start + pos, text[pos:]


def windows(pieces: Iterable[tuple[Block, int, str]]) -> Iterator[list[tuple[Block, int, str]]]:
    """The pieces in runs of about WINDOW characters."""
    window: list[tuple[Block, int, str]] = []
    size = 0
    for piece in pieces:
        if size >= WINDOW:
            yield window
            window, size = [], 0
        window.append(piece)
        size += len(piece[2])
    if window:
        yield window


def extract(
    source: SourceText, nlp: Language, on_progress: Callable[[int, int, int], None] | None = None
) -> ExtractedDocument:
    """Run every stage over one decoded document.

    `on_progress(characters_parsed, characters_total, sentences)` is called as spaCy works through the text.
    """
    return merge_parts(extract_parts(source, nlp, on_progress))


def extract_parts(
    source: SourceText, nlp: Language, on_progress: Callable[[int, int, int], None] | None = None
) -> Iterator[ExtractedDocument]:
    """The document a part at a time: first its blocks and sections, then each window's
    sentences, entities, mentions and claims (sentences numbered from the document's start).

    A caller that stores or spools each part before asking for the next holds one
    window's records at a time, however long the document. spaCy's strings for a
    window are freed once the window is done (`memory_zone`), so they do not pile up
    over a long document either.
    """
    text = source.text
    with nlp.memory_zone():  # the tagger's strings for heading candidates, freed at once
        blocks = split_blocks(
            text, source.kind, source.headings, finite_verb_checker(nlp), source.furniture, source.guess_article_bounds
        )
    blocks = mark_front_matter(blocks)  # the headline and standfirst: kept as text, listed as no claim
    if source.pages:
        blocks = with_pages(blocks, source.pages)
    sections = build_sections(blocks, len(text))
    model, version = model_identity(nlp)
    published, published_from = document_date(source.published, text, source.path)
    head = ExtractedDocument(
        name=source.name,
        path=str(source.path),
        text=text,
        sha256=source.sha256,
        encoding=source.encoding,
        model=model,
        model_version=version,
        blocks=tuple(blocks),
        sections=tuple(sections),
        kind=source.kind,
        title=source.title,
        author=source.author,
        published=published,
        published_from=published_from,
    )
    yield head
    content = [block for block in blocks if block.kind == PARAGRAPH]
    pieces = ((block, offset, piece) for block in content for offset, piece in chunks(block))
    total, done = sum(block.end - block.start for block in content), 0
    base = 0  # sentences in the windows before
    for window in windows(pieces):
        parsed: list[tuple[Sentence, Span]] = []
        with nlp.memory_zone():
            # spaCy's working memory grows with the characters in a batch, not the number of texts.
            batch = max(1, min(64, BATCH_CHARS // max(len(piece) for _, _, piece in window)))
            docs = nlp.pipe(
                ((piece, (block, offset)) for block, offset, piece in window), as_tuples=True, batch_size=batch
            )
            for doc, (block, offset) in docs:
                for sent in sentence_spans(doc):
                    raw = span_text(sent)
                    stripped = raw.strip()
                    if not stripped or not any(ch.isalnum() for ch in stripped):
                        continue
                    lead = len(raw) - len(raw.lstrip())
                    start = offset + sent.start_char + lead
                    end = start + len(stripped)
                    sentence = Sentence(
                        len(parsed), start, end, text[start:end], block.index, section_at(sections, start)
                    )
                    parsed.append((sentence, sent))
                done += len(text_of(doc))
                if on_progress is not None:
                    on_progress(done, total, base + len(parsed))
            window_entities, window_mentions = find_entities(parsed)
            labels: list[tuple[int, int]] = []
            window_claims = find_claims(parsed, window_entities, window_mentions, labels)
            window_mentions = without_label_names(labels, window_mentions)
            part = replace(
                head,
                blocks=(),
                sections=(),
                sentences=tuple(replace(s, index=base + s.index) for s, _ in parsed),
                entities=tuple(window_entities),
                mentions=tuple(replace(m, sentence=base + m.sentence) for m in window_mentions),
                claims=tuple(replace(c, sentence=base + c.sentence) for c in window_claims),
            )
            del parsed, docs  # the window's spaCy objects go before its strings are freed
        base += len(part.sentences)
        yield part


def merge_parts(parts: Iterable[ExtractedDocument]) -> ExtractedDocument:
    """One document from its parts; an entity seen in several windows keeps its first name and all aliases."""
    parts = iter(parts)
    head = next(parts)
    sentences: list[Sentence] = list(head.sentences)
    entities: dict[tuple[str, str], Entity] = {}
    mentions: list[Mention] = list(head.mentions)
    claims: list[Claim] = list(head.claims)
    for e in head.entities:
        entities[(e.kind, e.key)] = e
    for part in parts:
        sentences += part.sentences
        mentions += part.mentions
        claims += part.claims
        for e in part.entities:
            seen = entities.get((e.kind, e.key))
            entities[(e.kind, e.key)] = e if seen is None else replace(
                seen, aliases=tuple(sorted((set(seen.aliases) | set(e.aliases) | {e.name}) - {seen.name})))
    return replace(
        head,
        sentences=tuple(sentences),
        entities=tuple(entities.values()),
        mentions=tuple(mentions),
        claims=tuple(claims),
    )


def with_pages(blocks: list[Block], pages: Sequence[tuple[int, int, int]]) -> list[Block]:
    """The blocks with the page each starts on, from (start, end, page) spans of the text."""
    spans = sorted(pages)
    starts = [start for start, _, _ in spans]
    out = []
    for block in blocks:
        i = bisect_right(starts, block.start) - 1
        page = spans[i][2] if i >= 0 and block.start < spans[i][1] else None
        out.append(replace(block, page=page))
    return out


__all__ = ["chunks", "extract", "extract_parts", "merge_parts", "with_pages"]
