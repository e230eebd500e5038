"""Extraction quality on the answer-keyed corpus, measured with the project's scorer.

Ingests the six corpus articles, exports them, runs the scorer and fails below
the bar the extraction issue sets.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from extract.ingest.run import ingest
from extract.store import connect
from extract.store.export import write_jsonl

from .conftest import CORPUS, SCORER

# Just under what is measured (countries 1.000, organisations 0.993, people 1.000, speaker 0.995,
# quantities 0.989, sections 1.000), so that a regression fails.
BAR = {
    "countries": 0.99,
    "organisations": 0.98,
    "people": 0.99,
    "speaker": 0.98,
    "quantities": 0.98,
    "sections": 0.99,
}

pytestmark = [pytest.mark.slow, pytest.mark.corpus]


@pytest.fixture(scope="module")
def scores(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("corpus")
    db_path = folder / "corpus.db"
    summary = ingest(sorted(CORPUS.glob("*.txt")), db_path)
    assert summary.failures == []
    assert summary.documents == 6
    export = folder / "export.jsonl"
    with export.open("w", encoding="utf-8") as out:
        write_jsonl(connect(db_path, create=False), out)
    result = subprocess.run(
        [sys.executable, str(SCORER), str(export), str(CORPUS / "gold"), str(CORPUS), "--json"],
        capture_output=True, text=True, check=True,
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize("field", sorted(BAR))
def test_field_meets_the_bar(scores, field):
    assert scores[field]["f1"] >= BAR[field], f"{field}: {scores[field]}"


def test_no_boilerplate_or_heading_is_exported(scores):
    assert scores["boilerplate_or_heading_rows_exported"] == 0


def test_no_content_sentence_is_lost(scores):
    assert scores["gold_sentences_without_a_match"] == 0


def test_every_row_matches_its_offsets(scores):
    assert scores["rows_whose_text_differs_from_offsets"] == 0
    assert scores["unreadable_export_lines"] == 0
