"""Who says what about a country or organisation: its claims by speaker, with counts and
the quantities they cite, the countries named with it, and its claims over time.

Each line is a key away from the claims behind it: enter on a speaker lists the claims
about the entity by that speaker, enter on a country the claims naming both. The
timeline is a sparkline of the entity's claims per month of their documents' dates.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from extract.store import read as q
from extract.store.read import EntityCount, Filter

from ..data import Store
from ..text import safe
from .main import WorkerErrors


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


class AboutScreen(WorkerErrors, Screen[list[Filter] | None]):
    """Speakers, co-mentioned countries and a timeline of one entity's claims; dismissed with filters to apply."""

    BINDINGS = [Binding("escape", "back", "Back")]

    DEFAULT_CSS = """
    AboutScreen {
        & #about-summary { height: auto; padding: 0 1; }
        & #about-timeline { height: 4; padding: 0 1; }
        & Sparkline { height: 2; }
        & #about-timeline-axis { color: $text-muted; }
        & #about-lists { height: 1fr; }
        & .about-pane { border: round $foreground 30%; width: 1fr; }
        & .about-pane:focus-within { border: round $accent; }
        & .about-pane OptionList, & .about-pane OptionList:focus { border: none; height: 1fr; }
        & #about-hint { color: $text-muted; padding: 0 1; }
    }
    """

    def __init__(self, store: Store, entity: EntityCount, about: Filter | None = None) -> None:
        super().__init__(id="about-screen")
        self.store = store
        self.entity = entity
        self.about = about or entity.filter()  # the filter the entity's claims are shown by
        self.speakers: list[q.SpeakerSummary] = []
        self.neighbours: list[EntityCount] = []

    def compose(self) -> ComposeResult:
        yield Header(icon="§")
        yield Static("Reading…", id="about-summary", markup=False)
        with Vertical(id="about-timeline"):
            yield Sparkline([], id="about-sparkline")
            yield Static("", id="about-timeline-axis", markup=False)
        with Horizontal(id="about-lists"):
            with Vertical(classes="about-pane") as speakers:
                speakers.border_title = "Who says it"
                yield OptionList(id="about-speakers")
            with Vertical(classes="about-pane") as countries:
                countries.border_title = "Named with it"
                yield OptionList(id="about-countries")
        yield Static("enter: the claims behind a line · tab: the other list · esc: back", id="about-hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Who says what about {safe(self.entity.name, one_line=True)}"
        self.load()

    @work(thread=True, exclusive=True, group="about", exit_on_error=False)
    def load(self) -> None:
        entity_id = self.entity.id
        assert entity_id is not None
        speakers, unattributed = self.store.read(q.speakers_about, entity_id)
        neighbours = self.store.read(q.co_mentioned, entity_id)
        timeline = self.store.read(q.claims_timeline, entity_id)
        self.app.call_from_thread(self._show, speakers, unattributed, neighbours, timeline)

    def _show(
        self, speakers: list[q.SpeakerSummary], unattributed: int, neighbours: list[EntityCount], timeline: q.Timeline
    ) -> None:
        self.speakers, self.neighbours = speakers, neighbours
        name = safe(self.entity.name, one_line=True)
        total = sum(s.claims for s in speakers) + unattributed
        self.query_one("#about-summary", Static).update(
            f"{name}: {plural(total, 'claim')} · {plural(len(speakers), 'speaker')}"
            f" · {plural(unattributed, 'claim')} with no speaker named"
            f" · {plural(len(neighbours), 'country')} named with it"
        )
        spark = self.query_one("#about-sparkline", Sparkline)
        spark.data = [n for _, n in timeline.months] or [0]
        axis = "no dated claims"
        if timeline.months:
            first, last = timeline.months[0][0], timeline.months[-1][0]
            peak_month, peak = max(timeline.months, key=lambda m: m[1])
            axis = f"{first} … {last} · most in {peak_month} ({peak})" if first != last else f"{first} ({peak})"
        notes = []
        if timeline.undated:
            notes.append(f"{timeline.undated} undated")
        if timeline.from_files:
            notes.append(f"{timeline.from_files} dated only by their file's time")
        axis += f" · {', '.join(notes)}" if notes else ""
        self.query_one("#about-timeline-axis", Static).update("Claims per month: " + axis)
        listing = self.query_one("#about-speakers", OptionList)
        listing.clear_options()
        listing.add_options([Option(self._speaker_line(s)) for s in speakers])
        countries = self.query_one("#about-countries", OptionList)
        countries.clear_options()
        countries.add_options(
            [
                Option(Text(f"{name} + {safe(e.name, one_line=True)} ({e.key}) · {plural(e.claims, 'claim')}"))
                for e in neighbours
            ]
        )
        for options in (listing, countries):
            if options.option_count:
                options.highlighted = 0
        (listing if speakers else countries).focus()

    @staticmethod
    def _speaker_line(s: q.SpeakerSummary) -> Text:
        line = Text()
        line.append(safe(s.speaker.name, one_line=True), style="bold")
        line.append(f" · {plural(s.claims, 'claim')}")
        if s.quantities:
            more = s.quantity_count - len(s.quantities)
            cited = ", ".join(safe(t, one_line=True) for t in s.quantities) + (f" +{more}" if more > 0 else "")
            line.append(f" · {cited}", style="italic")
        return line

    def action_back(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_list, event.option_index)

    def _choose(self, listing: OptionList, index: int) -> None:
        about = self.about
        if listing.id == "about-speakers" and index < len(self.speakers):
            self.dismiss([about, self.speakers[index].speaker.filter()])
        elif listing.id == "about-countries" and index < len(self.neighbours):
            self.dismiss([about, self.neighbours[index].filter()])
