"""A facet pane: countries, organisations, people or speakers with their claim counts.

The pane holds every entry of its kind (loaded once per data change) and narrows
them in memory as the user types in its filter box, showing at most `SHOWN`
rows so that a corpus with a hundred thousand names stays quick.

Under filters, the counts are those of the claims the filters let through (read by the
screen in a worker and handed over with `set_narrowed`): entries with claims there come
first, the others follow dimmed at 0, so that a combination that leaves nothing is seen
before it is tried.

Keys: letters typed in the list start its filter box; digits (the pane keys), `/` and
`?` keep their meaning in the list and in the box (no name is typed with them), and
`esc` in the box goes back to the list, leaving the claims' filters alone.
"""

from __future__ import annotations

from dataclasses import replace

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


# Keys that keep their meaning in a facet (the list and its box): the pane keys, search and help.
APP_KEYS = set("/?0123456789")
# Keys that keep their meaning in a list; any other character typed there goes to its filter box.
NOT_TYPED = APP_KEYS | set("jk")


def count_key(entity: EntityCount) -> int | str:
    """How an entry is found among narrowed counts (`extract.store.read.narrowed_counts`)."""
    return entity.id if entity.id is not None else entity.key


class FacetList(OptionList):
    """The entries of a facet; enter (or a click) filters the claims by one; typing filters the list."""

    COMPONENT_CLASSES = OptionList.COMPONENT_CLASSES | {"facet--count", "facet--code", "facet--none"}
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
    """The filter box above a facet list; down or enter moves into the list, escape back to it."""

    BINDINGS = [
        Binding("down", "into_list", "To the list", show=False),
        Binding("escape", "into_list", "To the list", key_display="esc", tooltip="Back to the list (keeps the text)"),
    ]

    def check_consume_key(self, key: str, character: str | None) -> bool:
        # The pane keys, "/" and "?" are not text here: their bindings stay active (and in the footer).
        if character in APP_KEYS:
            return False
        return super().check_consume_key(key, character)

    async def _on_key(self, event: events.Key) -> None:
        if event.character in APP_KEYS:
            # Not typed (Input's own handler, next in line, is skipped): the key goes on to the
            # screen and the app, as from the list.
            event.prevent_default()

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
        self._narrowed: dict[int | str, int] | None = None  # counts under the filters (None: no filters)
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
        """Every entry with its count over all the claims (for the search and the palette)."""
        return self._all

    @property
    def shown(self) -> list[EntityCount]:
        """The entries listed, in order, with the counts they show (narrowed under filters)."""
        return self._shown

    def set_entities(self, entities: list[EntityCount]) -> None:
        self._all = entities
        self.loaded = True
        self._refilter()

    def set_narrowed(self, counts: dict[int | str, int] | None) -> None:
        """Show the counts under the current filters (None: no filters, the counts over all claims)."""
        if counts == self._narrowed and (counts is not None or self.loaded):
            return  # the same counts: the rows already show them
        self._narrowed = counts
        self._refilter()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._refilter()

    def _refilter(self) -> None:
        needle = self.query_one(FacetFilter).value.strip().casefold()
        entries = self._all
        if self._narrowed is not None:
            narrowed = self._narrowed
            entries = [replace(e, claims=narrowed.get(count_key(e), 0)) for e in entries]
            entries.sort(key=lambda e: -e.claims)  # stable: ties keep the order of the counts over all claims
        if needle:
            found = [
                e
                for e in entries
                if needle in e.name.casefold() or (e.kind == COUNTRY and needle == e.key.casefold())
            ]
        else:
            found = entries
        listing = self.query_one(FacetList)
        previous = listing.highlighted
        # The entry under the cursor stays under it while the list is in use; else the list starts at its top.
        keep = self._shown[previous] if previous is not None and previous < len(self._shown) else None
        if not listing.has_focus:
            keep = None
        self._shown = found[:SHOWN]
        listing.set_options(Option(self._prompt(e)) for e in self._shown)
        keys = [count_key(e) for e in self._shown]
        if keep is not None and count_key(keep) in keys:
            listing.highlighted = keys.index(count_key(keep))
        elif self._shown:
            listing.highlighted = 0
            listing.scroll_home(animate=False)
        total = len(self._all)
        if not self.loaded:
            subtitle = "loading…"
        elif self._narrowed is not None:
            here = sum(1 for e in found if e.claims)
            subtitle = f"{here} of {len(found) if needle else total} here"
        else:
            subtitle = f"{len(found)} of {total}" if needle else str(total)
        if needle and len(found) > SHOWN:
            subtitle += f" (first {SHOWN})"
        self.border_subtitle = subtitle

    def _prompt(self, entity: EntityCount) -> Content:
        none = self._narrowed is not None and not entity.claims
        parts: list[str | tuple[str, str]] = [
            (f"{short_count(entity.claims):>5} ", ".facet--count"),
            (safe(entity.name, one_line=True), ".facet--none") if none else safe(entity.name, one_line=True),
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

