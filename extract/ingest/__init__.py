"""Ingest: files found, read, extracted and stored, one transaction per document (`run`),
in worker processes when asked (`workers`), with the bundled sample (`seeds`)."""

from extract.ingest.run import IngestSummary, Progress, ingest
from extract.ingest.seeds import seed_dir, seed_paths

__all__ = ["IngestSummary", "Progress", "ingest", "seed_dir", "seed_paths"]
