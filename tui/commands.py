"""Command palette entries: "Go to country…", "Go to organisation…", "Go to person…", "Go to speaker…".

Choosing one opens a second palette listing the entities of that kind (from the
lists the main screen has loaded), matched as you type by the resolver the search box
uses (`extract.store.read.resolve_entities`): exact names, codes, demonyms, capitals and
aliases first ("Russian", "Moscow", "UK"), then names starting with the text, then
names holding it. Choosing an entity filters the claims by it. Entity names are
document text: they are shown as `Content`, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from extract.store.read import COUNTRY, ORGANISATION, PERSON, SPEAKER, EntityCount, resolve_entities

from .text import safe

if TYPE_CHECKING:
    from .screens.main import MainScreen

GO_TO = (
    ("Go to country…", COUNTRY, "Filter the claims by a country"),
    ("Go to organisation…", ORGANISATION, "Filter the claims by an organisation they mention"),
    ("Go to person…", PERSON, "Filter the claims by a person they mention"),
    ("Go to speaker…", SPEAKER, "Filter the claims by who made them"),
)
PLACEHOLDERS = {COUNTRY: "Country…", ORGANISATION: "Organisation…", PERSON: "Person…", SPEAKER: "Speaker…"}
DISCOVER = 100  # entries listed before anything is typed


class GoToCommands(Provider):
    """The "Go to …" commands of the main screen."""

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
        self.app.push_screen(
            CommandPalette(
                providers=[entity_provider(entities, screen.choose_entity, screen.aliases)],  # type: ignore[list-item]
                placeholder=PLACEHOLDERS[kind],
            )
        )


def entity_label(entity: EntityCount) -> str:
    name = safe(entity.name, one_line=True)
    return f"{name} ({entity.key})" if entity.kind == COUNTRY else name


def entity_provider(
    entities: Sequence[EntityCount],
    choose: Callable[[EntityCount], None],
    aliases: Mapping[str, Collection[int]] | None = None,
) -> type[Provider]:
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
            # Only entities these documents hold: the palette lists what can be gone to.
            ranked = resolve_entities(query, entities, aliases, limit=None, countries=False)
            for rank, entity in enumerate(ranked):
                label = entity_label(entity)
                display = Content(label)
                at = label.casefold().find(needle)
                if at >= 0:
                    display = display.stylize(style, at, at + len(needle))
                score = 1.0 - rank / (len(ranked) + 1)  # the palette sorts by score: keep the resolver's order
                yield Hit(score, display, partial(choose, entity), text=label, help=_claims(entity))

    return EntityProvider


def _claims(entity: EntityCount) -> str:
    return f"{entity.claims:,} claim{'s' if entity.claims != 1 else ''}"
