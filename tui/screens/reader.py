"""The reader: a whole document, opened at a claim's sentence.

The sentence is highlighted and scrolled into view; `n`/`p` move to the next or
previous claim of the main screen's filters in the same document. Closing the
reader (escape) puts the main screen's cursor on the claim the reader ended on.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from extract.store import read as q
from extract.store.read import Filter

from ..data import Store
from ..text import safe
from ..widgets.passage import PassageView
from ..widgets.source import location
from .main import WorkerErrors


class ReaderScreen(WorkerErrors, Screen[int | None]):
    """One document, whole, at a claim."""

    BINDINGS = [
        Binding("escape", "close", "Back", key_display="esc", tooltip="Back to the claims, at this claim"),
        Binding("n", "step(1)", "Next", tooltip="Next claim of these filters in this document"),
        Binding("p", "step(-1)", "Prev", tooltip="Previous claim of these filters in this document"),
    ]

    def __init__(self, store: Store, filters: tuple[Filter, ...], claim_id: int) -> None:
        super().__init__(id="reader")
        self.store = store
        self.filters = filters
        self.claim_id = claim_id
        self.document_id: int | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="§")
        yield Static(id="reader-location", markup=False)
        yield PassageView(id="reader-text")
        yield Footer()

    @property
    def passage(self) -> PassageView:
        return self.query_one(PassageView)

    def on_mount(self) -> None:
        self.sub_title = "Reader"
        self.passage.show("Opening the document…")
        self.passage.focus()
        self.open_document(self.claim_id)

    @work(thread=True, exclusive=True, group="reader", exit_on_error=False)
    def open_document(self, claim_id: int) -> None:
        detail = self.store.read(q.claim_detail, claim_id)
        if detail is None:
            self.app.call_from_thread(self.passage.show, "This claim is no longer in the database.")
            return
        document = self.store.read(q.document_text, detail.document_id, q.search_text(self.filters))
        if not get_current_worker().is_cancelled and document is not None:
            self.app.call_from_thread(self._show_document, detail, document)

    def _show_document(self, detail: q.ClaimDetail, document: q.DocumentText) -> None:
        self.document_id = document.id
        self.sub_title = f"Reader · {safe(document.name, one_line=True)}"
        marks = [
            (b.start, b.end, "heading" if b.kind == "heading" else "boilerplate")
            for b in document.blocks
            if b.kind in ("heading", "boilerplate")
        ]
        marks += [(m.start, m.end, m.kind) for m in document.marks]
        if detail.cue and detail.marks:
            marks += [
                (m.start + detail.passage_start, m.end + detail.passage_start, m.kind)
                for m in detail.marks
                if m.kind == q.CUE
            ]
        start = detail.passage_start + detail.sentence_start
        self.passage.show(document.text, marks, focus=(start, detail.passage_start + detail.sentence_end))
        self._show_location(detail)

    def _show_location(self, detail: q.ClaimDetail) -> None:
        self.claim_id = detail.claim_id
        self.query_one("#reader-location", Static).update(
            location(detail.document_name, detail.section_path, detail.page)
        )

    def action_step(self, step: int) -> None:
        self.step_claim(self.claim_id, step)

    @work(thread=True, exclusive=True, group="reader-step", exit_on_error=False)
    def step_claim(self, claim_id: int, step: int) -> None:
        found = self.store.read(q.adjacent_claim, self.filters, claim_id, step)
        if found is None:
            self.app.call_from_thread(
                self.notify,
                f"No {'next' if step > 0 else 'previous'} claim of these filters in this document.",
                timeout=3,
            )
            return
        detail = self.store.read(q.claim_detail, found)
        if detail is not None and not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._moved, detail)

    def _moved(self, detail: q.ClaimDetail) -> None:
        start = detail.passage_start + detail.sentence_start
        self.passage.set_focus_span((start, detail.passage_start + detail.sentence_end))
        self._show_location(detail)

    def action_close(self) -> None:
        self.dismiss(self.claim_id)
