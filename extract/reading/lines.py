"""The text of a structured format (PDF, Word) written one block per line, with what is known of each line.

Readers of formats that carry their own structure know, for every block they
find, whether it is a heading (and its level), furniture (and why) and on which
page it stands. `LineWriter` collects the blocks in reading order and gives the
document text (what every offset points into) with those facts as offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class StructuredText:
    """A document's text, one block per line, and (start, end, ...) offsets into it."""

    text: str
    headings: tuple[tuple[int, int, int], ...] = ()  # (start, end, level)
    furniture: tuple[tuple[int, int, str], ...] = ()  # (start, end, reason)
    pages: tuple[tuple[int, int, int], ...] = ()  # (start, end, page number)
    title: str | None = None
    author: str | None = None
    published: str | None = None


@dataclass
class LineWriter:
    """Blocks in reading order, written as lines of the document text."""

    _parts: list[str] = field(default_factory=list)
    _offset: int = 0
    _headings: list[tuple[int, int, int]] = field(default_factory=list)
    _furniture: list[tuple[int, int, str]] = field(default_factory=list)
    _pages: list[tuple[int, int, int]] = field(default_factory=list)

    def add(self, text: str, *, level: int = 0, reason: str = "", page: int | None = None) -> None:
        """One block: a heading of `level`, furniture for `reason`, or a paragraph; on `page` if paged."""
        line = _SPACE.sub(" ", text).strip()
        if not line:
            return
        start, end = self._offset, self._offset + len(line)
        if reason:
            self._furniture.append((start, end, reason))
        elif level:
            self._headings.append((start, end, level))
        if page is not None:
            self._pages.append((start, end, page))
        self._parts.append(line)
        self._offset = end + 1

    def result(self, **metadata: str | None) -> StructuredText:
        text = "\n".join(self._parts) + ("\n" if self._parts else "")
        return StructuredText(
            text, tuple(self._headings), tuple(self._furniture), tuple(self._pages), **metadata
        )
