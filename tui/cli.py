"""The `policy-tui` command: open the explorer, ingest documents, export the database.

    policy-tui [PATH...] [--db FILE]             ingest PATHs (if any), then open the explorer
    policy-tui ingest PATH... [--db FILE] [--model NAME] [--force] [--workers N | --cluster ADDRESS]
    policy-tui export [--db FILE] --format jsonl|csv|datasette [--out FILE]
    policy-tui explain FILE [--model NAME]        per sentence: entities, claim, and the rules behind them

Errors are one line on stderr with a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from extract import StoreError

from .terminal import TerminalWriter, printable

# What `ingest` reads, as its help says it (the reader's own list of suffixes decides).
FORMATS = ".txt, .md, .html, .pdf, .docx"
FORMATS_LONG = (
    "plain text (.txt), Markdown (.md, .markdown), web pages (.html, .htm: the article through trafilatura),"
    " PDF (.pdf, with page numbers; scanned pages by OCR when tesseract is installed) and Word (.docx)"
)

DB_ENV = "POLICY_TUI_DB"


def default_db_path() -> Path:
    """`POLICY_TUI_DB`, else policy-tui.db in the user's data directory."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV])
    # platformdirs: the platform's conventional per-user data folder.
    from platformdirs import user_data_dir

    return Path(user_data_dir("policy-tui", appauthor=False)) / "policy-tui.db"


def _db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, default=None, help=f"database file (default: ${DB_ENV} or the user data folder)"
    )


def _workers(value: str) -> int:
    """--workers: a whole number of processes, at least 1."""
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (a whole number, 1 or more)")
    return n


def _cluster(value: str) -> str:
    """--cluster: a Dask scheduler's address, or local:N with N a whole number of processes, at least 1."""
    if value.startswith("local:"):
        n = value[len("local:"):]
        if not n.isdigit() or int(n) < 1:
            raise argparse.ArgumentTypeError(f"{value!r}: a local cluster is local:N, N worker processes (1 or more)")
    elif not value.strip():
        raise argparse.ArgumentTypeError("an empty address; give a Dask scheduler's, e.g. tcp://host:8786, or local:N")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy-tui", description="Explore what policy documents and news claim.")
    sub = parser.add_subparsers(dest="command")
    ingest = sub.add_parser(
        "ingest",
        help=f"extract documents ({FORMATS}; folders recurse) into the database",
        description=(
            f"Extract documents into the database. Formats read: {FORMATS_LONG}. Folders recurse;"
            " any other file gets one line saying it is not read."
        ),
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    _db_argument(ingest)
    ingest.add_argument("--model", default=None, help="spaCy pipeline to use (default: the small English one)")
    ingest.add_argument("--force", action="store_true", help="re-extract files whose content has not changed")
    spread = ingest.add_mutually_exclusive_group()
    spread.add_argument("--workers", type=_workers, default=1, metavar="N",
                        help="extract in N processes, one per core (default: 1)")
    spread.add_argument("--cluster", type=_cluster, default=None, metavar="ADDRESS",
                        help="extract on a Dask cluster: a scheduler's address (tcp://host:8786), or local:N to"
                             " start N worker processes here; needs the cluster extra")
    export = sub.add_parser(
        "export",
        help="write sentences (jsonl), claims (csv) or Datasette metadata (datasette)",
        description=(
            "Write every sentence as JSON lines (jsonl), every claim as CSV (csv), each naming its document by"
            " file name, id and path; or the metadata Datasette reads (datasette: `datasette FILE.db --metadata"
            " OUT.json` then shows each foreign key by its sentence, entity or document name)."
        ),
    )
    _db_argument(export)
    export.add_argument("--format", choices=["jsonl", "csv", "datasette"], required=True)
    export.add_argument("--out", type=Path, default=None, help="output file (default or -: standard output)")
    explain = sub.add_parser("explain", help="show, per sentence, the entities, the claim and the rules that made them")
    explain.add_argument("path", type=Path, metavar="FILE")
    explain.add_argument("--model", default=None, help="spaCy pipeline to use (default: the small English one)")
    return parser


def _explore_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-tui",
        description=(
            "Explore what policy documents and news claim. PATHs are ingested in the background while the"
            " explorer opens; an empty database gets the bundled sample documents."
            " Subcommands: ingest, export, explain (see policy-tui ingest --help)."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="documents or folders to ingest while it opens")
    _db_argument(parser)
    parser.add_argument("--model", default=None, help="spaCy pipeline for ingesting PATHs")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in ("ingest", "export", "explain"):
            args = _parser().parse_args(argv)
            if args.command == "explain":
                return run_explain(args.path, args.model)
            db_path = args.db or default_db_path()
            if args.command == "ingest":
                return run_ingest(args.paths, db_path, args.model, args.force, args.workers, args.cluster)
            return run_export(db_path, args.format, args.out)
        args = _explore_parser().parse_args(argv)
        missing = [path for path in args.paths if not Path(path).exists()]
        if missing:  # say so now, not in a notification after the screen has opened
            print(f"policy-tui: {printable(missing[0])}: no such file or folder", file=sys.stderr)
            return 1
        from .app import run_explorer

        return run_explorer(args.db or default_db_path(), args.paths, args.model)
    except StoreError as exc:
        print(f"policy-tui: {printable(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("policy-tui: interrupted; every finished document is stored", file=sys.stderr)
        return 130


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Treat `kill` like Ctrl+C, so the document being written is rolled back cleanly."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):  # noqa: ARG001 - the signal handler signature
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_ingest(paths: list[str], db_path: Path, model: str | None, force: bool = False, workers: int = 1,
               cluster: str | None = None) -> int:
    """Ingest with a progress bar over files and sentences and a closing summary; exit 1 if any file failed."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from extract import ModelError
    from extract.ingest import ClusterError, ingest

    err = Console(stderr=True, highlight=False)
    with _sigterm_as_interrupt(), Progress(
        TextColumn("{task.description:<9}"), BarColumn(), TextColumn("{task.fields[count]:>14}", markup=False),
        TextColumn("{task.fields[current]}", markup=False), TimeElapsedColumn(), console=err,
        transient=True,  # the bars go when the work is done; the summary line stays
        disable=not err.is_terminal,  # no bars in a log file or a pipe, only the error and summary lines
    ) as progress:
        files = progress.add_task("Files", total=None, count="", current="")
        text = progress.add_task("Sentences", total=None, count="", current="")
        sentences = 0  # stored so far, over all files
        state = {"done": 0, "total": 0}

        def on_progress(event) -> None:
            nonlocal sentences
            if event.event == "starting":  # a local cluster's workers are forked: the bars' thread must not write
                progress.stop()
            elif event.event == "started":
                progress.start()
            elif event.event == "found":
                state["total"] = event.total
                progress.update(files, total=event.total, count=f"0/{event.total}")
            elif event.event == "start":
                progress.update(files, current=printable(Path(event.path).name))
                progress.reset(text, total=None, count=f"{sentences} total", current="", description="Sentences")
            elif event.event == "read":  # a PDF's pages, before its sentences
                progress.update(text, total=max(event.total, 1), completed=event.done, description="Pages",
                                count=f"{event.done}/{event.total}", current="pages read")
            elif event.event == "text":
                progress.update(text, total=max(event.total, 1), completed=event.done, description="Sentences",
                                count=f"{sentences + event.sentences} total", current=f"{event.sentences} in this file")
            elif event.event in ("done", "failed"):
                if event.error:
                    line = f"error: {printable(event.error)}"
                    progress.console.print(line, markup=False, style="red", soft_wrap=True)
                if event.result is not None:
                    sentences += event.result.sentences
                if event.path:
                    state["done"] += 1
                    progress.update(files, advance=1, count=f"{state['done']}/{state['total']}")

        try:
            summary = ingest(paths, db_path, model=model, force=force, workers=workers, cluster=cluster,
                             on_progress=on_progress)
        except (ModelError, ClusterError) as exc:
            progress.stop()
            print(f"policy-tui: {printable(str(exc))}", file=sys.stderr)
            return 2
        progress.update(files, current="")
        progress.update(text, current="", count=f"{sentences} total")
    err.print(
        f"{summary.documents} documents ingested ({summary.unchanged} unchanged), {summary.sentences} sentences, "
        f"{summary.claims} claims, {len(summary.countries)} countries, {len(summary.failures)} "
        f"failure{'' if len(summary.failures) == 1 else 's'}",
        markup=False, soft_wrap=True,
    )
    return 1 if summary.failures else 0


def run_explain(path: Path, model: str | None) -> int:
    """Extract one file in memory (nothing stored) and print what was found and by which rules."""
    from extract import ModelError, ReadError, load_model
    from extract.explain import explain

    try:
        nlp = load_model(model)
        lines = explain(path, nlp)
        first = next(lines)  # reading and extraction happen here, so their errors are caught
    except (ReadError, ModelError) as exc:
        print(f"policy-tui: {printable(str(exc))}", file=sys.stderr)
        return 1
    try:
        print(printable(first))
        for line in lines:
            print(printable(line))  # document text is data: its control characters are shown as escapes
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def run_export(db_path: Path, fmt: str, out: Path | None) -> int:
    """Write sentences (jsonl), claims (csv) or Datasette metadata to `out` or standard output.

    To a file or a pipe the export is byte for byte what is stored; to a terminal its
    control characters are shown as escapes (a document's escape sequences would
    otherwise drive the terminal), and a line on stderr says so.
    """
    import sqlite3
    from functools import partial

    from extract import connect, explain_database_error, write_claims_csv, write_jsonl
    from extract.store.export import write_datasette_metadata

    db = connect(db_path, create=False, readonly=True)
    writers: dict[str, Callable[[Any, Any], int]] = {
        "jsonl": write_jsonl,
        "csv": write_claims_csv,
        # Datasette serves a database under its file's stem: the metadata names it so.
        "datasette": partial(write_datasette_metadata, database=db_path.stem),
    }
    write = writers[fmt]

    def damaged(exc: sqlite3.DatabaseError) -> StoreError:
        return StoreError(f"{db_path}: {explain_database_error(exc, db_path)}")

    try:
        if out is None or str(out) == "-":
            terminal = TerminalWriter(sys.stdout) if sys.stdout.isatty() else None
            try:
                write(db, terminal or sys.stdout)
                sys.stdout.flush()
            except BrokenPipeError:
                # The reader stopped early (`| head`): not an error. Point stdout at
                # devnull so the interpreter's own flush at exit does not fail again.
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except sqlite3.DatabaseError as exc:
                raise damaged(exc) from None
            if terminal is not None and terminal.replaced:
                print(
                    f"policy-tui: {terminal.replaced} control character{'s' if terminal.replaced != 1 else ''}"
                    " shown as escapes on this terminal; --out FILE or a pipe writes the export exactly",
                    file=sys.stderr,
                )
            return 0
        tmp = out.with_name(out.name + ".part")
        try:
            with tmp.open("w", encoding="utf-8", newline="") as handle:
                write(db, handle)
            tmp.replace(out)  # a failed export never leaves half a file under the real name
        except OSError as exc:
            _remove(tmp)
            reason = (exc.strerror or str(exc)).lower()
            print(f"policy-tui: {printable(str(out))}: cannot write ({reason})", file=sys.stderr)
            return 1
        except sqlite3.DatabaseError as exc:
            _remove(tmp)
            raise damaged(exc) from None
        except BaseException:
            _remove(tmp)  # interrupted: no half file left beside the real one either
            raise
    finally:
        db.conn.close()
    return 0


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # the folder itself is gone or unwritable: there is nothing of ours to remove


if __name__ == "__main__":
    sys.exit(main())
