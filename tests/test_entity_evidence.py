"""Evidence beyond the small model: given names, bodies read through the text's organisation,
places placed by their province, and page furniture by named rules. Invented examples only."""

from __future__ import annotations

import pytest

from extract.entities.countries.names import _abbreviated_province
from extract.entities.organisations.registry import _context_reading, context_names, key
from extract.lexicon.given_names import is_given_name
from extract.structure.blocks import boilerplate_reason


@pytest.mark.parametrize("word", ["Dragana", "Miroslav", "Ursula", "Mark", "Hans-Peter", "Anna-Lena"])
def test_given_names_of_many_countries_count(word):
    assert is_given_name(word)


@pytest.mark.parametrize("word", ["Council", "Union", "House", "Royal", "Islamic", "the", "dragana", "X",
                                  "Austro-Hungarian", "Anna-", "Trade-Union"])
def test_words_that_the_name_data_ranks_by_noise_do_not(word):
    assert not is_given_name(word)


def test_a_bare_organ_is_read_through_the_body_the_text_names_most():
    from collections import Counter

    assert len(context_names()["Commission"]) >= 2  # an EU and an AU reading at least
    eu_text = Counter({key("European Union"): 3})
    au_text = Counter({key("African Union"): 2, key("European Union"): 1})
    assert _context_reading("Commission", eu_text) == "European Commission"
    assert _context_reading("Commission", au_text) == "African Union Commission"
    assert _context_reading("Commission", Counter()) is None


@pytest.mark.parametrize(("text", "code"), [
    ("Dover, Del., said", "US"), ("Kingston, Ont. on", "CA"), ("Perth, WA", None), ("Dover, Delaware", None),
])
def test_an_abbreviated_province_after_a_place_names_its_country(text, code):
    assert _abbreviated_province(text, text.index(",")) == code


@pytest.mark.parametrize(("line", "reason"), [
    ("March 4, 2022 / 6:05 PM / 2 years ago", "timestamp"),
    ("Friday, June 4, 2021, 3:00 p.m. Office of the Premier", "timestamp"),
    ("This is an unofficial translation of the minister's remarks.", "release note"),
    ("Read the original article on Northern Ministry.", "credits"),
    ("@CityFireDept / Twitter", "credits"),
    ("June 4, 2021 The minister said the talks went well.", ""),
    ("Read the report the ministry released.", ""),
])
def test_furniture_rules(line, reason):
    assert boilerplate_reason(line) == reason


@pytest.mark.slow
def test_a_numbered_heading_and_the_line_over_it_are_headings():
    from extract.nlp import shared_model
    from extract.records import HEADING, PARAGRAPH
    from extract.structure.blocks import split_blocks
    from extract.structure.sentences import finite_verb_checker

    text = ("Briefing by the Spokesperson\n\nOpening Remarks\n\n(1) Visit of the Minister to Lisbon\n\n"
            "The minister will travel to Lisbon on Monday to meet her counterpart and sign an accord.\n")
    blocks = split_blocks(text, "text", (), finite_verb_checker(shared_model()), (), True)
    kinds = {b.text: b.kind for b in blocks}
    assert kinds["Opening Remarks"] == HEADING
    assert kinds["(1) Visit of the Minister to Lisbon"] == HEADING
    assert kinds[text.split("\n\n")[3].strip()] == PARAGRAPH


def test_the_given_name_table_is_built_once_when_processes_start_together(tmp_path, monkeypatch):
    """Worker processes starting at once wait for the first one's copy of the table instead of each
    reading the package's own (threads stand in for processes: the lock is per open file)."""
    import threading
    import time

    from extract.lexicon import given_names

    monkeypatch.setattr(given_names, "_cache_file", lambda: tmp_path / "given-names.txt")
    built: list[int] = []

    def from_package() -> dict[str, bool]:
        built.append(1)
        time.sleep(0.2)  # long enough for the others to arrive while it builds
        return {"Anna": True, "Omar": False}

    monkeypatch.setattr(given_names, "_from_package", from_package)
    together = threading.Barrier(3)
    tables: list[dict[str, bool]] = []

    def load() -> None:
        together.wait()
        tables.append(given_names.table.__wrapped__())  # past the per-process cache

    threads = [threading.Thread(target=load) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert built == [1]
    assert tables == [{"Anna": True, "Omar": False}] * 3
