"""Document dates: the file's metadata, else a dateline or date line at the top, else the file's time.

Examples are invented.
"""

from __future__ import annotations

import os

import pytest

from extract.reading.dates import FILE, METADATA, TEXT, date_in_text, document_date, iso_date
from extract.rules import rules_off


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T09:30:00+01:00", "2024-03-05"),
        ("5 March 2024", "2024-03-05"),
        ("Tuesday, 5th March 2024", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("Sept. 5, 2024", "2024-09-05"),
        ("05/03/2024", "2024-03-05"),
        ("March 2024", "2024-03"),
        ("2024", "2024"),
        ("31 February 2024", None),
        ("5 Marchy 2024", None),
        ("the 5th", None),
        ("", None),
    ],
)
def test_written_dates_become_iso(written, iso):
    assert iso_date(written) == iso


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Talks resume\nGENEVA, 4 March 2024 – Delegations met again on Monday.\n", ("2024-03-04", "dates.dateline")),
        ("Talks resume\nNEW YORK (UN), March 4, 2024 — The council met.\n", ("2024-03-04", "dates.dateline")),
        ("Statement\nPublished: 4 March 2024 at 10:15\nThe ministry said ...\n", ("2024-03-04", "dates.labelled_date")),
        ("Statement\nLast updated on 2024-03-04 | 10:15\n", ("2024-03-04", "dates.labelled_date")),
        ("Joint statement\nMonday, 4 March 2024\nThe two ministers met.\n", ("2024-03-04", "dates.date_alone")),
    ],
)
def test_a_date_line_at_the_top_is_the_documents_date(text, found):
    assert date_in_text(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Talks resume\nThe ministers will meet on 4 March 2024 in Geneva.\n",  # a date the text talks about
        "GENEVA – Delegations met again.\n",  # a dateline without a date
        "\n".join(["A line of the story."] * 12) + "\nPublished: 4 March 2024\n",  # too far down
    ],
)
def test_a_date_inside_the_story_is_not_its_date(text):
    assert date_in_text(text) is None


def test_a_rule_switched_off_finds_nothing():
    with rules_off("dates.labelled_date"):
        assert date_in_text("Statement\nPublished: 4 March 2024\n") is None


def test_metadata_then_text_then_the_files_time(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x")
    os.utime(path, (1_700_000_000, 1_700_000_000))  # 2023-11-14 UTC
    text = "Title\nPublished: 4 March 2024\n"
    assert document_date("2024-02-01", text, path) == ("2024-02-01", METADATA)
    assert document_date("not a date", text, path) == ("2024-03-04", TEXT)
    assert document_date(None, "Title\nNo date here.\n", path) == ("2023-11-14", FILE)
    assert document_date(None, "Title\n", tmp_path / "missing.txt") == (None, None)
