"""Sentence assembly: spaCy's sentences with its wrong splits joined, and its right ones kept; the
finite-verb test that tells a headline sentence from a label."""

from __future__ import annotations

import pytest

from extract.structure.sentences import finite_verb_checker, sentence_spans


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "Highlighting Türkiye’s unwavering support during and after the Azerbaijan-Armenia war 2020, Bayramov "
            "described this backing as a key element of the countries’ close coordination.",
            [
                "Highlighting Türkiye’s unwavering support during and after the Azerbaijan-Armenia war 2020, Bayramov "
                "described this backing as a key element of the countries’ close coordination."
            ],
            id="comma-after-a-year",
        ),
        pytest.param(
            "“You can’t say that we’re losing the war … The question is whether we will win,” Zelenskyy said.",
            ["“You can’t say that we’re losing the war … The question is whether we will win,” Zelenskyy said."],
            id="ellipsis-inside-a-quotation",
        ),
        pytest.param(
            "The battle for Pokrovsk appears to have ended in victory for Russia in recent weeks,\n"
            "but the campaign took two years for a town of 60,000.",
            [
                "The battle for Pokrovsk appears to have ended in victory for Russia in recent weeks,\n"
                "but the campaign took two years for a town of 60,000."
            ],
            id="hard-wrapped-line",
        ),
        pytest.param(
            "“All the ballistics that come to us are made at the end of 2025 – the beginning of 2026. That is, we "
            "are actually being attacked with missiles from the factory,” said adviser Serhiy Beskrestnov.",
            [
                "“All the ballistics that come to us are made at the end of 2025 – the beginning of 2026.",
                "That is, we are actually being attacked with missiles from the factory,” "
                "said adviser Serhiy Beskrestnov.",
            ],
            id="two-quoted-sentences-stay-two",
        ),
        pytest.param(
            "On Sunday, Russia launched 197 drones and 50 missiles. Ukraine downed all but 26 drones and 31 missiles.",
            [
                "On Sunday, Russia launched 197 drones and 50 missiles.",
                "Ukraine downed all but 26 drones and 31 missiles.",
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
        pytest.param("Relations with the United States", False, id="topic"),
        pytest.param("Mongolia bets on copper to pay its debts", True, id="verb-read-as-noun-after-one-name"),
        pytest.param("Kenya counts the cost of the drought", True, id="verb-read-as-noun-before-an-object"),
        pytest.param("EU sanctions on Belarus", False, id="name-before-a-plural-noun"),
        pytest.param("Brazil imports of diesel", False, id="name-before-a-plural-noun-and-of"),
    ],
)
def test_finite_verb_checker(nlp, line, finite):
    assert finite_verb_checker(nlp)(line) is finite
