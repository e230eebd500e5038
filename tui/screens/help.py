"""The help screen: every key of the explorer, read from the bindings themselves.

Generated from the `BINDINGS` of the app, the screens and the panes, so it can
never disagree with what the keys do; the keys Textual gives every app (tab,
the command palette) are listed with them.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

EXTRA = {
    "Everywhere": [
        ("tab / shift+tab", "Next / previous pane"),
        ("ctrl+p", "Command palette: go to a country, organisation, person or speaker; change the theme"),
    ],
    "Lists, tree and claims": [
        ("↑ ↓ / j k", "Move"),
        ("a–z", "In Countries, Organisations, Speakers and People: type to narrow the list"),
        ("enter", "Choose: filter by it (lists, tree) or open the reader (claims)"),
        ("pageup / pagedown", "Move a page"),
    ],
}


def _sections(app) -> list[tuple[str, list[tuple[str, str]]]]:
    from ..widgets.claims import ClaimsTable
    from ..widgets.facets import FacetFilter
    from ..widgets.filterbar import FilterBar
    from ..widgets.passage import PassageView
    from ..widgets.search import SearchInput, Suggestions
    from ..widgets.sections import SectionsTree
    from .main import MainScreen
    from .reader import ReaderScreen

    def rows(bindings: list[BindingType]) -> list[tuple[str, str]]:
        grouped: dict[tuple[str, str], list[str]] = {}
        for binding in Binding.make_bindings(bindings):
            if not binding.description:
                continue
            text = binding.tooltip or binding.description
            grouped.setdefault((binding.action, text), []).append(app.get_key_display(binding))
        return [(" / ".join(dict.fromkeys(keys)), description) for (_, description), keys in grouped.items()]

    return [
        ("Everywhere", rows(app.BINDINGS) + EXTRA["Everywhere"]),
        ("Main screen", rows(MainScreen.BINDINGS)),
        (
            "Lists, tree and claims",
            EXTRA["Lists, tree and claims"]
            + rows(ClaimsTable.BINDINGS)[2:]
            + rows(SectionsTree.BINDINGS)[2:]
            + [("space", "Show or hide a document's sections")],
        ),
        ("Filter boxes", rows(FacetFilter.BINDINGS)),
        ("Filter bar", rows(FilterBar.BINDINGS)),
        (
            "Search box",
            [("enter", "Take the first suggestion"), *rows(SearchInput.BINDINGS), *rows(Suggestions.BINDINGS)[:1]],
        ),
        ("Source and reader", rows(PassageView.BINDINGS)[2:] + rows(ReaderScreen.BINDINGS)),
    ]


class HelpScreen(ModalScreen[None]):
    """All keys, by where they work."""

    BINDINGS = [
        Binding("escape,question_mark,enter", "dismiss", "Close help", key_display="esc"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
    ]

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_relative(y=lines, animate=False)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc closes"
            for title, rows in _sections(self.app):
                yield Static(Content.styled(title, "bold $accent"), classes="help-title")
                for key, description in rows:
                    with Horizontal(classes="help-row"):
                        yield Label(key, classes="help-key", markup=False)
                        yield Label(description, classes="help-keys", markup=False)
