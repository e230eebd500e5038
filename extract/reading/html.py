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
- an article body the page splits over several elements of one class (closed before
  each advertisement slot, opened again after it): trafilatura reads the first of them
  only, the later ones are read here (`_body_continued`);
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


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class")  # a list of names, or one string for a parser that does not split them
    return [value] if isinstance(value, str) else list(value or [])


def _furniture_reason(tag: Tag, page_chars: int) -> str:
    if tag.name in _FURNITURE_TAGS:
        return _FURNITURE_TAGS[tag.name]
    role = str(tag.get("role") or "").lower()
    if role in _FURNITURE_ROLES:
        return _FURNITURE_ROLES[role]
    if tag.name in _CONTAINERS:
        return ""
    words = " ".join([*_classes(tag), str(tag.get("id") or "")])
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


def _page_lines(markup: str | BeautifulSoup) -> list[tuple[str, int, str]]:
    """(line text, heading level or 0, furniture reason or "") for every block of the page, in order."""
    soup = BeautifulSoup(markup, "html.parser") if isinstance(markup, str) else markup
    body = soup.body or soup
    return _block_lines(body, max(1, len(body.get_text())))


def _block_lines(node: Tag, page_chars: int) -> list[tuple[str, int, str]]:
    """The lines of one element of a page of `page_chars` characters (see `_page_lines`)."""
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

    walk(node, "")
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
    soup = BeautifulSoup(markup, "html.parser")
    page = _page_lines(soup)
    article = _article(markup)
    if article is None:
        return _assemble(page)
    lines, metadata, body_end = article
    lines[body_end:body_end] = _body_continued(soup, lines)
    # A page line already in the article is stored once, there; every other line follows as
    # furniture, keeping the reason the markup gave it (navigation, footer, ...) if it has one.
    kept = "\n".join(line for line, _, _ in lines)
    rest = [(line, 0, reason or OUTSIDE_ARTICLE) for line, _, reason in page if line not in kept]
    return _assemble(lines + rest, article=True, **metadata)


def _article(markup: str) -> tuple[list[tuple[str, int, str]], dict[str, str | None], int] | None:
    """The article's lines (text, heading level, ""), its title, author and date, and where its
    main text ends (the comments follow); None if there is none."""
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
    body_end = len(lines)
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
            body_end += 1
    metadata = {
        "title": title,
        "author": _clean(getattr(doc, "author", None)),
        "published": _clean(getattr(doc, "date", None)),
    }
    return lines, metadata, body_end


# Class names of the element that holds an article's body ("article-body", "story__content",
# "post_text", ...): the words main-text extractors look for, trafilatura among them.
_BODY_CLASS = re.compile(r"(?:article|story|post|entry)(?:-|_|__)?(?:body|content|text)|body-?text", re.IGNORECASE)
# Text in paragraphs that a further body element must hold to be more of the article, not a
# caption, a sign-up line or an empty slot that the site's layout gives the same class.
MIN_CONTINUED_CHARS = 200


def _body_element(tag: Tag) -> bool:
    if str(tag.get("itemprop") or "") == "articleBody":
        return True
    return any(_BODY_CLASS.search(name) for name in _classes(tag))


def _body_continued(soup: BeautifulSoup, article: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """The article's body where the page splits it over several elements of one kind.

    Pages that put advertisements or other slots inside an article often close its body
    element before each slot and open a new one of the same tag and class after it.
    trafilatura reads the first element its body rules match, so the article stops at the
    first slot. The body element is the one holding most of the paragraphs trafilatura
    kept; the later elements of the same tag and class are read here, their paragraphs
    and headings (not what the markup marks as furniture), in page order.
    """
    kept = {line for line, _, _ in article}
    held: dict[int, tuple[Tag, int]] = {}
    for p in soup.find_all("p"):
        text = _SPACE.sub(" ", p.get_text()).strip()
        box = p.find_parent(_body_element) if text in kept else None
        if box is not None:
            held[id(box)] = (box, held.get(id(box), (box, 0))[1] + len(text))
    if not held:
        return []
    box = max(held.values(), key=lambda pair: pair[1])[0]
    signature = (box.name, box.get("class"), box.get("itemprop"))
    page_chars = max(1, len((soup.body or soup).get_text()))
    lines: list[tuple[str, int, str]] = []
    read = {id(box)}  # elements read already: their descendants are not read again
    for element in box.find_all_next(box.name):
        if (element.name, element.get("class"), element.get("itemprop")) != signature:
            continue
        if any(id(outer) in read for outer in element.parents):
            continue
        read.add(id(element))
        if id(element) in held:
            continue
        linked = _linked_lines(element)
        new = [
            (line, level, "")
            for line, level, reason in _block_lines(element, page_chars)
            if not reason and line not in kept and line not in linked
        ]
        paragraphs = sum(len(_SPACE.sub(" ", p.get_text()).strip()) for p in element.find_all("p"))
        if paragraphs >= MIN_CONTINUED_CHARS:
            lines += new
            kept.update(line for line, _, _ in new)
    return lines


# Share of a line's characters in links above which it points elsewhere (further reading,
# a sign-up) rather than being the article's own prose, as trafilatura judges link density.
MAX_LINK_SHARE = 0.5


def _linked_lines(element: Tag) -> set[str]:
    """The lines of `element` (paragraphs, list items, links alone) that are mostly link text."""
    linked: set[str] = set()
    for block in element.find_all(["p", "li", "a", "div"]):
        text = _SPACE.sub(" ", block.get_text()).strip()
        links = sum(len(a.get_text().strip()) for a in ([block] if block.name == "a" else block.find_all("a")))
        if text and links > MAX_LINK_SHARE * len(text):
            linked.add(text)
    return linked


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
