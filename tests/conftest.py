"""Shared fixtures: one spaCy pipeline per test session, and the corpus locations.

Tests that read the answer-keyed corpus beside the repository (`../shared`) carry the
`corpus` marker; on a checkout without it (a user's clone) they are skipped, with the
reason, and where it exists (CI, the project's own machines) they run.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
# The answer-keyed corpus lives beside the repository (it is not bundled).
CORPUS = REPO.parent / "shared" / "corpus"
SCORER = REPO.parent / "shared" / "eval" / "score.py"
NO_CORPUS = "reads the answer-keyed corpus in ../shared, which is not beside this checkout"


def pytest_collection_modifyitems(config, items):
    if CORPUS.is_dir() and SCORER.is_file():
        return
    skip = pytest.mark.skip(reason=NO_CORPUS)
    for item in items:
        if item.get_closest_marker("corpus") is not None:
            item.add_marker(skip)

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
