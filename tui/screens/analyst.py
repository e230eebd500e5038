"""The analyst's actions on the main screen: copy a claim's citation, export the view,
bookmarks and notes, who says what about an entity, a date filter, saved searches and
the state the explorer reopens with.

`AnalystActions` is mixed into `MainScreen`, which keeps the filters and the claims list;
everything here reads and writes through the `Store` in thread workers (reads through
`extract.store.read`, writes through `extract.store.user`), never on the event loop.
`AnalystCommands` puts the same actions, and the saved searches, in the command palette.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.worker import get_current_worker

from extract.store import read as q
from extract.store import user
from extract.store.citations import SUFFIXES, citation_text, view_citations, write_citations
from extract.store.read import COUNTRY, DATE, DOCUMENT, ORGANISATION, PERSON, EntityCount, Filter

from ..commands import entity_provider
from ..text import safe
from ..widgets.dialogs import ExportScreen, PromptScreen

if TYPE_CHECKING:
    from .main import MainScreen

ANALYST_BINDINGS = [
    Binding("c", "copy_claim", "Copy", tooltip="Copy the claim with its citation to the clipboard"),
    Binding("b", "bookmark", "Bookmark", tooltip="Bookmark the claim, or remove its bookmark"),
    Binding("m", "note", "Note", show=False, tooltip="Write a note on the claim (bookmarks it)"),
    Binding("B", "bookmarks", "Bookmarks", show=False, tooltip="List the bookmarks and their notes"),
    Binding("e", "export_view", "Export", show=False, tooltip="Export these claims (CSV, JSON lines, Markdown)"),
    Binding(
        "w", "who_says_what", "Who says", show=False, tooltip="Who says what about the chosen country or organisation"
    ),
    Binding("d", "date_filter", "Dates", show=False, tooltip="Filter the claims by their document's date"),
]

# State the explorer reopens with (explorer_state keys).
STATE_FILTERS = "filters"
STATE_CLAIM = "claim"
STATE_EVERY = "every_sentence"
DATE_HELP = "A year (2024), a month (2024-03 or March 2024), a day, or a range FROM..TO with either side open."
ABOUT_KINDS = (COUNTRY, ORGANISATION, PERSON)


def export_folder(db_path: Path) -> Path:
    """Where exports go: beside the database if that folder can be written, else the user's data folder."""
    if os.access(db_path.parent, os.W_OK):
        return db_path.parent
    from platformdirs import user_data_dir

    return Path(user_data_dir("policy-tui", appauthor=False)) / "exports"


def write_export(path: Path, rows, fmt: str, title: str) -> int:
    """Write the rows to `path` whole or not at all (a temporary file renamed at the end)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    try:
        with part.open("w", encoding="utf-8", newline="") as out:
            n = write_citations(rows, fmt, out, title=title)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    return n


def save_view(db, filters: tuple[Filter, ...], claim_id: int | None, every_sentence: bool = False) -> None:
    """Store the filters (by stable keys), the claim and which claims are listed, for the next launch."""
    state = {STATE_FILTERS: q.stable_filters(db, filters), STATE_CLAIM: claim_id, STATE_EVERY: every_sentence}
    user.save_state(db, state)


def restore_every_sentence(db) -> bool:
    """Whether the explorer was last closed listing every sentence (not only the attributed claims)."""
    try:
        return json.loads(q.explorer_state(db).get(STATE_EVERY, "false")) is True
    except ValueError:
        return False


def restore_view(db) -> tuple[tuple[Filter, ...], int | None]:
    """The filters and claim saved when the explorer last closed, as found in the database now."""
    state = q.explorer_state(db)
    try:
        saved = json.loads(state.get(STATE_FILTERS, "[]"))
        claim = json.loads(state.get(STATE_CLAIM, "null"))
    except ValueError:
        return (), None
    filters = q.resolve_filters(db, [f for f in saved if isinstance(f, dict)]) if isinstance(saved, list) else ()
    return filters, claim if isinstance(claim, int) else None


class AnalystActions:
    """Copy, export, bookmarks, notes, who says what, dates, saved searches and saved state (for MainScreen)."""

    saved_searches: list[tuple[str, list[dict]]] = []
    filters: tuple[Filter, ...]  # the screen's (a reactive of MainScreen)

    # --- copy and export ---------------------------------------------------------------

    def action_copy_claim(self: MainScreen) -> None:  # type: ignore[misc]
        current = self.table.current
        if current is None:
            self.app.bell()
            return
        self.copy_claim(current.id)

    @work(thread=True, exclusive=True, group="copy", exit_on_error=False)
    def copy_claim(self: MainScreen, claim_id: int) -> None:  # type: ignore[misc]
        found = self.store.read(q.citations, [claim_id])
        if found:
            # Made safe for a terminal: pasted into a shell or an editor, it carries no control codes.
            self.app.call_from_thread(self._copied, safe(citation_text(found[0])))

    def _copied(self: MainScreen, text: str) -> None:  # type: ignore[misc]
        self.app.copy_to_clipboard(text)
        first = text.splitlines()[0]
        self.notify(first if len(first) <= 80 else first[:79] + "…", title="Copied with its citation", markup=False)

    def action_export_view(self: MainScreen) -> None:  # type: ignore[misc]
        folder = export_folder(self.store.path)
        filters = self.shown()

        def chosen(fmt: str | None) -> None:
            if fmt is not None:
                stamp = time.strftime("%Y%m%d-%H%M%S")
                self.export_view(filters, fmt, folder / f"policy-tui-claims-{stamp}{SUFFIXES[fmt]}")

        self.app.push_screen(ExportScreen("Export these claims", str(folder)), chosen)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export_view(self: MainScreen, filters: tuple[Filter, ...], fmt: str, path: Path) -> None:  # type: ignore[misc]
        worker = get_current_worker()
        title = " · ".join(f.label for f in filters) or "Every claim"
        def export(db) -> int:
            return write_export(path, view_citations(db, filters, should_stop=lambda: worker.is_cancelled), fmt, title)

        n = self.store.read(export)
        self.app.call_from_thread(
            self.notify, f"{n:,} claim{'s' if n != 1 else ''} → {path}", title="Exported", markup=False, timeout=10
        )

    # --- bookmarks and notes -------------------------------------------------------------

    def action_bookmark(self: MainScreen) -> None:  # type: ignore[misc]
        current = self.table.current
        if current is None:
            self.app.bell()
            return
        self.toggle_bookmark(current.id, current.sentence_id)

    @work(thread=True, group="bookmark", exit_on_error=False)
    def toggle_bookmark(self: MainScreen, claim_id: int, sentence_id: int) -> None:  # type: ignore[misc]
        marked = self.store.write(user.toggle_bookmark, claim_id)
        self._own_write()
        self.app.call_from_thread(self._bookmarked, sentence_id, marked)

    def _bookmarked(self: MainScreen, sentence_id: int, marked: bool, note: str | None = None) -> None:  # type: ignore[misc]
        self.table.mark_bookmarked(sentence_id, marked)
        message = "Note saved" if note else "Bookmarked" if marked else "Bookmark removed"
        self.notify(message + (" · B lists the bookmarks" if marked else ""), timeout=3)

    def _own_write(self: MainScreen) -> None:  # type: ignore[misc]
        """After a write of the explorer's own: not a commit from elsewhere to refresh the panes for."""
        if getattr(self, "_data_version", None) is not None:
            self._data_version = self.store.data_version()

    def action_note(self: MainScreen) -> None:  # type: ignore[misc]
        current = self.table.current
        if current is None:
            self.app.bell()
            return
        self.edit_note(current.id, current.sentence_id)

    @work(thread=True, group="bookmark", exit_on_error=False)
    def edit_note(self: MainScreen, claim_id: int, sentence_id: int) -> None:  # type: ignore[misc]
        mark = self.store.read(q.bookmark_of_claim, claim_id)
        self.app.call_from_thread(self._ask_note, claim_id, sentence_id, mark.note if mark else "")

    def _ask_note(self: MainScreen, claim_id: int, sentence_id: int, note: str) -> None:  # type: ignore[misc]
        def written(text: str | None) -> None:
            if text is not None:
                self.save_note(claim_id, sentence_id, text)

        help = "Enter saves it (the claim is bookmarked); an empty note clears it; escape leaves it as it was."
        self.app.push_screen(PromptScreen("Note on this claim", note, placeholder="Your note…", help=help), written)

    @work(thread=True, group="bookmark", exit_on_error=False)
    def save_note(self: MainScreen, claim_id: int, sentence_id: int, note: str) -> None:  # type: ignore[misc]
        self.store.write(user.set_note, claim_id, note)
        self._own_write()
        self.app.call_from_thread(self._bookmarked, sentence_id, True, note or None)

    def action_bookmarks(self: MainScreen) -> None:  # type: ignore[misc]
        from .bookmarks import BookmarksScreen

        def chosen(mark: q.Bookmark | None) -> None:
            if mark is not None and mark.claim_id is not None and mark.document_id is not None:
                self.show_claim_in_document(mark.document_id, mark.document_name, mark.claim_id)

        self.app.push_screen(BookmarksScreen(self.store), chosen)

    def show_claim_in_document(self: MainScreen, document_id: int, name: str, claim_id: int) -> None:  # type: ignore[misc]
        """List the claims of the document, with the cursor on the claim (every sentence, if it is not attributed)."""
        self.filters = (Filter(DOCUMENT, document_id, name),)
        self.reveal_claim(claim_id)
        self.table.focus()

    @work(thread=True, exclusive=True, group="reveal", exit_on_error=False)
    def reveal_claim(self: MainScreen, claim_id: int) -> None:  # type: ignore[misc]
        listed = self.store.read(q.lists_claim, self.shown(), claim_id)
        self.app.call_from_thread(self._reveal, claim_id, listed)

    def _reveal(self: MainScreen, claim_id: int, listed: bool) -> None:  # type: ignore[misc]
        if not listed and not self.every_sentence:
            self.every_sentence = True  # a bookmarked sentence no speaker or cue attributes
            self.notify("Listing every sentence (a goes back to the attributed claims)", timeout=4)
        self.load_claims(self.shown(), "replace", at=claim_id, cursor_on=claim_id)

    # --- who says what about an entity -----------------------------------------------------

    def about_entity(self: MainScreen) -> tuple[EntityCount, Filter] | None:  # type: ignore[misc]
        """The entity of the last country, organisation or person filter, and that filter."""
        for f in reversed(self.filters):
            if f.kind in ABOUT_KINDS and isinstance(f.value, int) and f.value >= 0:
                return EntityCount(f.kind, f.value, f.label, f.label, 0), f
        return None

    def action_who_says_what(self: MainScreen) -> None:  # type: ignore[misc]
        found = self.about_entity()
        if found is None:
            self.choose_about()
        else:
            self.open_about(*found)

    def choose_about(self: MainScreen) -> None:  # type: ignore[misc]
        """Ask which country, organisation or person (a palette of them all, busiest first)."""
        listed = sorted(
            [*self.entities(COUNTRY), *self.entities(ORGANISATION), *self.entities(PERSON)],
            key=lambda e: (-e.claims, e.name.casefold()),
        )
        self.app.push_screen(
            CommandPalette(
                providers=[entity_provider(listed, self.open_about, self.aliases)],  # type: ignore[list-item]
                placeholder="Who says what about…",
            )
        )

    def open_about(self: MainScreen, entity: EntityCount, about: Filter | None = None) -> None:  # type: ignore[misc]
        from .about import AboutScreen

        if entity.id is None:
            self.notify(f"{safe(entity.name, one_line=True)} is not mentioned in these documents.", markup=False)
            return

        def chosen(filters: list[Filter] | None) -> None:
            if filters:
                self.filters = tuple(f for f in self.filters if f not in filters) + tuple(filters)
                self.table.focus()

        self.app.push_screen(AboutScreen(self.store, entity, about), chosen)

    # --- dates -----------------------------------------------------------------------------------

    def action_date_filter(self: MainScreen) -> None:  # type: ignore[misc]
        current = next((f for f in self.filters if f.kind == DATE), None)
        typed = str(current.value).replace("..", " .. ").strip(" .") if current and current.value else ""

        def chosen(text: str | None) -> None:
            if text is None:
                return
            if not text.strip():
                self.filters = tuple(f for f in self.filters if f.kind != DATE)
                return
            try:
                new = q.date_filter(text)
            except ValueError as exc:
                self.notify(safe(str(exc), one_line=True), title="Not a date filter", severity="error", markup=False)
                return
            self.add_filter(new)

        prompt = PromptScreen("Claims dated…", typed, placeholder="2024-01..2024-06", help=DATE_HELP)
        self.app.push_screen(prompt, chosen)

    # --- saved searches and the state between launches --------------------------------------

    def action_save_search(self: MainScreen) -> None:  # type: ignore[misc]
        if not self.filters:
            self.notify("Choose some filters first: a saved search is a named set of them.", timeout=4)
            return
        filters = self.filters
        suggested = " · ".join(f.label for f in filters)[:60]

        def named(name: str | None) -> None:
            if name is not None and name.strip():
                self.save_search(name, filters)

        self.app.push_screen(PromptScreen("Save these filters as", suggested, placeholder="A name…"), named)

    @work(thread=True, group="saved", exit_on_error=False)
    def save_search(self: MainScreen, name: str, filters: tuple[Filter, ...]) -> None:  # type: ignore[misc]
        stable = self.store.read(q.stable_filters, filters)
        saved_as = self.store.write(user.save_search, name, stable)
        self._own_write()
        self.app.call_from_thread(self.notify, f"Saved as “{saved_as}” (ctrl+p to apply it)", markup=False)
        self.load_saved_searches()

    @work(thread=True, exclusive=True, group="saved-list", exit_on_error=False)
    def load_saved_searches(self: MainScreen) -> None:  # type: ignore[misc]
        found = self.store.read(q.saved_searches)
        self.app.call_from_thread(setattr, self, "saved_searches", found)

    @work(thread=True, group="saved", exit_on_error=False)
    def apply_saved_search(self: MainScreen, name: str, stable: list[dict]) -> None:  # type: ignore[misc]
        filters = self.store.read(q.resolve_filters, stable)
        if len(filters) < len(stable):
            self.app.call_from_thread(
                self.notify, f"“{name}”: some of its filters name what these documents no longer hold", markup=False
            )
        self.app.call_from_thread(setattr, self, "filters", filters)

    @work(thread=True, group="saved", exit_on_error=False)
    def delete_saved_search(self: MainScreen, name: str) -> None:  # type: ignore[misc]
        self.store.write(user.delete_search, name)
        self._own_write()
        self.app.call_from_thread(self.notify, f"Deleted the saved search “{name}”", markup=False)
        self.load_saved_searches()

    async def save_view_state(self: MainScreen) -> None:  # type: ignore[misc]
        """Keep the filters and the claim for the next launch (at quit; off the event loop)."""
        if not self.ready or self.store.read_only:
            return
        current = self.table.current
        try:
            await asyncio.to_thread(
                self.store.write, save_view, self.filters, current.id if current else None, self.every_sentence
            )
        except Exception as exc:  # noqa: BLE001 - quitting goes on; the reason is shown until then
            self.notify(safe(str(exc), one_line=True), title="The view was not saved", severity="error", markup=False)


class AnalystCommands(Provider):
    """Palette entries: bookmarks, export, dates, who says what, saving and applying searches."""

    def _commands(self) -> list[tuple[str, object, str]]:
        screen: MainScreen = self.screen  # type: ignore[assignment]
        commands: list[tuple[str, object, str]] = [
            ("Bookmarks", screen.action_bookmarks, "The bookmarked claims and their notes"),
            ("Export these claims…", screen.action_export_view, "CSV, JSON lines or Markdown, with citations"),
            ("Filter by date…", screen.action_date_filter, "Claims of documents dated in a range"),
            ("Who says what about…", screen.choose_about, "A country's or organisation's speakers and neighbours"),
            ("Save these filters as a search…", screen.action_save_search, "Name the current filters"),
        ]
        for name, stable in screen.saved_searches:
            commands.append((f"Saved search: {name}", partial(screen.apply_saved_search, name, stable), "Apply it"))
            commands.append((f"Delete saved search: {name}", partial(screen.delete_saved_search, name), ""))
        return commands

    async def discover(self) -> Hits:
        for title, action, help in self._commands():
            yield DiscoveryHit(title, action, help=help)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), action, text=title, help=help)  # type: ignore[arg-type]
