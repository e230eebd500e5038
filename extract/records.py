"""Plain, frozen records that extraction produces.

Every record holds text and character offsets into the decoded document text,
never live spaCy objects, so records can be stored, compared in tests and sent
across threads and processes.
"""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of entity the extractor recognises; the store and the explorer use the same words.
COUNTRY = "country"
ORGANISATION = "organisation"
PERSON = "person"
QUANTITY = "quantity"

# Kinds of text block a document is split into.
HEADING = "heading"
PARAGRAPH = "paragraph"
BOILERPLATE = "boilerplate"


@dataclass(frozen=True, slots=True)
class Block:
    """A line or paragraph of the source: a heading, content, or page boilerplate."""

    index: int
    kind: str
    start: int
    end: int
    text: str
    level: int = 0  # heading depth (1 = outermost); 0 for other blocks
    reason: str = ""  # why a block was judged boilerplate, for the curious user
    page: int | None = None  # the page (1 = first) a block starts on, in a paged format (PDF)


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the span of text it governs."""

    index: int
    heading: str
    level: int
    start: int  # offset of the heading text
    end: int  # offset where the section's content ends
    parent: int | None  # index of the enclosing section, if any


@dataclass(frozen=True, slots=True)
class Sentence:
    """One content sentence; `text == document_text[start:end]`."""

    index: int
    start: int
    end: int
    text: str
    block: int  # index of the paragraph block it stands in
    section: int | None  # index of the innermost section, if any


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a sentence that refers to an entity."""

    sentence: int
    start: int
    end: int
    text: str
    kind: str
    key: str  # ISO code for countries, canonical name otherwise
    rule: str = ""  # the evidence that made it a mention ("organisations.acronym", "countries.demonym")


@dataclass(frozen=True, slots=True)
class Entity:
    """A distinct entity of one document with the surface forms seen for it."""

    kind: str
    key: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Quantity:
    """A numeric fact as written ("52 countries"), dates excluded."""

    start: int
    end: int
    text: str
    value: float | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence that asserts something, with whom it is attributed to."""

    sentence: int
    speaker: str | None  # canonical name of a person or body; None when the outlet asserts it
    speaker_kind: str | None  # PERSON, ORGANISATION, COUNTRY or None
    cue: str | None  # the reporting verb or phrase as written
    cue_start: int | None
    cue_end: int | None
    quantities: tuple[Quantity, ...] = ()
    # The qualified names of the rules that decided the speaker and found the cue (`policy-tui explain`).
    speaker_rule: str | None = None
    cue_rule: str | None = None


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """Everything extraction found in one document."""

    name: str
    path: str
    text: str
    sha256: str
    encoding: str
    model: str
    model_version: str
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    claims: tuple[Claim, ...] = ()
    kind: str | None = None  # the source's format ("text", "html", "pdf", ...); from its name when None
    title: str | None = None  # the source's own metadata, where its format has it
    author: str | None = None
    published: str | None = None
    published_from: str | None = None  # where `published` was found: "metadata", "text" or "file"
