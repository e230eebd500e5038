"""Citations of claims: one claim as text to paste, and a view of claims exported as CSV,
JSON lines or Markdown, each claim with its source (document, date, section, offsets) and
its bookmark note.

The rows come from `read.citations` (a page of claims at a time, so an export of a
million claims holds a page); this module only formats them.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from typing import IO

import sqlite_utils

from extract.store import read
from extract.store.read import Citation, Filter

FORMATS = ("csv", "jsonl", "md")
SUFFIXES = {"csv": ".csv", "jsonl": ".jsonl", "md": ".md"}
CSV_COLUMNS = (
    "claim_id",
    "speaker",
    "cue",
    "sentence",
    "document_title",
    "document_name",
    "document_path",
    "document_id",
    "published",
    "published_from",
    "section",
    "page",
    "start",
    "end",
    "quantities",
    "countries",
    "bookmarked",
    "note",
)

_DATE_SOURCES = {"metadata": "", "text": "", "file": " (file date)"}


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def title_of(c: Citation) -> str:
    return _one_line(c.title) or c.document_name


def date_of(c: Citation) -> str:
    """The date as a citation gives it, saying when it is only the file's."""
    if not c.published:
        return "undated"
    return c.published + _DATE_SOURCES.get(c.published_from or "", "")


def citation_text(c: Citation) -> str:
    """A claim to paste into notes or a report: the sentence in quotes, then who, where and when."""
    who = _one_line(c.speaker)
    lines = [f"“{_one_line(c.sentence)}”"]
    if who or c.cue:
        lines.append("— " + " ".join(part for part in (who, _one_line(c.cue)) if part))
    source = f"{title_of(c)}, {date_of(c)}"
    if c.section:
        source += ", § " + " › ".join(_one_line(s) for s in c.section if s)
    if c.page is not None:
        source += f", p. {c.page}"
    lines.append(source)
    where = c.document_path
    if c.start is not None and c.end is not None:
        where += f", characters {c.start}–{c.end}"
    lines.append(where)
    if c.note:
        lines.append(f"Note: {c.note}")
    return "\n".join(lines)


def _row(c: Citation) -> dict[str, object]:
    return {
        "claim_id": c.claim_id,
        "speaker": c.speaker,
        "cue": c.cue,
        "sentence": c.sentence,
        "document_title": c.title,
        "document_name": c.document_name,
        "document_path": c.document_path,
        "document_id": c.document_id,
        "published": c.published,
        "published_from": c.published_from,
        "section": " › ".join(c.section),
        "page": c.page,
        "start": c.start,
        "end": c.end,
        "quantities": "; ".join(c.quantities),
        "countries": " ".join(c.countries),
        "bookmarked": c.note is not None,
        "note": c.note or "",
    }


# Characters that Markdown reads as markup, escaped so document text stays text.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def markdown_text(text: str | None) -> str:
    return _MARKDOWN.sub(r"\\\1", _one_line(text))


def _markdown(c: Citation) -> str:
    lines = [f"> {markdown_text(c.sentence)}", ">"]
    who = " ".join(part for part in (_one_line(c.speaker), _one_line(c.cue)) if part)
    attribution = f"— {markdown_text(who)}, " if who else "— "
    source = f"*{markdown_text(title_of(c))}*, {markdown_text(date_of(c))}"
    if c.section:
        source += ", § " + markdown_text(" › ".join(c.section))
    if c.page is not None:
        source += f", p. {c.page}"
    lines.append(f"> {attribution}{source}")
    path = c.document_path.replace("`", "'")
    where = f"`{path}`"
    if c.document_id is not None:
        where += f" (document {c.document_id})"  # the id tells apart two files of one name
    if c.start is not None and c.end is not None:
        where += f", characters {c.start}–{c.end}"
    lines.append(f"> {where}")
    if c.quantities:
        lines.append(f"> Quantities: {markdown_text('; '.join(c.quantities))}")
    if c.note:
        lines.append(f"> **Note:** {markdown_text(c.note)}")
    return "\n".join(lines) + "\n"


def write_citations(rows: Iterable[Citation], fmt: str, out: IO[str], *, title: str = "") -> int:
    """Write citations in `fmt` ("csv", "jsonl" or "md") to a text sink; the number written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    n = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for c in rows:
            writer.writerow(_row(c))
            n += 1
    elif fmt == "jsonl":
        for c in rows:
            record = asdict(c)
            record["bookmarked"] = c.note is not None
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    else:
        out.write(f"# {markdown_text(title) if title else 'Claims'}\n\n")
        for c in rows:
            out.write(("\n" if n else "") + _markdown(c))
            n += 1
    return n


def view_citations(
    db: sqlite_utils.Database,
    filters: Sequence[Filter],
    *,
    chunk: int = 500,
    should_stop: Callable[[], bool] | None = None,
) -> Iterator[Citation]:
    """Every claim under `filters`, in the list's order, as citations (read a chunk at a time)."""
    after = None
    while True:
        ids, after = read.view_claim_ids(db, filters, after=after, limit=chunk)
        yield from read.citations(db, ids)
        if after is None or (should_stop is not None and should_stop()):
            return


__all__ = ["FORMATS", "SUFFIXES", "citation_text", "markdown_text", "view_citations", "write_citations"]
