"""HTML pages to plain text, one block per line, keeping where headings and page furniture are.

The article itself comes from trafilatura, the maintained main-text extractor that
scores best on the public article-extraction benchmarks: its title, author and date,
and its main text with headings (`<head>`), paragraphs, list items, quotes and
table rows, each block on a line of its own. That text comes first in the
document text that offsets point into.

This module's own reader (`html_to_text`) stays for what trafilatura does not give:
- the rest of the page: every line of the page's text that is not already in the
  article follows it as page furniture (kind `boilerplate`), so nothing of the page
  is silently gone (trafilatura returns only what it keeps);
- a page trafilatura finds no article in (a list of links, a page of short notices):
  the whole page is read as before, `<h1>`-`<h4>` as headings and the regions that the
  markup marks as furniture (navigation, footers, asides, share bars) as boilerplate;
- the encoding a page declares (`declared_charset`): files are decoded before any
  parser sees them, so that offsets and the stored encoding are the reader's own.
Scripts, styles and form controls hold no readable text and are dropped.
"""

from __future__ import annotations

import functools
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
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date, as the page gives it
    article: bool = False  # the text starts with the article a main-text extractor found


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
    """The readable text of a whole HTML page, one block element per line (the reader without trafilatura)."""
    return _assemble(_page_lines(markup))


def _page_lines(markup: str) -> list[tuple[str, int, str]]:
    """(line text, heading level or 0, furniture reason or "") for every block of the page, in order."""
    soup = BeautifulSoup(markup, "html.parser")
    lines: list[tuple[str, int, str]] = []
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
    return lines


def _assemble(
    lines: list[tuple[str, int, str]],
    *,
    title: str | None = None,
    author: str | None = None,
    published: str | None = None,
    article: bool = False,
) -> PageText:
    """The document text (one line per block) with its headings' and furniture's offsets."""
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
    return PageText(text, tuple(headings), tuple(furniture), title, author, published, article)


# Why a line of the page that trafilatura left out of the article is kept as furniture.
OUTSIDE_ARTICLE = "outside the article"
# trafilatura's block elements: these start a line of their own; the rest are inline.
_ARTICLE_BLOCKS = {"head", "p", "list", "item", "quote", "table", "row", "code", "div", "graphic"}
_HEAD_LEVEL = re.compile(r"^h([1-6])$")


def read_html(markup: str) -> PageText:
    """The page's article first (title, headings, paragraphs, from trafilatura), then the rest of its text.

    Falls back to the whole page read by `html_to_text` when trafilatura finds no article.
    """
    page = _page_lines(markup)
    article = _article(markup)
    if article is None:
        return _assemble(page)
    lines, metadata = article
    # A page line already in the article is stored once, there; every other line follows as
    # furniture, keeping the reason the markup gave it (navigation, footer, ...) if it has one.
    kept = "\n".join(line for line, _, _ in lines)
    rest = [(line, 0, reason or OUTSIDE_ARTICLE) for line, _, reason in page if line not in kept]
    return _assemble(lines + rest, article=True, **metadata)


def _article(markup: str) -> tuple[list[tuple[str, int, str]], dict[str, str | None]] | None:
    """The article's lines (text, heading level, "") and its title, author and date; None if there is none."""
    # trafilatura: main text, headings and metadata of a web page (imported here: it is slow to import).
    import trafilatura

    try:
        # The extractor's defaults, as the benchmark figures for it were measured: its
        # "comments" part is kept too, after the main text, since on some pages that is
        # where it puts part of the article.
        doc = trafilatura.bare_extraction(markup, with_metadata=True, config=_trafilatura_config())
    except (ValueError, TypeError, AttributeError, RecursionError):
        # trafilatura has failed on malformed pages with these; the page is then read whole.
        return None
    body = getattr(doc, "body", None) if doc is not None else None
    if body is None:
        return None
    lines: list[tuple[str, int, str]] = []
    _article_block(body, lines)
    comments = getattr(doc, "commentsbody", None)
    if comments is not None:
        _article_block(comments, lines)
    if not any(not level for _, level, _ in lines):
        return None  # headings alone are no article
    title = _clean(getattr(doc, "title", None))
    if title:
        if lines and lines[0][0] == title:
            lines[0] = (title, 1, "")
        else:
            lines.insert(0, (title, 1, ""))
    metadata = {
        "title": title,
        "author": _clean(getattr(doc, "author", None)),
        "published": _clean(getattr(doc, "date", None)),
    }
    return lines, metadata


@functools.cache
def _trafilatura_config():
    """trafilatura's settings, but for a short article: kept with its structure.

    By default an article under 250 characters is thrown away for the page's bare text
    in one paragraph, headings and all; a two-paragraph press release is still an article.
    """
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return config


def _clean(value: object) -> str | None:
    text = _SPACE.sub(" ", str(value)).strip() if value else ""
    return text or None


def _article_block(element, lines: list[tuple[str, int, str]]) -> None:
    """Lines of one of trafilatura's block elements: its own inline text, then its block children."""
    tag = element.tag
    if tag == "row":  # a table row is one line, its cells set apart
        cells = [_SPACE.sub(" ", "".join(cell.itertext())).strip() for cell in element]
        line = " | ".join(cell for cell in cells if cell)
        if line:
            lines.append((line, 0, ""))
        return
    level = 0
    if tag == "head":
        m = _HEAD_LEVEL.match(str(element.get("rend") or ""))
        level = int(m.group(1)) if m else 2
    pieces: list[str] = [element.text or ""]

    def flush() -> None:
        for piece in "".join(pieces).split("\n"):
            line = _SPACE.sub(" ", piece).strip()
            if line:
                lines.append((line, level, ""))
        pieces.clear()

    for child in element:
        if child.tag in _ARTICLE_BLOCKS:
            flush()
            _article_block(child, lines)
        else:
            pieces.append("\n" if child.tag == "lb" else "".join(child.itertext()))
        pieces.append(child.tail or "")
    flush()


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares in a `<meta>` tag near its start, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else None
