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


# A news lead that describes its speaker by office, then names him.
LEAD = ("Tavra will not reopen the port until the fees are cut, its trade minister has said.\n\n"
        "\u201cThe fees must go first,\u201d Omar Haddad told reporters on Monday.\n\n")


def test_a_lead_that_describes_its_speaker_is_the_person_named_next(nlp):
    text = LEAD + "The minister said talks with the ferry companies would resume in June."
    found = {t: s for t, s, *_ in claims_of(nlp, text)}
    assert found["Tavra will not reopen the port until the fees are cut, its trade minister has said."] == "Omar Haddad"
    assert found["The minister said talks with the ferry companies would resume in June."] == "Omar Haddad"


def test_an_anonymous_lead_source_is_not_the_person_named_next(nlp):
    text = ("A senior United Nations official, speaking on condition of anonymity, warned of a new offensive.\n\n"
            "Anna Berg, Assistant Secretary-General for Political Affairs, told the Council that talks would go on.")
    found = {t: s for t, s, *_ in claims_of(nlp, text)}
    assert found["A senior United Nations official, speaking on condition of anonymity, warned of a new offensive."] != (
        "Anna Berg")


def test_a_described_speaker_after_someone_is_named_stays_described(nlp):
    text = ("Anna Berg opened the session in Tavra.\n\nA senior official said the vote would be delayed.\n\n"
            "Omar Haddad, Deputy Director of the Port Authority, said the ferries would run.")
    found = {t: s for t, s, *_ in claims_of(nlp, text)}
    assert found["A senior official said the vote would be delayed."] != "Omar Haddad"


def test_remarks_by_a_named_speaker_in_the_first_person_are_their_monologue(nlp):
    text = ("Press remarks by Minister Anna Berg after the council meeting\n\n"
            "Today we took three decisions. The port will reopen in May.\n\nI thank the council for its work.")
    found = {t: s for t, s, *_ in claims_of(nlp, text)}
    assert found["The port will reopen in May."] == "Anna Berg"


def test_a_headline_with_speech_and_by_is_no_monologue(nlp):
    text = ("Budget Speech Criticised By Anna Berg\n\n"
            "The finance minister presented the budget on Monday. \u201cWe will cut taxes,\u201d he said.\n\n"
            "The port will reopen in May.")
    found = {t: s for t, s, *_ in claims_of(nlp, text)}
    assert found["The port will reopen in May."] is None


def test_an_as_clause_speaks_through_its_agent(nlp):
    found = {t: s for t, s, *_ in claims_of(nlp, "Exports fell by a third, as noted by Anna Berg, the economist.")}
    assert found["Exports fell by a third, as noted by Anna Berg, the economist."] == "Anna Berg"


# A press conference whose labels give the minister's title and family name in capitals.
TURNS = ("Foreign Minister Anna Berg met the press in Tavra.\n\nQUESTION: Will the port reopen?\n\n"
         "MINISTER BERG: The port reopens on Monday.")


def test_a_label_of_title_and_family_name_in_capitals_names_the_person(nlp):
    text = TURNS + " Ferries will run again.\n\nQUESTION: And the fees?"
    found = {t: s for t, s, *_ in claims_of(nlp, text)}
    assert found["Ferries will run again."] == "Anna Berg"


def test_a_name_in_a_turn_label_is_no_mention_of_a_person(nlp):
    from extract.explain import extract_text

    text = TURNS + "\n\nQUESTION: And the fees?\n\nMINISTER BERG: They stay."
    document = extract_text(text, nlp=nlp)
    people = [(m.sentence, m.text) for m in document.mentions if m.kind == "person"]
    assert people == [(0, "Anna Berg")]
    assert [c.speaker for c in document.claims if c.speaker] == ["Anna Berg", "Anna Berg"]


def test_an_editors_bracket_in_lower_case_stays_inside_its_sentence(nlp):
    from extract.explain import extract_text

    document = extract_text("We met Minister [for Trade of Tavra] Anna Berg, who spoke from a shelter.", nlp=nlp)
    assert [s.text for s in document.sentences] == [
        "We met Minister [for Trade of Tavra] Anna Berg, who spoke from a shelter."]


def test_a_call_to_action_after_a_turn_holder_and_a_long_thanks_assert_nothing(nlp):
    text = ("SPOKESPERSON: Thank you all for coming to this afternoon's briefing. The port "
            "reopens on Monday. So, yeah, go ahead.\n\nQ: When do the fees change?")
    found = {t: s for t, s, *_ in claims_of(nlp, text)}
    assert "So, yeah, go ahead." not in found
    assert not any(t.startswith("SPOKESPERSON: Thank you") for t in found)
    assert found["The port reopens on Monday."] == "SPOKESPERSON"


def test_he_after_an_office_that_spoke_is_that_office(nlp):
    text = ("Anna Berg opened the harbour forum in Tavra on Monday.\n\n"
            "The Secretary-General condemned the attack on the ferry port. He urged both sides to show restraint.")
    found = {t: s for t, s, *_ in claims_of(nlp, text)}
    assert found["He urged both sides to show restraint."] == "Secretary-General"


def test_he_after_a_lead_office_named_next_is_the_person_named(nlp):
    text = LEAD + "The minister said talks with the ferry companies would resume in June. The talks will be long, he said."
    found = {t: s for t, s, *_ in claims_of(nlp, text)}
    assert found["The talks will be long, he said."] == "Omar Haddad"
