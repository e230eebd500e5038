"""A screen that says why the database cannot be used, instead of a traceback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..text import safe


class ProblemScreen(Screen[None]):
    """The database is missing, locked, from another schema or not ours."""

    BINDINGS = [Binding("q,escape,enter", "app.quit", "Quit")]

    def __init__(self, message: str) -> None:
        super().__init__(id="problem")
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="problem-box"):
            yield Static(Content.styled("policy-tui cannot open its database", "bold"), id="problem-title")
            yield Static(Content(safe(self.message)), id="problem-message")
            yield Static("Choose another file with --db FILE or the POLICY_TUI_DB variable.", markup=False)
        yield Footer()
