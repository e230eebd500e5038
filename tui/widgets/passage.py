"""A scrollable view of document text with styled spans and one focused sentence.

Used for the source passage (a paragraph) and the reader (a whole document).
It wraps the text itself, keeping each line's character offsets, so it can
scroll a given character into view and style spans by their offsets; only the
visible lines are rendered (Textual's line API), so a long document costs
nothing until it is scrolled to. Text is shown as text: it is cleaned of
control characters and never parsed as markup.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from rich.cells import cell_len
from textual.binding import Binding
from textual.content import Content, Span
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual

from ..text import safe

_TOKENS = re.compile(r"\s+|\S+")


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) offsets of each display line of `text` wrapped at `width` cells.

    Lines break at spaces where they can and inside a word only when it is wider
    than the line; trailing spaces stay at the end of the line they follow.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    pos = 0
    for hard in text.split("\n"):
        base = pos
        pos += len(hard) + 1
        if not hard:
            lines.append((base, base))
            continue
        start, used = base, 0
        for m in _TOKENS.finditer(hard):
            token, at = m.group(), base + m.start()
            cells = cell_len(token)
            if token[0].isspace():
                used += cells
                continue
            if used and used + cells > width:
                lines.append((start, at))
                start, used = at, 0
            while cells > width:  # a word longer than a line: cut it where the cells run out
                cut, taken = 0, 0
                while cut < len(token) and taken + cell_len(token[cut]) <= width:
                    taken += cell_len(token[cut])
                    cut += 1
                cut = max(cut, 1)
                lines.append((at, at + cut))
                token, at = token[cut:], at + cut
                start, cells = at, cell_len(token)
            used += cells
        lines.append((start, base + len(hard)))
    return lines


class PassageView(ScrollView, can_focus=True):
    """Text with marked spans (mentions, matches …) and a focused span kept in view."""

    COMPONENT_CLASSES = {
        "passage--focus",
        "passage--country",
        "passage--organisation",
        "passage--person",
        "passage--quantity",
        "passage--cue",
        "passage--match",
        "passage--heading",
        "passage--boilerplate",
    }

    BINDINGS = [
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home,g", "scroll_home", "Top", show=False),
        Binding("end,G", "scroll_end", "Bottom", show=False),
    ]

    DEFAULT_CSS = """
    PassageView {
        scrollbar-gutter: stable;
        overflow-x: hidden;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = ""
        self._marks: list[tuple[int, int, str]] = []
        self._mark_starts: list[int] = []
        self._longest_mark = 0
        self._focus: tuple[int, int] | None = None
        self._lines: list[tuple[int, int]] = []
        self._starts: list[int] = []
        self._wrapped_width = -1
        self._line_cache: dict[int, Strip] = {}
        self._styles: dict[str, VisualStyle] = {}

    @property
    def text(self) -> str:
        return self._text

    @property
    def focus_span(self) -> tuple[int, int] | None:
        return self._focus

    def show(
        self,
        text: str,
        marks: Sequence[tuple[int, int, str]] = (),
        focus: tuple[int, int] | None = None,
    ) -> None:
        """Show `text` with `marks` (start, end, kind) and the `focus` span highlighted and in view."""
        self._text = safe(text)
        self._marks = sorted(marks)
        self._mark_starts = [m[0] for m in self._marks]
        self._longest_mark = max((e - s for s, e, _ in self._marks), default=0)
        self._focus = focus
        self._wrapped_width = -1
        self._rewrap()
        self.scroll_to(y=0, animate=False, immediate=True)
        self._scroll_to_focus()

    def set_focus_span(self, focus: tuple[int, int] | None) -> None:
        """Move the highlight to another span of the same text and bring it into view."""
        self._focus = focus
        self._line_cache.clear()
        self.refresh()
        self._scroll_to_focus()

    def line_of(self, offset: int) -> int:
        """The display line holding character `offset`."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def visible_text(self) -> str:
        """The lines on screen, as plain text (for tests and the curious)."""
        top = round(self.scroll_y)
        return "\n".join(
            self._text[s:e].rstrip() for s, e in self._lines[top : top + self.scrollable_content_region.height]
        )

    def _scroll_to_focus(self) -> None:
        if self._focus is None:
            return

        def scroll() -> None:
            if self._focus is None or not self._lines:
                return
            first, last = self.line_of(self._focus[0]), self.line_of(max(self._focus[0], self._focus[1] - 1))
            height = max(1, self.scrollable_content_region.height)
            # The sentence a third of the way down, or its start at the top when it is taller than the view.
            target = first - max(0, (height - (last - first + 1)) // 3)
            self.scroll_to(y=max(0, target), animate=False, immediate=True)

        self.call_after_refresh(scroll)

    def on_resize(self) -> None:
        if self._rewrap():
            self._scroll_to_focus()

    def _rewrap(self) -> bool:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_width:
            return False
        self._wrapped_width = width
        self._lines = wrap_offsets(self._text, width) if self._text else []
        self._starts = [s for s, _ in self._lines]
        self._line_cache.clear()
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()
        return True

    class Restyled(Message):
        """The view's styles changed (a new theme): what shows its mark colours elsewhere redraws them."""

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()  # a theme change restyles the component classes
        self._styles.clear()
        if self.is_mounted:
            self.post_message(self.Restyled())

    def _style(self, kind: str) -> VisualStyle:
        """The style of a mark kind. Kinds with a background (the focus, matches) are resolved whole:
        Textual's partial component styles drop an opaque background."""
        style = self._styles.get(kind)
        if style is None:
            name = f"passage--{kind}"
            if name not in self.COMPONENT_CLASSES:
                style = VisualStyle()
            else:
                whole = kind in ("focus", "match")
                style = self.get_visual_style(name, partial=not whole)
            self._styles[kind] = style
        return style

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        style = self.visual_style
        if index >= len(self._lines) or width <= 0:
            return Strip.blank(width, style.rich_style)
        if (strip := self._line_cache.get(index)) is not None:
            return strip
        start, end = self._lines[index]
        content = self._line_content(start, end)
        strips = Visual.to_strips(self, content, width, 1, style)
        strip = strips[0] if strips else Strip.blank(width, style.rich_style)
        strip = strip.extend_cell_length(width, style.rich_style).crop(0, width)
        self._line_cache[index] = strip
        return strip

    def _line_content(self, start: int, end: int) -> Content:
        text = self._text[start:end].rstrip()
        end = start + len(text)
        spans: list[Span] = []
        if self._focus is not None:
            a, b = max(self._focus[0], start), min(self._focus[1], end)
            if a < b:
                spans.append(Span(a - start, b - start, self._style("focus")))
        # Marks are sorted by start: only those starting within the longest mark's length
        # before this line can reach into it.
        first = bisect_left(self._mark_starts, start - self._longest_mark)
        for m_start, m_end, kind in self._marks[first : bisect_left(self._mark_starts, end)]:
            a, b = max(m_start, start), min(m_end, end)
            if a < b:
                spans.append(Span(a - start, b - start, self._style(kind)))
        return Content(text, spans, strip_control_codes=False)
