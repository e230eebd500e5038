"""Databases for the explorer's tests, and helpers to drive it.

Two kinds of database:
- `sample_db`: the bundled seeds/ ingested with spaCy, once per session — what a
  new user sees (used by the user-journey tests);
- `build_db(path, documents)`: a database written straight from hand-made
  records, no spaCy, fully determined by the test (used by the query tests, the
  snapshots and the hostile-text tests, so extraction changes cannot move them).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from extract.records import (
    COUNTRY,
    HEADING,
    ORGANISATION,
    PARAGRAPH,
    PERSON,
    Block,
    Claim,
    Entity,
    ExtractedDocument,
    Mention,
    Quantity,
    Section,
    Sentence,
)
from extract.store import connect, save_document

# Surface form → (kind, key) of the entities the hand-made documents mention.
ENTITIES: dict[str, tuple[str, str]] = {
    "Russia": (COUNTRY, "RU"),
    "Russian": (COUNTRY, "RU"),
    "Moscow": (COUNTRY, "RU"),
    "Ukraine": (COUNTRY, "UA"),
    "Kyiv": (COUNTRY, "UA"),
    "France": (COUNTRY, "FR"),
    "Azerbaijan": (COUNTRY, "AZ"),
    "United Kingdom": (COUNTRY, "GB"),
    "London": (COUNTRY, "GB"),
    "European Union": (ORGANISATION, "European Union"),
    "NATO": (ORGANISATION, "NATO"),
    "Jeyhun Bayramov": (PERSON, "Jeyhun Bayramov"),
    "Maria Ortega": (PERSON, "Maria Ortega"),
}


@dataclass
class Para:
    """A paragraph: sentences, each (text, speaker, cue) — speaker/cue None for an unattributed claim."""

    sentences: list[tuple[str, str | None, str | None]]


@dataclass
class Doc:
    name: str
    title: str
    sections: list[tuple[str, list[Para]]] = field(default_factory=list)  # (heading, paragraphs)


def make_document(doc: Doc) -> ExtractedDocument:
    """Records for a hand-made document: every sentence is a claim; entities found by their surface forms."""
    text = ""
    blocks: list[Block] = []
    sections: list[Section] = []
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    claims: list[Claim] = []
    names: dict[tuple[str, str], set[str]] = {}

    def add_block(kind: str, body: str, level: int = 0) -> Block:
        nonlocal text
        block = Block(len(blocks), kind, len(text), len(text) + len(body), body, level)
        blocks.append(block)
        text += body + "\n\n"
        return block

    add_block(HEADING, doc.title, 1)
    for heading, paragraphs in doc.sections:
        start = len(text)
        add_block(HEADING, heading, 2)
        section_index = len(sections)
        sections.append(Section(section_index, heading, 2, start, -1, None))
        for para in paragraphs:
            body = " ".join(s for s, _, _ in para.sentences)
            block = add_block(PARAGRAPH, body)
            offset = block.start
            for sentence_text, speaker, cue in para.sentences:
                sentence = Sentence(
                    len(sentences), offset, offset + len(sentence_text), sentence_text, block.index, section_index
                )
                sentences.append(sentence)
                for surface, (kind, key) in ENTITIES.items():
                    for m in re.finditer(rf"\b{re.escape(surface)}\b", sentence_text):
                        mentions.append(
                            Mention(sentence.index, offset + m.start(), offset + m.end(), surface, kind, key)
                        )
                        names.setdefault((kind, key), set()).add(surface)
                cue_at = sentence_text.find(cue) if cue else -1
                quantities = tuple(
                    Quantity(offset + m.start(), offset + m.end(), m.group(), float(m.group()))
                    for m in re.finditer(r"\b\d+\b", sentence_text)
                )
                claims.append(
                    Claim(
                        sentence.index,
                        speaker,
                        ENTITIES.get(speaker, (PERSON, speaker))[0] if speaker else None,
                        cue,
                        offset + cue_at if cue_at >= 0 else None,
                        offset + cue_at + len(cue) if cue_at >= 0 and cue else None,
                        quantities,
                    )
                )
                offset += len(sentence_text) + 1
        sections[section_index] = Section(section_index, heading, 2, start, len(text), None)
    for c in claims:
        if c.speaker:  # a speaker is an entity of its own kind (a body speaks as an organisation)
            kind, key = ENTITIES.get(c.speaker, (PERSON, c.speaker))
            names.setdefault((kind, key), set()).add(c.speaker)
    entities = [
        Entity(kind, key, key if kind != COUNTRY else key, tuple(sorted(forms - {key})))
        for (kind, key), forms in names.items()
    ]
    return ExtractedDocument(
        name=doc.name,
        path=f"/documents/{doc.name}",
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        encoding="utf-8",
        model="en_test",
        model_version="0",
        blocks=tuple(blocks),
        sections=tuple(sections),
        sentences=tuple(sentences),
        entities=tuple(entities),
        mentions=tuple(mentions),
        claims=tuple(claims),
    )


def build_db(path: Path, documents: Sequence[Doc]) -> Path:
    db = connect(path)
    try:
        for i, doc in enumerate(documents):
            save_document(db, make_document(doc), ingested_at=f"2025-01-0{1 + i % 9}T00:00:00+00:00")
    finally:
        db.conn.close()
    return path


# The sentence the source pane and the e2e test look for.
KREMLIN = "Moscow rejected the proposal, Maria Ortega said."
HOSTILE = "Officials wrote [/bold] and [@click=app.quit] in the memo, then \x1b[31mred\x1b[0m text about Russia."

BRIEFING = Doc(
    "briefing.txt",
    "Foreign affairs briefing",
    [
        (
            "Eastern Europe",
            [
                Para(
                    [
                        ("Russia and Ukraine resumed talks in Kyiv on Monday.", None, None),
                        (KREMLIN, "Maria Ortega", "said"),
                        ("Jeyhun Bayramov said that Azerbaijan supports 3 new corridors.", "Jeyhun Bayramov", "said"),
                    ]
                ),
                Para(
                    [
                        ("The European Union announced 17 sanctions packages against Russia.", None, None),
                        ("NATO said its members would meet in France.", "NATO", "said"),
                    ]
                ),
            ],
        ),
        (
            "Western Europe",
            [
                Para(
                    [
                        ("France hosted a summit on energy, Maria Ortega noted.", "Maria Ortega", "noted"),
                        ("Russian gas flows fell by 40 percent, the European Union said.", "European Union", "said"),
                        ("Ukraine asked France for 12 more air-defence systems.", None, None),
                    ]
                ),
            ],
        ),
    ],
)

MEMO = Doc(
    "memo.md",
    "Memo [bold]with markup[/bold]",
    [
        (
            "Notes [@click=app.quit]",
            [
                Para(
                    [
                        (HOSTILE, "Maria Ortega", "wrote"),
                        ("Moscow denied it, and Ukraine disagreed.", None, None),
                    ]
                ),
            ],
        ),
    ],
)


# A third document, about the United Kingdom (for the end-to-end test's search of "UK").
UK_SENTENCE = "The United Kingdom will send 30 engineers to Kyiv, Maria Ortega said."
DISPATCH = Doc(
    "dispatch.txt",
    "London dispatch",
    [
        (
            "Talks in London",
            [
                Para(
                    [
                        (UK_SENTENCE, "Maria Ortega", "said"),
                        ("London and Moscow exchanged notes, NATO said.", "NATO", "said"),
                    ]
                ),
            ],
        ),
    ],
)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory, nlp) -> Path:
    """The bundled seeds ingested once per session (as a new user would first see them)."""
    from extract.ingest.run import ingest
    from extract.ingest.seeds import seed_paths

    path = tmp_path_factory.mktemp("sample") / "sample.db"
    summary = ingest(seed_paths(), path, nlp=nlp)
    assert summary.documents >= 1 and not summary.failures
    return path


@pytest.fixture()
def explorer_db(sample_db, tmp_path) -> Path:
    """A private copy of the sample database."""
    path = tmp_path / "sample.db"
    shutil.copy(sample_db, path)
    return path


@pytest.fixture(scope="session")
def briefing_db_master(tmp_path_factory) -> Path:
    return build_db(tmp_path_factory.mktemp("briefing") / "briefing.db", [BRIEFING, MEMO])


@pytest.fixture()
def briefing_db(briefing_db_master, tmp_path) -> Path:
    """Hand-made documents, no spaCy: a briefing and a memo full of markup and escape codes."""
    folder = tmp_path / "db"
    folder.mkdir()
    path = folder / "explorer.db"
    shutil.copy(briefing_db_master, path)
    return path


async def settle(pilot, rounds: int = 30) -> None:
    """Wait until the app is idle: no worker running and no message waiting."""
    from textual.worker import WorkerCancelled, WorkerFailed

    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        try:
            await app.workers.wait_for_complete()
        except (WorkerCancelled, WorkerFailed):
            pass  # superseded by newer work, or failed and reported by the app itself
        await pilot.pause()
        main = getattr(app, "main", None)
        if getattr(main, "_narrow_timer", None) is not None:
            await pilot.pause(0.05)  # the facets narrow to the filters once they stay put: wait for that too
            continue
        if not any(w.is_running for w in app.workers):
            return
