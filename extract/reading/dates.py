"""A document's date: from its own metadata, else its dateline or date line, else the file's time.

The explorer filters claims by date and draws an entity's claims over time, so every
document gets a date, and the store says where it came from (`published_from`):

- "metadata": the file's own (an HTML page's meta tags, a PDF's or Word file's properties),
  when it reads as a date;
- "text": a date line near the top of the text, found by the named rules of `DATE_LINES`
  (a dateline before the story, a "Published:" line, a date alone on its line);
- "file": the file's modification time, the last resort (it says when the copy was made,
  which may be long after the text was written; the explorer shows it as such).

Dates are stored as ISO text: YYYY-MM-DD, or YYYY-MM / YYYY when the source gives no more.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path

from extract.rules import Rule, RuleTable

METADATA = "metadata"
TEXT = "text"
FILE = "file"

# A date line stands near the top: a dateline opens the story, a "Published" line sits
# under the headline. Further down, a date is what the text talks about, not its own.
HEAD_LINES = 12
HEAD_CHARS = 3000

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_YEAR = r"(?:19|20)\d\d"

# The forms a written date takes, each with named groups y, m (number or month name), d.
_DATE_FORMS = (
    rf"(?P<y>{_YEAR})-(?P<m>\d\d)-(?P<d>\d\d)(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?",
    rf"{_WEEKDAY}?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})",
    rf"{_WEEKDAY}?(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>{_YEAR})",
    rf"(?P<d>\d{{1,2}})[./](?P<m>\d{{1,2}})[./](?P<y>{_YEAR})",  # day first, as most of the world writes it
    rf"(?P<m>{_MONTH})\s+(?P<y>{_YEAR})",
    rf"(?P<y>{_YEAR})-(?P<m>\d\d)",
)
# Any of the forms, unnamed (a pattern cannot name a group twice), to find a date inside a line.
DATE = "(?i:" + "|".join(f"(?:{re.sub(r'[(][?]P<[a-z]>', '(?:', form)})" for form in _DATE_FORMS) + ")"
_FORMS = [re.compile(rf"^\s*{form}\s*$", re.IGNORECASE) for form in _DATE_FORMS]


def iso_date(text: str | None) -> str | None:
    """`text` as an ISO date if the whole of it is a date ("3 March 2024" → "2024-03-03"), else None."""
    if not text:
        return None
    text = text.strip()
    if re.fullmatch(_YEAR, text):
        return text
    for form in _FORMS:
        m = form.match(text)
        if m:
            return _iso(m.groupdict())
    return None


def _iso(parts: dict[str, str | None]) -> str | None:
    year = int(parts["y"] or 0)
    month_text = (parts.get("m") or "").lower().rstrip(".")
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text, 0)
    if not 1 <= month <= 12:
        return None
    day_text = parts.get("d")
    if not day_text:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, int(day_text)).isoformat()
    except ValueError:  # 31 February, 13/13/2024: not a date
        return None


def _first_date(text: str) -> str | None:
    for m in re.finditer(DATE, text, re.IGNORECASE):
        found = iso_date(m.group(0))
        if found:
            return found
    return None


# --- date lines: named rules over the lines at the top of a text ---------------------------


def _dateline(line: str) -> str | None:
    """A place in capitals, a comma and a date, then a dash or the story: 'GENEVA, 4 March 2024 –'."""
    m = re.match(rf"^[A-Z][A-Z .'’-]{{1,40}}(?:\([^)]*\))?,\s+(?P<date>{DATE})\s*(?:[-–—:(]|$)", line)
    return iso_date(m.group("date")) if m else None


def _labelled(line: str) -> str | None:
    """A label saying what the date is, then the date: 'Published: 4 March 2024', 'Date: 2024-03-04'."""
    m = re.match(
        r"^(?:(?:first |last )?(?:published|updated|posted|issued|released|dated|date|delivered)(?: on)?|"
        r"press release|statement)\s*[:|,–—-]?\s*(?P<rest>.+)$",
        line,
        re.IGNORECASE,
    )
    if not m:
        return None
    rest = re.split(r"\s+(?:at|\||·|-|–|—)\s+|\s+\d{1,2}[:.]\d\d\b", m.group("rest"), maxsplit=1)[0]
    return iso_date(rest.strip(" .,"))


def _date_alone(line: str) -> str | None:
    """A line that is nothing but a date, as a release prints it under its title: 'Monday, 4 March 2024'."""
    return iso_date(line.strip(" .,"))


DATE_LINES: RuleTable[str] = RuleTable(
    "dates",
    [
        Rule(
            "dateline",
            "BRUSSELS, 12 June 2023 – Ministers agreed a new plan.",
            _dateline,
            "news agencies and ministries open a story with the place and the date",
        ),
        Rule(
            "labelled_date",
            "Published: 12 June 2023",
            _labelled,
            "releases and web pages say when they were published or issued",
        ),
        Rule(
            "date_alone",
            "Monday, 12 June 2023",
            _date_alone,
            "statements print their date on a line of its own under the title",
        ),
    ],
    probe=lambda text: {name for name, _ in DATE_LINES.every(text.strip())},
)


def date_in_text(text: str) -> tuple[str, str] | None:
    """The first date line at the top of `text`: (ISO date, the rule that found it), or None."""
    lines = [line.strip() for line in text[:HEAD_CHARS].splitlines() if line.strip()][:HEAD_LINES]
    for line in lines:
        found = DATE_LINES.first(line)
        if found:
            return found[1], found[0]
    return None


def file_date(path: str | Path) -> str | None:
    """The file's modification date (UTC), or None if it cannot be read."""
    try:
        mtime = Path(path).stat().st_mtime
    except (OSError, ValueError):
        return None
    return datetime.fromtimestamp(mtime, tz=timezone.utc).date().isoformat()


def document_date(published: str | None, text: str, path: str | Path | None) -> tuple[str | None, str | None]:
    """(ISO date, where it came from) for a document: its metadata, its date line, its file."""
    found = iso_date(published) or (_first_date(published) if published else None)
    if found:
        return found, METADATA
    in_text = date_in_text(text)
    if in_text:
        return in_text[0], TEXT
    if path is not None:
        mtime = file_date(path)
        if mtime:
            return mtime, FILE
    return None, None


__all__ = ["DATE_LINES", "FILE", "METADATA", "TEXT", "date_in_text", "document_date", "file_date", "iso_date"]
