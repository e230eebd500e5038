"""HTML pages to plain text, one block element per line, keeping where headings and page furniture are.

The page's text becomes the document text that offsets point into. `<h1>`-`<h4>`
are reported with their level so that structure does not have to guess them;
regions that the markup itself marks as page furniture (navigation, footers,
asides, share bars, related-link lists, captions) are reported too, so that
structure keeps them out of sentences without deleting them from the text.
Scripts, styles and forms hold no readable text and are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# BeautifulSoup: a forgiving, maintained HTML parser (real pages are rarely valid).
from bs4 import BeautifulSoup, NavigableString, Tag

_SKIP = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "head",
    "iframe",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "canvas",
    "object",
    "embed",
    "audio",
    "video",
    "map",
}
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "hr",
    "dd",
    "dt",
    "dl",
    "address",
    "title",
    "caption",
    "details",
    "summary",
}
_HEADING_LEVEL = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
_SPACE = re.compile(r"\s+")

# Elements that are page furniture by their name or ARIA role.
_FURNITURE_TAGS = {"nav": "navigation", "footer": "page footer", "aside": "aside", "figcaption": "caption"}
_FURNITURE_ROLES = {
    "navigation": "navigation",
    "contentinfo": "page footer",
    "complementary": "aside",
    "banner": "page header",
}
# Class and id words that sites use for furniture (the same words readability tools rely on).
_FURNITURE_WORDS = re.compile(
    r"(?:^|[-_\s])(share|sharing|social|related|recommended|newsletter|advert|advertisement|ad|ads|promo|cookie|"
    r"cookies|comments?|subscribe|breadcrumbs?|byline|caption|sidebar|menu|nav|navbar|footer|paywall)(?:[-_\s]|$)",
    re.IGNORECASE,
)
# Containers that hold the whole page; a furniture-like class on them ("has-sidebar") says nothing.
_CONTAINERS = {"html", "body", "main", "article"}
# Share of the page's text above which an element is content whatever its class says.
MAX_FURNITURE_SHARE = 0.4


@dataclass(frozen=True, slots=True)
class PageText:
    """The text of a page and, as (start, end, ...) offsets into it, its headings and furniture."""

    text: str
    headings: tuple[tuple[int, int, int], ...]  # (start, end, level)
    furniture: tuple[tuple[int, int, str], ...]  # (start, end, reason)


def _furniture_reason(tag: Tag, page_chars: int) -> str:
    if tag.name in _FURNITURE_TAGS:
        return _FURNITURE_TAGS[tag.name]
    role = str(tag.get("role") or "").lower()
    if role in _FURNITURE_ROLES:
        return _FURNITURE_ROLES[role]
    if tag.name in _CONTAINERS:
        return ""
    classes = tag.get("class") or []
    words = " ".join([*(classes if isinstance(classes, list) else [classes]), str(tag.get("id") or "")])
    m = _FURNITURE_WORDS.search(words)
    if not m:
        return ""
    # A class word is a weaker sign than a tag: a wrapper such as "post with-sidebar" may
    # hold the article itself. An element holding the title or most of the page is not furniture.
    if tag.find("h1") is not None or len(tag.get_text()) > MAX_FURNITURE_SHARE * page_chars:
        return ""
    return f"page {m.group(1).lower()}"


def html_to_text(markup: str) -> PageText:
    """The readable text of an HTML page, one block element per line."""
    soup = BeautifulSoup(markup, "html.parser")
    lines: list[tuple[str, int, str]] = []  # (line text, heading level or 0, furniture reason or "")
    current: list[str] = []

    def flush(level: int = 0, reason: str = "") -> None:
        line = _SPACE.sub(" ", "".join(current)).strip()
        current.clear()
        if line:
            lines.append((line, 0 if reason else level, reason))

    def walk(node: Tag, reason: str) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # skips comments, CDATA, doctype
                    current.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in _SKIP:
                continue
            inner = reason or _furniture_reason(child, page_chars)
            if child.name in _HEADING_LEVEL:
                flush(reason=reason)
                walk(child, inner)
                flush(_HEADING_LEVEL[child.name], inner)
            elif child.name in _BLOCK or inner != reason:
                flush(reason=reason)
                walk(child, inner)
                flush(reason=inner)
            else:
                walk(child, inner)

    body = soup.body or soup
    page_chars = max(1, len(body.get_text()))
    walk(body, "")
    flush()
    parts: list[str] = []
    headings: list[tuple[int, int, int]] = []
    furniture: list[tuple[int, int, str]] = []
    offset = 0
    for line, level, reason in lines:
        if level:
            headings.append((offset, offset + len(line), level))
        if reason:
            furniture.append((offset, offset + len(line), reason))
        parts.append(line)
        offset += len(line) + 1
    text = "\n".join(parts) + ("\n" if parts else "")
    return PageText(text, tuple(headings), tuple(furniture))


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares in a `<meta>` tag near its start, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else None
