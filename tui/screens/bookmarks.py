"""The Bookmarks view: every bookmarked claim with its note, oldest first.

A bookmark whose sentence is no longer in its document (the document changed) stays
listed, said to be gone, with its note. Enter goes to the claim; `m` edits the note,
`x` removes the bookmark, `e` exports them all with their citations.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from extract.store import read as q
from extract.store import user
from extract.store.citations import SUFFIXES

from ..data import Store
from ..text import safe
from ..widgets.dialogs import ExportScreen, PromptScreen
from .analyst import export_folder, write_export
from .main import WorkerErrors

SHOWN = 160  # characters of a sentence in the list


class BookmarksScreen(WorkerErrors, Screen[q.Bookmark | None]):
    """The bookmarks; dismissed with the one chosen (to go to its claim) or None."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("m", "note", "Note", tooltip="Edit the bookmark's note"),
        Binding("x,delete", "remove", "Remove", tooltip="Remove the bookmark"),
        Binding("e", "export", "Export", tooltip="Export the bookmarks with their citations"),
    ]

    DEFAULT_CSS = """
    BookmarksScreen {
        & #bookmarks-summary { padding: 0 1; color: $text-muted; }
        & #bookmarks { height: 1fr; }
    }
    """

    def __init__(self, store: Store) -> None:
        super().__init__(id="bookmarks-screen")
        self.store = store
        self.marks: list[q.Bookmark] = []

    def compose(self) -> ComposeResult:
        yield Header(icon="§")
        yield Static("Reading the bookmarks…", id="bookmarks-summary", markup=False)
        yield OptionList(id="bookmarks")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Bookmarks"
        self.load()

    @work(thread=True, exclusive=True, group="bookmarks", exit_on_error=False)
    def load(self, keep: int | None = None) -> None:
        marks = self.store.read(q.bookmarks)
        self.app.call_from_thread(self._show, marks, keep)

    def _show(self, marks: list[q.Bookmark], keep: int | None) -> None:
        self.marks = marks
        listing = self.query_one("#bookmarks", OptionList)
        listing.clear_options()
        listing.add_options([Option(self._prompt(m), id=str(m.id)) for m in marks])
        gone = sum(1 for m in marks if m.claim_id is None)
        summary = f"{len(marks)} bookmark{'s' if len(marks) != 1 else ''}" if marks else "No bookmarks yet"
        if gone:
            summary += f" · {gone} no longer found in their document"
        if marks:
            summary += " · enter: go to the claim"
        self.query_one("#bookmarks-summary", Static).update(summary)
        if marks:
            at = next((i for i, m in enumerate(marks) if m.id == keep), 0)
            listing.highlighted = min(at, len(marks) - 1)
        listing.focus()

    @staticmethod
    def _prompt(mark: q.Bookmark) -> Text:
        sentence = safe(mark.sentence, one_line=True)
        if len(sentence) > SHOWN:
            sentence = sentence[: SHOWN - 1] + "…"
        line = Text()
        if mark.claim_id is None:
            line.append("gone ", style="bold red")
        else:
            line.append("★ ", style="bold")
        if mark.speaker:
            line.append(safe(mark.speaker, one_line=True), style="bold")
            line.append(": ")
        line.append(f"“{sentence}”")
        line.append(f"  {safe(mark.document_name, one_line=True)}", style="dim")
        if mark.note:
            line.append(f"\n  ✎ {safe(mark.note, one_line=True)}", style="italic")
        return line

    def _current(self) -> q.Bookmark | None:
        index = self.query_one("#bookmarks", OptionList).highlighted
        return self.marks[index] if index is not None and 0 <= index < len(self.marks) else None

    @on(OptionList.OptionSelected, "#bookmarks")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        mark = self.marks[event.option_index]
        if mark.claim_id is None:
            self.notify("That sentence is no longer in its document (it changed since).", timeout=4)
            return
        self.dismiss(mark)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_note(self) -> None:
        mark = self._current()
        if mark is None:
            self.app.bell()
            return

        def written(text: str | None) -> None:
            if text is not None:
                self.write(user.set_bookmark_note, mark.id, text, keep=mark.id)

        self.app.push_screen(PromptScreen("Note on this claim", mark.note, placeholder="Your note…"), written)

    def action_remove(self) -> None:
        mark = self._current()
        if mark is None:
            self.app.bell()
            return
        self.write(user.remove_bookmark, mark.id, keep=mark.id)

    @work(thread=True, group="bookmark-write", exit_on_error=False)
    def write(self, fn, *args, keep: int | None = None) -> None:
        self.store.write(fn, *args)
        marks = self.store.read(q.bookmarks)
        self.app.call_from_thread(self._show, marks, keep)

    def action_export(self) -> None:
        folder = export_folder(self.store.path)

        def chosen(fmt: str | None) -> None:
            if fmt is not None:
                path = folder / f"policy-tui-bookmarks-{time.strftime('%Y%m%d-%H%M%S')}{SUFFIXES[fmt]}"
                self.export(fmt, path)

        self.app.push_screen(ExportScreen("Export the bookmarks", str(folder)), chosen)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export(self, fmt: str, path) -> None:
        n = self.store.read(lambda db: write_export(path, q.bookmark_citations(db), fmt, "Bookmarks"))
        self.app.call_from_thread(
            self.notify, f"{n:,} bookmark{'s' if n != 1 else ''} → {path}", title="Exported", markup=False, timeout=10
        )
