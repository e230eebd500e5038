"""Exports of the database: sentences as JSON lines, claims as CSV.

The JSON-lines form is the sentence export that the extraction scorer reads:
one object per content sentence, in document order, with its offsets, page (in a
PDF, else null), section path, countries, organisations, people and claim.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Protocol

import sqlite_utils


def sentence_rows(db: sqlite_utils.Database) -> Iterator[dict]:
    """One dict per content sentence of every document, in document order."""
    for doc_id, doc_name in db.execute("SELECT id, name FROM documents ORDER BY name, id").fetchall():
        sections = {
            sid: (heading, parent)
            for sid, heading, parent in db.execute(
                "SELECT id, heading, parent_id FROM sections WHERE document_id = ?", [doc_id]
            )
        }
        # A person is stored once for every document that names them, under the name seen first;
        # each document's rows give the fullest name that document uses.
        own_names: dict[int, str] = {}
        for entity_id, alias in db.execute(
            "SELECT a.entity_id, a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id"
            " WHERE a.document_id = ? AND e.kind = 'person'",
            [doc_id],
        ):
            if len(alias) > len(own_names.get(entity_id, "")):
                own_names[entity_id] = alias
        entities: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for sentence_id, entity_id, kind, key, name in db.execute(
            "SELECT m.sentence_id, e.id, e.kind, e.key, e.name FROM mentions m JOIN entities e ON e.id = m.entity_id"
            " WHERE m.document_id = ? ORDER BY m.start",
            [doc_id],
        ):
            value = key if kind == "country" else own_names.get(entity_id, name)
            if value not in entities[sentence_id][kind]:
                entities[sentence_id][kind].append(value)
        quantities: dict[int, list[str]] = defaultdict(list)
        quantity_spans: dict[int, list[list[int]]] = defaultdict(list)
        for claim_id, text, q_start, q_end in db.execute(
            "SELECT claim_id, text, start, end FROM quantities WHERE document_id = ? ORDER BY start", [doc_id]
        ):
            quantities[claim_id].append(text)
            quantity_spans[claim_id].append([q_start, q_end])
        claims = {
            sentence_id: {
                "speaker": speaker,
                "cue": cue,
                "cue_start": cue_start,
                "cue_end": cue_end,
                "quantities": quantities.get(claim_id, []),
                "quantity_spans": quantity_spans.get(claim_id, []),
            }
            for claim_id, sentence_id, speaker, cue, cue_start, cue_end in db.execute(
                "SELECT c.id, c.sentence_id,"
                " CASE WHEN e.kind = 'person' THEN c.speaker ELSE COALESCE(e.name, c.speaker) END,"
                " c.cue, c.cue_start, c.cue_end FROM claims c"
                " LEFT JOIN entities e ON e.id = c.speaker_entity_id WHERE c.document_id = ?",
                [doc_id],
            )
        }
        for sentence_id, start, end, text, section_id, page in db.execute(
            "SELECT s.id, s.start, s.end, s.text, s.section_id, b.page FROM sentences s"
            " LEFT JOIN blocks b ON b.id = s.block_id WHERE s.document_id = ? ORDER BY s.idx",
            [doc_id],
        ):
            path = []
            while section_id is not None:
                heading, section_id = sections[section_id]
                path.append(heading)
            path.reverse()
            found = entities.get(sentence_id, {})
            yield {
                "doc": doc_name,
                "start": start,
                "end": end,
                "text": text,
                "section": None if not path else path[0] if len(path) == 1 else path,
                "page": page,
                "countries": sorted(found.get("country", [])),
                "organisations": found.get("organisation", []),
                "people": found.get("person", []),
                "claim": claims.get(sentence_id),
            }


class TextOut(Protocol):
    """Where an export is written: a text file, standard output, or a terminal's sanitising writer."""

    def write(self, text: str, /) -> object: ...


def write_jsonl(db: sqlite_utils.Database, out: TextOut) -> int:
    count = 0
    for row in sentence_rows(db):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


CLAIM_COLUMNS = [
    "document",
    "sentence_start",
    "sentence_end",
    "page",
    "section",
    "speaker",
    "cue",
    "cue_start",
    "cue_end",
    "countries",
    "organisations",
    "people",
    "quantities",
    "quantity_offsets",
    "text",
]


def write_claims_csv(db: sqlite_utils.Database, out: TextOut) -> int:
    """The claims with their source offsets, one row per claim."""
    writer = csv.writer(out)
    writer.writerow(CLAIM_COLUMNS)
    count = 0
    for row in sentence_rows(db):
        claim = row["claim"]
        if claim is None:
            continue
        section = row["section"]
        writer.writerow(
            [
                row["doc"],
                row["start"],
                row["end"],
                "" if row["page"] is None else row["page"],
                " > ".join(section) if isinstance(section, list) else section or "",
                claim["speaker"] or "",
                claim["cue"] or "",
                claim["cue_start"],
                claim["cue_end"],
                ";".join(row["countries"]),
                ";".join(row["organisations"]),
                ";".join(row["people"]),
                ";".join(claim["quantities"]),
                ";".join(f"{a}-{b}" for a, b in claim["quantity_spans"]),
                row["text"],
            ]
        )
        count += 1
    return count
