"""Sentence assembly: spaCy's sentences with its wrong splits joined, and its right ones kept; the
finite-verb test that tells a headline sentence from a label."""

from __future__ import annotations

import pytest

from extract.structure.sentences import finite_verb_checker, sentence_spans


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "Thanking Peru’s loyal help through the Chile-Bolivia crisis 2021, Moritz called it the core of the "
            "allies’ water deal.",
            [
                "Thanking Peru’s loyal help through the Chile-Bolivia crisis 2021, Moritz called it the core of the "
                "allies’ water deal."
            ],
            id="comma-after-a-year",
        ),
        pytest.param(
            "“We are not running out of money … The problem is how fast we can spend it,” Haddad said.",
            ["“We are not running out of money … The problem is how fast we can spend it,” Haddad said."],
            id="ellipsis-inside-a-quotation",
        ),
        pytest.param(
            "Repairs to the Lindau bridge look set to finish before the winter,\n"
            "but the work took four years for a span of 300 metres.",
            [
                "Repairs to the Lindau bridge look set to finish before the winter,\n"
                "but the work took four years for a span of 300 metres."
            ],
            id="hard-wrapped-line",
        ),
        pytest.param(
            "“Every order we receive dates from the spring of 2024 – the summer of 2024. In short, the factories "
            "are working flat out,” said economist Anna Berg.",
            [
                "“Every order we receive dates from the spring of 2024 – the summer of 2024.",
                "In short, the factories are working flat out,” "
                "said economist Anna Berg.",
            ],
            id="two-quoted-sentences-stay-two",
        ),
        pytest.param(
            "On Tuesday, the port handled 40 ships and 12 barges. Customs inspected all but 5 ships and 2 barges.",
            [
                "On Tuesday, the port handled 40 ships and 12 barges.",
                "Customs inspected all but 5 ships and 2 barges.",
            ],
            id="plain-sentences",
        ),
        pytest.param(
            "QUESTION: Right. Will the port reopen?",
            ["QUESTION: Right.", "Will the port reopen?"],
            id="a-label-stays-with-its-turn",
        ),
        pytest.param(
            "The minister met Hon. Anna Berg, Speaker of the Assembly. They spoke for an hour.",
            ["The minister met Hon. Anna Berg, Speaker of the Assembly.", "They spoke for an hour."],
            id="a-dotted-title-stays-with-its-name",
        ),
        pytest.param("—", [], id="no-letters-no-sentence"),
    ],
)
def test_sentence_spans(nlp, text, expected):
    assert [span.text.strip() for span in sentence_spans(nlp(text))] == expected


@pytest.mark.parametrize(
    "line, finite",
    [
        pytest.param("Ukraine strikes back", True, id="plain-verb"),
        pytest.param("Kenya and Uganda sign deal on railway", True, id="verb-read-as-noun-after-coordination"),
        pytest.param("Peru, Bolivia share water data", True, id="comma-coordination"),
        pytest.param("Readout of the Meeting of the Foreign Ministers", False, id="label"),
        pytest.param("Minister's visit to Nairobi: 4 March 2025", False, id="label-with-date"),
        pytest.param("Germany and France", False, id="names-only"),
        pytest.param("Paraguay trade mission to Chile", False, id="one-name-before-a-compound"),
        pytest.param("Relations with the Andean Nations", False, id="topic"),
        pytest.param("Mongolia bets on copper to pay its debts", True, id="verb-read-as-noun-after-one-name"),
        pytest.param("Kenya counts the cost of the drought", True, id="verb-read-as-noun-before-an-object"),
        pytest.param("EU sanctions on Belarus", False, id="name-before-a-plural-noun"),
        pytest.param("Brazil imports of diesel", False, id="name-before-a-plural-noun-and-of"),
    ],
)
def test_finite_verb_checker(nlp, line, finite):
    assert finite_verb_checker(nlp)(line) is finite
