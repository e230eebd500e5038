"""A facet pane: countries, organisations or speakers with their claim counts.

The pane holds every entry of its kind (loaded once per data change) and narrows
them in memory as the user types in its filter box, showing at most `SHOWN`
rows so that a corpus with a hundred thousand names stays quick.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from extract.store.read import COUNTRY, EntityCount

from ..messages import FilterChosen
from ..text import safe, short_count

SHOWN = 500


# Keys that keep their meaning in a list; any other character typed there goes to its filter box.
NOT_TYPED = set("jk/?0123456789")


class FacetList(OptionList):
    """The entries of a facet; enter (or a click) filters the claims by one; typing filters the list."""

    COMPONENT_CLASSES = OptionList.COMPONENT_CLASSES | {"facet--count", "facet--code"}
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    @staticmethod
    def is_typed(event: events.Key) -> bool:
        """Whether the key is meant for the filter box rather than for the list or a shortcut."""
        char = event.character
        return bool(char and char.isprintable() and char not in NOT_TYPED and not event.key.startswith("ctrl+"))

    def on_key(self, event: events.Key) -> None:
        if self.is_typed(event):
            # Type-ahead: the letter starts (or continues) the filter instead of being a shortcut.
            event.stop()
            event.prevent_default()
            self.type_ahead(event.character or "")

    def type_ahead(self, char: str) -> None:
        """Put `char` in this list's filter box and move there."""
        box = self.parent.query_one(FacetFilter)  # type: ignore[union-attr]
        self.screen.set_focus(box)
        box.insert_text_at_cursor(char)


class FacetFilter(Input):
    """The filter box above a facet list; down or enter moves into the list."""

    BINDINGS = [Binding("down", "into_list", "To the list", show=False)]

    def action_into_list(self) -> None:
        self.parent.query_one(FacetList).focus()  # type: ignore[union-attr]


class FacetPane(Vertical):
    """A titled, filterable list of entities of one kind with their claim counts."""

    def __init__(self, kind: str, title: str, *, id: str) -> None:
        super().__init__(id=id, classes="facet pane")
        self.kind = kind
        self.border_title = title
        self._all: list[EntityCount] = []
        self._shown: list[EntityCount] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield FacetFilter(
            placeholder="type to filter",
            compact=True,
            select_on_focus=False,
            id=f"{self.id}-filter",
            classes="facet-filter",
        )
        yield FacetList(id=f"{self.id}-list")

    def on_mount(self) -> None:
        # The list caches its rendered rows: rebuild them in a new theme's colours.
        self.watch(self.app, "theme", self._refilter, init=False)

    @property
    def entities(self) -> list[EntityCount]:
        return self._all

    def set_entities(self, entities: list[EntityCount]) -> None:
        self._all = entities
        self.loaded = True
        self._refilter()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._refilter()

    def _refilter(self) -> None:
        needle = self.query_one(FacetFilter).value.strip().casefold()
        if needle:
            found = [
                e
                for e in self._all
                if needle in e.name.casefold() or (e.kind == COUNTRY and needle == e.key.casefold())
            ]
        else:
            found = self._all
        listing = self.query_one(FacetList)
        previous = listing.highlighted
        keep = self._shown[previous] if previous is not None and previous < len(self._shown) else None
        self._shown = found[:SHOWN]
        listing.set_options(Option(self._prompt(e)) for e in self._shown)
        if keep is not None and keep in self._shown:
            listing.highlighted = self._shown.index(keep)
        elif self._shown:
            listing.highlighted = 0
        total = len(self._all)
        self.border_subtitle = f"{len(found)} of {total}" if needle else (str(total) if self.loaded else "loading…")
        if needle and len(found) > SHOWN:
            self.border_subtitle += f" (first {SHOWN})"

    def _prompt(self, entity: EntityCount) -> Content:
        parts: list[str | tuple[str, str]] = [
            (f"{short_count(entity.claims):>5} ", ".facet--count"),
            safe(entity.name, one_line=True),
        ]
        if entity.kind == COUNTRY:
            parts.append((f" {entity.key}", ".facet--code"))
        return Content.assemble(*parts, strip_control_codes=False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        listing = self.query_one(FacetList)
        index = listing.highlighted if listing.highlighted is not None else 0
        if self._shown:
            self.post_message(FilterChosen(self._shown[index].filter()))
            self.screen.set_focus(listing)  # back in the list, where the screen's keys work again

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self._shown):
            self.post_message(FilterChosen(self._shown[event.option_index].filter()))
