"""PDF reading: pages/s of the product's PDF reader against pypdfium2's bare text extraction.

Both sides read the same generated reports (`bench.documents`: a one-column and a
two-column report, with headings, running headers, page numbers, footnotes, tables and
hyphenated words) in the same run, alternating, best of `--rounds`:

- baseline: pypdfium2's bare text of every page (`get_textpage().get_text_range()`),
  nothing more: what the library gives with no layout;
- product: `extract.reading.files.read_source`, which turns the same file into the stored
  document text: segments with boxes and fonts, running headers and footers, columns,
  paragraphs, hyphenation, headings and footnotes.

    python -m bench.pdf [--pages 300] [--rounds 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from .documents import write_report
from .report import emit


def bare(path: Path) -> int:
    """pypdfium2's text of every page; the number of characters."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    chars = 0
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return chars


def product(path: Path) -> int:
    from extract.reading.files import read_source

    return len(read_source(path).text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="pages per report (two reports)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = [
            write_report(Path(tmp) / f"report-{columns}col.pdf", args.pages, columns=columns, seed=columns)
            for columns in (1, 2)
        ]
        pages = args.pages * len(files)
        product(files[0])  # imports and PDFium's start-up, outside the timings
        best = {"bare": float("inf"), "product": float("inf")}
        chars = {}
        for _ in range(args.rounds):
            for side, read in (("bare", bare), ("product", product)):
                start = time.perf_counter()
                chars[side] = sum(read(path) for path in files)
                best[side] = min(best[side], time.perf_counter() - start)
    rate = {side: pages / seconds for side, seconds in best.items()}
    ratio = rate["product"] / rate["bare"]
    emit(
        "pdf",
        f"PDF reading, {pages:,} pages in {len(files)} generated reports (best of {args.rounds})",
        ("run", "seconds", "pages/s", "× bare", "characters"),
        [
            ("pypdfium2 bare text (baseline)", best["bare"], rate["bare"], 1.0, chars["bare"]),
            ("policy-tui PDF reader", best["product"], rate["product"], ratio, chars["product"]),
        ],
        {"pages": pages, "bare_pages_per_s": rate["bare"], "product_pages_per_s": rate["product"], "ratio": ratio},
    )


if __name__ == "__main__":
    main()
