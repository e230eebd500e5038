"""The search box: full-text search over sentences, and what the typed text may name.

As the user types, the screen searches (at each key, in a worker; a newer key
interrupts a search still running) and fills the suggestions under the box:
what the text names, ranked by the one resolver the command palette uses too
(`extract.store.read.resolve_entities`): exact names, codes and aliases first ("UK" →
the United Kingdom, "Moscow" → Russia, "EU" → the European Union), then names starting
with it, then names holding it; then the sentence search itself. Enter takes the first.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from extract.store.read import COUNTRY, ORGANISATION, PERSON, SEARCH_TERMS, SPEAKER, EntityCount, search_words

from ..text import safe

KIND_NAMES = {COUNTRY: "Country", ORGANISATION: "Organisation", PERSON: "Person", SPEAKER: "Speaker"}
PLACEHOLDER = "Search sentences, or name a country, organisation, person or speaker  (/)"


class SearchInput(Input):
    BINDINGS = [
        Binding("down", "suggestions", "Suggestions", show=False),
        Binding("escape", "leave", "Leave search", tooltip="Keep the search and go to the claims"),
    ]

    def action_suggestions(self) -> None:
        suggestions = self.parent.query_one(Suggestions)  # type: ignore[union-attr]
        if suggestions.option_count:
            suggestions.focus()

    def action_leave(self) -> None:
        self.post_message(SearchBox.Left())


class Suggestions(OptionList):
    COMPONENT_CLASSES = OptionList.COMPONENT_CLASSES | {"suggestion--kind"}
    BINDINGS = [
        Binding("escape", "leave", "Back to search", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def action_leave(self) -> None:
        self.parent.query_one(SearchInput).focus()  # type: ignore[union-attr]


class SearchBox(Vertical):
    """The search input and its suggestions."""

    class Changed(Message):
        """The search text changed."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Chosen(Message):
        """A suggestion was taken: an entity to filter by, or None for the sentence search."""

        def __init__(self, entity: EntityCount | None) -> None:
            super().__init__()
            self.entity = entity

    class Left(Message):
        """The user left the search box (escape)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entities: list[EntityCount] = []
        self._text = ""

    def compose(self) -> ComposeResult:
        yield SearchInput(placeholder=PLACEHOLDER, id="search-input", compact=True)
        yield Suggestions(id="suggestions")

    @property
    def input(self) -> SearchInput:
        return self.query_one(SearchInput)

    @property
    def suggestions(self) -> list[EntityCount]:
        return self._entities

    def set_text(self, text: str) -> None:
        """Change the text without announcing it (the screen already knows)."""
        if self.input.value != text:
            with self.input.prevent(Input.Changed):
                self.input.value = text
        self._text = text
        if not text:
            self.show_suggestions("", [], None)

    def show_suggestions(self, text: str, entities: list[EntityCount], sentences: int | None) -> None:
        """Offer `entities` and the sentence search (`sentences` matches) for `text`."""
        self._text = text
        self._entities = entities
        options = [Option(self._prompt(e)) for e in entities]
        if text.strip() and sentences is not None:
            # A search uses its first SEARCH_TERMS distinct words: say so when there are more.
            capped = f" · first {SEARCH_TERMS} words searched" if len(search_words(text)) > SEARCH_TERMS else ""
            options.append(
                Option(
                    Content.assemble(
                        ("Sentences    ", ".suggestion--kind"),
                        "matching “",
                        safe(text[:200], one_line=True),
                        f"” · {sentences:,}{capped}",
                        strip_control_codes=False,
                    )
                )
            )
        listing = self.query_one(Suggestions)
        listing.set_options(options)
        if options:
            listing.highlighted = 0
        self._update_open()

    @staticmethod
    def _prompt(entity: EntityCount) -> Content:
        name = safe(entity.name, one_line=True) + (f" ({entity.key})" if entity.kind == COUNTRY else "")
        claims = (  # a speaker with no entity of its own ("analysts") is in the documents all the same
            f" · {entity.claims:,} claim{'s' if entity.claims != 1 else ''}"
            if entity.present
            else " · not in these documents"
        )
        return Content.assemble(
            (f"{KIND_NAMES.get(entity.kind, entity.kind):<13}", ".suggestion--kind"),
            name,
            claims,
            strip_control_codes=False,
        )

    def _update_open(self) -> None:
        focused = self.screen.focused if self.is_attached else None
        inside = focused is not None and focused in (self.input, self.query_one(Suggestions))
        self.set_class(inside and bool(self._text.strip()) and self.query_one(Suggestions).option_count > 0, "-open")

    def on_descendant_focus(self) -> None:
        self._update_open()

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self._update_open)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._text = event.value
        self.post_message(self.Changed(event.value))
        self._update_open()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose(0)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _choose(self, index: int) -> None:
        if not self._text.strip():
            self.post_message(self.Left())
            return
        self.post_message(self.Chosen(self._entities[index] if index < len(self._entities) else None))
