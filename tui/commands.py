"""Command palette entries: "Go to country…", "Go to organisation…", "Go to speaker…".

Choosing one opens a second palette listing the entities of that kind (from the
lists the main screen has loaded), matched as you type; choosing an entity
filters the claims by it. Entity names are document text: they are shown as
`Content`, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from extract.store.read import COUNTRY, ORGANISATION, SPEAKER, EntityCount

from .text import safe

if TYPE_CHECKING:
    from .screens.main import MainScreen

GO_TO = (
    ("Go to country…", COUNTRY, "Filter the claims by a country"),
    ("Go to organisation…", ORGANISATION, "Filter the claims by an organisation they mention"),
    ("Go to speaker…", SPEAKER, "Filter the claims by who made them"),
)
DISCOVER = 100  # entries listed before anything is typed


class GoToCommands(Provider):
    """The three "Go to …" commands of the main screen."""

    async def discover(self) -> Hits:
        for title, kind, help in GO_TO:
            yield DiscoveryHit(title, partial(self._open, kind), help=help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, kind, help in GO_TO:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._open, kind), help=help)

    def _open(self, kind: str) -> None:
        screen: MainScreen = self.screen  # type: ignore[assignment]
        entities = screen.entities(kind)
        placeholder = {COUNTRY: "Country…", ORGANISATION: "Organisation…", SPEAKER: "Speaker…"}[kind]
        self.app.push_screen(
            CommandPalette(providers=[entity_provider(entities, screen.choose_entity)], placeholder=placeholder)
        )


def entity_label(entity: EntityCount) -> str:
    name = safe(entity.name, one_line=True)
    return f"{name} ({entity.key})" if entity.kind == COUNTRY else name


def entity_provider(entities: Sequence[EntityCount], choose: Callable[[EntityCount], None]) -> type[Provider]:
    """A palette provider over `entities`; choosing one calls `choose(entity)`."""

    class EntityProvider(Provider):
        async def discover(self) -> Hits:
            for entity in entities[:DISCOVER]:
                yield DiscoveryHit(
                    Content(entity_label(entity)),
                    partial(choose, entity),
                    text=entity_label(entity),
                    help=_claims(entity),
                )

        async def search(self, query: str) -> Hits:
            needle = query.strip().casefold()
            if not needle:
                return
            style = self.match_style or "reverse"
            for entity in entities:
                label = entity_label(entity)
                at = label.casefold().find(needle)
                if at < 0:
                    continue
                # Whole-name and prefix matches first, then word starts, then anywhere; busier entities first.
                word_start = at == 0 or not label[at - 1].isalnum()
                score = (1.0 if at == 0 else 0.8 if word_start else 0.5) * (0.9 + 0.1 * min(1.0, entity.claims / 100))
                display = Content(label).stylize(style, at, at + len(needle))
                yield Hit(score, display, partial(choose, entity), text=label, help=_claims(entity))

    return EntityProvider


def _claims(entity: EntityCount) -> str:
    return f"{entity.claims:,} claim{'s' if entity.claims != 1 else ''}"
