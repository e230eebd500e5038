"""The SQLite store: its schema (`schema`), writing documents (`write`, with huge ones
spooled to disk a window at a time by `spool`), the explorer's read-only questions
(`read`) and exports (`export`)."""

from extract.store.schema import SCHEMA_VERSION, WAL_CHECKPOINT_PAGES, StoreError, connect, explain_database_error
from extract.store.write import SaveResult, find_unchanged, save_document

__all__ = [
    "SCHEMA_VERSION",
    "WAL_CHECKPOINT_PAGES",
    "SaveResult",
    "StoreError",
    "connect",
    "explain_database_error",
    "find_unchanged",
    "save_document",
]
