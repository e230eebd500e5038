"""The Source passage pane: the chosen claim's sentence highlighted inside its paragraph.

Above the passage: the document (its title, else its file name, with its date and
author where known), the section path, and the claim's speaker, cue and quantities.
The passage is the claim's paragraph with the paragraphs before and after it;
entity mentions are coloured by kind, the cue and search matches marked, and the
sentence kept in view. The reader (another screen) shows the same, over the whole
document.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.style import Style as VisualStyle
from textual.widgets import Static

from extract.store.read import ClaimDetail

from ..text import safe
from .passage import PassageView

EMPTY = "Choose a claim to see it in its source."
LEGEND = ("country", "organisation", "person", "quantity", "match")
QUANTITIES_SHOWN = 4  # quantities listed over the passage; the rest are marked in it


def location(document_name: str, section_path: tuple[str, ...], page: int | None = None) -> Content:
    """ "document, p. 12 › section › subsection", as text (the page in a paged format such as PDF);
    without a document name, "§ section › subsection"."""
    parts: list[str | tuple[str, str]] = [(safe(document_name, one_line=True), "bold")] if document_name else []
    if page is not None:
        parts.append(f", p. {page}" if parts else f"p. {page}")
    for heading in section_path:
        parts += [" › " if parts else "§ ", safe(heading, one_line=True)]
    return Content.assemble(*parts, strip_control_codes=False)


def document_line(title: str, published: str | None, author: str | None) -> Content:
    """ "Title · 2024-03-05 · Author": the document as the Source pane names it."""
    parts: list[str | tuple[str, str]] = [(safe(title, one_line=True), "bold")]
    for extra in (published, author):
        if extra and extra.strip():
            parts += [" · ", safe(extra, one_line=True)]
    return Content.assemble(*parts, strip_control_codes=False)


def claim_line(detail: ClaimDetail) -> Content:
    """ "Maria Ortega · said · 40 percent, 3 corridors": who makes the claim, with which cue and numbers."""
    parts: list[str | tuple[str, str]] = []
    if detail.speaker:
        parts.append((safe(detail.speaker, one_line=True), "bold"))
    else:
        parts.append(("no speaker (the text asserts it)", "italic"))
    if detail.cue:
        parts += [" · ", (f"“{safe(detail.cue, one_line=True)}”", "italic")]
    if detail.quantities:
        shown = [safe(q, one_line=True) for q in detail.quantities[:QUANTITIES_SHOWN]]
        more = len(detail.quantities) - len(shown)
        parts += [" · ", ", ".join(shown) + (f" (+{more})" if more > 0 else "")]
    return Content.assemble(*parts, strip_control_codes=False)


class SourcePane(Vertical):
    """Document, section and the passage around the current claim."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="pane")
        self.border_title = "Source"
        self.detail: ClaimDetail | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="source-document", classes="source-line", markup=False)
        yield Static(id="source-location", classes="source-line", markup=False)
        yield Static(id="source-claim", classes="source-line", markup=False)
        yield PassageView(id="source-passage")

    @property
    def passage(self) -> PassageView:
        return self.query_one(PassageView)

    def on_mount(self) -> None:
        self.show(None)
        self._show_legend()

    def on_passage_view_restyled(self, event: PassageView.Restyled) -> None:
        # The passage has its new theme's styles only once its screen is restyled (after the
        # palette that changed the theme has closed): the legend is drawn from them then.
        event.stop()
        self._show_legend()

    def _show_legend(self) -> None:
        """The mark colours, in the passage's own styles, on the pane's lower border."""
        parts: list[str | tuple[str, VisualStyle]] = []
        for kind in LEGEND:
            parts += [" ", (kind, self.passage.get_visual_style(f"passage--{kind}"))]
        self.border_subtitle = Content.assemble(*parts, " ")

    def show(self, detail: ClaimDetail | None) -> None:
        self.detail = detail
        lines = {"#source-document": Content(""), "#source-location": Content(""), "#source-claim": Content("")}
        if detail is not None:
            lines["#source-document"] = document_line(
                detail.document_title or detail.document_name, detail.published, detail.author
            )
            # The file name stands in the location line when a title names the document above.
            where = detail.document_name if detail.document_title else ""
            lines["#source-location"] = location(where, detail.section_path, detail.page)
            lines["#source-claim"] = claim_line(detail)
        for selector, line in lines.items():
            widget = self.query_one(selector, Static)
            widget.update(line)
            widget.display = bool(line.plain)
        if detail is None:
            self.passage.show(EMPTY)
            return
        self.passage.show(
            detail.passage,
            [(m.start, m.end, m.kind) for m in detail.marks],
            focus=(detail.sentence_start, detail.sentence_end),
        )
