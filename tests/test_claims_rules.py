"""The claims stage's named rules at work: the cue table, transcript labels, quotations over
paragraphs, the rule names a claim records, and `policy-tui explain`.

Every text here is invented.
"""

from __future__ import annotations

import pytest

from extract.claims.quotes import quoted_paragraph
from extract.rules import rules_off

pytestmark = pytest.mark.slow


def claims_of(nlp, text):
    from extract.explain import extract_text

    document = extract_text(text, nlp=nlp)
    return [(s.text, c.speaker, c.speaker_rule, c.cue, c.cue_rule)
            for s in document.sentences for c in document.claims if c.sentence == s.index]


def test_a_claim_names_the_rules_that_found_its_cue_and_speaker(nlp):
    (_, speaker, speaker_rule, cue, cue_rule), = claims_of(nlp, "Foreign Minister Anna Berg said the border would reopen.")
    assert (speaker, cue) == ("Anna Berg", "said")
    assert speaker_rule == "speakers.named-in-the-phrase"
    assert cue_rule == "cues.reporting-verb"


def test_a_cue_rule_switched_off_finds_no_cue(nlp):
    text = "The envoy set out the terms of a truce on Monday."
    assert claims_of(nlp, text)[0][4] == "cues.phrasal-verb"
    with rules_off("cues.phrasal-verb"):
        assert claims_of(nlp, text)[0][3] is None


def test_a_view_stated_in_a_clause_is_attributed(nlp):
    (_, speaker, _, cue, cue_rule), = claims_of(nlp, "Anna Berg suggested that the tariffs would be lifted in May.")
    assert (speaker, cue, cue_rule) == ("Anna Berg", "suggested", "cues.verb-with-a-clause")


def test_transcript_labels_attribute_every_sentence_until_the_next_label(nlp):
    text = ("MODERATOR: Welcome to the briefing.\n\nMinister Anna Berg: The harvest failed this year. "
            "Prices will rise.\n\nWe will import grain.\n\nMODERATOR: The session is closed.")
    found = {t: s for t, s, *_ in claims_of(nlp, text)}
    assert found["Prices will rise."] == "Anna Berg"
    assert found["We will import grain."] == "Anna Berg"
    # the parser splits the label off; the sentence assembly joins it back to its turn's first sentence
    assert found["MODERATOR: The session is closed."] == "MODERATOR"
    assert "Welcome to the briefing." not in found  # a greeting states nothing


def test_a_question_label_ends_a_turn_and_names_nobody(nlp):
    text = "Q: The port was closed.\n\nA: It reopened.\n\nQ: And the border?\n\nSPOKESPERSON: It stays shut."
    found = {t: s for t, s, *_ in claims_of(nlp, text)}
    assert found["Q: The port was closed."] is None
    assert found["SPOKESPERSON: It stays shut."] == "SPOKESPERSON"


def test_a_few_labelled_subheads_do_not_make_a_transcript(nlp):
    text = ("Anna Berg: Grain prices\n\nThe harvest failed in the north. Imports rose.\n\nOmar Said: Ports\n\n"
            "The port of Tavra handled more ships than last year.\n\nThe council met on Friday.\n\n"
            "Farmers marched through the capital.")
    found = {t: s for t, s, *_ in claims_of(nlp, text)}
    assert found["Imports rose."] is None


def test_a_quotation_over_two_paragraphs_keeps_its_speaker(nlp):
    text = ("Trade Minister Anna Berg spoke in Tavra.\n\n\u201cThe harvest failed. Prices will rise.\n\n"
            "\u201cWe need imports,\u201d Berg said.")
    found = {t: (s, rule) for t, s, rule, *_ in claims_of(nlp, text)}
    assert found["Prices will rise."] == ("Anna Berg", "attribution.quotation-speaker")
    with rules_off("attribution.quotation-across-paragraphs"):
        found = {t: s for t, s, *_ in claims_of(nlp, text)}
        assert found["Prices will rise."] is None


@pytest.mark.parametrize(
    ("paragraphs", "runs_on"),
    [
        ((["\u201cThe harvest failed.", "Prices will rise."], ["\u201cWe need imports,\u201d she said."]), True),
        ((["\u201cThe harvest failed.", "Prices will rise."], ["She said so on Monday."]), False),
    ],
)
def test_an_open_quotation_runs_on_only_into_a_paragraph_that_reopens_it(paragraphs, runs_on):
    first, second = paragraphs
    pieces, ran = quoted_paragraph(first, 0, next_opens=second[0].startswith("\u201c"))
    assert ran is runs_on
    assert bool(pieces[1]) is runs_on  # the paragraph's second sentence is inside the quotation
    nxt, _ = quoted_paragraph(second, 1, continued=ran)
    if runs_on:
        assert nxt[0][0].segment == pieces[0][0].segment


def test_a_fuller_name_never_runs_past_the_surname(nlp):
    text = "Anna Berg Meets Farmers\n\nTrade Minister Anna Berg said on Monday that prices would fall. Berg said talks went on."
    speakers = {s for _, s, *_ in claims_of(nlp, text) if s}
    assert speakers == {"Anna Berg"}


def test_explain_prints_sentences_entities_claims_and_rules_literally(tmp_path, capsys):
    from tui.cli import main

    path = tmp_path / "note.txt"
    path.write_text("Foreign Minister Anna Berg said the \x1b[31mborder [bold]would reopen.\n", encoding="utf-8")
    assert main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert "person: Anna Berg" in out
    assert "rule speakers.named-in-the-phrase" in out and "rule cues.reporting-verb" in out
    assert "\x1b" not in out and "\\x1b[31mborder [bold]" in out


def test_explain_names_a_file_it_cannot_read(tmp_path, capsys):
    from tui.cli import main

    assert main(["explain", str(tmp_path / "missing.txt")]) == 1
    assert "missing.txt: no such file" in capsys.readouterr().err


def test_two_labels_in_capitals_make_a_transcript(nlp):
    text = ("MS BERG: Good morning. The envoy leaves for Tavra on Monday.\n\nShe will meet the port council. "
            "We expect a deal on ferry fees.\n\nQUESTION: Will the talks last a week?")
    found = {t: s for t, s, *_ in claims_of(nlp, text)}
    assert found["We expect a deal on ferry fees."] == "Berg"


def test_two_labelled_subheads_in_title_case_make_no_transcript(nlp):
    text = ("Anna Berg: Ports\n\nThe harbour reopened. Ferries run again.\n\nOmar Said: Fish\n\n"
            "Quotas were cut by a fifth.")
    found = {t: s for t, s, *_ in claims_of(nlp, text)}
    assert found["Quotas were cut by a fifth."] is None
