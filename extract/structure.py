"""Document structure: lines into blocks (headings, paragraphs, boilerplate) and sections.

Works on the decoded text alone, so it is cheap and testable without spaCy; the
one judgement that needs grammar (is a short line a heading or a headline
sentence?) takes a callable that tells whether a line has a finite verb.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .records import BOILERPLATE, HEADING, PARAGRAPH, Block, Section

_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_BULLET = re.compile(r"^\s*(?:[*\-•·▪◦]|\d{1,2}[.)])\s+")
_TERMINAL = ('.', '!', '?', '"', '”', '’', "'", '»', ')', ';', ',')
_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*$")

# Page furniture seen around articles on news and government sites. These are
# patterns of the web page, not of any one article: adverts for apps and
# newsletters, share and comment prompts, bylines and credits, timestamps.
_BOILERPLATE_PATTERNS = [
    (re.compile(p, re.IGNORECASE), reason)
    for p, reason in [
        (r"\b(download|get)\b.*\b(app|application)\b.*\b(play store|app store|google play)\b", "app advert"),
        (r"^(leave|add|post|write|view|show|read)\s+(the first |a |your )?(comments?|reply|replies)\b", "comment prompt"),
        (r"^what is your opinion\b|^what do you think\b|^join the (conversation|discussion)", "comment prompt"),
        (r"^(click here|tap here)\b.*\bshare\b|^share (this|on)\b|^share$", "share prompt"),
        (r"^add .{1,40} on google$", "share prompt"),
        (r"^listen to this article$|^\d+ min(ute)? (read|listen)$", "page widget"),
        (r"^(published|updated|posted)( on)?\s+\d", "timestamp"),
        (r"^press release\b.*\d{4}", "timestamp"),
        (r"^(advertisement|sponsored|sponsored content|ad)$", "advert"),
        (r"^(recommended|related|more|most read|popular|trending|read more|see also)( stories| articles| news| content)?:?$", "related links"),
        (r"\bsign up here\b|\bsubscribe\b.*\bnewsletter\b|\bnewsletter\b.*\b(sign up|subscribe)\b", "newsletter advert"),
        (r"^reporting by\b|^writing by\b|^editing by\b|\bediting by\b.*$", "byline"),
        (r"^our standards:|trust principles", "credits"),
        (r", opens new tab$|^learn more about", "page widget"),
        (r"^visit the (meeting|event|press) page$|^(print|email|download)( this)?( page| pdf)?$", "page widget"),
        (r"^#{3,}$|^[*_=\-]{3,}$", "separator"),
        (r"^(exclusive news, data and analytics)", "advert"),
    ]
]

_RELATED_HEADERS = re.compile(
    r"^(recommended|related|more|most read|popular|trending|read more|see also)( stories| articles| news| content)?:?$",
    re.IGNORECASE,
)

MAX_HEADING_WORDS = 12
MAX_HEADING_CHARS = 100


def _lines(text: str) -> list[tuple[int, int]]:
    """Offsets of the stripped, non-empty lines of `text`."""
    spans = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
    return spans


def boilerplate_reason(line: str) -> str:
    """Why a line is page furniture, or "" when it is not."""
    for pattern, reason in _BOILERPLATE_PATTERNS:
        if pattern.search(line):
            return reason
    return ""


def is_heading_shaped(line: str) -> bool:
    """A short line that does not end like a sentence."""
    words = line.split()
    if not words or len(line) > MAX_HEADING_CHARS or len(words) > MAX_HEADING_WORDS:
        return False
    if line.endswith(":") and len(words) <= 4:
        return True
    if line.endswith(_TERMINAL) or _TRUNCATED.search(line):
        return False
    first = line.lstrip("'\"‘“")[:1]
    return first.isupper() or first.isdigit()


def split_blocks(
    text: str,
    kind: str = "text",
    markup_headings: Sequence[tuple[int, int, int]] = (),
    has_finite_verb: Callable[[str], bool] = lambda line: False,
) -> list[Block]:
    """Split a document into heading, paragraph and boilerplate blocks.

    Each non-empty line is a block; Markdown `#` lines and HTML headings are
    headings by markup; plain lines are headings when short, not ending like a
    sentence, without a finite verb and followed by content.
    """
    spans = _lines(text)
    known = {start: level for start, _end, level in markup_headings}
    lines = [text[a:b] for a, b in spans]
    kinds: list[str] = [PARAGRAPH] * len(spans)
    levels = [0] * len(spans)
    reasons = [""] * len(spans)
    offsets = list(spans)

    for i, line in enumerate(lines):
        reason = boilerplate_reason(line)
        if reason:
            kinds[i], reasons[i] = BOILERPLATE, reason
            continue
        if _TRUNCATED.search(line) and len(line.split()) > 8:
            # A teaser cut off with "...": the line and the headline just above it.
            kinds[i], reasons[i] = BOILERPLATE, "teaser"
            if i > 0 and kinds[i - 1] == PARAGRAPH and is_heading_shaped(lines[i - 1]):
                kinds[i - 1], reasons[i - 1] = BOILERPLATE, "teaser headline"

    # Headline-shaped lines right under a "Recommended stories" header are teasers.
    for i, line in enumerate(lines):
        if _RELATED_HEADERS.match(line):
            j = i + 1
            while j < len(lines) and kinds[j] == PARAGRAPH and is_heading_shaped(lines[j]) or (
                j < len(lines) and kinds[j] == PARAGRAPH and not lines[j].rstrip().endswith((".", "!", "?", "”", '"'))
                and len(lines[j].split()) <= 16
            ):
                kinds[j], reasons[j] = BOILERPLATE, "related link"
                j += 1

    # Headline-shaped lines after the last content paragraph are teasers of other articles.
    last_content = max((i for i, k in enumerate(kinds) if k == PARAGRAPH and not is_heading_shaped(lines[i])), default=-1)
    for i in range(last_content + 1, len(lines)):
        if kinds[i] == PARAGRAPH and not (kind == "markdown" and _MD_HEADING.match(lines[i])):
            kinds[i], reasons[i] = BOILERPLATE, "trailing teaser"

    for i, line in enumerate(lines):
        if kinds[i] != PARAGRAPH:
            continue
        start, end = offsets[i]
        if kind == "markdown":
            m = _MD_HEADING.match(line)
            if m:
                kinds[i], levels[i] = HEADING, len(m.group(1))
                offsets[i] = (start + m.start(2), start + m.end(2))
            continue
        if start in known:
            kinds[i], levels[i] = HEADING, known[start]
            continue
        if kind == "html" and known:
            continue  # the page says where its headings are
        following = next((k for k in range(i + 1, len(lines)) if kinds[k] != BOILERPLATE), None)
        if following is None or not is_heading_shaped(line):
            continue
        if is_heading_shaped(lines[following]) and not lines[following].endswith(":"):
            continue  # a run of short lines is a list, not a heading over content
        if line.endswith(":") or not has_finite_verb(line):
            kinds[i], levels[i] = HEADING, 1

    blocks = []
    for i, (start, end) in enumerate(offsets):
        block_text = text[start:end]
        if kinds[i] == PARAGRAPH:
            bullet = _BULLET.match(block_text)
            if bullet:
                start += bullet.end()
                block_text = text[start:end]
        blocks.append(Block(index=i, kind=kinds[i], start=start, end=end, text=block_text, level=levels[i], reason=reasons[i]))
    return blocks


def build_sections(blocks: Sequence[Block], text_length: int) -> list[Section]:
    """Sections from heading blocks; a section runs until the next heading of its level or above."""
    headings = [b for b in blocks if b.kind == HEADING]
    sections: list[Section] = []
    stack: list[int] = []
    for n, block in enumerate(headings):
        while stack and sections[stack[-1]].level >= block.level:
            stack.pop()
        end = next((h.start for h in headings[n + 1 :] if h.level <= block.level), text_length)
        sections.append(
            Section(index=n, heading=block.text, level=block.level, start=block.start, end=end, parent=stack[-1] if stack else None)
        )
        stack.append(n)
    return sections


def section_at(sections: Sequence[Section], offset: int) -> int | None:
    """Index of the innermost section whose heading precedes `offset`."""
    found = None
    for section in sections:
        if section.start <= offset < section.end:
            found = section.index  # later (deeper) sections win
    return found
