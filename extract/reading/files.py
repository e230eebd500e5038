"""Reading source files: finding them, decoding their bytes, turning HTML, PDF and Word files into text.

Reading refuses rather than guesses: a file that is missing, unreadable, empty,
binary or undecodable raises `ReadError` with a one-line reason naming the file,
and the caller goes on with the other files.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# charset-normalizer: maintained statistical encoding detection (Latin-1, cp1251, ...).
from charset_normalizer import from_bytes

SUFFIXES = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
# Formats read from their own structure rather than decoded as text.
BINARY_KINDS = {"pdf", "docx"}
# The formats as a person names them, for help texts and for the line on an unsupported file.
FORMATS = ".txt, .md, .html, .pdf or .docx"

# A file larger than this is refused: it is almost surely not an article, and
# decoding it holds it in memory whole (a few times over, as bytes and text).
MAX_BYTES = 64 * 1024 * 1024
# Share of control characters above which decoded "text" is really binary data.
MAX_CONTROL_SHARE = 0.05

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that plain text does contain: tab, newlines, form feed, and
# ESC (terminal colour codes copied from a console are text, stored as they are).
_TEXT_CONTROLS = {"\t", "\n", "\r", "\f", "\v", "\x1b"}


class ReadError(ValueError):
    """A source file that cannot be read as a document; the message names it."""


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded document. For HTML, PDF and Word files, `text` is their text with one block per line."""

    path: Path
    name: str
    kind: str  # a value of SUFFIXES: "text", "markdown", "html", "pdf" or "docx"
    text: str
    encoding: str
    sha256: str
    headings: tuple[tuple[int, int, int], ...] = ()  # (start, end, level) known from markup
    furniture: tuple[tuple[int, int, str], ...] = ()  # (start, end, reason) known from markup
    pages: tuple[tuple[int, int, int], ...] = ()  # (start, end, page number) of a paged format's lines
    title: str | None = None  # as the file's own metadata gives them
    author: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD), or as the file gives it
    # False when the reader knows where the document's own text starts and ends (trafilatura's
    # article, a PDF, a Word file), so structure need not guess it from the lines' positions.
    guess_article_bounds: bool = True


def find_sources(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | ReadError]:
    """Yield document paths under `paths`, or a ReadError for each bad one.

    Folders recurse (hidden entries are skipped); symlinked folders are followed,
    but a link back to a folder already being read is reported, not followed
    forever. A file reached twice (through a link) is yielded once.
    """
    seen_files: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw)
        try:
            st = path.stat()
        except FileNotFoundError:
            yield ReadError(f"{path}: no such file or folder" if not path.is_symlink() else f"{path}: broken link")
            continue
        except OSError as exc:
            yield ReadError(f"{path}: cannot open ({_reason(exc)})")
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(path, frozenset(), seen_files)
        elif path.suffix.lower() not in SUFFIXES:
            yield ReadError(f"{path}: unsupported file type {path.suffix or '(none)'!r}; expected {FORMATS}")
        elif _first_time(st, seen_files):
            yield path


def _first_time(st: os.stat_result, seen: set[tuple[int, int]]) -> bool:
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def _walk(
    folder: Path, ancestors: frozenset[tuple[int, int]], seen_files: set[tuple[int, int]]
) -> Iterator[Path | ReadError]:
    try:
        st = folder.stat()
    except OSError as exc:
        yield ReadError(f"{folder}: cannot open folder ({_reason(exc)})")
        return
    key = (st.st_dev, st.st_ino)
    if key in ancestors:
        yield ReadError(f"{folder}: folder loop (a link leads back to a folder it is inside); not followed")
        return
    ancestors = ancestors | {key}
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        yield ReadError(f"{folder}: cannot list folder ({_reason(exc)})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            entry_st = entry.stat()
        except FileNotFoundError:
            if entry.suffix.lower() in SUFFIXES:
                yield ReadError(f"{entry}: broken link")
            continue
        except OSError as exc:
            yield ReadError(f"{entry}: cannot open ({_reason(exc)})")
            continue
        if stat.S_ISDIR(entry_st.st_mode):
            yield from _walk(entry, ancestors, seen_files)
        elif entry.suffix.lower() in SUFFIXES and _first_time(entry_st, seen_files):
            yield entry


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or str(exc)).lower()


def decode(data: bytes, name: str, *, hint: str | None = None) -> tuple[str, str]:
    """Decode bytes to text, returning (text, encoding name).

    Order: a byte-order mark; UTF-16 or UTF-32 without a mark (recognised by where
    its zero bytes are); UTF-8; the encoding a page declares (`hint`); statistical detection.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding} ({exc.reason})"
                ) from None
    if b"\x00" in data:
        unicode = _bomless_unicode(data)
        if unicode is None:
            raise ReadError(f"{name}: binary file (contains NUL bytes), not a text document")
        return _checked(data.decode(unicode), unicode, name)
    try:
        return _checked(data.decode("utf-8"), "utf-8", name)
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return _checked(*damaged, name)
    if hint:
        try:
            return _checked(data.decode(hint), hint, name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: detect instead
    best = _detect(data)
    if best is None or best.encoding is None:
        raise ReadError(f"{name}: cannot detect the text encoding (binary or undecodable bytes)")
    if _PREFERRED_ON_TIE in best.could_be_from_charset:
        try:
            return _checked(data.decode(_PREFERRED_ON_TIE), _PREFERRED_ON_TIE, name)
        except UnicodeDecodeError:
            pass
    return _checked(str(best), best.encoding, name)


# Windows-1252 (Western European, a superset of Latin-1's letters) is by far the most
# common legacy encoding of English and Western European pages. Detection cannot tell
# it from its Central European or Baltic siblings when the text fits all of them
# equally well ("déclaré à Genève" is also valid cp1250, as "déclaré ŕ Genčve"), so a
# tie goes to it.
_PREFERRED_ON_TIE = "cp1252"


def _detect(data: bytes):
    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        if (
            _PREFERRED_ON_TIE in match.could_be_from_charset
            and match.chaos <= best.chaos + 0.01
            and match.coherence >= best.coherence - 0.05
        ):
            return match
    return best


def _damaged_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 text with a few bad bytes (a truncated character, a stray byte), if that is what `data` is.

    Statistical detection would read such a file as some single-byte encoding and
    garble every accented letter in it; keeping UTF-8 and marking the few bad
    bytes with U+FFFD loses only them. The encoding recorded says so.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ch > "\x7f" and ch != "\ufffd")
    if 0 < bad <= max(1, len(data) // 1000) and good >= 2 * bad:
        return text, f"utf-8 ({bad} undecodable byte{'s' if bad != 1 else ''} replaced)"
    return None


def _bomless_unicode(data: bytes) -> str | None:
    """The UTF-16 or UTF-32 encoding of text without a byte-order mark, told by its zero bytes.

    Text outside the Latin letters has few zero bytes (a Russian text in UTF-16LE has
    them only in its spaces and punctuation), but they fall in the high byte of UTF-16's
    code units, the top two of UTF-32's. Binary data has them anywhere, pairs of them
    among them. The byte order with more zeros in the high position is tried first, and
    an encoding is taken only if the bytes decode strictly to text with no NUL and next to
    no unprintable characters.
    """
    zeros = data.count(0)
    if zeros == 0:
        return None
    candidates = []
    if len(data) % 4 == 0:
        # UTF-32: the top byte of every unit is zero, the next at most 0x10 (no code point is
        # higher) and zero for most characters (text is mostly in the Basic Multilingual Plane).
        units = len(data) // 4
        if data[3::4].count(0) == units and max(data[2::4]) <= 0x10 and data[2::4].count(0) * 2 >= units:
            candidates.append("utf-32-le")
        if data[0::4].count(0) == units and max(data[1::4]) <= 0x10 and data[1::4].count(0) * 2 >= units:
            candidates.append("utf-32-be")
    if len(data) % 2 == 0:
        even, odd = data[0::2].count(0), data[1::2].count(0)
        candidates += ["utf-16-le", "utf-16-be"] if odd >= even else ["utf-16-be", "utf-16-le"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        sample = text[:65536]
        unprintable = sum(1 for ch in sample if not ch.isprintable() and ch not in _TEXT_CONTROLS)
        if unprintable <= MAX_CONTROL_SHARE * len(sample):
            return encoding
    return None


def _checked(text: str, encoding: str, name: str) -> tuple[str, str]:
    """Refuse decoded text that is mostly control characters: it was binary data."""
    sample = text[:65536]
    controls = sum(1 for ch in sample if (ch < " " or "\x7f" <= ch < "\xa0") and ch not in _TEXT_CONTROLS)
    if sample and controls / len(sample) > MAX_CONTROL_SHARE:
        raise ReadError(
            f"{name}: binary file ({controls} control characters in the first {len(sample)}), not a text document"
        )
    return text, encoding


@dataclass(frozen=True, slots=True)
class RawFile:
    """A file's bytes as read, not yet decoded: what the client of a cluster sends to a worker,
    so the file need not be visible there. `sha256` is the digest `SourceText` records."""

    path: Path
    kind: str  # a value of SUFFIXES
    data: bytes
    sha256: str

    def decode(self, on_page: Callable[[int, int], None] | None = None) -> SourceText:
        """The decoded document (see `source_from_bytes`); raises ReadError with the reason."""
        return source_from_bytes(self.data, self.path, self.kind, on_page)


def read_file(path: Path) -> RawFile:
    """Read one file's bytes, refusing what is not a readable document file; raises ReadError with the reason."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ReadError(f"{path}: unsupported file type {path.suffix or '(none)'!r}; expected {FORMATS}")
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise ReadError(f"{path}: is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            # A pipe or device would block or never end.
            raise ReadError(f"{path}: not a regular file")
        if st.st_size > MAX_BYTES:
            raise ReadError(
                f"{path}: file too large ({st.st_size // 2**20} MiB; the limit is {MAX_BYTES // 2**20} MiB)"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file" if not path.is_symlink() else f"{path}: broken link") from None
    except OSError as exc:
        raise ReadError(f"{path}: cannot read ({_reason(exc)})") from None
    return RawFile(path, kind, data, hashlib.sha256(data).hexdigest())


def read_source(path: Path, on_page: Callable[[int, int], None] | None = None) -> SourceText:
    """Read and decode one file; raises ReadError with the reason.

    `on_page(done, total)` follows the reading of a paged format (PDF) page by page.
    """
    return read_file(path).decode(on_page)


def source_from_bytes(
    data: bytes, path: Path, kind: str, on_page: Callable[[int, int], None] | None = None
) -> SourceText:
    """Decode `data` read from `path` and, for HTML, PDF and Word files, extract its text."""
    if not data.strip():
        raise ReadError(f"{path}: empty file")
    if kind in BINARY_KINDS:
        return _structured_source(data, path, kind, on_page)
    hint = None
    if kind == "html":
        from extract.reading.html import declared_charset

        hint = declared_charset(data)
    text, encoding = decode(data, str(path), hint=hint)
    # Newlines are normalised so offsets mean the same on every platform (and as
    # Python's universal-newline reading sees the file).
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    headings: tuple[tuple[int, int, int], ...] = ()
    furniture: tuple[tuple[int, int, str], ...] = ()
    title = author = published = None
    guess_article_bounds = True
    if kind == "html":
        from extract.reading.html import read_html

        page = read_html(text)
        text, headings, furniture = page.text, page.headings, page.furniture
        title, author, published = page.title, page.author, page.published
        guess_article_bounds = not page.article
    if not text.strip():
        raise ReadError(f"{path}: no text in the file" + (" (only markup)" if kind == "html" else ""))
    return SourceText(
        path=path,
        name=path.name,
        kind=kind,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        headings=headings,
        furniture=furniture,
        title=title,
        author=author,
        published=published,
        guess_article_bounds=guess_article_bounds,
    )


def _structured_source(data: bytes, path: Path, kind: str, on_page: Callable[[int, int], None] | None) -> SourceText:
    """A PDF or Word file's text, read from the file's own structure (no decoding to guess)."""
    if kind == "pdf":
        from extract.reading.pdf import read_pdf

        doc = read_pdf(data, str(path), on_page)
    else:
        from extract.reading.word import read_docx

        doc = read_docx(data, str(path))
    if not doc.text.strip():
        raise ReadError(f"{path}: no text in the file")
    return SourceText(
        path=path,
        name=path.name,
        kind=kind,
        text=doc.text,
        encoding=kind,  # the text comes from the format's own Unicode text, not a byte encoding
        sha256=hashlib.sha256(data).hexdigest(),
        headings=doc.headings,
        furniture=doc.furniture,
        pages=doc.pages,
        title=doc.title,
        author=doc.author,
        published=doc.published,
        guess_article_bounds=False,
    )
