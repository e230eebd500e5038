"""A large synthetic policy-tui database, in the product's own schema, for the benchmarks.

Running spaCy over a million sentences takes hours, so the search and explorer
benchmarks read a database written directly: the schema comes from
`extract.store.connect` (so the explorer opens it like any other), and the rows
are what extraction would have produced for generated news articles. Sentences
are filled from `bench.corpus`'s frames and the sample's own prose, and every
slot filled with a country, organisation, person, reporting verb or number is
recorded as it is written, so mentions, cues and quantities point at the right
characters of `documents.text`.

Shape: documents of about 40 sentences under a title and a few subheads, in
paragraphs of 2-6 sentences; all ~250 countries (a few mentioned far more than
the rest, as in real news), a few thousand organisations and people; about a
third of the sentences are claims, most with a speaker and a cue, many with
quantities. The full-text index is built once at the end.

Databases are cached by size, seed and a fingerprint of the schema, so a change
to the schema builds a fresh one:

    python -m bench.synthdb --sentences 1000000     # prints the database's path
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import os
import random
import re
import sqlite3
import string
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pycountry  # every ISO country, so all ~250 are in the database

from bench.corpus import (
    ADJ,
    DAYS,
    FIRST,
    FRAMES,
    LAST,
    MONEY,
    MONTHS,
    ROLES,
    SAY,
    SEEDS,
    TOPICS,
    UNITS,
    _organisations,
)
from extract.records import COUNTRY, HEADING, ORGANISATION, PARAGRAPH, PERSON
from extract.store import connect

# Bump when the generated rows change shape, so cached databases are rebuilt.
GENERATOR_VERSION = 1
CACHE_DIR = Path(os.environ.get("POLICY_TUI_BENCH_CACHE") or Path(tempfile.gettempdir()) / "policy-tui-bench")

SENTENCES_PER_DOCUMENT = (20, 60)  # uniform, so about 40 on average
# About a third of sentences are claims: most sentences with a reporting verb, a few without.
CLAIM_WITH_CUE, CLAIM_WITHOUT_CUE = 0.65, 0.08
# Reporting verbs written into the sample's own sentences (the frames' verbs are slots).
CUE_WORDS = re.compile(r"\b(?:said|says|stated|told|noted|stressed|added|warned)\b")
# The countries news is most often about lead the (otherwise seeded, random) order of attention.
BUSY = ("US", "CN", "RU", "UA", "GB", "FR", "DE", "IL", "IR", "IN", "TR", "JP", "AZ", "AM", "BR", "ZA")
# Sources named by role only: claims whose speaker is no entity, as extraction writes them.
UNNAMED = ("health officials", "a senior diplomat", "the ministry", "analysts", "officials", "a government source")
# Organisations besides the well-known ones: each country's own bodies.
BODIES = (
    "Ministry of Foreign Affairs of {}",
    "Ministry of Defence of {}",
    "Central Bank of {}",
    "National Assembly of {}",
    "{} Border Guard",
    "{} Energy Agency",
    "{} Statistics Office",
    "Supreme Court of {}",
    "{} Chamber of Commerce",
    "{} Red Cross Society",
)
# Slots of the corpus frames and what a filled slot is.
COUNTRY_SLOTS = {"Country", "country", "country2", "capital"}
QUANTITY_SLOTS = {"number", "percent", "money_amount", "small", "years"}
# Words of the sample that name countries; the sample's sentences get other countries there.
SAMPLE_COUNTRIES = ("Azerbaijan", "Russia", "Türkiye", "Armenia", "Georgia", "Iran", "Ukraine")


def schema_fingerprint() -> str:
    """A short hash of the schema `extract.store` creates, so a schema change means a new cache entry."""
    db = connect(":memory:")
    try:
        sql = sorted(row[0] or "" for row in db.execute("SELECT sql FROM sqlite_master"))
        meta = sorted(db.execute("SELECT key, value FROM meta").fetchall())
    finally:
        db.conn.close()
    return hashlib.sha256(repr((sql, meta)).encode()).hexdigest()[:10]


def cache_path(sentences: int, seed: int = 7) -> Path:
    return CACHE_DIR / f"synth-{sentences}-s{seed}-g{GENERATOR_VERSION}-{schema_fingerprint()}.db"


def synth_db(sentences: int, seed: int = 7, *, quiet: bool = True) -> Path:
    """The path of a cached synthetic database of `sentences` sentences, building it if needed."""
    path = cache_path(sentences, seed)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path.with_name(path.name + ".lock")):
        if not path.exists():  # another process may have built it while this one waited
            building = path.with_name(path.name + ".building")
            for leftover in (building, *(building.with_name(building.name + s) for s in ("-wal", "-shm"))):
                leftover.unlink(missing_ok=True)
            started = time.perf_counter()
            counts = build(building, sentences, seed)
            building.rename(path)  # only a finished database ever has the cached name
            if not quiet:
                took = time.perf_counter() - started
                summary = ", ".join(f"{n:,} {table}" for table, n in counts.items())
                print(f"built in {took:.1f} s: {summary}", file=sys.stderr)
    return path


@contextmanager
def _locked(lock: Path) -> Iterator[None]:
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- what the documents say ---------------------------------------------------------------------


Frame = tuple[tuple[str, str | None], ...]  # (literal text, slot name or None)


def _frame(template: str) -> Frame:
    return tuple((literal, field) for literal, field, _, _ in string.Formatter().parse(template))


def _sample_frames() -> list[Frame]:
    """The sample's sentences as frames, their countries turned into slots."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir()) if p.suffix == ".txt")
    names = re.compile("|".join(re.escape(n) for n in SAMPLE_COUNTRIES))
    frames = []
    for sentence in re.split(r"(?<=[.!?”\"])\s+", text):
        sentence = " ".join(sentence.split())
        if len(sentence.split()) > 6:
            template = names.sub("{country}", sentence.replace("{", "{{").replace("}", "}}"))
            frames.append(_frame(template))
    return frames


class Writer:
    """Writes sentences with the offsets of every entity, cue and number in them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        countries = sorted(pycountry.countries, key=lambda c: c.alpha_2)
        rng.shuffle(countries)  # beyond the busiest few, which countries lead is the seed's choice
        countries.sort(key=lambda c: BUSY.index(c.alpha_2) if c.alpha_2 in BUSY else len(BUSY))
        # (kind, key, name) of every entity; a sentence refers to them by index.
        self.entities: list[tuple[str, str, str]] = [
            (COUNTRY, c.alpha_2, getattr(c, "common_name", None) or c.name) for c in countries
        ]
        n_countries = len(self.entities)
        # News is about a few countries far more than the rest (roughly Zipf).
        self.country_weights = [1 / (rank + 1) ** 0.9 for rank in range(n_countries)]
        self.country_cum = _cumulative(self.country_weights)
        names = {n for _, _, n in self.entities}
        organisations = list(dict.fromkeys(_organisations()))
        organisations += [body.format(name) for _, _, name in self.entities for body in BODIES]
        self.first_org = len(self.entities)
        self.entities += [(ORGANISATION, o, o) for o in organisations if o not in names]
        self.first_person = len(self.entities)
        self.entities += [(PERSON, f"{f} {la}", f"{f} {la}") for f in FIRST for la in LAST]
        self.frames = [_frame(f) for f in FRAMES]
        self.sample = _sample_frames()

    def country(self) -> int:
        return self.rng.choices(range(len(self.country_cum)), cum_weights=self.country_cum)[0]

    def fill(self, slot: str, values: dict[str, tuple[str, int | None]]) -> tuple[str, int | None]:
        """The text for a slot and the entity it names (None if none); a frame's slot keeps one value."""
        if slot in values:
            return values[slot]
        r = self.rng
        entity: int | None = None
        if slot in COUNTRY_SLOTS:
            partner = "country" if slot == "Country" else "Country" if slot == "country" else None
            chosen = values[partner][1] if partner is not None and partner in values else None
            entity = chosen if chosen is not None else self.country()
            text = self.entities[entity][2]
        elif slot == "person":
            entity = r.randrange(self.first_person, len(self.entities))
            text = self.entities[entity][2]
        elif slot == "org":
            entity = r.randrange(self.first_org, self.first_person)
            text = self.entities[entity][2]
        elif slot == "number":
            text = f"{r.randint(2, 950):,}" if r.random() < 0.5 else f"{r.randint(1, 99) * 1000:,}"
        elif slot == "percent":
            text = str(r.randint(1, 60))
        elif slot == "money_amount":
            text = str(r.randint(2, 900))
        elif slot in ("small", "years"):
            text = str(r.randint(2, 14))
        elif slot == "year":
            text = str(r.randint(1995, 2026))
        else:
            text = r.choice(_WORDS[slot])
        values[slot] = (text, entity)
        return text, entity

    def sentence(self) -> tuple[str, list[tuple[int, int, str, int | None]]]:
        """A sentence and its filled slots: (start, end, slot, entity index), offsets into the sentence."""
        frame = self.rng.choice(self.sample if self.rng.random() < 0.25 else self.frames)
        values: dict[str, tuple[str, int | None]] = {}
        parts: list[str] = []
        slots: list[tuple[int, int, str, int | None]] = []
        pos = 0
        for literal, slot in frame:
            parts.append(literal)
            pos += len(literal)
            if slot is not None:
                text, entity = self.fill(slot, values)
                parts.append(text)
                slots.append((pos, pos + len(text), slot, entity))
                pos += len(text)
        text = "".join(parts)
        text = text[0].upper() + text[1:]
        return text, slots

    def heading(self) -> str:
        r = self.rng
        return r.choice(
            (
                "Background",
                "Trade and energy",
                "Security",
                "Regional reaction",
                "What comes next",
                "Diplomacy",
                "Humanitarian situation",
                "Economy",
                f"Relations with {self.entities[self.country()][2]}",
            )
        )


_WORDS = {
    "role": ROLES,
    "say": SAY,
    "day": DAYS,
    "topic": TOPICS,
    "topic2": TOPICS,
    "unit": UNITS,
    "money": MONEY,
    "adj": ADJ,
    "month": MONTHS,
}


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


# --- writing the database ---------------------------------------------------------------------


def build(path: Path, sentences: int, seed: int = 7) -> dict[str, int]:
    """Write a synthetic database of `sentences` sentences at `path`; row counts by table."""
    db = connect(path, create=True)  # the product's schema, exactly as an ingest would start it
    conn = db.conn
    # A throwaway file being filled in one go: no journal, no syncs, a large page cache.
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-1000000")
    conn.execute("PRAGMA temp_store=MEMORY")
    rng = random.Random(seed)
    writer = Writer(rng)
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'sentences'"
    ).fetchall()
    counts: dict[str, int] = {}
    conn.execute("BEGIN")
    # The FTS index is rebuilt once at the end rather than kept in step row by row.
    for name, _ in triggers:
        conn.execute(f"DROP TRIGGER [{name}]")
    conn.executemany(
        "INSERT INTO entities (id, kind, key, name) VALUES (?, ?, ?, ?)",
        [(i + 1, kind, key, name) for i, (kind, key, name) in enumerate(writer.entities)],
    )
    ids = {"block": 0, "section": 0, "sentence": 0, "mention": 0, "claim": 0, "quantity": 0}
    rows: dict[str, list[Any]] = {
        t: [] for t in ("blocks", "sections", "sentences", "aliases", "mentions", "claims", "quantities")
    }
    doc_id = 0
    written = 0
    while written < sentences:
        doc_id += 1
        n = min(rng.randint(*SENTENCES_PER_DOCUMENT), sentences - written)
        text = _document(writer, rng, doc_id, n, ids, rows)
        conn.execute(
            "INSERT INTO documents (id, name, path, kind, sha256, encoding, model, model_version, ingested_at, text)"
            " VALUES (?, ?, ?, 'text', ?, 'utf-8', 'en_core_web_sm', '3.8.0', '2025-01-01T00:00:00+00:00', ?)",
            (
                doc_id,
                f"article_{doc_id:07d}.txt",
                f"/synthetic/article_{doc_id:07d}.txt",
                hashlib.sha256(text.encode()).hexdigest(),
                text,
            ),
        )
        written += n
        if sum(len(v) for v in rows.values()) > 200_000:
            _flush(conn, rows, counts)
    _flush(conn, rows, counts)
    # As the store does after a re-ingest: no entity without a mention or a claim.
    conn.execute(
        "DELETE FROM entities WHERE id NOT IN (SELECT entity_id FROM mentions)"
        " AND id NOT IN (SELECT speaker_entity_id FROM claims WHERE speaker_entity_id IS NOT NULL)"
    )
    for _, sql in triggers:
        conn.execute(sql)
    conn.execute("INSERT INTO sentences_fts (sentences_fts) VALUES ('rebuild')")
    conn.execute("COMMIT")
    counts["documents"] = doc_id
    counts["entities"] = conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0]
    conn.execute("PRAGMA journal_mode=WAL")  # as the store leaves it, so readers open it the same way
    conn.close()
    return counts


_INSERTS = {
    "blocks": "INSERT INTO blocks (id, document_id, idx, kind, level, start, end, reason) VALUES (?,?,?,?,?,?,?,?)",
    "sections": "INSERT INTO sections (id, document_id, idx, heading, level, start, end, parent_id)"
    " VALUES (?,?,?,?,?,?,?,?)",
    "sentences": "INSERT INTO sentences (id, document_id, idx, block_id, section_id, start, end, text)"
    " VALUES (?,?,?,?,?,?,?,?)",
    "aliases": "INSERT OR IGNORE INTO aliases (entity_id, document_id, alias) VALUES (?,?,?)",
    "mentions": "INSERT INTO mentions (id, document_id, sentence_id, entity_id, start, end, text)"
    " VALUES (?,?,?,?,?,?,?)",
    "claims": "INSERT INTO claims (id, document_id, sentence_id, speaker, speaker_entity_id, cue, cue_start, cue_end)"
    " VALUES (?,?,?,?,?,?,?,?)",
    "quantities": "INSERT INTO quantities (id, claim_id, document_id, sentence_id, start, end, text, value)"
    " VALUES (?,?,?,?,?,?,?,?)",
}


def _flush(conn: sqlite3.Connection, rows: dict[str, list[Any]], counts: dict[str, int]) -> None:
    for table, batch in rows.items():
        if batch:
            conn.executemany(_INSERTS[table], batch)
            counts[table] = counts.get(table, 0) + len(batch)
            batch.clear()


def _document(
    writer: Writer, rng: random.Random, doc_id: int, n: int, ids: dict[str, int], rows: dict[str, list[Any]]
) -> str:
    """One article of `n` sentences: its rows go to `rows`, its text is returned."""
    parts: list[str] = []
    pos = 0
    block_idx = section_idx = sentence_idx = 0
    seen: set[int] = set()
    entities = writer.entities

    def block(kind: str, start: int, end: int, level: int) -> int:
        nonlocal block_idx
        ids["block"] += 1
        rows["blocks"].append((ids["block"], doc_id, block_idx, kind, level, start, end, None))
        block_idx += 1
        return ids["block"]

    def section(heading: str, level: int, start: int, parent: int | None) -> int:
        nonlocal section_idx
        ids["section"] += 1
        rows["sections"].append([ids["section"], doc_id, section_idx, heading, level, start, None, parent])
        section_idx += 1
        return ids["section"]

    title = f"{entities[writer.country()][2]} and {entities[writer.country()][2]} at odds over {rng.choice(TOPICS)}"
    block(HEADING, 0, len(title), 1)
    top = section(title, 1, 0, None)
    parts.append(title + "\n\n")
    pos = len(parts[0])
    current = top
    while sentence_idx < n:
        if sentence_idx and rng.random() < 0.25:
            heading = writer.heading()
            block(HEADING, pos, pos + len(heading), 2)
            _close_section(rows, current, pos)
            current = section(heading, 2, pos, top)
            parts.append(heading + "\n\n")
            pos += len(heading) + 2
        paragraph_id = block(PARAGRAPH, pos, pos, 0)
        paragraph_row = len(rows["blocks"]) - 1
        for k in range(min(rng.randint(2, 6), n - sentence_idx)):
            if k:
                parts.append(" ")
                pos += 1
            text, slots = writer.sentence()
            ids["sentence"] += 1
            sentence_id = ids["sentence"]
            rows["sentences"].append(
                (sentence_id, doc_id, sentence_idx, paragraph_id, current, pos, pos + len(text), text)
            )
            _sentence_rows(writer, rng, doc_id, sentence_id, pos, text, slots, ids, rows, seen)
            parts.append(text)
            pos += len(text)
            sentence_idx += 1
        b = rows["blocks"][paragraph_row]
        rows["blocks"][paragraph_row] = (*b[:6], pos, b[7])
        parts.append("\n\n")
        pos += 2
    _close_section(rows, current, pos)
    _close_section(rows, top, pos)
    for i, row in enumerate(rows["sections"]):
        if isinstance(row, list):
            rows["sections"][i] = tuple(row)
    rows["aliases"].extend((e + 1, doc_id, entities[e][2]) for e in sorted(seen))
    return "".join(parts)


def _close_section(rows: dict[str, list[Any]], section_id: int, end: int) -> None:
    """Set the end of a section of the document being written (its row is still a list)."""
    for row in reversed(rows["sections"]):
        if row[0] == section_id:
            if row[6] is None:
                row[6] = end
            return


def _sentence_rows(
    writer: Writer,
    rng: random.Random,
    doc_id: int,
    sentence_id: int,
    pos: int,
    text: str,
    slots: list[tuple[int, int, str, int | None]],
    ids: dict[str, int],
    rows: dict[str, list[Any]],
    seen: set[int],
) -> None:
    entities = writer.entities
    speaker: tuple[str, int] | None = None
    for start, end, slot, entity in slots:
        if entity is not None:
            ids["mention"] += 1
            rows["mentions"].append(
                (ids["mention"], doc_id, sentence_id, entity + 1, pos + start, pos + end, text[start:end])
            )
            seen.add(entity)
            if slot in ("person", "org") and (speaker is None or slot == "person"):
                speaker = (entities[entity][1], entity)
    cue = next(((s, e) for s, e, slot, _ in slots if slot == "say"), None)
    if cue is None:
        found = CUE_WORDS.search(text)
        cue = found.span() if found else None
    if rng.random() >= (CLAIM_WITH_CUE if cue else CLAIM_WITHOUT_CUE):
        return
    ids["claim"] += 1
    claim_id = ids["claim"]
    if speaker is None and rng.random() < 0.3:
        name, entity_id = rng.choice(UNNAMED), None
    elif speaker is None:
        name, entity_id = None, None
    else:
        name, entity_id = speaker[0], speaker[1] + 1
    rows["claims"].append(
        (
            claim_id,
            doc_id,
            sentence_id,
            name,
            entity_id,
            text[cue[0] : cue[1]] if cue else None,
            pos + cue[0] if cue else None,
            pos + cue[1] if cue else None,
        )
    )
    for start, end, slot, _ in slots:
        if slot in QUANTITY_SLOTS:
            ids["quantity"] += 1
            written = text[start:end]
            rows["quantities"].append(
                (
                    ids["quantity"],
                    claim_id,
                    doc_id,
                    sentence_id,
                    pos + start,
                    pos + end,
                    written,
                    float(written.replace(",", "")),
                )
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(synth_db(args.sentences, args.seed, quiet=False))


if __name__ == "__main__":
    main()
