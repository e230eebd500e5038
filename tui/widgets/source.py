"""The Source passage pane: the chosen claim's sentence highlighted inside its paragraph.

Above the passage: the document's name and the section path. Entity mentions
are coloured by kind, the cue and search matches marked, and the sentence kept
in view. The reader (another screen) shows the same, over the whole document.
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


def location(document_name: str, section_path: tuple[str, ...], page: int | None = None) -> Content:
    """ "document, p. 12 › section › subsection", as text (the page in a paged format such as PDF)."""
    parts: list[str | tuple[str, str]] = [(safe(document_name, one_line=True), "bold")]
    if page is not None:
        parts.append(f", p. {page}")
    for heading in section_path:
        parts += [" › ", safe(heading, one_line=True)]
    return Content.assemble(*parts, strip_control_codes=False)


class SourcePane(Vertical):
    """Document, section and the passage around the current claim."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="pane")
        self.border_title = "Source"
        self.detail: ClaimDetail | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="source-location", markup=False)
        yield PassageView(id="source-passage")

    @property
    def passage(self) -> PassageView:
        return self.query_one(PassageView)

    def on_mount(self) -> None:
        self.show(None)
        self.watch(self.app, "theme", self._show_legend)

    def _show_legend(self) -> None:
        """The mark colours, in the passage's own styles, on the pane's lower border."""
        parts: list[str | tuple[str, VisualStyle]] = []
        for kind in LEGEND:
            parts += [" ", (kind, self.passage.get_visual_style(f"passage--{kind}"))]
        self.border_subtitle = Content.assemble(*parts, " ")

    def show(self, detail: ClaimDetail | None) -> None:
        self.detail = detail
        if detail is None:
            self.query_one("#source-location", Static).update("")
            self.passage.show(EMPTY)
            return
        self.query_one("#source-location", Static).update(
            location(detail.document_name, detail.section_path, detail.page)
        )
        self.passage.show(
            detail.passage,
            [(m.start, m.end, m.kind) for m in detail.marks],
            focus=(detail.sentence_start, detail.sentence_end),
        )
