"""PDF files to text in reading order, one block per line, with pages, headings and page furniture.

The library is pypdfium2 (Google's PDFium, the engine of Chrome's PDF viewer;
Apache-2.0 or BSD-3-Clause, wheels for every platform). It was chosen by
measurement and licence: on the same generated reports it extracts text at 180-370
pages/s against pypdf's 60-75, pdfminer.six's 17 and pdfplumber's 6, and gives what
layout needs (each character's box, font size and font name; the outline; the
metadata). PyMuPDF is as fast, but it is AGPL-3.0: a program that ships with it must
be offered under the AGPL as a whole, which an MIT project cannot promise its users.

How a PDF is read, page by page (each page is closed before the next is opened, so
memory does not grow with the page count):
1. PDFium's text of the page, whose line breaks it infers; a line is cut where two
   characters stand much further apart than a space (table cells, columns drawn
   line by line across the page). Each piece ("segment") keeps its box, font size
   and whether its font is bold.
2. Running headers and footers: segments in the top or bottom band of the page whose
   text (digits aside) comes back on many pages, and page numbers there.
3. Columns: where the page's segments leave a vertical gutter near the middle, the
   left column is read before the right one; a line spanning the gutter (a title)
   stands between the runs of columns it separates.
4. Paragraphs: lines of one size that follow at line spacing. A word hyphenated at
   a line's end is joined (PDFium marks the hyphens it knows; "regu-" over "lation"
   is joined too), and so is a paragraph that carries on over a column or page break.
5. Headings: the outline's entries where it has them, else lines in a larger or bold
   font than the body text (levels by size); small type under the body is a footnote.
A PDF with no text layer (scanned pages) is read by OCR if `tesseract` is installed,
and otherwise refused with a one-line reason, like an encrypted or damaged file.
"""

from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from extract.reading.files import ReadError
from extract.reading.lines import LineWriter, StructuredText

# A space wider than this many times the font size separates two segments of a line.
GAP_FACTOR = 1.5
# The top and bottom bands of a page, as a share of its height, where running headers,
# footers and page numbers stand.
BAND = 0.09
# A text in a band is a running header or footer when it is on this share of the pages
# (and on at least MIN_RUNNING_PAGES of them, or on each page of a shorter document).
RUNNING_SHARE = 0.3
MIN_RUNNING_PAGES = 3
# A gutter between two columns: an empty vertical strip at least this wide (in points)
# within the middle share of the text's width, with this share of the lines on each side.
MIN_GUTTER = 8.0
GUTTER_ZONE = (0.3, 0.7)
MIN_COLUMN_SHARE = 0.1  # (a document's last page may fill the second column only in part)
MIN_COLUMN_LINES = 3
# The median line of a column runs at least this share of the text's width (two columns: about 0.45).
MIN_COLUMN_LINE = 0.3
# Lines of one paragraph follow at most this many times the font size apart (baseline to baseline).
MAX_LINE_STEP = 1.45
# A heading is at least this much larger than the body text, or bold at the body's size;
# it is short and does not end like a sentence.
HEADING_SIZE_RATIO = 1.12
MAX_HEADING_WORDS = 20
# Type this much smaller than the body text below the page's body is a footnote.
FOOTNOTE_SIZE_RATIO = 0.85
# Seconds that OCR may take for one page.
OCR_TIMEOUT = 120

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—(]?\s*(\d{1,4}|[ivxlcdm]{1,6})\s*[-–—)]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;…]['\"”’)\]]*$")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?")
# Titles that PDF writers put in when the author gave none.
_PLACEHOLDER_TITLES = {"untitled", "untitled document", "microsoft word", "title", "document"}


@dataclass(slots=True)
class Segment:
    """A run of text on one line of a page, with its box (PDF points, origin bottom left)."""

    text: str
    x0: float
    x1: float
    y: float  # baseline of its first character
    y_end: float  # baseline of its last (a line PDFium joined at a hyphen ends a line lower)
    size: float
    bold: bool
    page: int  # 1 = first
    reason: str = ""  # furniture, once judged


@dataclass(slots=True)
class _Block:
    text: str
    size: float
    bold: bool
    page: int
    y: float = 0.0  # baseline of its last line
    lines: int = 1
    level: int = 0
    reason: str = ""
    footnote: bool = False
    column_end: bool = False  # the last block of a column or page, which the next one may carry on
    row: bool = False  # a table row (or a line with wide gaps): cells set apart by " | "


def read_pdf(data: bytes, name: str, on_page: Callable[[int, int], None] | None = None) -> StructuredText:
    """The text of a PDF with its headings, furniture and pages; raises ReadError with the reason."""
    # pypdfium2: PDFium's text extraction, character boxes, fonts, outline and metadata (see above).
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(_open_error(name, str(exc))) from None
    try:
        total = len(pdf)
        if total == 0:
            raise ReadError(f"{name}: PDF has no pages")
        pages: list[list[Segment]] = []
        sizes: list[tuple[float, float]] = []
        for index in range(total):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    pages.append(_segments(textpage, index + 1))
                finally:
                    textpage.close()
                sizes.append(page.get_size())
            finally:
                page.close()
            if on_page is not None:
                on_page(index + 1, total)
        if not any(pages):
            pages = _ocr(pdf, name, on_page)
            sizes = [pdf.get_page_size(i) for i in range(total)]
        outline = _outline(pdf)
        metadata = _metadata(pdf)
    finally:
        pdf.close()
    _mark_running(pages, sizes)
    return _write(pages, sizes, outline, metadata)


def _open_error(name: str, message: str) -> str:
    if "password" in message.lower():
        return f"{name}: encrypted PDF (it needs a password to open); not read"
    if "format" in message.lower() or "corrupt" in message.lower():
        return f"{name}: damaged or not a PDF (PDFium cannot parse it)"
    return f"{name}: cannot open the PDF ({message})"


# --- 1. segments --------------------------------------------------------------------------


def _segments(textpage, page: int) -> list[Segment]:
    """The page's lines cut at wide gaps, in PDFium's order."""
    import pypdfium2.raw as raw

    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range()
    if len(text) != count:  # PDFium left out or added characters: read them one by one
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i) or 32) for i in range(count))
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    x, y = ctypes.c_double(), ctypes.c_double()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()

    def box(i: int) -> tuple[float, float]:
        raw.FPDFText_GetCharBox(textpage, i, left, right, bottom, top)
        return left.value, right.value

    def baseline(i: int) -> float:
        raw.FPDFText_GetCharOrigin(textpage, i, x, y)
        return y.value

    out: list[Segment] = []

    def emit(a: int, b: int) -> None:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a >= b:
            return
        size = raw.FPDFText_GetFontSize(textpage, a)
        raw.FPDFText_GetFontInfo(textpage, a, name, len(name), flags)
        bold = bool(_BOLD.search(name.value.decode("latin-1"))) or raw.FPDFText_GetFontWeight(textpage, a) >= 600
        first, last = baseline(a), baseline(b - 1)
        piece = text[a:b]
        if piece.endswith("\ufffe"):  # a hyphen at a line's end whose word goes on elsewhere
            piece, last = piece[:-1] + "-", first
        out.append(Segment(piece, box(a)[0], box(b - 1)[1], first, last, round(size, 1), bold, page))

    lines: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"\r\n|\r|\n", text + "\n"):
        a, end = start, m.start()
        # PDFium joins a word hyphenated at a line's end with what it takes for the next line; where
        # that is no next line (it stands higher up, or far below: a column's end), the line is cut.
        for h in re.finditer("\ufffe", text[start:end]):
            i = start + h.start()
            if a < i < end - 1:
                step = baseline(i - 1) - baseline(i + 1)
                if not 0 < step <= MAX_LINE_STEP * max(raw.FPDFText_GetFontSize(textpage, i - 1), 1.0):
                    lines.append((a, i + 1))
                    a = i + 1
        lines.append((a, end))
        start = m.end()
    for start, end in lines:
        a = start
        # A space between characters far apart cuts the line (a table's cells, a row across columns).
        for s in re.finditer(r" +", text[start:end]):
            i, j = start + s.start(), start + s.end()
            if i == start or j >= end:
                continue
            gap = box(j)[0] - box(i - 1)[1]
            if gap > GAP_FACTOR * max(raw.FPDFText_GetFontSize(textpage, i - 1), 1.0):
                emit(a, i)
                a = j
        emit(a, end)
    return out


# --- 2. running headers and footers --------------------------------------------------------


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def _mark_running(pages: list[list[Segment]], sizes: list[tuple[float, float]]) -> None:
    """Mark page numbers, and texts repeated in the top or bottom band of many pages."""
    in_band: list[list[tuple[Segment, str]]] = []
    for segments, (_, height) in zip(pages, sizes, strict=True):
        found = []
        for seg in segments:
            if seg.y > height * (1 - BAND):
                found.append((seg, "running header"))
            elif seg.y < height * BAND:
                found.append((seg, "running footer"))
        in_band.append(found)
    pages_with: Counter[str] = Counter()
    for found in in_band:
        # Texts with letters only: numbers alone (page numbers, a table's cells) repeat on every page.
        pages_with.update({key for seg, _ in found for key in [_running_key(seg.text)] if re.search(r"[^\W\d_]", key)})
    # Twice at least (a text once on one page is no running text), on every page of a short document.
    needed = max(2, min(MIN_RUNNING_PAGES, len(pages)), RUNNING_SHARE * len(pages))
    for segments, found in zip(pages, in_band, strict=True):
        top, bottom = max(s.y for s in segments), min(s.y for s in segments)
        for seg, reason in found:
            # A number is the page's number when it is the page's top or bottom line, alone there
            # (not a table's cell that ends up in the band).
            outermost = seg.y in (top, bottom) and sum(abs(s.y - seg.y) < 1 for s in segments) == 1
            if outermost and _PAGE_NUMBER.match(seg.text.strip()):
                seg.reason = "page number"
            elif pages_with[_running_key(seg.text)] >= needed:
                seg.reason = reason


# --- 3-5. columns, paragraphs, headings -----------------------------------------------------


def _columns(segments: list[Segment]) -> list[Segment]:
    """The page's body segments in reading order: column by column between lines that span the gutter."""
    body = [s for s in segments if not s.reason]
    if len(body) < 6:
        return sorted(body, key=lambda s: (-s.y, s.x0))
    lo, hi = min(s.x0 for s in body), max(s.x1 for s in body)
    width = hi - lo
    if width <= 0:
        return body
    # How many segments cover each point across the width (a running sum of where they start and end).
    steps = [0] * (int(width) + 3)
    for s in body:
        steps[int(s.x0 - lo)] += 1
        steps[int(s.x1 - lo) + 1] -= 1
    cover, running = [], 0
    for step in steps:
        running += step
        cover.append(running)
    z0, z1 = int(width * GUTTER_ZONE[0]), int(width * GUTTER_ZONE[1])
    least = min(cover[z0:z1 + 1])
    # The widest strip of least coverage in the zone; a few spanning lines may cross it.
    best, run_start, best_span = None, None, (0, 0)
    for k in range(z0, z1 + 2):
        low = k <= z1 and cover[k] == least and least <= 0.15 * len(body)
        if low and run_start is None:
            run_start = k
        if not low and run_start is not None:
            if k - run_start > best_span[1] - best_span[0]:
                best_span = (run_start, k)
            run_start = None
    if best_span[1] - best_span[0] >= MIN_GUTTER:
        best = lo + (best_span[0] + best_span[1]) / 2
    if best is None:
        return sorted(body, key=lambda s: (-s.y, s.x0))
    left = [s for s in body if s.x1 <= best]
    right = [s for s in body if s.x0 >= best]
    # Columns hold lines of text, most of them running nearly the column's width; a table's
    # cells either side of a gap between them are short.
    if (
        min(len(left), len(right)) < max(MIN_COLUMN_LINES, MIN_COLUMN_SHARE * len(body))
        or _median_width(left) < MIN_COLUMN_LINE * width
        or _median_width(right) < MIN_COLUMN_LINE * width
    ):
        return sorted(body, key=lambda s: (-s.y, s.x0))
    spanning = sorted((s for s in body if s.x0 < best < s.x1), key=lambda s: -s.y)
    ordered: list[Segment] = []
    upper = float("inf")
    for stop in [*spanning, None]:
        floor = stop.y if stop is not None else float("-inf")
        for column in (left, right):
            ordered += sorted((s for s in column if floor < s.y <= upper), key=lambda s: (-s.y, s.x0))
        if stop is not None:
            ordered.append(stop)
            upper = stop.y
    return ordered


def _median_width(segments: list[Segment]) -> float:
    widths = sorted(s.x1 - s.x0 for s in segments)
    return widths[len(widths) // 2]


def _blocks(ordered: list[Segment], body_size: float) -> list[_Block]:
    """Paragraphs (and table rows) of one page from its segments in reading order."""
    blocks: list[_Block] = []
    previous: Segment | None = None
    for seg in ordered:
        same_row = previous is not None and abs(seg.y - previous.y) < 0.5 * seg.size and seg.x0 > previous.x1
        if same_row and blocks:
            # A table row (or a line cut at a wide gap): its cells stay on one line, set apart.
            blocks[-1].text += " | " + seg.text
            blocks[-1].row = True
        elif (
            previous is not None
            and blocks
            and not blocks[-1].row
            and abs(seg.size - previous.size) < 0.5
            and seg.bold == previous.bold
            and 0 < previous.y_end - seg.y <= MAX_LINE_STEP * seg.size
            and abs(seg.x0 - previous.x0) < 3 * seg.size + (previous.x1 - previous.x0)
        ):
            blocks[-1].text = _join(blocks[-1].text, seg.text)
            blocks[-1].lines += 1
            blocks[-1].y = seg.y_end
        else:
            if previous is not None and blocks and previous.y_end < seg.y:
                blocks[-1].column_end = True  # reading jumps up: a new column
            blocks.append(_Block(seg.text, seg.size, seg.bold, seg.page, seg.y_end))
        previous = seg
    if blocks:
        blocks[-1].column_end = True
    # Small type below every line of body text on the page: footnotes, read after the page's text.
    lowest = min((b.y for b in blocks if b.size >= body_size * FOOTNOTE_SIZE_RATIO), default=float("inf"))
    for block in blocks:
        block.footnote = block.size < body_size * FOOTNOTE_SIZE_RATIO and block.y < lowest
    text = [b for b in blocks if not b.footnote]
    if text:
        text[-1].column_end = True  # the page's text ends there, whatever notes follow it
    return text + [b for b in blocks if b.footnote]


def _join(text: str, line: str) -> str:
    """Two lines of a paragraph: a word hyphenated at the line's end is joined."""
    if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[:1].islower():
        return text[:-1] + line
    return f"{text} {line}"


def _unhyphenate(text: str) -> str:
    """PDFium's mark for a hyphen it took off a line's end (U+FFFE): gone before a lower-case letter."""
    return re.sub("\ufffe(?=(.?))", lambda m: "" if m.group(1).islower() else "-", text)


def _write(
    pages: list[list[Segment]],
    sizes: list[tuple[float, float]],
    outline: list[tuple[str, int | None, int]],
    metadata: dict[str, str | None],
) -> StructuredText:
    weights: Counter[float] = Counter()
    for segments in pages:
        for seg in segments:
            if not seg.reason:
                weights[seg.size] += len(seg.text)
    body_size = weights.most_common(1)[0][0] if weights else 10.0
    blocks: list[_Block] = []
    furniture: list[_Block] = []
    for segments in pages:
        furniture += [_Block(s.text, s.size, s.bold, s.page, reason=s.reason) for s in segments if s.reason]
        page_blocks = _blocks(_columns(segments), body_size)
        for block in page_blocks:
            previous = next((b for b in reversed(blocks) if not b.footnote), None)
            if (
                previous is not None
                and previous.column_end
                and not block.footnote
                and not previous.row
                and not block.row
                and abs(previous.size - block.size) < 0.5
                and not _SENTENCE_END.search(previous.text)
                and block.text[:1].islower()
            ):
                # A paragraph carried on over a column or page break.
                previous.text = _join(previous.text, block.text)
                previous.column_end = block.column_end
                continue
            blocks.append(block)
    _mark_headings(blocks, body_size, outline)
    writer = LineWriter()
    for block in blocks:
        writer.add(_unhyphenate(block.text), level=block.level, page=block.page)
    # Running headers, footers and page numbers follow the text, as boilerplate: kept, not read.
    for block in furniture:
        writer.add(_unhyphenate(block.text), reason=block.reason, page=block.page)
    return writer.result(**metadata)


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", _unhyphenate(text)).strip().lower()


def _mark_headings(blocks: list[_Block], body_size: float, outline: list[tuple[str, int | None, int]]) -> None:
    """Headings from the outline, else from font size and weight; levels by size, largest first."""
    def shaped(block: _Block) -> bool:
        words = block.text.split()
        return (
            not block.row
            and not block.footnote
            and 0 < len(words) <= MAX_HEADING_WORDS
            and block.lines <= 3
            and not block.text.rstrip().endswith((".", ",", ";"))
        )

    by_size = [b for b in blocks if shaped(b) and (b.size >= body_size * HEADING_SIZE_RATIO or (
        b.bold and b.size >= body_size - 0.5))]
    ranks = sorted({b.size for b in by_size}, reverse=True)
    for block in by_size:
        level = ranks.index(block.size) + 1
        if not (block.size >= body_size * HEADING_SIZE_RATIO):
            level = len([r for r in ranks if r >= body_size * HEADING_SIZE_RATIO]) + 1
        block.level = min(level, 6)
    # The outline names the document's own headings and their depth: it wins where it has them.
    titles = [(_normal(title), page, level) for title, page, level in outline if _normal(title)]
    for title, page, level in titles:
        for block in blocks:
            if (page is None or block.page == page) and shaped(block) and _normal(block.text) == title:
                block.level = level
                break


def _outline(pdf) -> list[tuple[str, int | None, int]]:
    """(title, page number, level) of the PDF's bookmarks."""
    entries = []
    try:
        for item in pdf.get_toc():
            dest = item.get_dest()
            index = dest.get_index() if dest is not None else None
            entries.append((item.get_title() or "", None if index is None else index + 1, item.level + 1))
    except Exception:  # noqa: BLE001 - a broken outline is no reason to lose the text; headings come from fonts
        return []
    return entries


def _metadata(pdf) -> dict[str, str | None]:
    info = pdf.get_metadata_dict(skip_empty=True)
    published = None
    m = _DATE.match(info.get("CreationDate", ""))
    if m:
        published = "-".join(part for part in m.groups() if part)
    title = (info.get("Title") or "").strip() or None
    if title and title.lower() in _PLACEHOLDER_TITLES:
        title = None
    author = (info.get("Author") or "").strip() or None
    return {"title": title, "author": author, "published": published}


# --- OCR -------------------------------------------------------------------------------------


def _ocr(pdf, name: str, on_page: Callable[[int, int], None] | None) -> list[list[Segment]]:
    """Pages without a text layer read by tesseract, if it is installed; else a ReadError saying so."""
    total = len(pdf)
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        raise ReadError(
            f"{name}: scanned PDF with no text layer ({total} page{'s' if total != 1 else ''} of images);"
            " install tesseract to read it by OCR"
        )
    pages: list[list[Segment]] = []
    with tempfile.TemporaryDirectory() as tmp:
        image = Path(tmp) / "page.ppm"
        for index in range(total):
            page = pdf[index]
            try:
                bitmap = page.render(scale=300 / 72, rev_byteorder=True)  # RGB, as PPM stores it
                width, height = bitmap.width, bitmap.height
                rows = bytes(bitmap.buffer)
                stride, channels = bitmap.stride, bitmap.n_channels
                _, page_height = page.get_size()
            finally:
                page.close()
            pixels = b"".join(rows[r * stride:r * stride + width * channels] for r in range(height))
            if channels == 4:  # drop the alpha byte
                pixels = b"".join(pixels[k:k + 3] for k in range(0, len(pixels), 4))
            image.write_bytes(b"P6 %d %d 255\n" % (width, height) + pixels)
            try:
                done = subprocess.run(
                    [tesseract, str(image), "-"], capture_output=True, timeout=OCR_TIMEOUT, check=True
                )
            except (subprocess.SubprocessError, OSError) as exc:
                raise ReadError(f"{name}: OCR of page {index + 1} failed ({type(exc).__name__})") from None
            text = done.stdout.decode("utf-8", "replace")
            # OCR gives lines without positions: each paragraph (lines up to a blank line) one segment,
            # all at mid-page, so that they stay apart and in order and none is taken for furniture.
            segments = []
            for paragraph in re.split(r"\n\s*\n", text):
                line = " ".join(part.strip() for part in paragraph.splitlines() if part.strip())
                if line:
                    segments.append(Segment(line, 0.0, 1.0, page_height / 2, page_height / 2, 10.0, False, index + 1))
            pages.append(segments)
            if on_page is not None:
                on_page(index + 1, total)
    if not any(pages):
        raise ReadError(f"{name}: scanned PDF with no text layer; OCR found no text")
    return pages
