"""Shared fixtures: one spaCy pipeline per test session, and the corpus locations."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
# The answer-keyed corpus lives beside the repository (it is not bundled).
CORPUS = REPO.parent / "shared" / "corpus"
SCORER = REPO.parent / "shared" / "eval" / "score.py"

# Tests of `ingest --cluster`, which need the optional cluster extra.
needs_dask = pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None,
    reason='the cluster extra (Dask distributed) is not installed: pip install -e ".[cluster]"',
)


@pytest.fixture(scope="session")
def nlp():
    """The default English pipeline, loaded once: loading costs about a second."""
    from extract.nlp import load_model

    return load_model()
