"""Shared fixtures: one spaCy pipeline per test session, and the corpus locations."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
# The answer-keyed corpus lives beside the repository (it is not bundled).
CORPUS = REPO.parent / "shared" / "corpus"
SCORER = REPO.parent / "shared" / "eval" / "score.py"


@pytest.fixture(scope="session")
def nlp():
    """The default English pipeline, loaded once: loading costs about a second."""
    from extract.nlp import load_model

    return load_model()
