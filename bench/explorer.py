"""Benchmark 4: how quickly the explorer answers, against an empty Textual app.

Every figure comes from a fresh process, so start-up and peak memory are its own:

- launch → first painted claims: from starting `python` to the first frame in
  which rows of the claims list are drawn, the explorer opened as the `policy-tui`
  command opens it (its imports, the database checked); against a bare Textual
  app with a header, a one-row table and a footer (launch → the frame with its row);
- key press → updated claims pane: from a key reaching the app to the first frame
  drawn with the claims it asked for. Searching: after `/`, each search typed and
  erased a key at a time, every key a sample, the screen at rest before the next;
  and typed briskly (keys 80 ms apart), the last key of each word a sample, up to
  the claims of the whole word. Choosing a country: enter on each of the busiest
  in the Countries pane, then esc to clear it, both samples. The explorer's own
  search pause is used (none, by default; `--pause` sets one);
- choosing a country → facets narrowed: from the enter above to the facets showing
  their counts under that country (the explorer waits for the filters to stay put
  first, `NARROW_AFTER`, then reads every claim they let through), and the read alone;
- peak RSS after opening, paging far through the claims, searching and choosing a
  country, at several database sizes, against the empty app's.

The app runs headless (`App.run_test`) at a real terminal's size; frames are
rendered to terminal output as a terminal would get them (`render_segments`), and
only then written nowhere. Databases come from `bench.synthdb` (cached).

    python -m bench.explorer [--sentences 1000000] [--sizes 10000,100000,1000000]
                             [--db PATH] [--runs 5] [--size 160x45] [--pause S]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

STARTED = time.time()  # the interpreter is up (and this module's few standard imports done)

# Searches typed one key at a time, then erased: each key is a sample. Real words of the
# generated corpus, a two-word phrase and a word found nowhere (an empty pane is an update too).
SEARCHES = ("sanctions relief", "minister", "grain exports", "qzxv")
COUNTRY_CHOICES = 12  # countries chosen (each then cleared with esc): two samples each
PAGE_DOWNS = 40  # page-down presses in the memory run: far past the table's 400-row window
TIMEOUT = 30.0  # seconds to wait for a frame before calling a sample lost
PAGE_SPLIT: list[tuple[float, float]] = []  # per sample: (key → page read, page read → frame), ms


# --- the child: one measurement in its own process -------------------------------------------


class PaintWatch:
    """Notes when a frame with table rows in it is drawn.

    `generation` counts the pages put into the claims table; a frame "shows"
    generation g once the table drew a data row after page g arrived.
    """

    def __init__(self) -> None:
        self.generation = 0
        self.drawn = -1  # the generation whose rows the latest frame drew
        self.want: int | None = None
        self.painted_at: float | None = None
        self.page_at: float | None = None  # when the awaited page reached the table
        self.awaited: Callable[[], bool] | None = None  # which pages count, if not every one
        self.frames = 0
        self.first_frame_at: float | None = None  # wall-clock time of the first frame of any kind

    def arm(self, generation: int) -> None:
        """Wait for a frame showing `generation` (or later)."""
        self.want = generation
        self.painted_at = None
        self.page_at = None

    def install(self, app, table_class, page_method: str | None) -> None:
        from textual._compositor import CompositorUpdate  # the frame a terminal would be sent

        watch = self
        draw_line = table_class.render_line

        def render_line(table, y):
            strip = draw_line(table, y)
            if y >= 1 and _rows(table):  # line 0 is the header, in both tables
                watch.drawn = watch.generation
            return strip

        table_class.render_line = render_line
        if page_method is not None:
            show = getattr(table_class, page_method)

            def show_page(table, *args, **kwargs):
                if watch.awaited is not None and not watch.awaited():
                    return show(table, *args, **kwargs)  # a page for what was typed before: not the one awaited
                watch.generation += 1
                if watch.page_at is None and watch.want is not None and watch.generation >= watch.want:
                    watch.page_at = time.perf_counter()
                shown = show(table, *args, **kwargs)
                if not _rows(table):
                    watch.drawn = watch.generation  # no rows to draw: the next frame shows the empty pane
                return shown

            setattr(table_class, page_method, show_page)

        display = app._display

        def shown(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is None or app._batch_count:
                return
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)  # the terminal output a real run would write
            watch.frames += 1
            if watch.first_frame_at is None:
                watch.first_frame_at = time.time()
            if watch.want is not None and watch.painted_at is None and watch.drawn >= watch.want:
                watch.painted_at = time.perf_counter()

        app._display = shown

    async def wait(self, timeout: float = TIMEOUT) -> float | None:
        """Wait for the armed frame; its perf_counter time, or None if it never came."""
        import asyncio

        end = time.perf_counter() + timeout
        while self.painted_at is None and time.perf_counter() < end:
            await asyncio.sleep(0.0005)
        return self.painted_at


def _rows(table) -> int:
    """Rows in a table: the empty app's DataTable or the explorer's claims list."""
    rows = getattr(table, "row_count", None)
    return len(table.claims) if rows is None else rows


def shell_app():
    """A bare Textual app of comparable make-up: header, a table with one row, footer."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Shell(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable(cursor_type="row")
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Speaker", "Cue", "Claim", "Countries")
            table.add_row("—", "said", "A claim.", "")
            table.focus()

    return Shell(), DataTable


async def _press(app, key: str) -> float:
    """Send one key as the terminal driver would; the perf_counter time it was sent."""
    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:  # as Textual's own Pilot names the character of a key
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    sent = time.perf_counter()
    app._driver.send_message(event)
    return sent


async def _settle(app, pilot) -> None:
    """Let every worker finish and the screen catch up, so the next key starts from rest."""
    from textual.worker import WorkerCancelled

    for _ in range(3):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            pass  # superseded by newer work
        await pilot.pause()


async def _key_sample(app, pilot, watch: PaintWatch, key: str, settle: bool = True) -> float | None:
    watch.arm(watch.generation + 1)
    sent = await _press(app, key)
    painted = await watch.wait()
    if watch.page_at is not None and painted is not None:
        PAGE_SPLIT.append(((watch.page_at - sent) * 1000, (painted - watch.page_at) * 1000))
    if settle:
        await _settle(app, pilot)
    return None if painted is None else (painted - sent) * 1000


async def child(mode: str, db: str, delay: float | None, size: tuple[int, int], started: float) -> dict:
    """One measurement; `started` is the wall-clock time the parent started this process."""
    watch = PaintWatch()
    if mode == "shell":
        from textual.app import App  # noqa: F401 - imported here, so that its cost is counted as imports
        from textual.widgets import DataTable, Footer, Header  # noqa: F401

        imported = time.time()
        app, table_class = shell_app()
        watch.install(app, table_class, None)
        watch.arm(0)  # the frame that shows its row
    else:
        import tui.cli  # noqa: F401 - what the policy-tui command imports before it opens the explorer
        from tui.app import ExplorerApp, explorer
        from tui.widgets.claims import ClaimsTable

        imported = time.time()
        if delay is None:
            app = explorer(Path(db))  # as the command opens it: the database checked first
        else:
            app = ExplorerApp(db, seed_if_empty=False, search_delay=delay)
        watch.install(app, ClaimsTable, "show_page")
        watch.arm(1)  # the frame that shows the first page of claims
    result: dict = {"mode": mode}
    built = time.time()
    result["python_ms"] = (STARTED - started) * 1000
    result["imports_ms"] = (imported - STARTED) * 1000
    async with app.run_test(size=size) as pilot:
        painted = await watch.wait()
        if painted is None:
            raise SystemExit(f"{mode}: nothing painted in {TIMEOUT:.0f} s")
        wall = time.time() - (time.perf_counter() - painted)
        result["launch_ms"] = (wall - started) * 1000
        result["in_process_ms"] = (wall - built) * 1000
        result["built_ms"] = (built - imported) * 1000
        result["first_frame_ms"] = ((watch.first_frame_at or wall) - built) * 1000
        result["claims_after_first_frame_ms"] = (wall - (watch.first_frame_at or wall)) * 1000
        began = time.perf_counter()
        await _settle(app, pilot)
        result["settled_ms"] = result["launch_ms"] + (time.perf_counter() - began) * 1000
        if mode != "shell":
            main = app.main
            if mode in ("search", "typing"):
                result.update(await _searches(app, pilot, watch, brisk=mode == "typing"))
            elif mode == "country":
                result.update(await _countries(app, pilot, watch))
            elif mode == "memory":
                result.update(await _exercise(app, pilot, watch))
            result["entities_loaded"] = sum(len(main.entities(kind)) for kind in ("country", "organisation", "speaker"))
            result["documents_listed"] = main.query_one("SectionsTree").documents_listed
    from bench.report import peak_rss_mb

    result["peak_rss_mb"] = peak_rss_mb()
    result["split_ms"] = PAGE_SPLIT
    return result


async def _searches(app, pilot, watch: PaintWatch, brisk: bool) -> dict:
    """Type each search after "/", then erase it.

    One key at a time, each a sample (the screen at rest before the next); or `brisk`:
    the keys of a word 80 ms apart, as a quick typist's, and only the last a sample,
    from that key to the claims of the whole word (what a person waits for).
    """
    import asyncio

    from extract.store.read import search_text

    samples: list[float | None] = []
    await _press(app, "/")
    await _settle(app, pilot)
    for text in SEARCHES:
        for keys, final in ((list(text), text), (["backspace"] * len(text), None)):
            if not brisk:
                for key in keys:
                    samples.append(await _key_sample(app, pilot, watch, key))
                continue
            for key in keys[:-1]:
                await _press(app, key)
                await asyncio.sleep(0.08)
            watch.awaited = lambda final=final: search_text(app.main.filters) == final
            samples.append(await _key_sample(app, pilot, watch, keys[-1]))
            watch.awaited = None
    return _samples(samples)


async def _countries(app, pilot, watch: PaintWatch) -> dict:
    """In the Countries pane: enter on the busiest countries one by one, esc after each.

    After each enter, also waits for the facets to show their counts under that country.
    """
    import asyncio

    main = app.main
    narrowed: list[float] = []  # perf_counter times the facets showed counts under the filters
    reads: list[float] = []  # ms of each narrowed_counts read
    show = getattr(type(main), "_show_narrowed", None)
    if show is not None:  # (an explorer without narrowed facets measures the rest alone)

        def shown(screen, filters, counts) -> None:
            show(screen, filters, counts)
            if filters == screen.filters:
                narrowed.append(time.perf_counter())

        type(main)._show_narrowed = shown
        import extract.store.read as q

        count = q.narrowed_counts

        def timed(db, filters):
            began = time.perf_counter()
            try:
                return count(db, filters)
            finally:
                reads.append((time.perf_counter() - began) * 1000)

        q.narrowed_counts = timed
    chosen: list[float | None] = []
    cleared: list[float | None] = []
    facets: list[float | None] = []
    await _press(app, "2")
    await _settle(app, pilot)
    for i in range(COUNTRY_CHOICES):
        if i:
            await _press(app, "j")  # to the next country (not a sample: the claims do not change)
            await _settle(app, pilot)
        seen = len(narrowed)
        watch.arm(watch.generation + 1)
        sent = await _press(app, "enter")
        painted = await watch.wait()
        chosen.append(None if painted is None else (painted - sent) * 1000)
        if show is not None:
            end = time.perf_counter() + TIMEOUT
            while len(narrowed) == seen and time.perf_counter() < end:
                await asyncio.sleep(0.001)
            facets.append((narrowed[-1] - sent) * 1000 if len(narrowed) > seen else None)
        await _settle(app, pilot)
        cleared.append(await _key_sample(app, pilot, watch, "escape"))
    result = _samples(chosen + cleared)
    result["choose_ms"] = [t for t in chosen if t is not None]
    result["clear_ms"] = [t for t in cleared if t is not None]
    result["facets_ms"] = [t for t in facets if t is not None]
    result["facets_lost"] = sum(t is None for t in facets)
    result["narrow_read_ms"] = reads
    return result


def _samples(times: list[float | None]) -> dict:
    return {"samples_ms": [t for t in times if t is not None], "lost": sum(t is None for t in times)}


async def _exercise(app, pilot, watch: PaintWatch) -> dict:
    """What a session does to memory: page far down the claims, search, choose a country."""
    await _press(app, "5")
    for _ in range(PAGE_DOWNS):
        await _press(app, "pagedown")
        await _settle(app, pilot)
    table = app.main.table
    rows, far = len(table.claims), table.current.id if table.current else 0
    await _press(app, "/")
    for char in "minister":
        await _press(app, char)
    await _settle(app, pilot)
    await _press(app, "escape")
    await _press(app, "2")
    await _key_sample(app, pilot, watch, "enter")
    return {"table_rows": rows, "paged_to_claim": far}


def run_child(args: argparse.Namespace) -> None:
    import asyncio

    size = tuple(int(n) for n in args.size.split("x"))
    result = asyncio.run(child(args.child, args.db, args.delay, size, args.started))  # type: ignore[arg-type]
    print("RESULT " + json.dumps(result), flush=True)


# --- the parent: runs the children and reports --------------------------------------------


def measure(mode: str, db: Path | None, *, delay: float | None = None, size: str = "160x45") -> dict:
    command = [sys.executable, "-m", "bench.explorer", "--child", mode, "--size", size]
    if db is not None:
        command += ["--db", str(db)]
    if delay is not None:
        command += ["--delay", str(delay)]
    started = time.time()
    done = subprocess.run(
        [*command, "--started", repr(started)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "TEXTUAL": ""},
    )
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if done.returncode != 0 or line is None:
        raise SystemExit(f"bench.explorer: the {mode} run failed:\n{done.stderr[-3000:]}")
    return json.loads(line[len("RESULT ") :])


def database(sentences: int, given: Path | None) -> Path:
    if given is not None:
        return given
    from bench.synthdb import synth_db

    return synth_db(sentences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1_000_000, help="size of the database timed")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="database sizes whose memory is compared")
    parser.add_argument("--db", type=Path, help="time this database instead of a generated one (memory: it alone)")
    parser.add_argument("--runs", type=int, default=5, help="launches timed of each app (median reported)")
    parser.add_argument("--size", default="160x45", help="terminal size, COLUMNSxLINES")
    parser.add_argument("--pause", type=float, help="search typing pause, s (default: the explorer's own)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--delay", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--started", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args)
        return

    from bench.report import emit, percentile

    sizes = [args.sentences] if args.db else sorted({int(s) for s in args.sizes.split(",")} | {args.sentences})
    dbs = {n: database(n, args.db) for n in sizes}
    db = dbs[args.sentences]
    pause = _default_delay() if args.pause is None else args.pause

    def median(results: list[dict], key: str) -> float:
        return percentile([r[key] for r in results], 50)

    def p50_p95(samples: list[float]) -> str:
        return f"{percentile(samples, 50):.0f} / {percentile(samples, 95):.0f}"

    def split(result: dict) -> str:
        read = [pair[0] for pair in result["split_ms"]]
        drawn = [pair[1] for pair in result["split_ms"]]
        return f"read {percentile(read, 50):.0f} + drawn {percentile(drawn, 50):.0f}"

    measure("shell", None, size=args.size)  # warm the page cache and the bytecode once, untimed
    measure("launch", db, size=args.size)
    shells, launches = [], []
    for _ in range(args.runs):  # alternated, so that a change in the machine's load hits both alike
        shells.append(measure("shell", None, size=args.size))
        launches.append(measure("launch", db, size=args.size))
    shell_ms, launch_ms = median(shells, "launch_ms"), median(launches, "launch_ms")
    shell_in, launch_in = median(shells, "in_process_ms"), median(launches, "in_process_ms")

    keys = measure("search", db, delay=args.pause, size=args.size)
    typing = measure("typing", db, delay=args.pause, size=args.size)
    country = measure("country", db, size=args.size)
    memory = {n: measure("memory", path, size=args.size) for n, path in dbs.items()}
    shell_rss = max(r["peak_rss_mb"] for r in shells)

    ks, ts, cs = keys["samples_ms"], typing["samples_ms"], country["samples_ms"]
    rows: list[list[object]] = [
        ["launch → first claims painted, ms", shell_ms, launch_ms, launch_ms / shell_ms, "≤ 1.5× and < 1000"],
        ["  python up, ms", median(shells, "python_ms"), median(launches, "python_ms"), "", ""],
        ["  imports, ms", median(shells, "imports_ms"), median(launches, "imports_ms"), "", ""],
        ["  database checked, app built, ms", median(shells, "built_ms"), median(launches, "built_ms"), "", ""],
        ["  app run → first frame, ms", median(shells, "first_frame_ms"), median(launches, "first_frame_ms"), "", ""],
        ["  → first claims drawn, ms", "", median(launches, "claims_after_first_frame_ms"), "", ""],
        ["  launch → all panes loaded, ms", median(shells, "settled_ms"), median(launches, "settled_ms"), "", ""],
        [f"search key → claims, p50/p95 ms ({len(ks)})", "", p50_p95(ks), "", f"< 100; {split(keys)}"],
        [f"typed word → claims, p50/p95 ms ({len(ts)})", "", p50_p95(ts), "", "last key, 80 ms apart"],
        [f"country key → claims, p50/p95 ms ({len(cs)})", "", p50_p95(cs), "", f"< 100; {split(country)}"],
    ]
    fs, reads = country.get("facets_ms", []), country.get("narrow_read_ms", [])
    if fs:
        rows.append(
            [f"country key → facets narrowed, p50/p95 ms ({len(fs)})", "", p50_p95(fs), "",
             f"read p50/p95 {p50_p95(reads)}; after the claims"]
        )
    for n, result in memory.items():
        rows.append(
            [
                f"peak RSS at {n:,} sentences, MB",
                shell_rss,
                result["peak_rss_mb"],
                result["peak_rss_mb"] / shell_rss,
                f"{result['entities_loaded']:,} entities",
            ]
        )
    figures = {
        "sentences": args.sentences,
        "terminal": args.size,
        "runs": args.runs,
        "search_pause_s": pause,
        "shell_launch_ms": shell_ms,
        "launch_ms": launch_ms,
        "launch_ratio": launch_ms / shell_ms,
        "phases_ms": {
            app: {key: median(results, f"{key}_ms") for key in ("python", "imports", "built", "first_frame")}
            for app, results in (("shell", shells), ("explorer", launches))
        },
        "claims_after_first_frame_ms": median(launches, "claims_after_first_frame_ms"),
        "shell_in_process_ms": shell_in,
        "in_process_ms": launch_in,
        "in_process_ratio": launch_in / shell_in,
        "settled_ms": median(launches, "settled_ms"),
        "search_p50_ms": percentile(ks, 50),
        "search_p95_ms": percentile(ks, 95),
        "search_keys": len(ks),
        "typed_p50_ms": percentile(ts, 50),
        "typed_p95_ms": percentile(ts, 95),
        "typed_words": len(ts),
        "country_p50_ms": percentile(cs, 50),
        "country_p95_ms": percentile(cs, 95),
        "country_keys": len(cs),
        "facets_p50_ms": percentile(fs, 50) if fs else None,
        "facets_p95_ms": percentile(fs, 95) if fs else None,
        "narrow_read_p50_ms": percentile(reads, 50) if reads else None,
        "narrow_read_p95_ms": percentile(reads, 95) if reads else None,
        "facets_lost": country.get("facets_lost", 0),
        "lost_samples": keys["lost"] + typing["lost"] + country["lost"],
        "shell_rss_mb": shell_rss,
        "rss_mb": {str(n): r["peak_rss_mb"] for n, r in memory.items()},
        "rss_ratio": {str(n): r["peak_rss_mb"] / shell_rss for n, r in memory.items()},
        "entities_loaded": {str(n): r["entities_loaded"] for n, r in memory.items()},
        "targets_met": {
            "first_paint": launch_ms <= 1.5 * shell_ms and launch_ms < 1000,
            "key_p95": max(percentile(ks, 95), percentile(cs, 95)) < 100,
            "memory_flat": max(r["peak_rss_mb"] for r in memory.values())
            <= 1.1 * min(r["peak_rss_mb"] for r in memory.values()),
        },
    }
    emit(
        "explorer",
        f"Explorer at {args.sentences:,} sentences vs an empty Textual app (search pause {pause:g} s)",
        ["measure", "empty app", "explorer", "ratio", "target / note"],
        rows,
        figures,
    )


def _default_delay() -> float:
    import inspect

    from tui.app import ExplorerApp

    return inspect.signature(ExplorerApp.__init__).parameters["search_delay"].default


if __name__ == "__main__":
    main()
