"""Generated PDF and Word documents for the format tests and the PDF benchmark.

A report is laid out by hand on reportlab's canvas, so that every feature a PDF
reader must cope with is there exactly where the tests expect it: headings in a
larger bold font (and in the PDF outline), one or two columns, a running header
and a page number on every page, words hyphenated at line ends, footnotes in small
type at the foot of a page, tables, and any script the font covers. The text is
invented; the same seed gives the same document.

    python -m bench.documents OUT.pdf [--pages 500] [--columns 2] [--seed 7]

reportlab and python-docx are test-only dependencies (the `test` extra).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WORDS = (
    "the council agreed that regional cooperation on energy security requires sustained investment in "
    "infrastructure and transparent implementation of commitments made by member governments during "
    "negotiations over maritime boundaries humanitarian corridors and agricultural exports while ministers "
    "emphasised accountability reconstruction financing independent verification and parliamentary oversight "
    "of procurement programmes across neighbouring administrations"
).split()
PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0  # A4 in points
MARGIN = 56.0
BODY_FONT, BOLD_FONT = "Helvetica", "Helvetica-Bold"
BODY_SIZE, LEADING = 10.0, 13.0
HEADING_SIZES = {1: 18.0, 2: 14.0, 3: 12.0}
FOOTNOTE_SIZE = 7.5
GUTTER = 24.0
# A word this long that does not fit at a line's end is hyphenated instead of moved down.
MIN_HYPHENATED = 8


def invented_paragraph(rng: random.Random, words: int = 60) -> str:
    """Sentences of the vocabulary above, each capitalised and closed with a full stop."""
    out: list[str] = []
    while len(out) < words:
        sentence = [rng.choice(WORDS) for _ in range(rng.randint(9, 18))]
        sentence[0] = sentence[0].capitalize()
        out.extend(sentence[:-1] + [sentence[-1] + "."])
    return " ".join(out)


@dataclass
class _Frame:
    x: float
    width: float


@dataclass
class PdfReport:
    """A report flowed into one or two columns per page, with running header, page numbers and footnotes."""

    path: Path
    columns: int = 1
    header: str | None = "Ministry of Cooperation — Annual Report"
    page_numbers: bool = True
    hyphenate: bool = True
    outline: bool = True
    font: str = BODY_FONT
    bold_font: str = BOLD_FONT
    encrypt_password: str | None = None
    _canvas: Any = field(init=False, default=None)  # reportlab's Canvas (reportlab has no type hints)
    _column: int = field(init=False, default=0)
    _y: float = field(init=False, default=0.0)
    _page: int = field(init=False, default=0)
    _footnotes: list[str] = field(init=False, default_factory=list)
    _headings: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        encrypt = None
        if self.encrypt_password:
            from reportlab.lib import pdfencrypt

            encrypt = pdfencrypt.StandardEncryption(self.encrypt_password, canPrint=0)
        self._canvas = canvas.Canvas(str(self.path), pagesize=A4, encrypt=encrypt, invariant=1)
        self._start_page()

    # Layout -------------------------------------------------------------------------
    def _frames(self) -> list[_Frame]:
        usable = PAGE_WIDTH - 2 * MARGIN
        if self.columns == 1:
            return [_Frame(MARGIN, usable)]
        width = (usable - GUTTER) / 2
        return [_Frame(MARGIN, width), _Frame(MARGIN + width + GUTTER, width)]

    def _top(self) -> float:
        return PAGE_HEIGHT - MARGIN - (18 if self.header else 0)

    def _bottom(self) -> float:
        notes = len(self._footnotes) * (FOOTNOTE_SIZE + 2) + (8 if self._footnotes else 0)
        return MARGIN + (14 if self.page_numbers else 0) + notes

    def _start_page(self) -> None:
        self._page += 1
        self._column, self._y = 0, self._top()
        c = self._canvas
        if self.header:
            c.setFont(self.font, 8)
            c.drawString(MARGIN, PAGE_HEIGHT - MARGIN + 4, self.header)

    def _end_page(self) -> None:
        c = self._canvas
        if self._footnotes:
            y = MARGIN + (14 if self.page_numbers else 0) + 4
            c.setFont(self.font, FOOTNOTE_SIZE)
            for note in reversed(self._footnotes):
                c.drawString(MARGIN, y, note)
                y += FOOTNOTE_SIZE + 2
            c.line(MARGIN, y, MARGIN + 120, y)
            self._footnotes = []
        if self.page_numbers:
            c.setFont(self.font, 8)
            c.drawCentredString(PAGE_WIDTH / 2, MARGIN - 10, str(self._page))
        c.showPage()

    def _need(self, height: float) -> _Frame:
        """The frame to draw `height` points into, moving to the next column or page when full."""
        if self._y - height < self._bottom():
            if self._column + 1 < len(self._frames()):
                self._column += 1
                self._y = self._top()
            else:
                self.page_break()
        return self._frames()[self._column]

    def page_break(self) -> None:
        self._end_page()
        self._start_page()

    # Content ------------------------------------------------------------------------
    def heading(self, text: str, level: int = 1) -> None:
        size = HEADING_SIZES[level]
        self._y -= size * 0.6  # space above
        frame = self._need(size * 1.4 + 2 * LEADING)  # never alone at the foot of a column
        c = self._canvas
        c.setFont(self.bold_font, size)
        self._y -= size
        c.drawString(frame.x, self._y, text)
        if self.outline:
            key = f"h{self._headings}"
            self._headings += 1
            c.bookmarkPage(key, fit="XYZ", top=self._y + size)
            c.addOutlineEntry(text, key, level=level - 1)
        self._y -= size * 0.4

    def paragraph(self, text: str, size: float = BODY_SIZE) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        leading = size * LEADING / BODY_SIZE
        width = self._frames()[self._column].width
        lines = wrap(text, width, lambda s: stringWidth(s, self.font, size), hyphenate=self.hyphenate)
        for line in lines:
            frame = self._need(leading)
            self._y -= leading
            self._canvas.setFont(self.font, size)
            self._canvas.drawString(frame.x, self._y, line)
        self._y -= leading * 0.6  # space between paragraphs

    def footnote(self, mark: str, text: str) -> None:
        """A note at the foot of the current page ("1 Figures are provisional.")."""
        self._footnotes.append(f"{mark} {text}")

    def table(self, rows: Sequence[Sequence[str]]) -> None:
        """Rows of cells in columns of equal width, with a rule under the first row."""
        frame = self._frames()[self._column]
        cell = frame.width / max(len(r) for r in rows)
        c = self._canvas
        for n, row in enumerate(rows):
            frame = self._need(LEADING + 2)
            self._y -= LEADING + 2
            c.setFont(self.bold_font if n == 0 else self.font, BODY_SIZE - 1)
            for k, value in enumerate(row):
                c.drawString(frame.x + k * cell, self._y, value)
            if n == 0:
                c.line(frame.x, self._y - 3, frame.x + frame.width, self._y - 3)
        self._y -= LEADING

    def save(self) -> Path:
        self._end_page()
        self._canvas.save()
        return self.path


def wrap(text: str, width: float, measure, *, hyphenate: bool = True) -> list[str]:
    """Lines of `text` no wider than `width`; a long word that does not fit is split with a hyphen."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if measure(candidate) <= width:
            line = candidate
            continue
        if hyphenate and len(word) >= MIN_HYPHENATED and line:
            # The longest head of the word (leaving at least three letters) that still fits.
            for cut in range(len(word) - 3, 3, -1):
                head = f"{line} {word[:cut]}-"
                if measure(head) <= width:
                    lines.append(head)
                    line = word[cut:]
                    break
            else:
                lines.append(line)
                line = word
            continue
        if line:
            lines.append(line)
        line = word
    if line:
        lines.append(line)
    return lines


def write_report(path: Path, pages: int, *, columns: int = 1, seed: int = 7, **options) -> Path:
    """A report of about `pages` pages of invented text with sections, footnotes and a table."""
    rng = random.Random(seed)
    doc = PdfReport(Path(path), columns=columns, **options)
    section = 0
    while doc._page < pages:
        section += 1
        doc.heading(f"{section}. {rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)}", 1)
        for sub in range(1, 3):
            doc.heading(f"{section}.{sub} {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}", 2)
            for _ in range(rng.randint(2, 4)):
                doc.paragraph(invented_paragraph(rng, rng.randint(40, 110)))
        if section % 3 == 0:
            doc.footnote(str(section), invented_paragraph(rng, 8))
        if section % 4 == 0:
            doc.table([("Region", "Projects", "Budget"), *((rng.choice(WORDS), str(rng.randint(2, 90)),
                                                              f"{rng.randint(1, 900)} million") for _ in range(3))])
    # The loop ends once the last page has begun; the report ends with it.
    return doc.save()


def write_docx(path: Path, blocks: Sequence[tuple[str, object]]) -> Path:
    """A Word file from ("heading1".."heading3" | "paragraph" | "table" | "bullet", content) items."""
    import docx

    document = docx.Document()
    for kind, content in blocks:
        if kind.startswith("heading"):
            document.add_heading(str(content), level=int(kind[-1]))
        elif kind == "title":
            document.add_heading(str(content), level=0)
        elif kind == "bullet":
            document.add_paragraph(str(content), style="List Bullet")
        elif kind == "table":
            rows = list(content)  # type: ignore[call-overload]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for k, value in enumerate(row):
                    table.cell(r, k).text = value
        else:
            document.add_paragraph(str(content))
    document.save(str(path))
    return Path(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--columns", type=int, default=2, choices=[1, 2])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write_report(args.out, args.pages, columns=args.columns, seed=args.seed)
    print(args.out)


if __name__ == "__main__":
    main()
