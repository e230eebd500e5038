"""Title Case headlines that report and breadcrumbs in a document's structure, and
the entities and speakers read from such lines.

Every text here is invented.
"""

from __future__ import annotations

import pytest

from extract.records import BOILERPLATE, HEADING, PARAGRAPH
from extract.structure.blocks import split_blocks
from extract.structure.sentences import finite_verb_checker

pytestmark = pytest.mark.slow

BODY = "The port reopened on Monday after a long dispute over fees with the ferry companies."


@pytest.fixture(scope="module")
def has_finite_verb(nlp):
    return finite_verb_checker(nlp)


def first_kind(text, has_finite_verb):
    return split_blocks(text, "text", has_finite_verb=has_finite_verb)[0].kind


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Harbour Envoy Tells Council Talks Will Resume", PARAGRAPH),
        ("Senior Port Official, Briefing Harbour Board, Reiterates Appeal to Stop Strikes", PARAGRAPH),
        ("Minister Warns of Ferry Shortage", PARAGRAPH),
        ("Readout of President Anna Berg’s Meeting with President Omar Haddad", HEADING),
        ("Press Remarks After the Harbour Board Meeting", HEADING),
        ("Statement by the Minister on the Ferry Strike", HEADING),
    ],
)
def test_a_title_case_title_that_reports_is_a_sentence(title, kind, has_finite_verb):
    assert first_kind(f"{title}\n\n{BODY}\n\n{BODY}", has_finite_verb) == kind


def test_a_breadcrumb_trail_joined_by_slashes_over_the_headline_is_furniture(has_finite_verb):
    text = f"News / Ports\n\nTranscript of the Interview with Trade Minister Anna Berg\n\n{BODY}"
    blocks = split_blocks(text, "text", has_finite_verb=has_finite_verb)
    assert (blocks[0].kind, blocks[0].text) == (BOILERPLATE, "News / Ports")


def test_a_participle_set_off_before_a_body_is_not_part_of_its_name(nlp):
    from extract.explain import extract_text

    text = f"Senior Port Official, Briefing Security Council, Reiterates Appeal to Stop Strikes\n\n{BODY}"
    names = {m.text for m in extract_text(text, nlp=nlp).mentions if m.kind == "organisation"}
    assert "Security Council" in names
    assert not any(name.startswith("Briefing") or name.endswith("Official") for name in names)


def test_a_verb_conjoined_to_a_passive_one_speaks_for_their_shared_subject(nlp):
    from extract.explain import extract_text

    text = ("Port officials were angered by the ruling and predicted it would raise fees.\n\n"
            "The ferries were stopped and inspected by the coast guard.")
    claims = extract_text(text, nlp=nlp).claims
    assert [c.speaker for c in claims] == ["Port officials", None]
