"""Word (.docx) files to text, one block per line: headings from paragraph styles, tables as rows.

python-docx reads the file. The body is walked in order, paragraphs and tables as
they stand: a paragraph styled "Title" or "Heading N" is a heading (a document with a
Title puts its headings one level under it), any other paragraph is text, and each
table row becomes one line with its cells set apart by " | " (a merged cell once).
Footnotes follow the body as text; page headers and footers follow as furniture, so
nothing in the file is silently gone. Title, author and date come from the file's
core properties.

`.odt` and `.rtf` are not read: no maintained, wheel-only library reads them with
their structure cheaply enough to be worth a dependency.
"""

from __future__ import annotations

import io
import re
import zipfile

from extract.reading.files import ReadError
from extract.reading.lines import LineWriter, StructuredText

_HEADING_STYLE = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, name: str) -> StructuredText:
    """The text of a .docx file with its headings and furniture; raises ReadError with the reason."""
    # python-docx: the maintained reader of Word's Office Open XML files.
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise ReadError(f"{name}: damaged or not a Word .docx file (an encrypted one cannot be read)") from None
    body = document.element.body
    has_title = any(_style(Paragraph(el, document)) == "title" for el in body.iterchildren(f"{_W}p"))
    writer = LineWriter()
    for element in body.iterchildren():
        if element.tag == f"{_W}p":
            paragraph = Paragraph(element, document)
            writer.add(paragraph.text, level=_level(paragraph, has_title))
        elif element.tag == f"{_W}tbl":
            for row in _rows(Table(element, document)):
                writer.add(row)
    for note in _footnotes(document):
        writer.add(note)
    seen: set[tuple[str, str]] = set()
    for section in document.sections:
        for part, reason in ((section.header, "running header"), (section.footer, "running footer")):
            for paragraph in part.paragraphs:
                text = paragraph.text.strip()
                if text and (reason, text) not in seen:
                    seen.add((reason, text))
                    writer.add(text, reason=reason)
    props = document.core_properties
    date = props.created or props.modified
    return writer.result(
        title=(props.title or "").strip() or None,
        author=(props.author or "").strip() or None,
        published=date.date().isoformat() if date else None,
    )


def _style(paragraph) -> str:
    try:
        return (paragraph.style.name or "").strip().lower() if paragraph.style is not None else ""
    except (KeyError, ValueError):  # a style the file names but does not define
        return ""


def _level(paragraph, has_title: bool) -> int:
    style = _style(paragraph)
    if style == "title":
        return 1
    m = _HEADING_STYLE.match(style)
    if not m:
        return 0
    return min(int(m.group(1)) + (1 if has_title else 0), 6)


def _rows(table) -> list[str]:
    """Each row's cells as one line; a cell merged over several columns counts once."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if text:
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


def _footnotes(document) -> list[str]:
    """The text of each footnote (separators left out), from the file's footnotes part if it has one."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    try:
        part = document.part.part_related_by(RT.FOOTNOTES)
    except KeyError:
        return []
    try:
        root = etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return []
    notes = []
    for note in root.iter(f"{_W}footnote"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join("".join(t.text or "" for t in p.iter(f"{_W}t")) for p in note.iter(f"{_W}p")).strip()
        if text:
            notes.append(text)
    return notes
