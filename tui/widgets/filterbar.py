"""The filter bar: the filters now applied, each removable.

The filters combine (a claim must satisfy all of them). With the bar focused,
left/right pick a filter and delete or enter removes it; a click on a filter
removes it too. `escape` anywhere on the main screen removes the last one.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from extract.store.read import COUNTRY, DOCUMENT, ORGANISATION, PERSON, SEARCH, SECTION, SPEAKER, Filter

from ..text import safe

KIND_LABELS = {
    DOCUMENT: "document",
    SECTION: "section",
    COUNTRY: "country",
    ORGANISATION: "organisation",
    PERSON: "person",
    SPEAKER: "speaker",
    SEARCH: "search",
}
HINT = "No filters · choose a section, country, organisation, speaker or person, or press / to search"


class FilterBar(Widget, can_focus=True):
    """The active filters as chips."""

    COMPONENT_CLASSES = {"filter-bar--chip", "filter-bar--selected", "filter-bar--kind", "filter-bar--hint"}
    BINDINGS = [
        Binding("left,h", "pick(-1)", "Previous filter", show=False),
        Binding("right,l", "pick(1)", "Next filter", show=False),
        Binding("delete,backspace,x,enter", "remove", "Remove filter", tooltip="Remove the chosen filter"),
    ]

    filters: reactive[tuple[Filter, ...]] = reactive((), always_update=True)
    """The filters shown, oldest first."""
    selected: reactive[int] = reactive(-1)
    """The chip the keys act on (the last one by default)."""

    class RemoveRequested(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._chips: list[tuple[int, int]] = []  # cell ranges of the chips, for clicks

    def watch_filters(self, filters: tuple[Filter, ...]) -> None:
        self.can_focus = bool(filters)
        self.selected = len(filters) - 1

    def validate_selected(self, value: int) -> int:
        return max(-1, min(value, len(self.filters) - 1))

    def render(self) -> Content:
        if not self.filters:
            self._chips = []
            return Content.styled(HINT, self.get_visual_style("filter-bar--hint"))
        parts: list[Content] = []
        self._chips = []
        x = 0
        for index, f in enumerate(self.filters):
            label = safe(f.label if f.kind != SEARCH else f"“{f.label}”", one_line=True)
            # Whole styles: Textual's partial component styles drop an opaque background.
            style = self.get_visual_style(
                "filter-bar--selected" if index == self.selected and self.has_focus else "filter-bar--chip"
            )
            chip = Content.assemble(
                " ",
                (f"{KIND_LABELS.get(f.kind, f.kind)}: ", self.get_visual_style("filter-bar--kind", partial=True)),
                label,
                " ✕ ",
                strip_control_codes=False,
            ).stylize_before(style)
            self._chips.append((x, x + chip.cell_length))
            x += chip.cell_length + 1
            parts.extend([chip, Content(" ")])
        return Content.assemble(*parts)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def watch_selected(self) -> None:
        self.refresh()

    def action_pick(self, step: int) -> None:
        if self.filters:
            self.selected = (self.selected + step) % len(self.filters)

    def action_remove(self) -> None:
        if 0 <= self.selected < len(self.filters):
            self.post_message(self.RemoveRequested(self.selected))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for index, (start, end) in enumerate(self._chips):
            if start <= offset.x < end:
                self.post_message(self.RemoveRequested(index))
                return
