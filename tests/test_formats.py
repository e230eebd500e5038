"""Reading PDF, Word and web pages: generated files with every feature a reader must cope with.

The PDFs are laid out by `bench.documents` with reportlab (headings in the outline and in
a larger bold font, columns, running headers, page numbers, footnotes, tables, words
hyphenated at line ends); the Word files are written with python-docx. All text is invented.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.documents import PdfReport, write_docx, write_report
from extract.reading.files import SUFFIXES, ReadError, read_source
from extract.records import BOILERPLATE, HEADING, PARAGRAPH
from extract.structure.blocks import split_blocks

REPO = Path(__file__).resolve().parent.parent
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

LEFT = "Alpha column text begins here with the council statement on regional water sharing."
RIGHT = "Omega column text begins here with the ministers' view on grain corridors."


def lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]


def text_lines(source) -> list[str]:
    """The lines of the document's own text, furniture (headers, page numbers) left out."""
    furniture = {a for a, _, _ in source.furniture}
    out, pos = [], 0
    for line in source.text.split("\n"):
        if line and pos not in furniture:
            out.append(line)
        pos += len(line) + 1
    return out


def blocks_of(source):
    return split_blocks(source.text, source.kind, source.headings, lambda line: False, source.furniture,
                        source.guess_article_bounds)


def filler(n: int, word: str = "cooperation") -> str:
    return " ".join(f"The delegates discussed {word} number {k} at length." for k in range(n))


# --- PDF ---------------------------------------------------------------------------------


def test_pdf_headings_come_from_the_outline_with_their_levels(tmp_path):
    doc = PdfReport(tmp_path / "a.pdf", header=None)
    doc.heading("Annual Review of Cooperation", 1)
    doc.paragraph(filler(3))
    doc.heading("Water and Energy", 2)
    doc.paragraph(filler(3))
    doc.heading("Trade Corridors", 2)
    doc.paragraph(filler(2))
    source = read_source(doc.save())
    headings = [(source.text[a:b], level) for a, b, level in source.headings]
    assert headings == [("Annual Review of Cooperation", 1), ("Water and Energy", 2), ("Trade Corridors", 2)]
    assert source.kind == "pdf" and source.encoding == "pdf"


def test_pdf_headings_without_an_outline_come_from_font_size_and_weight(tmp_path):
    doc = PdfReport(tmp_path / "a.pdf", header=None, outline=False)
    doc.heading("Annual Review of Cooperation", 1)
    doc.paragraph(filler(3))
    doc.heading("Water and Energy", 2)
    doc.paragraph(filler(3))
    doc.heading("Basin Councils", 3)
    doc.paragraph(filler(2))
    source = read_source(doc.save())
    headings = [(source.text[a:b], level) for a, b, level in source.headings]
    assert headings == [("Annual Review of Cooperation", 1), ("Water and Energy", 2), ("Basin Councils", 3)]


def test_two_columns_are_read_column_by_column(tmp_path):
    doc = PdfReport(tmp_path / "a.pdf", columns=2, header=None)
    doc.heading("Regional Outlook", 1)  # spans the page over both columns
    doc.paragraph(LEFT + " " + filler(14, "water"))
    while doc._column == 0:  # fill the left column, so the next paragraph opens the right one
        doc.paragraph(filler(2, "water"))
    doc.paragraph(RIGHT + " " + filler(6, "grain"))
    source = read_source(doc.save())
    text = source.text
    assert text.index("Regional Outlook") < text.index(LEFT) < text.index(RIGHT)
    # Every line of the left column comes before any of the right one: no line mixes the two.
    water = [i for i, line in enumerate(lines(text)) if "water" in line]
    grain = [i for i, line in enumerate(lines(text)) if "grain" in line]
    assert max(water) < min(grain)
    assert not any("water" in line and "grain" in line for line in lines(text))


def test_running_headers_footers_and_page_numbers_are_furniture_with_a_reason(tmp_path):
    path = write_report(tmp_path / "r.pdf", 6, header="Ministry of Cooperation — Annual Report")
    source = read_source(path)
    reasons = {}
    for a, b, reason in source.furniture:
        reasons.setdefault(reason, []).append(source.text[a:b])
    assert reasons["running header"] == ["Ministry of Cooperation — Annual Report"] * 6
    assert reasons["page number"] == [str(n) for n in range(1, 7)]
    blocks = blocks_of(source)
    assert all("Annual Report" not in b.text for b in blocks if b.kind != BOILERPLATE)
    header_blocks = [b for b in blocks if b.text == "Ministry of Cooperation — Annual Report"]
    assert [b.reason for b in header_blocks] == ["running header"] * 6
    # Every line carries the page it stands on.
    pages = {page for _, _, page in source.pages}
    assert pages == set(range(1, 7))


def test_a_footnote_stays_a_line_of_its_own_after_its_pages_text(tmp_path):
    doc = PdfReport(tmp_path / "a.pdf", header=None)
    doc.paragraph("The commission reported higher grain exports this year. " + filler(4))
    doc.footnote("1", "Figures are provisional until the audit closes.")
    doc.page_break()
    doc.paragraph("Second page text on maritime patrols follows here.")
    source = read_source(doc.save())
    all_lines = lines(source.text)
    note = "1 Figures are provisional until the audit closes."
    assert note in all_lines  # whole, on its own line: not run into a paragraph
    assert all_lines.index(note) < all_lines.index("Second page text on maritime patrols follows here.")
    assert not any(source.text[a:b] == note for a, b, _ in source.furniture)  # a note is text, not furniture


def test_a_table_becomes_one_line_per_row(tmp_path):
    doc = PdfReport(tmp_path / "a.pdf", header=None)
    doc.paragraph("The budget by region is set out below.")
    doc.table([("Region", "Projects", "Budget"), ("North", "12", "40 million"), ("Coast", "7", "15 million")])
    source = read_source(doc.save())
    assert "Region | Projects | Budget\nNorth | 12 | 40 million\nCoast | 7 | 15 million" in source.text


def test_words_hyphenated_at_line_ends_are_joined(tmp_path):
    doc = PdfReport(tmp_path / "a.pdf", header=None)
    text = " ".join(
        f"Negotiators {k} welcomed the implementation of interconnection agreements between administrations."
        for k in range(12)
    )
    doc.paragraph(text)
    source = read_source(doc.save())
    body = " ".join(text_lines(source))
    assert "-" not in body  # the source has no hyphen: every one at a line's end was taken off
    for word in ("implementation", "interconnection", "administrations"):
        assert body.count(word) == 12
    assert body == text  # one paragraph, the lines joined as written


def test_hyphenation_across_a_column_break_is_joined(tmp_path):
    doc = PdfReport(tmp_path / "a.pdf", columns=2, header=None)
    while doc._column == 0:
        doc.paragraph(filler(3, "reconstruction"))
    source = read_source(doc.save())
    assert not any(line.endswith("-") for line in lines(source.text))
    assert "reconstruction" in source.text and "reconstruc tion" not in source.text


@pytest.mark.skipif(not DEJAVU.exists(), reason="the DejaVu Sans font (fonts-dejavu-core) is not installed")
def test_cyrillic_and_greek_text_is_read_as_written(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU)))
    doc = PdfReport(tmp_path / "a.pdf", header=None, font="DejaVuSans", bold_font="DejaVuSans", outline=False)
    russian = "Министр заявил, что переговоры о поставках зерна продолжатся в июне."
    greek = "Ο υπουργός δήλωσε ότι οι συνομιλίες θα συνεχιστούν."
    doc.paragraph(russian)
    doc.paragraph(greek)
    source = read_source(doc.save())
    assert text_lines(source) == [russian, greek]


def test_chinese_text_in_a_standard_cjk_font_is_read_as_written(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # a font every PDF reader has: nothing embedded
    doc = PdfReport(tmp_path / "a.pdf", header=None, font="STSong-Light", bold_font="STSong-Light", outline=False)
    chinese = "外交部长表示，谈判将于六月继续。"
    doc.paragraph(chinese)
    source = read_source(doc.save())
    assert text_lines(source) == [chinese]


def test_an_encrypted_pdf_gets_one_clear_line(tmp_path):
    doc = PdfReport(tmp_path / "secret.pdf", header=None, encrypt_password="s3cret")
    doc.paragraph("Confidential text.")
    path = doc.save()
    with pytest.raises(ReadError) as caught:
        read_source(path)
    message = str(caught.value)
    assert message == f"{path}: encrypted PDF (it needs a password to open); not read"


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_damaged_pdf_gets_one_clear_line(tmp_path, damage):
    doc = PdfReport(tmp_path / "good.pdf", header=None)
    doc.paragraph("Some text.")
    data = doc.save().read_bytes()
    path = tmp_path / "bad.pdf"
    path.write_bytes(data[: len(data) // 3] if damage == "truncated" else b"%PDF-1.4\n" + bytes(range(256)) * 8)
    with pytest.raises(ReadError) as caught:
        read_source(path)
    assert str(caught.value) == f"{path}: damaged or not a PDF (PDFium cannot parse it)"
    assert "\n" not in str(caught.value)


def test_a_pdf_without_a_text_layer_says_so(tmp_path, monkeypatch):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    for _ in range(2):
        c.rect(100, 100, 300, 500, fill=1)  # a page that is only a picture
        c.showPage()
    c.save()
    monkeypatch.setattr("shutil.which", lambda name: None)  # as on a machine without tesseract
    with pytest.raises(ReadError) as caught:
        read_source(path)
    assert str(caught.value) == (
        f"{path}: scanned PDF with no text layer (2 pages of images); install tesseract to read it by OCR"
    )


def test_metadata_is_kept(tmp_path):
    doc = PdfReport(tmp_path / "a.pdf", header=None)
    doc._canvas.setTitle("Report on Basin Cooperation")
    doc._canvas.setAuthor("Ruritanian Water Council")
    doc.paragraph("Text.")
    source = read_source(doc.save())
    assert (source.title, source.author) == ("Report on Basin Cooperation", "Ruritanian Water Council")
    assert source.published and source.published[:4].isdigit()


_MEMORY_PROBE = """
import json, resource, sys
from pathlib import Path
from extract.reading.files import read_source
import pypdfium2
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
pages = []
source = read_source(Path(sys.argv[1]), lambda done, total: pages.append((done, total)))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"grown_kb": after - before, "chars": len(source.text), "pages": pages}))
"""


def test_a_500_page_pdf_is_read_page_by_page_in_bounded_memory(tmp_path):
    path = write_report(tmp_path / "long.pdf", 500, columns=2)
    done = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(path)], capture_output=True, text=True, check=True, cwd=REPO
    )
    probe = json.loads(done.stdout)
    assert probe["pages"] == [[n, 500] for n in range(1, 501)]  # progress, one call per page, in order
    # Memory grows with the text read (about 16 bytes a character measured), not with what a
    # page costs to render or hold: a kept page or bitmap would cost far more than this.
    assert probe["grown_kb"] * 1024 < 40 * probe["chars"]
    assert probe["chars"] > 2_000_000


# --- Word ----------------------------------------------------------------------------------


def test_docx_headings_from_styles_tables_as_rows_and_running_text_as_furniture(tmp_path):
    import docx

    path = write_docx(tmp_path / "brief.docx", [
        ("title", "Brief on Basin Cooperation"),
        ("heading1", "Background"),
        ("paragraph", "The council met in March and agreed a water-sharing plan."),
        ("bullet", "Monitoring stations on every tributary."),
        ("heading2", "Budget"),
        ("table", [("Region", "Budget"), ("North", "12 million"), ("Coast", "7 million")]),
    ])
    document = docx.Document(str(path))
    document.sections[0].header.paragraphs[0].text = "Ruritanian Water Council — Internal"
    document.core_properties.title = "Basin Brief"
    document.core_properties.author = "Amina Yusuf"
    document.save(str(path))
    source = read_source(path)
    assert [(source.text[a:b], level) for a, b, level in source.headings] == [
        ("Brief on Basin Cooperation", 1),
        ("Background", 2),
        ("Budget", 3),
    ]
    assert "Region | Budget\nNorth | 12 million\nCoast | 7 million" in source.text
    assert [(source.text[a:b], reason) for a, b, reason in source.furniture] == [
        ("Ruritanian Water Council — Internal", "running header")
    ]
    assert (source.title, source.author, source.kind) == ("Basin Brief", "Amina Yusuf", "docx")
    kinds = {b.text: b.kind for b in blocks_of(source)}
    assert kinds["The council met in March and agreed a water-sharing plan."] == PARAGRAPH
    assert kinds["Budget"] == HEADING


def test_a_damaged_docx_gets_one_clear_line(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ReadError) as caught:
        read_source(path)
    assert str(caught.value) == f"{path}: damaged or not a Word .docx file (an encrypted one cannot be read)"


# --- HTML ----------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>Basin talks resume | The Daily Courier</title>
<meta name="author" content="Amina Yusuf"><meta property="article:published_time" content="2025-03-14">
</head><body><form id="aspnetForm">
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Basin talks resume</h1>
<p>Negotiators from the three riparian states met in the capital on Tuesday to resume talks on
sharing the river's water, the foreign ministry said in a statement after the first session.</p>
<h2>What was agreed</h2>
<p>The delegations agreed to exchange flow data every week and to meet again in May, according to a
joint communique that the three governments published on Wednesday evening.</p>
<p>Officials said the monitoring stations would be funded from the regional development budget, which
the parliament of each country still has to approve before the summer recess.</p>
</article>
<aside><h3>Related stories</h3><ul><li><a href="/a">Drought hits the delta farms</a></li></ul></aside>
<footer>Copyright 2025 The Daily Courier</footer>
</form></body></html>"""


def test_a_web_page_keeps_its_article_first_and_the_rest_of_the_page_as_boilerplate(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    source = read_source(path)
    assert (source.author, source.published) == ("Amina Yusuf", "2025-03-14")
    assert source.title and "Basin talks resume" in source.title
    blocks = blocks_of(source)
    headings = [(b.text, b.level) for b in blocks if b.kind == HEADING]
    assert headings[0][1] == 1 and ("What was agreed", 2) in headings
    paragraphs = [b.text for b in blocks if b.kind == PARAGRAPH]
    assert len(paragraphs) == 3 and paragraphs[0].startswith("Negotiators from the three riparian states")
    # Nothing of the page is lost: menus, the related link and the footer follow as boilerplate.
    furniture = {b.text: b.reason for b in blocks if b.kind == BOILERPLATE}
    for line in ("Home", "World", "Drought hits the delta farms", "Copyright 2025 The Daily Courier"):
        assert line in furniture, line
    assert all(source.text.index(p) < source.text.index("Home") for p in paragraphs)


# An article whose body the page closes before an advertisement and opens again after it.
FIRST_PART = [
    "Negotiators from the three riparian states met in the capital on Tuesday to resume talks on sharing"
    " the river's water, the foreign ministry said in a statement after the first session.",
    "The delegations agreed to exchange flow data every week and to meet again in May, according to a"
    " joint communique that the three governments published on Wednesday evening.",
    "The talks had stalled for two years after a dispute over a dam upstream, which the downstream states"
    " say has cut the flow reaching their farms by almost a third in dry months.",
    "Engineers from each country will now visit the dam together, a step that diplomats described as the"
    " first sign of trust between the three governments since the treaty lapsed.",
    "The ministers did not take questions after the session, but a spokesman said that a draft of the new"
    " treaty could be ready before the end of the year if the visits go well.",
    "Observers from the regional development bank attended the talks and offered to pay for an independent"
    " study of how the dam is run in the dry season and in years of flood.",
]
LATER_PART = [
    "Officials said the monitoring stations would be funded from the regional development budget, which"
    " the parliament of each country still has to approve before the summer recess.",
    "Farmers' unions in the delta welcomed the weekly data, saying that late warnings of low water had cost"
    " them two harvests in the last five years, and asked for a seat at the next round.",
]


def split_body_page(later_class: str) -> str:
    first = "".join(f"<p>{t}</p>" for t in FIRST_PART)
    later = "".join(f"<p>{t}</p>" for t in LATER_PART)
    return f"""<html><head><title>Basin talks resume</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="page"><h1>Basin talks resume</h1>
<div class="article-body">{first}</div>
<div class="ad-slot"><span>Advertisement</span></div>
<div class="{later_class}"><h2>Who pays</h2>{later}
<ul><li><a href="/a">Drought hits the delta farms again this year</a></li></ul></div>
<div class="{later_class}"><p>Photo: the river at dusk.</p></div>
</div><footer>Copyright 2025 The Daily Courier</footer></body></html>"""


def test_an_article_body_split_around_an_advertisement_is_read_whole():
    from extract.reading.html import read_html

    page = read_html(split_body_page("article-body"))
    furniture = [page.text[a:b] for a, b, _ in page.furniture]
    article = [line for line in page.text.split("\n") if line and line not in furniture]
    # The body goes on after the slot: its heading and paragraphs follow the first part, in page order.
    assert article == ["Basin talks resume", *FIRST_PART, "Who pays", *LATER_PART]
    assert (page.text.index("Who pays"), page.text.index("Who pays") + 8, 2) in page.headings
    # What the later body elements hold that is not prose stays furniture: a line of link text,
    # an element of the same class holding only a caption.
    assert "Drought hits the delta farms again this year" in furniture
    assert "Photo: the river at dusk." in furniture


def test_an_element_of_another_class_after_the_article_is_not_its_body():
    from extract.reading.html import read_html

    page = read_html(split_body_page("more-from-the-desk"))
    furniture = [page.text[a:b] for a, b, _ in page.furniture]
    assert all(text in furniture for text in LATER_PART)


# --- the command line ------------------------------------------------------------------------


def test_ingest_help_lists_every_format_read(capsys):
    from tui.cli import main

    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    out = capsys.readouterr().out
    for suffix in SUFFIXES:
        assert suffix in out, suffix


# --- pages through the store, the export and the explorer -------------------------------------


def test_a_pdfs_pages_reach_the_store_the_export_and_the_source_pane(tmp_path, nlp):
    from extract.ingest import ingest
    from extract.store import connect
    from extract.store.export import sentence_rows
    from extract.store.read import claim_detail, document_text
    from tui.widgets.source import location

    doc = PdfReport(tmp_path / "review.pdf")
    doc._canvas.setTitle("Review of Basin Cooperation")
    doc.heading("Water Sharing", 1)
    doc.paragraph("The council met in the capital to review the basin agreement.")
    doc.page_break()
    doc.paragraph("The foreign minister said the three governments had agreed to share 40 percent of the flow.")
    db_path = tmp_path / "p.db"
    summary = ingest([doc.save()], db_path, nlp=nlp)
    assert summary.failures == [] and summary.documents == 1
    db = connect(db_path, create=False, readonly=True)
    rows = {row["text"]: row for row in sentence_rows(db)}
    claim = rows["The foreign minister said the three governments had agreed to share 40 percent of the flow."]
    assert claim["page"] == 2 and claim["claim"] is not None
    assert rows["The council met in the capital to review the basin agreement."]["page"] == 1
    title, kind = db.execute("SELECT title, kind FROM documents").fetchone()
    assert (title, kind) == ("Review of Basin Cooperation", "pdf")
    claim_id = db.execute(
        "SELECT c.id FROM claims c JOIN sentences s ON s.id = c.sentence_id WHERE s.text LIKE 'The foreign minister%'"
    ).fetchone()[0]
    detail = claim_detail(db, claim_id)
    assert detail.page == 2
    assert location(detail.document_name, detail.section_path, detail.page).plain == (
        "review.pdf, p. 2 › Water Sharing"
    )
    document = document_text(db, detail.document_id)
    assert {b.page for b in document.blocks} == {1, 2}
    assert location("notes.txt", ("Water Sharing",)).plain == "notes.txt › Water Sharing"  # no page: none shown
    db.conn.close()
