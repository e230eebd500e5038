"""The ingest indicator: a progress bar and what is being read, shown while an ingest runs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, ProgressBar

from ..text import safe


class IngestStatus(Horizontal):
    """Shown (class `-active`) while documents are being ingested."""

    def compose(self) -> ComposeResult:
        yield Label(id="ingest-label", markup=False)
        yield ProgressBar(total=None, show_eta=False, id="ingest-bar")

    def begin(self, what: str) -> None:
        self.add_class("-active")
        self.query_one("#ingest-label", Label).update(Content(safe(what, one_line=True)))
        self.query_one(ProgressBar).update(total=None, progress=0)

    def show(self, what: str, progress: float, total: int | None) -> None:
        self.add_class("-active")
        self.query_one("#ingest-label", Label).update(Content(safe(what, one_line=True)))
        self.query_one(ProgressBar).update(total=total, progress=progress)

    def end(self) -> None:
        self.remove_class("-active")
