"""HTML pages to plain text, one block element per line, keeping where headings are.

The page's text becomes the document text that offsets point into; `<h1>`-`<h4>`
are reported with their level so that structure does not have to guess them.
Scripts, styles and navigation furniture hold no article text and are dropped.
"""

from __future__ import annotations

import re

# BeautifulSoup: a forgiving, maintained HTML parser (real pages are rarely valid).
from bs4 import BeautifulSoup, NavigableString, Tag

_SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "form", "button", "select"}
_BLOCK = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "li", "ul", "ol",
    "blockquote", "pre", "table", "tr", "td", "th", "figure", "figcaption", "h1", "h2", "h3", "h4",
    "h5", "h6", "br", "hr", "dd", "dt", "dl", "address", "title",
}
_HEADING_LEVEL = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
_SPACE = re.compile(r"\s+")


def html_to_text(markup: str) -> tuple[str, tuple[tuple[int, int, int], ...]]:
    """Return (text, headings) where headings are (start, end, level) offsets into text."""
    soup = BeautifulSoup(markup, "html.parser")
    lines: list[tuple[str, int]] = []  # (line text, heading level or 0)
    current: list[str] = []

    def flush(level: int = 0) -> None:
        line = _SPACE.sub(" ", "".join(current)).strip()
        current.clear()
        if line:
            lines.append((line, level))

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # skips comments, CDATA, doctype
                    current.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in _SKIP:
                continue
            if child.name in _HEADING_LEVEL:
                flush()
                current.append(child.get_text(" "))
                flush(_HEADING_LEVEL[child.name])
            elif child.name in _BLOCK:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    body = soup.body or soup
    walk(body)
    flush()
    text_parts: list[str] = []
    headings: list[tuple[int, int, int]] = []
    offset = 0
    for line, level in lines:
        if level:
            headings.append((offset, offset + len(line), level))
        text_parts.append(line)
        offset += len(line) + 1
    return "\n".join(text_parts) + ("\n" if text_parts else ""), tuple(headings)
