"""An article's front matter: the headline and the standfirst over its first paragraph.

A news article opens with a headline and often a standfirst (the one-line summary
printed under it, before the byline and date). Both restate what the article goes
on to say, so they are content (their sentences are kept and exported) but not
claims of their own: the explorer leaves them out of its claims lists. They are
paragraph blocks whose `reason` names their role, "headline" or "standfirst".

Judged on the blocks `split_blocks` made, in the order of `FRONT_MATTER`:
- a headline is the document's first block that is not page furniture, a single
  line shaped like a title (short, no full stop at its end) standing over content,
  that was kept as a paragraph because it holds a finite verb ("Ministers agree
  ...") or reads as a sentence-case headline; a title without a verb is already a
  heading and no sentence;
- a standfirst is the single line right under the headline or the title heading,
  no longer than a summary, that the page furniture of the article's top follows
  at once (a byline, a date line, a "Listen to this article" widget, share
  prompts): the article itself starts after that furniture. A first paragraph that
  follows the headline directly, with no furniture under it, is the article's lead
  and stays a claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from extract.records import BOILERPLATE, HEADING, PARAGRAPH, Block
from extract.rules import Rule, RuleTable, probe_extraction
from extract.structure.blocks import MAX_TITLE_CHARS, MAX_TITLE_WORDS, ends_sentence, is_heading_shaped

HEADLINE = "headline"
STANDFIRST = "standfirst"
FRONT_ROLES = (HEADLINE, STANDFIRST)
# Furniture that stands between an article's front matter and its text.
_MASTHEAD_FURNITURE = {"byline", "timestamp", "page label", "page widget", "share prompt"}
MAX_STANDFIRST_WORDS = 60  # a summary of a line or two, not a paragraph of the article
FRONT_BLOCKS = 8  # the front matter stands among a document's first blocks


def _first_content(blocks: Sequence[Block]) -> int | None:
    return next((i for i, b in enumerate(blocks[:FRONT_BLOCKS]) if b.kind != BOILERPLATE), None)


def _one_line(block: Block) -> str | None:
    text = block.text.strip()
    return text if text and "\n" not in text else None


def _headline(blocks: Sequence[Block], i: int, roles: dict[int, str]) -> str | None:
    """The first line, kept as a paragraph, shaped like a title and standing over content."""
    block = blocks[i]
    line = _one_line(block)
    if i != _first_content(blocks) or block.kind != PARAGRAPH or line is None:
        return None
    shaped = line[:-1] if line.endswith("?") else line
    if ends_sentence(shaped) or not is_heading_shaped(shaped, max_words=MAX_TITLE_WORDS, max_chars=MAX_TITLE_CHARS):
        return None
    later = any(b.kind == PARAGRAPH and ends_sentence(b.text.strip()) for b in blocks[i + 1 :])
    return HEADLINE if later else None


def _standfirst(blocks: Sequence[Block], i: int, roles: dict[int, str]) -> str | None:
    """The line right under the headline (or title heading) that the top's furniture follows at once."""
    if i == 0 or i + 1 >= len(blocks):
        return None
    above, block, below = blocks[i - 1], blocks[i], blocks[i + 1]
    titled = roles.get(i - 1) == HEADLINE or (above.kind == HEADING and i - 1 == _first_content(blocks))
    line = _one_line(block)
    if not titled or block.kind != PARAGRAPH or line is None or len(line.split()) > MAX_STANDFIRST_WORDS:
        return None
    if below.kind != BOILERPLATE or below.reason not in _MASTHEAD_FURNITURE:
        return None
    later = any(b.kind == PARAGRAPH and ends_sentence(b.text.strip()) for b in blocks[i + 2 :])
    return STANDFIRST if later else None


FRONT_MATTER: RuleTable[str] = RuleTable(
    "front_matter",
    [
        Rule(
            "headline",
            "Ministers agree river pact as the drought spreads\n"
            "The ministers of four river states agreed on Tuesday to share the water of the basin.\n"
            "Farmers said the pact came too late for this year's harvest.\n",
            _headline,
            "news headlines with a verb are kept as sentences, yet restate the article",
        ),
        Rule(
            "standfirst",
            "Harbour talks\n"
            "Port officials expect the new quay to double the trade of the island by next year.\n"
            "Published 3 May 2024\n"
            "The port authority opened bids for the quay on Monday, its director said.\n",
            _standfirst,
            "articles print a summary line under the headline, before the byline and date",
        ),
    ],
    probe=lambda text: probe_extraction(text) & set(FRONT_MATTER.names),
)


def mark_front_matter(blocks: Sequence[Block]) -> list[Block]:
    """The blocks with the headline and standfirst (if any) given their role as `reason`."""
    roles: dict[int, str] = {}
    for i in range(min(len(blocks), FRONT_BLOCKS)):
        found = FRONT_MATTER.first(blocks, i, roles)
        if found is not None:
            roles[i] = found[1]
    return [replace(b, reason=roles[i]) if i in roles else b for i, b in enumerate(blocks)]
