"""The main screen: sections, countries, organisations, speakers, claims and source.

This screen holds the state that the panes share — the filters and the claim
being looked at — and does all reading in thread workers through the `Store`
(`extract.queries` functions on a per-thread connection), so the interface never
waits on SQLite or spaCy. Workers hand their results back with
`call_from_thread` and only apply them if nothing newer was asked for meanwhile.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from extract.store import read as q
from extract.store.read import (
    ATTRIBUTED_ONLY,
    COUNTRY,
    DATE,
    DOCUMENT,
    ORGANISATION,
    PERSON,
    SEARCH,
    SECTION,
    SPEAKER,
    EntityCount,
    Filter,
)

from ..commands import GoToCommands
from ..data import Store
from ..messages import FilterChosen
from ..text import safe
from ..widgets.claims import ClaimsTable
from ..widgets.facets import APP_KEYS, FacetFilter, FacetList, FacetPane
from ..widgets.filterbar import FilterBar
from ..widgets.ingest import IngestStatus
from ..widgets.passage import PassageView
from ..widgets.search import SearchBox
from ..widgets.sections import SectionsTree
from ..widgets.source import SourcePane
from .analyst import ANALYST_BINDINGS, AnalystActions, AnalystCommands, restore_every_sentence, restore_view

# Kinds of filter of which only one applies at a time (a claim has one place and one speaker);
# several countries or organisations combine.
SINGLE = {DOCUMENT: {DOCUMENT, SECTION}, SECTION: {DOCUMENT, SECTION}, SPEAKER: {SPEAKER}, SEARCH: {SEARCH}}
SINGLE[DATE] = {DATE}  # one date range at a time
REFRESH_EVERY = 1.0  # seconds between pane refreshes while an ingest adds documents
WATCH_EVERY = 1.0  # seconds between looks for documents another process (an ingest) has added
SHORT = 36  # terminals lower than this fold the side panes that are not in use
DOCUMENT_PAGE = q.DOCUMENT_PAGE  # documents read at a time for the Sections pane
COUNT_FIRST = 1000  # claims counted before the exact count of a large result follows
PANE_KEYS = {
    "1": "sections",
    "2": "countries",
    "3": "organisations",
    "4": "speakers",
    "5": "claims",
    "6": "source",
    "7": "people",
}
FACET_KINDS = (COUNTRY, ORGANISATION, PERSON, SPEAKER)  # the facets, in the order suggestions draw on them
NARROW_AFTER = 0.2  # seconds the filters must stay put before the facets' counts are narrowed to them
# Actions of letter keys: a box or list that takes typed letters (search, a facet) keeps them from working.
LETTER_ACTIONS = {
    *("read", "step", "copy_claim", "bookmark", "note", "bookmarks", "export_view", "who_says_what", "date_filter"),
    "every_sentence",
}


class WorkerErrors:
    """Show what went wrong in a worker as a notification (workers here never exit the app)."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(  # type: ignore[attr-defined]
                safe(str(error) or type(error).__name__),
                title="Something went wrong",
                severity="error",
                markup=False,
                timeout=8,
            )
            self.worker_failed(event.worker)
        elif event.state == WorkerState.CANCELLED:
            self.worker_cancelled(event.worker)

    def worker_failed(self, worker: Worker) -> None:
        """Undo what waits on a failed worker."""

    def worker_cancelled(self, worker: Worker) -> None:
        """Stop what a superseded worker is still doing."""


class MainScreen(AnalystActions, WorkerErrors, Screen[None]):
    """The explorer's panes."""

    COMMANDS = {GoToCommands, AnalystCommands}

    BINDINGS = [
        Binding("slash", "search", "Search", key_display="/", tooltip="Search the sentences, or name a country"),
        Binding("escape", "clear_last", "Clear filter", key_display="esc", tooltip="Remove the last filter"),
        Binding("r", "read", "Read", tooltip="Open the whole document at the chosen claim"),
        Binding("n", "step(1)", "Next", tooltip="Next claim of these filters in the same document"),
        Binding("p", "step(-1)", "Prev", tooltip="Previous claim of these filters in the same document"),
        # One key, two bindings: the footer shows the one that applies (`check_action`).
        Binding("a", "every_sentence(True)", "All sentences",
                tooltip="List every sentence, not only the claims a speaker or a cue attributes"),
        Binding("a", "every_sentence(False)", "Attributed", tooltip="List only the attributed claims again"),
        Binding("1", "pane('sections')", "Sections", show=False, tooltip="Go to the Sections pane"),
        Binding("2", "pane('countries')", "Countries", show=False, tooltip="Go to the Countries pane"),
        Binding("3", "pane('organisations')", "Organisations", show=False, tooltip="Go to the Organisations pane"),
        Binding("4", "pane('speakers')", "Speakers", show=False, tooltip="Go to the Speakers pane"),
        Binding("5", "pane('claims')", "Claims", show=False, tooltip="Go to the Claims pane"),
        Binding("6", "pane('source')", "Source", show=False, tooltip="Go to the Source pane"),
        Binding("7", "pane('people')", "People", show=False, tooltip="Go to the People pane"),
        *ANALYST_BINDINGS,
    ]

    filters: var[tuple[Filter, ...]] = var((), init=False)
    """The conditions every listed claim meets, in the order they were added.

    A `var`: the panes show the filters themselves, so the screen need not repaint whole.
    """

    every_sentence: var[bool] = var(False, init=False)
    """Whether the claims list holds every sentence, or (by default) only the attributed claims:
    those with a speaker or a reporting cue. Headlines and standfirsts are in neither."""

    def __init__(
        self,
        store: Store,
        *,
        ingest_paths: Sequence[str | Path] = (),
        model: str | None = None,
        seed_if_empty: bool = True,
        search_delay: float = 0.0,
        every_sentence: bool | None = None,
    ) -> None:
        super().__init__(id="main")
        self._every_given = every_sentence is not None  # else: as the explorer was last closed
        if every_sentence is not None:
            self.set_reactive(MainScreen.every_sentence, every_sentence)
        self.store = store
        self.ingest_paths = list(ingest_paths)
        self.model = model
        self.seed_if_empty = seed_if_empty
        self.search_delay = search_delay
        self._search_timer: Timer | None = None
        self._last_refresh = 0.0
        self._refresh_timer: Timer | None = None
        self._files_done = 0
        self._files_total = 0
        self.ready = False  # the database has been opened and checked
        self._rest_loaded = False  # the panes and counts have been asked for (after the first claims)
        self._counted: tuple[Filter, ...] | None = None  # the filters whose count was last asked for
        self._suggest_after: str | None = None  # search text to offer suggestions for once its claims show
        self._watch_timer: Timer | None = None
        self._data_version: int | None = None  # the database's last seen commit counter
        self.aliases: dict[str, frozenset[int]] = {}  # surface forms of the entities (for the resolver)
        self._narrowed_for: tuple[Filter, ...] | None = None  # the filters the facets' counts were last asked for
        self._narrow_timer: Timer | None = None

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="§")
        yield IngestStatus(id="ingest-status")
        yield FilterBar(id="filter-bar")
        yield SearchBox(id="search")
        with Horizontal(id="body"):
            with Vertical(id="left"):
                with Vertical(id="sections-pane", classes="pane") as sections:
                    sections.border_title = "Sections"
                    yield SectionsTree(id="sections")
                yield FacetPane(COUNTRY, "Countries", id="countries")
                yield FacetPane(ORGANISATION, "Organisations", id="organisations")
                yield FacetPane(SPEAKER, "Speakers", id="speakers")
                yield FacetPane(PERSON, "People", id="people")
            with Vertical(id="right"):
                with Vertical(id="claims-pane", classes="pane") as claims:
                    claims.border_title = "Claims"
                    yield ClaimsTable(id="claims")
                    yield Static("No claims match these filters.", id="claims-empty", markup=False)
                yield SourcePane(id="source")
        yield Footer()

    @property
    def table(self) -> ClaimsTable:
        return self.query_one(ClaimsTable)

    @property
    def source(self) -> SourcePane:
        return self.query_one(SourcePane)

    @property
    def search_box(self) -> SearchBox:
        return self.query_one(SearchBox)

    def facet(self, kind: str) -> FacetPane:
        return self.query_one(
            {COUNTRY: "#countries", ORGANISATION: "#organisations", PERSON: "#people", SPEAKER: "#speakers"}[kind],
            FacetPane,
        )

    def entities(self, kind: str) -> list[EntityCount]:
        """The loaded entities of a kind, busiest first (for the command palette)."""
        return self.facet(kind).entities

    def candidates(self) -> list[list[EntityCount]]:
        """Every loaded list the search suggestions are drawn from."""
        return [self.entities(kind) for kind in FACET_KINDS]

    AUTO_FOCUS = "#claims"  # focused as the screen first shows, so the footer is built once with its keys

    def on_mount(self) -> None:
        self.sub_title = safe(self.store.path.name, one_line=True)
        self._claims_title()
        self.on_resize()
        self.open_database(self.filters)

    def on_resize(self) -> None:
        self.set_class(self.size.height < SHORT, "-short")

    def on_descendant_focus(self, event) -> None:
        # Mark the pane in use (short terminals give it the room; CSS decides). Not on a click:
        # the panes would move under the mouse between the press and the release.
        if getattr(self.app, "last_input", "key") == "mouse":
            self.refresh_bindings()
            return
        left = self.query_one("#left")
        self.refresh_bindings()  # the footer shows the keys that work where the focus is now
        inside = left in event.widget.ancestors
        left.set_class(inside, "-active")
        for pane in left.query_children(".pane"):
            pane.set_class(inside and pane in event.widget.ancestors, "-current")

    def typing_here(self) -> bool:
        """Whether the focus takes typed letters (the search box, a facet's list or box)."""
        return isinstance(self.focused, (Input, FacetList))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Letters typed in a box or a facet list are text, not these keys: the footer leaves them out.
        if action in LETTER_ACTIONS and self.typing_here():
            return False
        if action == "every_sentence":
            return bool(parameters) and parameters[0] != self.every_sentence  # the footer shows the other one
        return True

    # --- opening and loading -----------------------------------------------------------
    #
    # Opening reads the first page of claims alone, so that it is painted as soon as it can
    # be; the panes, the counts and the country tables follow once it is on screen. After
    # that, a change of filters reads the page first and the count behind it. Workers that
    # newer work supersedes have their SQL interrupted, so they do not hold a core.

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_database(self, filters: tuple[Filter, ...]) -> None:
        documents = self.store.prepare()  # creates a missing database; StoreError explains a bad one
        self._data_version = self.store.data_version()  # commits from here on are noticed by watch_database
        claim = None
        every = self.every_sentence
        if documents and not filters:
            filters, claim = self.store.read(restore_view)  # the view the explorer was last closed on
        if documents and not self._every_given:
            every = self.store.read(restore_every_sentence)
        shown = self.shown(filters, every)
        page = self.store.read(q.claims_page, shown, at=claim) if documents else None  # no wait for a second worker
        if page is not None and claim is not None and not page.rows:
            page = self.store.read(q.claims_page, shown)
        self.app.call_from_thread(self._opened, documents, filters, page, claim, every)

    def _opened(
        self,
        documents: int,
        filters: tuple[Filter, ...],
        page: q.ClaimPage | None,
        claim: int | None = None,
        every: bool = False,
    ) -> None:
        if filters and not self.filters:
            self.filters = filters  # restored: shown, not read again (not ready yet)
        self.every_sentence = every
        self.ready = True
        self._watch_timer = self.set_interval(WATCH_EVERY, self.watch_database)
        self.load_saved_searches()
        if page is not None and filters == self.filters:
            self._show_page(self.shown(), page, "replace", claim)
        else:
            self.load_claims(self.shown(), "replace")
        if self.ingest_paths:
            self.start_ingest(self.ingest_paths, "Ingesting")
        elif documents == 0 and self.seed_if_empty:
            from extract import seed_paths

            self.start_ingest(seed_paths(), "First run: ingesting the bundled sample documents")

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def watch_database(self) -> None:
        """Refresh the panes when another connection has committed (an ingest run elsewhere)."""
        version = self.store.data_version()
        if self._data_version is not None and version != self._data_version:
            self.app.call_from_thread(self._documents_landed)
        self._data_version = version

    def _first_page_shown(self) -> None:
        """The first claims are on screen: now read the rest."""
        if self._rest_loaded:
            return
        self._rest_loaded = True
        self.load_lists(self.query_one(SectionsTree).documents_listed, warm_up=True)

    def worker_failed(self, worker: Worker) -> None:
        if worker.group == "open":
            self.app.show_problem(str(worker.error))  # type: ignore[attr-defined]
        elif worker.group == "claims":
            self.table.loading_failed()
            self._suggest_pending()
            self.call_after_refresh(self._first_page_shown)
        elif worker.group == "documents":
            self.query_one(SectionsTree).loading_failed()
        elif worker.group == "ingest":
            self.query_one(IngestStatus).end()
            self.reload()
        elif worker.group == "watch" and self._watch_timer is not None:
            self._watch_timer.stop()  # said once; the panes still refresh on the explorer's own ingests

    def worker_cancelled(self, worker: Worker) -> None:
        self.store.interrupt(worker)

    def reload(self, keep_place: bool = False) -> None:
        """Read everything again: the panes, the claims (keeping the cursor's claim if asked) and counts."""
        self._counted = None
        self._narrowed_for = None
        current = self.table.current
        first = self.table.claims[0].id if self.table.claims else None
        if keep_place and current is not None and first is not None:
            self.load_claims(self.shown(), "replace", at=first, cursor_on=current.id)
        else:
            self.load_claims(self.shown(), "replace")
        if self._rest_loaded:
            self.load_lists(self.query_one(SectionsTree).documents_listed)

    @work(thread=True, exclusive=True, group="lists", exit_on_error=False)
    def load_lists(self, documents: int, warm_up: bool = False) -> None:
        """The Sections pane's documents (as many as are listed, at least a page) and the facets."""
        worker = get_current_worker()
        listed: dict[str, object] = {"attributed": not self.every_sentence}  # the documents' counts follow the list
        steps: list[tuple[str, Callable[..., object], tuple[object, ...], dict[str, object]]] = [
            ("documents", q.documents_page, (None, max(DOCUMENT_PAGE, documents)), listed),
            (COUNTRY, q.entity_counts, (COUNTRY,), {}),
            (ORGANISATION, q.entity_counts, (ORGANISATION,), {}),
            (SPEAKER, q.speaker_counts, (), {}),
            (PERSON, q.entity_counts, (PERSON,), {}),
            ("aliases", q.alias_index, (), {}),
        ]
        for name, fn, args, kwargs in steps:
            result = self.store.read(fn, *args, **kwargs)
            if worker.is_cancelled:
                return
            self.app.call_from_thread(self._show_list, name, result)
        if warm_up:
            q.country_code("Russia")  # builds the country name tables now, so the first search does not wait
            self.app.call_from_thread(self.app.started)  # type: ignore[attr-defined]

    def _show_list(self, name: str, result) -> None:
        if name == "documents":
            self.query_one(SectionsTree).set_documents(result)
            return
        if name == "aliases":
            self.aliases = result
        else:
            self.facet(name).set_entities(result)
        # Suggestions made while the lists were still loading ranked against nothing: offer them again.
        text = self.search_box.input.value
        if text.strip() and self.search_box.input.has_focus:
            self.suggest(text, self.candidates())

    @on(SectionsTree.DocumentsWanted)
    def _documents_wanted(self, event: SectionsTree.DocumentsWanted) -> None:
        self.load_documents(event.after)

    @work(thread=True, exclusive=True, group="documents", exit_on_error=False)
    def load_documents(self, after: q.DocumentKey) -> None:
        page = self.store.read(q.documents_page, after, DOCUMENT_PAGE, attributed=not self.every_sentence)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.query_one(SectionsTree).set_documents, page, append=True)

    @on(SectionsTree.SectionsWanted)
    def _sections_wanted(self, event: SectionsTree.SectionsWanted) -> None:
        self.load_sections(event.document_id)

    @work(thread=True, group="sections", exit_on_error=False)
    def load_sections(self, document_id: int) -> None:
        sections = self.store.read(q.sections, document_id, attributed=not self.every_sentence)
        self.app.call_from_thread(self.query_one(SectionsTree).set_sections, document_id, sections)

    @work(thread=True, exclusive=True, group="claims", exit_on_error=False)
    def load_claims(
        self,
        filters: tuple[Filter, ...],
        where: str,
        key: q.Key | None = None,
        *,
        at: int | None = None,
        cursor_on: int | None = None,
    ) -> None:
        if where == "after":
            page = self.store.read(q.claims_page, filters, after=key)
        elif where == "before":
            page = self.store.read(q.claims_page, filters, before=key)
        elif where == "last":
            page = self.store.read(q.claims_page, filters, last=True)
        else:
            page = self.store.read(q.claims_page, filters, at=at)
            if at is not None and not page.rows:
                page = self.store.read(q.claims_page, filters)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_page, filters, page, where, cursor_on)

    def _show_page(self, filters: tuple[Filter, ...], page: q.ClaimPage, where: str, cursor_on: int | None) -> None:
        if filters != self.shown():
            return  # the filters changed while this page was read; a newer read is on its way
        table = self.table
        if where in ("first", "last"):
            table.show_page(page, "replace", at_end=where == "last")
        else:
            table.show_page(page, where, cursor_on=cursor_on)
        self.query_one("#claims-pane").set_class(not table.claims, "-empty")
        if self._counted != filters:
            self._counted = filters
            self.load_count(filters)  # behind the page, so that the page does not wait for it
        if self._narrowed_for != filters:
            self._narrowed_for = filters
            self._narrow_soon(filters)
        if self._suggest_after is not None:
            self.call_after_refresh(self._suggest_pending)
        if not self._rest_loaded:
            self.call_after_refresh(self._first_page_shown)

    @work(thread=True, exclusive=True, group="count", exit_on_error=False)
    def load_count(self, filters: tuple[Filter, ...]) -> None:
        # A bounded count first: exactly counting a common word's claims in a large
        # database reads every match (a fifth of a second at a million sentences).
        count = self.store.read(q.count_claims, filters, at_most=COUNT_FIRST)
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(self._show_count, filters, count, count <= COUNT_FIRST)
        if count > COUNT_FIRST:
            count = self.store.read(q.count_claims, filters)  # then the exact one, unless the filters change
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._show_count, filters, count, True)

    def _show_count(self, filters: tuple[Filter, ...], count: int, exact: bool) -> None:
        if filters == self.shown():
            self._claims_title(f"{count:,}" if exact else f"more than {COUNT_FIRST:,}")

    def _claims_title(self, count: str | None = None) -> None:
        """The Claims pane's title: which claims it lists (attributed, or every sentence) and how many."""
        what = "every sentence" if self.every_sentence else "attributed"
        self.query_one("#claims-pane").border_title = " · ".join(p for p in ("Claims", what, count) if p)

    def shown(self, filters: tuple[Filter, ...] | None = None, every: bool | None = None) -> tuple[Filter, ...]:
        """The filters the claims list is read with: the user's, and unless every sentence is asked for,
        only the attributed claims."""
        filters = self.filters if filters is None else filters
        every = self.every_sentence if every is None else every
        return filters if every else (*filters, ATTRIBUTED_ONLY)

    def action_every_sentence(self, every: bool) -> None:
        self.every_sentence = every

    def watch_every_sentence(self, every: bool) -> None:
        self.refresh_bindings()
        self._claims_title()
        if not self.ready:
            return
        current = self.table.current
        self._counted = None
        # The cursor stays on its claim when the other list holds it too.
        self.load_claims(self.shown(), "replace", at=current.id if current else None,
                         cursor_on=current.id if current else None)
        if self._rest_loaded:  # the documents' and sections' counts follow the list
            self.load_lists(self.query_one(SectionsTree).documents_listed)

    # --- the facets' counts under the filters ---------------------------------------------------

    def _narrow_soon(self, filters: tuple[Filter, ...]) -> None:
        """Narrow the facets' counts to the filters once they stay put (typing a search changes them at every key)."""
        if self._narrow_timer is not None:
            self._narrow_timer.stop()
            self._narrow_timer = None
        if not filters:
            self.workers.cancel_group(self, "narrow")
            self.call_after_refresh(self._unnarrow)  # after the claims are painted: their frame does not wait
            return
        self._narrow_timer = self.set_timer(NARROW_AFTER, partial(self._narrow_now, filters))

    def _unnarrow(self) -> None:
        if not self.shown():
            for kind in FACET_KINDS:
                self.facet(kind).set_narrowed(None)

    def _narrow_now(self, filters: tuple[Filter, ...]) -> None:
        self._narrow_timer = None
        if filters == self.shown():  # the list's filters: the user's, and the attributed claims unless every sentence
            self.load_narrowed(filters)

    @work(thread=True, exclusive=True, group="narrow", exit_on_error=False)
    def load_narrowed(self, filters: tuple[Filter, ...]) -> None:
        counts = self.store.read(q.narrowed_counts, filters)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_narrowed, filters, counts)

    def _show_narrowed(self, filters: tuple[Filter, ...], counts: dict[str, dict[int | str, int]]) -> None:
        if filters == self.shown():
            for kind in FACET_KINDS:
                self.facet(kind).set_narrowed(counts.get(kind, {}))

    @on(ClaimsTable.RowsWanted)
    def _rows_wanted(self, event: ClaimsTable.RowsWanted) -> None:
        self.load_claims(self.shown(), event.where, event.key)

    @on(ClaimsTable.ClaimHighlighted)
    def _claim_highlighted(self, event: ClaimsTable.ClaimHighlighted) -> None:
        if event.row is None:
            self.source.show(None)
        else:
            # After the next frame: a new page of claims is painted before its first claim's source.
            self.call_after_refresh(self.load_detail, event.row.id, q.search_text(self.filters))

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def load_detail(self, claim_id: int, search: str | None) -> None:
        detail = self.store.read(q.claim_detail, claim_id, search)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_detail, claim_id, detail)

    def _show_detail(self, claim_id: int, detail: q.ClaimDetail | None) -> None:
        current = self.table.current
        if current is not None and current.id == claim_id:
            self.source.show(detail)

    # --- filters -------------------------------------------------------------------------

    def watch_filters(self, filters: tuple[Filter, ...]) -> None:
        # Counts for the old filters are of no use now: stop reading them (the SQL is interrupted).
        if self._narrow_timer is not None:
            self._narrow_timer.stop()
            self._narrow_timer = None
        self.workers.cancel_group(self, "narrow")
        self.query_one(FilterBar).filters = filters
        self.search_box.set_text(q.search_text(filters) or "")
        self._claims_title()
        if self.ready:
            self.load_claims(self.shown(), "replace")

    def add_filter(self, new: Filter) -> None:
        if new in self.filters:
            return
        replaced = SINGLE.get(new.kind, set())
        self.filters = tuple(f for f in self.filters if f.kind not in replaced) + (new,)

    def remove_filter(self, index: int) -> None:
        if 0 <= index < len(self.filters):
            self.filters = self.filters[:index] + self.filters[index + 1 :]
        if not self.filters and self.focused is self.query_one(FilterBar):
            self.table.focus()

    @on(FilterChosen)
    def _filter_chosen(self, event: FilterChosen) -> None:
        self.add_filter(event.filter)

    def choose_entity(self, entity: EntityCount) -> None:
        """Filter by an entity (from the search suggestions or the command palette) and show its claims."""
        if entity.id is None and entity.kind != SPEAKER:
            self.notify(f"{safe(entity.name, one_line=True)} is not mentioned in these documents.", markup=False)
            return
        self.filters = tuple(f for f in self.filters if f.kind != SEARCH)
        self.add_filter(entity.filter())
        self.table.focus()

    @on(FilterBar.RemoveRequested)
    def _remove_requested(self, event: FilterBar.RemoveRequested) -> None:
        self.remove_filter(event.index)

    def action_clear_last(self) -> None:
        if self.filters:
            self.remove_filter(len(self.filters) - 1)

    # --- search ----------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        # Keys that move focus ("/", the pane digits) are handled here, as they bubble up from
        # the pane, rather than left to their bindings, which run only once the key reaches the
        # app: keys typed right after them are already queued for the old pane, and must find
        # the new focus in place when they bubble up here in their turn.
        focused = self.focused
        pane_key = event.key == "slash" or event.key in PANE_KEYS
        in_facet_box = isinstance(focused, FacetFilter) and event.character in APP_KEYS  # the box leaves them be
        if pane_key and (not isinstance(focused, Input) or in_facet_box):
            event.stop()
            event.prevent_default()
            if event.key == "slash":
                self.action_search()
            else:
                self.action_pane(PANE_KEYS[event.key])
        elif event.is_printable and event.character:
            # A key the previous pane did not use: it was typed for the box that has focus now.
            if isinstance(focused, FacetList):
                if not focused.is_typed(event):
                    return  # j, k and the like are the list's own keys: its bindings take them
                focused.type_ahead(event.character)
            elif isinstance(focused, Input):
                if isinstance(focused, FacetFilter) and event.character in APP_KEYS:
                    return  # "?" from a facet's box: the app's key, not text
                focused.insert_text_at_cursor(event.character)
            else:
                return
            event.stop()
            event.prevent_default()

    def action_search(self) -> None:
        # Focus now, not after the queued keys: "/" then fast typing must all land in the box.
        self.set_focus(self.search_box.input)

    @on(SearchBox.Changed)
    def _search_changed(self, event: SearchBox.Changed) -> None:
        if event.text != self.search_box.input.value:
            return  # more was typed since: that key's own message follows, and this search is stale
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        if self.search_delay > 0:
            self._search_timer = self.set_timer(self.search_delay, lambda: self.apply_search(event.text))
        else:
            self.apply_search(event.text)

    def apply_search(self, text: str) -> None:
        """Make `text` the search filter (in place, if there is one) and offer what it may name."""
        self._search_timer = None
        filters = list(self.filters)
        index = next((i for i, f in enumerate(filters) if f.kind == SEARCH), None)
        if not text.strip():
            if index is not None:
                del filters[index]
        elif index is None:
            filters.append(Filter(SEARCH, text, text))
        else:
            filters[index] = Filter(SEARCH, text, text)
        before, self.filters = self.filters, tuple(filters)
        if not text.strip():
            return
        if self.filters != before and self.ready:
            self._suggest_after = text  # once its claims are on screen: the two would share one slow frame
        else:
            self.suggest(text, self.candidates())

    def _suggest_pending(self) -> None:
        text, self._suggest_after = self._suggest_after, None
        if text is not None and text == self.search_box.input.value:
            self.suggest(text, self.candidates())

    def suggest(self, text: str, lists: list[list[EntityCount]]) -> None:
        """Rank the loaded entities against `text` (the country it names first) and count matching sentences."""
        # run_worker with a description: @work would describe the worker with repr() of its
        # arguments, thousands of entities, on every key typed.
        self.run_worker(
            partial(self._suggest, text, lists),
            name="suggest",
            group="suggest",
            description=f"suggest {text!r}",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def _suggest(self, text: str, lists: list[list[EntityCount]]) -> None:
        ranked = q.resolve_entities(text, (e for entities in lists for e in entities), self.aliases)
        sentences = self.store.read(q.search_count, text)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.search_box.show_suggestions, text, ranked, sentences)

    def _flush_search(self) -> None:
        """Leaving the box before the typing pause ends: search what was typed now."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self.apply_search(self.search_box.input.value)

    @on(SearchBox.Chosen)
    def _search_chosen(self, event: SearchBox.Chosen) -> None:
        self._flush_search()
        if event.entity is not None:
            self.choose_entity(event.entity)
        else:
            self.table.focus()

    @on(SearchBox.Left)
    def _search_left(self) -> None:
        self._flush_search()
        self.table.focus()

    # --- claims ----------------------------------------------------------------------------

    def action_step(self, step: int) -> None:
        current = self.table.current
        if current is None:
            self.app.bell()
            return
        self.step_claim(self.shown(), current.id, step)

    @work(thread=True, exclusive=True, group="step", exit_on_error=False)
    def step_claim(self, filters: tuple[Filter, ...], claim_id: int, step: int) -> None:
        found = self.store.read(q.adjacent_claim, filters, claim_id, step)
        if found is None:
            self.app.call_from_thread(
                self.notify,
                f"No {'next' if step > 0 else 'previous'} claim of these filters in this document.",
                timeout=3,
            )
        else:
            self.app.call_from_thread(self.go_to_claim, found)

    def go_to_claim(self, claim_id: int) -> None:
        """Put the cursor on a claim, loading the page it is on if need be."""
        if not self.table.move_to(claim_id):
            self.load_claims(self.shown(), "replace", at=claim_id, cursor_on=claim_id)

    @on(ClaimsTable.ClaimChosen)
    def _claim_chosen(self, event: ClaimsTable.ClaimChosen) -> None:
        self.action_read()

    def action_read(self) -> None:
        current = self.table.current
        if current is None:
            self.app.bell()
            return
        from .reader import ReaderScreen

        def back(claim_id: int | None) -> None:
            if claim_id is not None:
                self.go_to_claim(claim_id)

        self.app.push_screen(ReaderScreen(self.store, self.shown(), current.id), back)

    def action_pane(self, name: str) -> None:
        targets: dict[str, type[Widget] | str] = {
            "sections": SectionsTree,
            "countries": "#countries FacetList",
            "organisations": "#organisations FacetList",
            "speakers": "#speakers FacetList",
            "people": "#people FacetList",
            "claims": ClaimsTable,
            "source": PassageView,
        }
        self.set_focus(self.query_one(targets[name]))  # type: ignore[call-overload]

    # --- ingest ----------------------------------------------------------------------------

    def start_ingest(self, paths: Sequence[str | Path], what: str) -> None:
        self._files_done = self._files_total = 0
        self.query_one(IngestStatus).begin(f"{what}…")
        self.ingest([str(p) for p in paths])

    @work(thread=True, exclusive=True, group="ingest", exit_on_error=False)
    def ingest(self, paths: list[str]) -> None:
        from extract.ingest import ingest  # spaCy is imported by this call, in this thread, only now

        worker = get_current_worker()

        def report(progress) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._ingest_progress, progress)

        summary = ingest(
            paths, self.store.path, model=self.model, on_progress=report, should_stop=lambda: worker.is_cancelled
        )
        if not worker.is_cancelled:
            self.app.call_from_thread(self._ingest_done, summary)

    def _ingest_progress(self, progress) -> None:
        status = self.query_one(IngestStatus)
        name = Path(progress.path).name if progress.path else ""
        if progress.event == "found":
            self._files_total = progress.total
            status.show(
                f"Ingesting {progress.total} file{'s' if progress.total != 1 else ''}…", 0, progress.total or None
            )
        elif progress.event == "start":
            status.show(
                f"Ingesting {self._files_done + 1}/{self._files_total} · {name}",
                self._files_done,
                self._files_total or None,
            )
        elif progress.event == "text":
            part = progress.done / progress.total if progress.total else 0
            status.show(
                f"Ingesting {self._files_done + 1}/{self._files_total} · {name} · {progress.sentences:,} sentences",
                self._files_done + part,
                self._files_total or None,
            )
        elif progress.event in ("done", "failed"):
            if progress.path:
                self._files_done += 1
            if progress.event == "failed":
                self.notify(safe(progress.error), title="Not ingested", severity="error", markup=False, timeout=8)
            elif progress.result is not None and progress.result.status != "unchanged":
                self._documents_landed()

    def _documents_landed(self) -> None:
        """Refresh the panes as documents arrive, at most once every REFRESH_EVERY seconds."""
        now = time.monotonic()
        if now - self._last_refresh >= REFRESH_EVERY:
            self._last_refresh = now
            self.reload(keep_place=True)
        elif self._refresh_timer is None:

            def later() -> None:
                self._refresh_timer = None
                self._last_refresh = time.monotonic()
                self.reload(keep_place=True)

            self._refresh_timer = self.set_timer(REFRESH_EVERY - (now - self._last_refresh), later)

    def _ingest_done(self, summary) -> None:
        self.query_one(IngestStatus).end()
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
            self._refresh_timer = None
        self.reload(keep_place=True)
        message = (
            f"{summary.documents} document{'s' if summary.documents != 1 else ''} ingested"
            f" ({summary.sentences:,} sentences, {summary.claims:,} claims)"
        )
        if summary.unchanged:
            message += f", {summary.unchanged} unchanged"
        if summary.failures:
            message += f", {len(summary.failures)} failed"
        self.notify(
            message, title="Ingest finished", severity="warning" if summary.failures else "information", markup=False
        )
