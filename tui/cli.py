"""The `policy-tui` command: open the explorer, ingest documents, export the database.

    policy-tui [PATH...] [--db FILE]             ingest PATHs (if any), then open the explorer
    policy-tui ingest PATH... [--db FILE] [--model NAME]
    policy-tui export [--db FILE] --format jsonl|csv [--out FILE]

Errors are one line on stderr with a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from extract.store import StoreError

DB_ENV = "POLICY_TUI_DB"


def default_db_path() -> Path:
    """`POLICY_TUI_DB`, else policy-tui.db in the user's data directory."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV])
    # platformdirs: the platform's conventional per-user data folder.
    from platformdirs import user_data_dir

    return Path(user_data_dir("policy-tui", appauthor=False)) / "policy-tui.db"


def _db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, help=f"database file (default: ${DB_ENV} or the user data folder)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy-tui", description="Explore what policy documents and news claim.")
    sub = parser.add_subparsers(dest="command")
    ingest = sub.add_parser("ingest", help="extract documents (.txt, .md, .html; folders recurse) into the database")
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    _db_argument(ingest)
    ingest.add_argument("--model", default=None, help="spaCy pipeline to use (default: the small English one)")
    export = sub.add_parser("export", help="write sentences (jsonl) or claims (csv)")
    _db_argument(export)
    export.add_argument("--format", choices=["jsonl", "csv"], required=True)
    export.add_argument("--out", type=Path, default=None, help="output file (default: standard output)")
    return parser


def _explore_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-tui",
        description="Explore what policy documents and news claim. Subcommands: ingest, export (see policy-tui ingest --help).",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="documents or folders to ingest before opening")
    _db_argument(parser)
    parser.add_argument("--model", default=None, help="spaCy pipeline for ingesting PATHs")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in ("ingest", "export"):
            args = _parser().parse_args(argv)
            db_path = args.db or default_db_path()
            if args.command == "ingest":
                return run_ingest(args.paths, db_path, args.model)
            return run_export(db_path, args.format, args.out)
        args = _explore_parser().parse_args(argv)
        from .app import run_explorer

        return run_explorer(args.db or default_db_path(), args.paths, args.model)
    except StoreError as exc:
        print(f"policy-tui: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("policy-tui: interrupted; every finished document is stored", file=sys.stderr)
        return 130


def run_ingest(paths: list[str], db_path: Path, model: str | None) -> int:
    """Ingest with a progress bar and a closing summary; exit 1 if any file failed."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from extract.ingest import ingest
    from extract.nlp import ModelError

    err = Console(stderr=True, highlight=False)
    with Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[current]}"), TimeElapsedColumn(), console=err, transient=False,
    ) as progress:
        task = progress.add_task("Ingesting", total=None, current="")

        def on_progress(event) -> None:
            if event.event == "found":
                progress.update(task, total=event.total)
            elif event.event == "start":
                progress.update(task, current=Path(event.path).name)
            elif event.event in ("done", "failed"):
                if event.error:
                    progress.console.print(f"error: {event.error}", markup=False, style="red")
                if event.path:
                    progress.advance(task)

        try:
            summary = ingest(paths, db_path, model=model, on_progress=on_progress)
        except ModelError as exc:
            progress.stop()
            print(f"policy-tui: {exc}", file=sys.stderr)
            return 2
        progress.update(task, current="")
    err.print(
        f"{summary.documents} documents ingested, {summary.unchanged} unchanged, {summary.sentences} sentences, "
        f"{summary.claims} claims, {len(summary.countries)} countries, {len(summary.failures)} failures",
        markup=False,
    )
    return 1 if summary.failures else 0


def run_export(db_path: Path, fmt: str, out: Path | None) -> int:
    from extract.export import write_claims_csv, write_jsonl
    from extract.store import connect

    db = connect(db_path, create=False, readonly=True)
    write = write_jsonl if fmt == "jsonl" else write_claims_csv
    if out is None:
        write(db, sys.stdout)
    else:
        tmp = out.with_name(out.name + ".part")
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            write(db, handle)
        tmp.replace(out)  # a failed export never leaves half a file under the real name
    return 0


if __name__ == "__main__":
    sys.exit(main())
