"""The claims list: a window of claims read page by page from SQLite.

Only a few hundred rows are ever held. When the cursor or the scroll comes near
either end of what is loaded, the list asks for the next or previous page
(`RowsWanted`, answered by keyset from `extract.queries`), and trims the far
end, so it behaves like one long list over any number of claims without holding
them.

It draws itself line by line (Textual's line API): each visible row is one strip
built once from its four cells and kept until the rows, the widths or the styles
change, so a new page costs the rows on screen and nothing more. The claim's text
takes the width the other columns leave: the speaker, cue and countries columns
are as wide as what the loaded rows hold, up to a limit each. Two-line rows (`v`;
the default where the list is narrow) put the speaker, cue and countries on a
first line and give the claim's text the whole second line. (A DataTable
rendered each cell through Rich on every new page: 10-40 ms a page, on the path
of every key that changes the claims.)
"""

from __future__ import annotations

from dataclasses import replace

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from extract.store.read import ClaimPage, ClaimRow, Key

from ..text import safe

EDGE = 8  # rows from an end of the window at which the next page is asked for
# The narrow columns: (fewest, most) cells, and the share of the width they may take at most.
SPEAKER_WIDTH, SPEAKER_SHARE = (7, 20), 20
CUE_WIDTH, CUE_SHARE = (3, 12), 14
COUNTRIES_WIDTH, COUNTRIES_SHARE = (4, 9), 11
MIN_CLAIM = 16  # the claim's column keeps at least this many cells
NARROW = 70  # a list narrower than this (cells) shows two-line rows until `v` says otherwise
MAX_ROWS = 400  # rows kept in the window; beyond it the far end is dropped
HEADINGS = ("Speaker", "Cue", "Claim", "Countries")
PAD = 1  # spaces each side of a cell
BOOKMARK = "★ "  # before the speaker of a bookmarked claim


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


class ClaimsTable(ScrollView, can_focus=True):
    """Claims under the current filters: speaker, cue, text, countries; a header line and a row cursor."""

    COMPONENT_CLASSES = {
        "claims-table--header",
        "claims-table--cursor",
        "claims-table--hover",
        "claims-table--match",
        "claims-table--none",
    }

    # The look of Textual's DataTable, which this list replaces.
    DEFAULT_CSS = """
    ClaimsTable {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .claims-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .claims-table--header {
                background-tint: $foreground 5%;
            }
        }
        & > .claims-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .claims-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .claims-table--hover {
            background: $block-hover-background;
        }
    }
    """

    BINDINGS = [
        Binding("v", "toggle_lines", "Wrap", tooltip="Claims on two lines (more of their text) or one"),
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("g,home", "first", "First claim", show=False),
        Binding("G,end", "last", "Last claim", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("enter", "choose", show=False),
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
        super().__init__(id=id, classes=classes)
        self.claims: list[ClaimRow] = []
        self.more_before = False
        self.more_after = False
        self._cursor = 0
        self._hover: int | None = None
        self._pending: str | None = None
        self._settling = False
        self._announced: int | None = None
        self._widths: tuple[int, int, int, int] = (0, 0, 0, 0)
        self.row_lines = 1  # screen lines per claim: 1 (a table row) or 2 (who, then the claim's text)
        self._lines_chosen = False  # `v` was pressed: the width no longer decides
        self._strips: dict[tuple[int, bool, bool], Strip] = {}  # (row index × 2 + line, cursor, hover) → a line
        self._header: Strip | None = None

    # --- what the screen calls ---------------------------------------------------------

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @property
    def current(self) -> ClaimRow | None:
        if not self.claims or not 0 <= self._cursor < len(self.claims):
            return None
        return self.claims[self._cursor]

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
        screen_offset = self._cursor - self._top_row()
        if where == "after":
            added = [r for r in page.rows if self.index_of(r.id) is None]
            if not added:
                self.more_after = page.more_after
                return  # nothing new: the window stays as it is
            self.claims += added
            self.more_after = page.more_after
            if len(self.claims) <= MAX_ROWS:
                self._rows_changed()
                self._check_edges()
                return
            drop = len(self.claims) - MAX_ROWS
            self.claims = self.claims[drop:]
            self.more_before = True
        elif where == "before":
            self.claims = [r for r in page.rows if self.index_of(r.id) is None] + self.claims
            self.more_before = page.more_before
            if len(self.claims) > MAX_ROWS:
                self.claims = self.claims[:MAX_ROWS]
                self.more_after = True
        else:
            self.claims = list(page.rows)
            self.more_before, self.more_after = page.more_before, page.more_after
        self._settling = True  # the rows move under the view: that is not the user asking for more
        self._announced = -1  # announce the cursor's claim once the cursor is placed, even if it is the same one
        self._rows_changed()
        index = self.index_of(keep) if keep is not None else None
        if index is None:
            index = len(self.claims) - 1 if at_end else 0
        if where == "replace":
            self.scroll_to(y=0, animate=False, immediate=True)
            self.move_cursor(row=max(0, index))
        else:
            self.move_cursor(row=max(0, index), scroll=False)
            self.scroll_to(y=max(0, index - screen_offset) * self.row_lines, animate=False, immediate=True)
        self.call_after_refresh(self._settled)

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

    def mark_bookmarked(self, sentence_id: int, bookmarked: bool) -> None:
        """Show the claims of a sentence as bookmarked or not, in place."""
        self.claims = [replace(r, bookmarked=bookmarked) if r.sentence_id == sentence_id else r for r in self.claims]
        self._rows_changed()

    def move_cursor(self, *, row: int, scroll: bool = True) -> None:
        """Put the cursor on row `row` (clamped to the rows there are)."""
        row = max(0, min(row, len(self.claims) - 1))
        if row != self._cursor:
            self._cursor = row
            self.refresh()
        if scroll:
            self._scroll_cursor_into_view()
        self._announce()
        self._check_edges()

    def loading_failed(self) -> None:
        """A page could not be read: allow asking again."""
        self._pending = None

    # --- drawing ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        # Match highlights are baked into the lines' styles: draw them again in a new theme's colours.
        self.watch(self.app, "theme", self._restyle, init=False)

    def _restyle(self) -> None:
        self._strips.clear()
        self._header = None
        self.refresh()

    def on_focus(self) -> None:
        self._restyle()  # the cursor and header look different with focus

    def on_blur(self) -> None:
        self._restyle()

    def _column_widths(self) -> tuple[int, int, int, int]:
        """Speaker, cue, claim and countries widths: the narrow columns fit what the rows hold."""
        available = max(20, self.scrollable_content_region.width - 2 * PAD * len(HEADINGS))

        def fit(longest: int, bounds: tuple[int, int], share: int) -> int:
            return max(bounds[0], min(longest, bounds[1], available * share // 100))

        rows = self.claims
        speaker = fit(max((len(r.speaker or "") + (len(BOOKMARK) if r.bookmarked else 0) for r in rows), default=0),
                      SPEAKER_WIDTH, SPEAKER_SHARE)
        cue = fit(max((len(r.cue or "") for r in rows), default=0), CUE_WIDTH, CUE_SHARE)
        countries = fit(max((len(" ".join(r.countries)) for r in rows), default=0), COUNTRIES_WIDTH, COUNTRIES_SHARE)
        claim = available - speaker - cue - countries
        if claim < MIN_CLAIM:  # a narrow terminal: the speaker gives way first
            speaker = max(SPEAKER_WIDTH[0], speaker - (MIN_CLAIM - claim))
            claim = available - speaker - cue - countries
        return speaker, cue, max(MIN_CLAIM // 2, claim), countries

    def on_resize(self) -> None:
        if not self._lines_chosen:
            lines = 2 if self.scrollable_content_region.width < NARROW else 1
            if lines != self.row_lines:
                top = self._top_row()
                self.row_lines = lines
                self.scroll_to(y=top * lines, animate=False, immediate=True)
        self._rows_changed()

    def _rows_changed(self) -> None:
        widths = self._column_widths()
        if widths != self._widths:
            self._widths = widths
            self._header = None
        self._strips.clear()
        self._hover = None
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.claims) * self.row_lines + 1)
        self.refresh()

    def action_toggle_lines(self) -> None:
        """One line per claim, or two with more of its text."""
        top = self._top_row()
        self.row_lines = 1 if self.row_lines == 2 else 2
        self._lines_chosen = True
        self._header = None
        self._rows_changed()
        self.scroll_to(y=top * self.row_lines, animate=False, immediate=True)
        self._scroll_cursor_into_view()

    def _top_row(self) -> int:
        return round(self.scroll_y) // self.row_lines

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            if self._header is None:
                style = self._style("claims-table--header")
                if self.row_lines == 2:
                    self._header = self._card_line(Text("Speaker · cue · countries, then the claim"), style, width)
                else:
                    headings = [Text(h) for h in HEADINGS]
                    if self._widths[3] < len(HEADINGS[3]):
                        headings[3] = Text("ISO")  # the countries' codes, when "Countries" does not fit
                    self._header = self._line(headings, style, width)
            return self._header
        line = round(self.scroll_y) + y - 1
        index, part = divmod(line, self.row_lines)
        if not 0 <= index < len(self.claims):
            return Strip.blank(width, self.rich_style)
        cursor, hover = index == self._cursor, index == self._hover
        strip = self._strips.get((index * 2 + part, cursor, hover))
        if strip is None:
            style = self._style("claims-table--hover") if hover else self.rich_style
            if cursor:
                style += self.get_component_rich_style("claims-table--cursor")
            row = self.claims[index]
            if self.row_lines == 1:
                strip = self._line(self._cells(row), style, width)
            elif part == 0:
                strip = self._card_line(self._who(row), style, width)
            else:
                strip = self._card_line(self._claim_text(row, width - 2 * PAD), style, width)
            self._strips[index * 2 + part, cursor, hover] = strip
        return strip

    def _card_line(self, text: Text, style: Style, width: int) -> Strip:
        """One line of a two-line row: `text` across the whole width."""
        text.truncate(max(1, width - 2 * PAD), overflow="ellipsis", pad=True)
        line = Text.assemble(" " * PAD, text, " " * PAD, no_wrap=True, end="")
        strip = Strip(line.render(self.app.console)).apply_style(style)
        return strip.extend_cell_length(width, style).crop(0, width)

    def _who(self, row: ClaimRow) -> Text:
        """ "★ Speaker  cue  RU UA": the first line of a two-line row."""
        speaker, cue, _, countries = self._cells(row, with_claim=False)
        speaker.stylize("bold")
        cue.stylize("italic")
        countries.stylize(self.get_component_rich_style("claims-table--none", partial=True))
        return Text.assemble(speaker, "  ", cue, "  ", countries)

    def _style(self, component: str) -> Style:
        return self.rich_style + self.get_component_rich_style(component)

    def _line(self, cells: list[Text], style: Style, width: int) -> Strip:
        line = Text(no_wrap=True, end="")
        for cell, cell_width in zip(cells, self._widths, strict=True):
            cell.truncate(cell_width, overflow="ellipsis", pad=True)
            line.append(" " * PAD)
            line.append_text(cell)
            line.append(" " * PAD)
        # The row's style goes under the cells' own (a match's colour shows on the cursor row too).
        strip = Strip(line.render(self.app.console)).apply_style(style)
        return strip.extend_cell_length(width, style).crop(0, width)

    def _cells(self, row: ClaimRow, *, with_claim: bool = True) -> list[Text]:
        none = self.get_component_rich_style("claims-table--none", partial=True)
        speaker = Text(safe(row.speaker, one_line=True)) if row.speaker else Text("—", style=none)
        if row.bookmarked:
            speaker = Text.assemble(BOOKMARK, speaker)
        cue = Text(safe(row.cue, one_line=True)) if row.cue else Text("—", style=none)
        claim = self._claim_text(row, self._widths[2]) if with_claim else Text("")
        return [speaker, cue, claim, Text(" ".join(row.countries))]

    def _claim_text(self, row: ClaimRow, width: int) -> Text:
        prefix, start = clip_to_match(row.text, row.matches, width)
        text = Text(prefix + safe(row.text[start:], one_line=True))
        if row.matches:
            style = self.get_component_rich_style("claims-table--match", partial=True)
            shift = len(prefix) - start
            for a, b in row.matches:
                if b + shift > len(prefix):
                    text.stylize(style, max(len(prefix), a + shift), b + shift)
        return text

    # --- keys, mouse and scrolling ------------------------------------------------------

    def _visible_rows(self) -> int:
        return max(1, (self.scrollable_content_region.height - 1) // self.row_lines)  # under the header

    def _scroll_cursor_into_view(self) -> None:
        top, visible = self._top_row(), self._visible_rows()
        if self._cursor < top:
            self.scroll_to(y=self._cursor * self.row_lines, animate=False, immediate=True)
        elif self._cursor >= top + visible:
            self.scroll_to(y=(self._cursor - visible + 1) * self.row_lines, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self._cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self._cursor - 1)

    def action_page(self, direction: int) -> None:
        step = self._visible_rows()
        self.scroll_to(y=round(self.scroll_y) + direction * step * self.row_lines, animate=False, immediate=True)
        self.move_cursor(row=self._cursor + direction * step)

    def action_choose(self) -> None:
        if self.current is not None:
            self.post_message(self.ClaimChosen(self.current))

    def _row_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return None
        index = (round(self.scroll_y) + offset.y - 1) // self.row_lines
        return index if 0 <= index < len(self.claims) else None

    def on_click(self, event: events.Click) -> None:
        index = self._row_at(event)
        if index is None:
            return
        event.stop()
        if index == self._cursor:
            self.action_choose()  # a click on the highlighted row chooses it
        else:
            self.move_cursor(row=index)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._row_at(event)
        if index != self._hover:
            self._hover = index
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._check_edges()

    # --- paging and messages ---------------------------------------------------------

    def _announce(self) -> None:
        current = self.current
        claim_id = current.id if current else None
        if claim_id != self._announced:
            self._announced = claim_id
            self.post_message(self.ClaimHighlighted(current))

    def _check_edges(self) -> None:
        if self._pending or self._settling or not self.claims:
            return
        top = self._top_row()
        bottom = top + self._visible_rows()
        if self.more_after and max(self._cursor, bottom) >= len(self.claims) - EDGE:
            self._pending = "after"
            self.post_message(self.RowsWanted("after", self.claims[-1].key))
        elif self.more_before and min(self._cursor, top) <= EDGE:
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
