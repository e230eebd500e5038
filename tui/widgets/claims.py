"""The claims list: a window of claims read page by page from SQLite.

Only a few hundred rows are ever in the table. When the cursor or the scroll
comes near either end of what is loaded, the table asks for the next or
previous page (`RowsWanted`, answered by keyset from `extract.queries`), and
trims the far end, so the list behaves like one long list over any number of
claims without holding them.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from extract.queries import ClaimPage, ClaimRow, Key

from ..text import safe

EDGE = 8  # rows from an end of the window at which the next page is asked for
MAX_ROWS = 400  # rows kept in the window; beyond it the far end is dropped


def clip_to_match(text: str, matches: tuple[tuple[int, int], ...], width: int) -> tuple[str, int]:
    """Where to start showing `text` so that its first match falls inside `width` cells.

    Returns (prefix to show, offset of the shown text in `text`).
    """
    if not matches or width <= 0:
        return "", 0
    first = matches[0][0]
    if first < width * 2 // 3:
        return "", 0
    start = max(0, first - width // 4)
    space = text.rfind(" ", 0, start)
    if space > 0 and start - space < 12:
        start = space + 1
    return "…", start


class ClaimsTable(DataTable):
    """Claims under the current filters: speaker, cue, text, countries."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {"claims-table--match", "claims-table--none"}

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g,home", "first", "First claim", show=False),
        Binding("G,end", "last", "Last claim", show=False),
    ]

    class ClaimHighlighted(Message):
        """The cursor is on another claim (or on none: `row` is None)."""

        def __init__(self, row: ClaimRow | None) -> None:
            super().__init__()
            self.row = row

    class ClaimChosen(Message):
        """Enter (or a click on the highlighted row) on a claim."""

        def __init__(self, row: ClaimRow) -> None:
            super().__init__()
            self.row = row

    class RowsWanted(Message):
        """Load more rows: `where` is "after" or "before" `key`, or "first"/"last" of the list."""

        def __init__(self, where: str, key: Key | None = None) -> None:
            super().__init__()
            self.where = where
            self.key = key

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(cursor_type="row", show_row_labels=False, id=id, classes=classes)
        self.claims: list[ClaimRow] = []
        self.more_before = False
        self.more_after = False
        self._pending: str | None = None
        self._settling = False
        self._announced: int | None = None
        self._widths: tuple[int, int, int, int] = (0, 0, 0, 0)

    # --- what the screen calls ---------------------------------------------------------

    @property
    def current(self) -> ClaimRow | None:
        if not self.claims or not 0 <= self.cursor_row < len(self.claims):
            return None
        return self.claims[self.cursor_row]

    def index_of(self, claim_id: int) -> int | None:
        return next((i for i, row in enumerate(self.claims) if row.id == claim_id), None)

    def show_page(
        self, page: ClaimPage, where: str = "replace", *, cursor_on: int | None = None, at_end: bool = False
    ) -> None:
        """Put a page in the window: replacing it, or added "after" or "before" what is there.

        The cursor goes to claim `cursor_on` if given (else stays on its claim, else the
        first row, or the last with `at_end`).
        """
        self._pending = None
        keep = (
            cursor_on if cursor_on is not None else (self.current.id if self.current and where != "replace" else None)
        )
        screen_offset = self.cursor_row - round(self.scroll_y)
        if where == "after":
            added = [r for r in page.rows if self.index_of(r.id) is None]
            self.claims += added
            self.more_after = page.more_after
            if len(self.claims) > MAX_ROWS:
                drop = len(self.claims) - MAX_ROWS
                self.claims = self.claims[drop:]
                self.more_before = True
            elif added:
                self._add_claims(added)
                self._check_edges()
                return
            else:
                return  # nothing new: the window stays as it is
        elif where == "before":
            self.claims = [r for r in page.rows if self.index_of(r.id) is None] + self.claims
            self.more_before = page.more_before
            if len(self.claims) > MAX_ROWS:
                self.claims = self.claims[:MAX_ROWS]
                self.more_after = True
        else:
            self.claims = list(page.rows)
            self.more_before, self.more_after = page.more_before, page.more_after
        self._settling = True  # rebuilding scrolls to the top: that is not the user asking for more
        self._rebuild()
        index = self.index_of(keep) if keep is not None else None
        if index is None:
            index = len(self.claims) - 1 if at_end else 0
        self.move_cursor(row=max(0, index), scroll=where == "replace")
        if where != "replace":
            self.call_after_refresh(self.scroll_to, y=max(0, index - screen_offset), animate=False)
        self.call_after_refresh(self._settled)
        self._announce(force=True)

    def _settled(self) -> None:
        self._settling = False
        self._check_edges()

    def move_to(self, claim_id: int) -> bool:
        """Put the cursor on a claim if it is loaded."""
        index = self.index_of(claim_id)
        if index is None:
            return False
        self.move_cursor(row=index)
        return True

    # --- table building --------------------------------------------------------------

    def on_mount(self) -> None:
        # Match highlights are baked into the cells' styles: rebuild them in the new theme's colours.
        self.watch(self.app, "theme", lambda: self._relayout(force=True), init=False)

    def _column_widths(self) -> tuple[int, int, int, int]:
        padding = 2 * self.cell_padding * 4
        available = max(20, self.scrollable_content_region.width - padding)
        speaker = min(24, max(8, available * 18 // 100))
        cue = min(12, max(5, available * 9 // 100))
        countries = min(16, max(9, available * 11 // 100))
        return speaker, cue, max(10, available - speaker - cue - countries), countries

    def on_resize(self) -> None:
        self._relayout()

    def _relayout(self, force: bool = False) -> None:
        widths = self._column_widths()
        if force or widths != self._widths:
            keep = self.current.id if self.current else None
            self._settling = True
            self._rebuild()
            if keep is not None and (index := self.index_of(keep)) is not None:
                self.move_cursor(row=index)
            self.call_after_refresh(self._settled)

    def _rebuild(self) -> None:
        self._widths = self._column_widths()
        self.clear(columns=True)
        speaker, cue, text, countries = self._widths
        self.add_column("Speaker", width=speaker, key="speaker")
        self.add_column("Cue", width=cue, key="cue")
        self.add_column("Claim", width=text, key="text")
        self.add_column("Countries", width=countries, key="countries")
        self._add_claims(self.claims)

    def _add_claims(self, rows: list[ClaimRow]) -> None:
        # Rows are keyed by claim id, so a row names its claim whatever its position.
        for row in rows:
            self.add_row(*self._cells(row), key=str(row.id))

    def _cells(self, row: ClaimRow) -> list:
        none = self.get_component_rich_style("claims-table--none", partial=True)
        speaker = Text(safe(row.speaker, one_line=True)) if row.speaker else Text("—", style=none)
        cue = Text(safe(row.cue, one_line=True)) if row.cue else Text("—", style=none)
        return [
            _one_line(speaker),
            _one_line(cue),
            _one_line(self._claim_text(row)),
            _one_line(Text(" ".join(row.countries))),
        ]

    def _claim_text(self, row: ClaimRow) -> Text:
        prefix, start = clip_to_match(row.text, row.matches, self._widths[2])
        text = Text(prefix + safe(row.text[start:], one_line=True))
        if row.matches:
            style = self.get_component_rich_style("claims-table--match", partial=True)
            shift = len(prefix) - start
            for a, b in row.matches:
                if b + shift > len(prefix):
                    text.stylize(style, max(len(prefix), a + shift), b + shift)
        return text

    # --- paging and messages ---------------------------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._announce()
        self._check_edges()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.current is not None:
            self.post_message(self.ClaimChosen(self.current))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._check_edges()

    def _announce(self, force: bool = False) -> None:
        current = self.current
        claim_id = current.id if current else None
        if force or claim_id != self._announced:
            self._announced = claim_id
            self.post_message(self.ClaimHighlighted(current))

    def _check_edges(self) -> None:
        if self._pending or self._settling or not self.claims:
            return
        top = round(self.scroll_y)
        bottom = top + self.scrollable_content_region.height
        if self.more_after and max(self.cursor_row, bottom) >= len(self.claims) - EDGE:
            self._pending = "after"
            self.post_message(self.RowsWanted("after", self.claims[-1].key))
        elif self.more_before and min(self.cursor_row, top) <= EDGE:
            self._pending = "before"
            self.post_message(self.RowsWanted("before", self.claims[0].key))

    def action_first(self) -> None:
        if self.more_before:
            self._pending = "first"
            self.post_message(self.RowsWanted("first"))
        else:
            self.move_cursor(row=0)

    def action_last(self) -> None:
        if self.more_after:
            self._pending = "last"
            self.post_message(self.RowsWanted("last"))
        elif self.claims:
            self.move_cursor(row=len(self.claims) - 1)

    def loading_failed(self) -> None:
        """A page could not be read: allow asking again."""
        self._pending = None


def _one_line(text: Text) -> Text:
    text.no_wrap = True
    text.overflow = "ellipsis"
    text.end = ""
    return text
