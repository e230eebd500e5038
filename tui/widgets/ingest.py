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
        # The progress bar is built when an ingest first starts: most runs open on a database
        # with nothing to ingest, and it is a good part of the cost of opening the explorer.

    def _bar(self) -> ProgressBar:
        bars = self.query(ProgressBar)
        if bars:
            return bars.first()
        bar = ProgressBar(total=None, show_eta=False, id="ingest-bar")
        self.mount(bar)
        return bar

    def begin(self, what: str) -> None:
        self.add_class("-active")
        self.query_one("#ingest-label", Label).update(Content(safe(what, one_line=True)))
        self._bar().update(total=None, progress=0)

    def show(self, what: str, progress: float, total: int | None) -> None:
        self.add_class("-active")
        self.query_one("#ingest-label", Label).update(Content(safe(what, one_line=True)))
        self._bar().update(total=total, progress=progress)

    def end(self) -> None:
        self.remove_class("-active")
