"""Ingest: files found, read, extracted and stored, one transaction per document (`run`),
in worker processes (`workers`) or on a Dask cluster (`cluster`) when asked, with the bundled
sample (`seeds`)."""

from extract.ingest.run import ClusterError, IngestSummary, Progress, ingest
from extract.ingest.seeds import seed_dir, seed_paths

__all__ = ["ClusterError", "IngestSummary", "Progress", "ingest", "seed_dir", "seed_paths"]
