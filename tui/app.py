"""The explorer application: a thin shell that opens the main screen on a store.

`ExplorerApp` is built from a database path (tests give it a temporary one);
`run_explorer` is what the `policy-tui` command calls. Start-up reads only
SQLite: spaCy is imported later, by an ingest worker, and only if something
needs extracting.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from textual import events
from textual.app import App
from textual.binding import Binding

from extract import StoreError

from .data import Store
from .screens.main import MainScreen
from .settings import default_settings_path, load_settings, save_settings

SWITCH_INTERVAL = 0.001  # seconds a thread may hold the GIL while another waits for it


class ExplorerApp(App[None]):
    """policy-tui: what documents claim about countries, organisations and speakers.

    `search_delay` is a pause after the last key typed in the search box before searching;
    none by default, since a key typed while a search runs interrupts that search.
    `every_sentence` opens the claims list on every sentence (True) or the attributed
    claims only (False); by default, on what it was last closed with.
    """

    CSS_PATH = "app.tcss"
    TITLE = "policy-tui"

    BINDINGS = [
        Binding("q", "leave", "Quit", tooltip="Leave policy-tui"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="Show every key"),
    ]

    def __init__(
        self,
        db_path: str | Path,
        ingest_paths: Sequence[str | Path] = (),
        *,
        model: str | None = None,
        seed_if_empty: bool = True,
        search_delay: float = 0.0,
        settings_path: Path | None = None,
        every_sentence: bool | None = None,
    ) -> None:
        super().__init__()
        # The user's theme, kept in the user data folder (None: nothing kept, as in tests).
        self.settings_path = settings_path
        theme = load_settings(settings_path).get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self._switch_interval = sys.getswitchinterval()
        self.store = Store(db_path)
        self._main = MainScreen(
            self.store,
            ingest_paths=ingest_paths,
            model=model,
            seed_if_empty=seed_if_empty,
            search_delay=search_delay,
            every_sentence=every_sentence,
        )

    @property
    def main(self) -> MainScreen:
        return self._main

    last_input: str = "key"
    """What the user last used, "key" or "mouse" (layouts that move under a click wait for keys)."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.MouseDown):
            self.last_input = "mouse"
        elif isinstance(event, events.Key):
            self.last_input = "key"
        await super().on_event(event)

    def on_mount(self) -> None:
        # Workers fetch SQLite rows one step at a time, giving up the GIL at each; while the
        # event loop is busy drawing, Python's default 5 ms switch interval makes each row
        # wait that long for it back (a 20 ms page took 80 ms). 1 ms keeps reads near their
        # own speed at little cost to the loop.
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch_interval, SWITCH_INTERVAL))
        self.watch(self, "theme", self._theme_changed, init=False)
        self.push_screen(self._main)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "q" typed in the search box or a facet is a letter: the footer leaves it out there (ctrl+q still quits).
        if action == "leave" and self.screen is self._main and self._main.typing_here():
            return False
        return True

    def _theme_changed(self, theme: str) -> None:
        self.run_worker(partial(save_settings, self.settings_path, {"theme": theme}), thread=True, group="settings")

    async def action_quit(self) -> None:
        await self._main.save_view_state()  # the filters and the claim, for the next launch
        self.exit()

    async def action_leave(self) -> None:
        """Quit, from the `q` key (an action of its own, so that ctrl+q is never hidden with it)."""
        await self.action_quit()

    def started(self) -> None:
        """Everything start-up reads is loaded: keep it out of the garbage collector's way.

        The interface is built of many small objects that live as long as the app; with
        them in the collector's oldest generation a full collection took 100 ms, long enough
        to stall a key press. Frozen, they are no longer scanned.
        """
        gc.freeze()

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Save a screenshot (the palette's "Screenshot") beside the database, else in the user data folder.

        Textual saves it in ~/Downloads by default, which a server or a fresh account may
        not have; there the screenshot failed. The notification says where it went.
        """
        if path is None:
            from .screens.analyst import export_folder

            folder = export_folder(self.store.path)
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                self.notify(f"{folder}: {(exc.strerror or str(exc)).lower()}", title="Screenshot not saved",
                            severity="error", markup=False)
                return None
            path = str(folder)
        return super().deliver_screenshot(filename, path, time_format)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def show_problem(self, message: str) -> None:
        """Replace everything with a screen saying why the database cannot be used."""
        from .screens.problem import ProblemScreen

        self.push_screen(ProblemScreen(message))

    def on_unmount(self) -> None:
        self.store.close()
        sys.setswitchinterval(self._switch_interval)


def explorer(db_path: Path, paths: Sequence[str] = (), model: str | None = None) -> ExplorerApp:
    """The explorer on a database checked first (StoreError if it cannot be used)."""
    Store(db_path).prepare()  # a bad database is reported by the CLI as one line, before the screen opens
    return ExplorerApp(db_path, paths, model=model, settings_path=default_settings_path())


def run_explorer(db_path: Path, paths: list[str], model: str | None) -> int:
    """Check the database, then run the explorer on it (ingesting `paths` in the background first)."""
    explorer(db_path, paths, model).run()
    return 0


__all__ = ["ExplorerApp", "explorer", "run_explorer", "StoreError"]
