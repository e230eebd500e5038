"""Small modal dialogs: a line of text to type (a note, a name, dates) and a choice of export format.

Self-contained, so their styles live with them (`DEFAULT_CSS`). Text shown in them
that comes from documents is given as `Content`, never parsed as markup.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ..text import safe


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text; enter gives it, escape gives None."""

    DEFAULT_CSS = """
    PromptScreen {
        align: center middle;
        & > Vertical {
            width: 70%;
            max-width: 90;
            height: auto;
            border: round $accent;
            background: $surface;
            padding: 0 1;
        }
        & Label { width: 100%; }
        & .prompt--help { color: $text-muted; }
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", *, placeholder: str = "", help: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.help = help

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield Input(safe(self.value, one_line=True), placeholder=self.placeholder, id="prompt-input")
            if self.help:
                yield Label(Content(self.help), classes="prompt--help")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


EXPORT_FORMATS = (
    ("csv", "CSV", "one row per claim: a spreadsheet"),
    ("jsonl", "JSON lines", "one object per claim: for programs"),
    ("md", "Markdown", "each claim quoted with its citation: for a report"),
)


class ExportScreen(ModalScreen[str | None]):
    """Choose the format of an export; where it goes is said under the choice."""

    DEFAULT_CSS = """
    ExportScreen {
        align: center middle;
        & > Vertical {
            width: 70%;
            max-width: 90;
            height: auto;
            border: round $accent;
            background: $surface;
            padding: 0 1;
        }
        & OptionList { height: auto; border: none; }
        & Label { color: $text-muted; width: 100%; }
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("c", "choose('csv')", "CSV", show=False),
        Binding("j", "choose('jsonl')", "JSON lines", show=False),
        Binding("m", "choose('md')", "Markdown", show=False),
    ]

    def __init__(self, title: str, where: str) -> None:
        super().__init__()
        self.title_text = title
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield OptionList(
                *(Option(Content.assemble((name, "bold"), f" · {what}"), id=fmt) for fmt, name, what in EXPORT_FORMATS),
                id="export-formats",
            )
            yield Label(Content(f"Written to {safe(self.where, one_line=True)}"))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose(self, fmt: str) -> None:
        self.dismiss(fmt)

    def action_cancel(self) -> None:
        self.dismiss(None)
