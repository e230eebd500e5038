"""The explorer's access to its database: one read-only connection per worker thread.

An SQLite connection belongs to the thread that opened it, and Textual runs
thread workers on a pool, so each pool thread opens its own read-only
connection on first use and keeps it. WAL mode (set by `extract.store`) lets
these readers go on while an ingest writes. Screens ask `Store.read(fn, ...)`
to run a function from `extract.queries` on the calling thread's connection;
they never see SQL.

A read made by a worker can be interrupted (`Store.interrupt`) once the worker is
cancelled — newer work superseded it — so that a long query nobody waits for any
more gives its core back at once.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

import sqlite_utils
from textual.worker import active_worker

from extract import StoreError, connect, explain_database_error

P = ParamSpec("P")
R = TypeVar("R")


class Superseded(Exception):
    """A read interrupted because newer work replaced the worker that made it."""


class Store:
    """A policy-tui database as the explorer reads it."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[sqlite_utils.Database] = []
        self._reading: dict[object, sqlite3.Connection] = {}  # worker → the connection it is reading on
        self._watch: sqlite_utils.Database | None = None  # the connection that watches for others' commits
        self._watch_lock = threading.Lock()

    def prepare(self) -> int:
        """Create the database if it is missing, check it is ours; the number of documents in it.

        Raises StoreError (missing folder, locked, older or newer schema, not ours, damaged).
        A database the user cannot write (read-only media, someone else's folder) is
        checked read-only: it can still be explored.
        """
        db = connect(self.path, create=not self.read_only, readonly=self.read_only)
        try:
            return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {explain_database_error(exc, self.path)}") from None
        finally:
            db.conn.close()

    @property
    def read_only(self) -> bool:
        """Whether the database exists and cannot be written here (so it is only read)."""
        return self.path.exists() and not (
            os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)
        )

    def data_version(self) -> int:
        """A number that changes whenever another connection (another process's ingest) commits.

        Read on a connection of its own (SQLite's `PRAGMA data_version` counts the
        commits of other connections since this one's last look), from any thread.
        """
        with self._lock:
            if self._watch is None:
                self._watch = connect(self.path, create=False, readonly=True)
                self._opened.append(self._watch)
            watch = self._watch
        with self._watch_lock:
            try:
                return watch.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{self.path}: {explain_database_error(exc, self.path)}") from None

    def _db(self) -> sqlite_utils.Database:
        db = getattr(self._local, "db", None)
        if db is None:
            db = connect(self.path, create=False, readonly=True)
            self._local.db = db
            with self._lock:
                self._opened.append(db)
        return db

    def read(self, fn: Callable[Concatenate[sqlite_utils.Database, P], R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run `fn(db, *args, **kwargs)` on this thread's connection; database errors become StoreError."""
        db = self._db()
        worker = active_worker.get(None)
        if worker is not None:
            with self._lock:
                self._reading[worker] = db.conn
        try:
            return fn(db, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if worker is not None and worker.is_cancelled:
                raise Superseded() from None  # interrupted on purpose: nobody is waiting for this
            raise StoreError(f"{self.path}: {explain_database_error(exc, self.path)}") from None
        finally:
            if worker is not None:
                with self._lock:
                    self._reading.pop(worker, None)

    def write(self, fn: Callable[Concatenate[sqlite_utils.Database, P], R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run `fn(db, *args, **kwargs)` on this thread's connection for writing (the analyst's own rows:
        bookmarks, notes, saved searches, state); database errors become StoreError."""
        db = getattr(self._local, "writer", None)
        if db is None:
            db = connect(self.path, create=False)
            self._local.writer = db
            with self._lock:
                self._opened.append(db)
        try:
            return fn(db, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {explain_database_error(exc)}") from None

    def interrupt(self, worker: object) -> None:
        """Abort the query `worker` is running, if any (call once the worker is cancelled)."""
        with self._lock:  # held so the connection cannot move on to another worker's read meanwhile
            conn = self._reading.get(worker)
            if conn is not None:
                conn.interrupt()

    def close(self) -> None:
        """Close every connection the worker threads opened (they were opened with check_same_thread off)."""
        with self._lock:
            opened, self._opened = self._opened, []
            self._watch = None
        for db in opened:
            try:
                db.conn.close()
            except sqlite3.Error:
                pass  # closing at exit: nothing left to report to
        self._local = threading.local()
        self.checkpoint()

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file and empty it, so that the file alone is whole.

        What an ingest wrote stays in the log until a checkpoint, and the last connection
        to close only runs one if it may write: the explorer's readers may not. Without
        this, a database copied (or mailed) without its `-wal` file lacks the documents
        ingested in this session. Another process still reading or writing keeps the log
        busy; then it is left to that process, which checkpoints in its turn.
        """
        if self.read_only or not self.path.exists():
            return
        try:
            conn = sqlite3.connect(str(self.path), timeout=1)
        except sqlite3.Error:
            return  # the file went away or cannot be opened: there is nothing to make whole
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass  # busy with another process: its own close checkpoints
        finally:
            conn.close()
