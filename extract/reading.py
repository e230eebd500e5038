"""Reading source files: finding them, decoding their bytes, turning HTML into text.

Reading refuses rather than guesses: a file that is empty, binary or cannot be
decoded raises `ReadError` with a one-line reason naming the file.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# charset-normalizer: maintained statistical encoding detection (Latin-1, cp1251, ...).
from charset_normalizer import from_bytes

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}

# A file larger than this is refused: it is almost surely not an article, and
# decoding it would hold it in memory whole.
MAX_BYTES = 64 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class ReadError(ValueError):
    """A source file that cannot be read as a document; the message names it."""


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded document. For HTML, `text` is the page's text with one block per line."""

    path: Path
    name: str
    kind: str  # "text", "markdown" or "html"
    text: str
    encoding: str
    sha256: str
    headings: tuple[tuple[int, int, int], ...] = ()  # (start, end, level) known from markup


def find_sources(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | ReadError]:
    """Yield readable document paths under `paths`, or a ReadError for each bad one.

    Folders recurse; symlinked folders are followed once, so a link loop is
    reported instead of followed forever.
    """
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield ReadError(f"{path}: no such file or folder")
        elif path.is_dir():
            yield from _walk(path, set())
        elif path.suffix.lower() not in SUFFIXES:
            yield ReadError(f"{path}: unsupported file type {path.suffix or '(none)'!r}; expected .txt, .md or .html")
        else:
            yield path


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | ReadError]:
    try:
        st = folder.stat()
    except OSError as exc:
        yield ReadError(f"{folder}: cannot open folder ({exc.strerror})")
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        yield ReadError(f"{folder}: folder loop (a link leads back to a folder already read)")
        return
    seen = seen | {key}
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        yield ReadError(f"{folder}: cannot list folder ({exc.strerror})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen)
        elif entry.suffix.lower() in SUFFIXES:
            yield entry


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes to text, returning (text, encoding name)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ReadError(f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding} ({exc.reason})") from None
    if b"\x00" in data[:8192]:
        raise ReadError(f"{name}: binary file (contains NUL bytes), not a text document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ReadError(f"{name}: cannot detect the text encoding (binary or undecodable bytes)")
    return str(best), best.encoding


def read_source(path: Path) -> SourceText:
    """Read and decode one file; raises ReadError with the reason."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ReadError(f"{path}: unsupported file type {path.suffix!r}; expected .txt, .md or .html")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(f"{path}: file too large ({size // (1024 * 1024)} MiB; the limit is {MAX_BYTES // (1024 * 1024)} MiB)")
        data = path.read_bytes()
    except PermissionError:
        raise ReadError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise ReadError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise ReadError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return source_from_bytes(data, path, kind)


def source_from_bytes(data: bytes, path: Path, kind: str) -> SourceText:
    """Decode `data` read from `path` and, for HTML, extract its text."""
    if not data.strip():
        raise ReadError(f"{path}: empty file")
    text, encoding = decode(data, str(path))
    # Newlines are normalised so offsets mean the same on every platform.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    headings: tuple[tuple[int, int, int], ...] = ()
    if kind == "html":
        from .html import html_to_text

        text, headings = html_to_text(text)
    if not text.strip():
        raise ReadError(f"{path}: no text in the file")
    return SourceText(
        path=path,
        name=path.name,
        kind=kind,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        headings=headings,
    )
