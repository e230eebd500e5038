"""Exports of the database: sentences as JSON lines, claims as CSV, and Datasette metadata.

The JSON-lines form is the sentence export that the extraction scorer reads:
one object per content sentence, in document order, with its offsets, page (in a
PDF, else null), section path, countries, organisations, people and claim. Every
row names its document by file name, id and path: two `article.txt` from different
folders are two documents.

The Datasette metadata names the column that stands for a row of each table
(`sentences.text`, `entities.name`, ...), so that Datasette shows a claim's sentence,
a mention's entity and a row's document by what they say rather than by their ids.
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
    for doc_id, doc_name, doc_path in db.execute("SELECT id, name, path FROM documents ORDER BY name, id").fetchall():
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
                "doc_id": doc_id,
                "path": doc_path,
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
    "document_id",
    "document_path",
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
                row["doc_id"],
                row["path"],
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


# The column Datasette shows for a row of each table where another table points at it
# (its foreign keys), and a line on what the table holds.
DATASETTE_TABLES: dict[str, tuple[str, str]] = {
    "documents": ("name", "One row per source file: its name, path, text and its own metadata"),
    "blocks": ("kind", "Headings, paragraphs and page boilerplate, by character offsets into documents.text"),
    "sections": ("heading", "Headings and the span of text each governs"),
    "sentences": ("text", "Content sentences (full-text searchable)"),
    "entities": ("name", "Countries (key: ISO 3166-1 code), organisations and people, shared by all documents"),
    "aliases": ("alias", "Surface forms seen for an entity in a document"),
    "mentions": ("text", "Where a sentence names an entity"),
    "claims": ("cue", "Asserting sentences with their speaker and reporting cue"),
    "quantities": ("text", "Numbers a claim cites, as written"),
}


def datasette_metadata(database: str) -> dict:
    """Datasette metadata for a policy-tui database served under the name `database` (its file's stem)."""
    return {
        "title": f"policy-tui: {database}",
        "databases": {
            database: {
                "tables": {
                    table: {"label_column": label, "description": description}
                    for table, (label, description) in DATASETTE_TABLES.items()
                }
            }
        },
    }


def write_datasette_metadata(db: sqlite_utils.Database, out: TextOut, *, database: str) -> int:
    """The metadata as JSON (`datasette FILE.db --metadata this.json`); the number of tables it labels."""
    tables = set(db.table_names())
    metadata = datasette_metadata(database)
    labelled = metadata["databases"][database]["tables"]
    for table in [t for t in labelled if t not in tables]:
        del labelled[table]  # an older schema: only what the file holds
    out.write(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n")
    return len(labelled)
