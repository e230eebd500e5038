"""Extraction of sections, sentences, entities and claims from policy documents, and their SQLite store.

The stages are subpackages: `reading` (files to text), `structure` (blocks, sections,
sentences), `entities` (countries, organisations, people), `claims` (cues, quotes,
speakers, quantities), `store` (schema, write, read, export) and `ingest` (orchestration,
workers, a Dask cluster, the bundled sample); `lexicon` holds every word list and table they read.

The public API below is what the explorer and other programs use. Its names are
loaded on first use, so that importing `extract` costs nothing and never loads spaCy.
Ingesting is `extract.ingest.ingest` (a name the subpackage `extract.ingest` takes here).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# name -> module that defines it
_API = {
    "ClusterError": "extract.ingest.run",
    "IngestSummary": "extract.ingest.run",
    "Progress": "extract.ingest.run",
    "seed_paths": "extract.ingest.seeds",
    "extract": "extract.pipeline",
    "load_model": "extract.nlp",
    "default_model": "extract.nlp",
    "ModelError": "extract.nlp",
    "read_source": "extract.reading.files",
    "ReadError": "extract.reading.files",
    "connect": "extract.store.schema",
    "StoreError": "extract.store.schema",
    "explain_database_error": "extract.store.schema",
    "save_document": "extract.store.write",
    "write_jsonl": "extract.store.export",
    "write_claims_csv": "extract.store.export",
}

__all__ = [
    "ClusterError",
    "IngestSummary",
    "ModelError",
    "Progress",
    "ReadError",
    "StoreError",
    "connect",
    "default_model",
    "explain_database_error",
    "extract",
    "load_model",
    "read_source",
    "save_document",
    "seed_paths",
    "write_claims_csv",
    "write_jsonl",
]

if TYPE_CHECKING:
    from extract.ingest.run import ClusterError, IngestSummary, Progress
    from extract.ingest.seeds import seed_paths
    from extract.nlp import ModelError, default_model, load_model
    from extract.pipeline import extract
    from extract.reading.files import ReadError, read_source
    from extract.store.export import write_claims_csv, write_jsonl
    from extract.store.schema import StoreError, connect, explain_database_error
    from extract.store.write import save_document


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'extract' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
