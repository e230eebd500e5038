"""File names as text that can be stored and shown: bytes that are not UTF-8 written as `\\xff`.

POSIX file names are bytes. Python carries the bytes it cannot decode as lone
surrogates (U+DC80-U+DCFF, "surrogateescape"), which SQLite, JSON and most
terminals refuse. Stored and shown, each such byte becomes the four characters
`\\xNN`: the name stays readable, the byte is still there to be seen, and the
same file always gets the same text, so a re-ingest recognises it.
"""

from __future__ import annotations

import os
import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as surrogateescape carries it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"  # a lone surrogate from elsewhere (a mis-decoded name on Windows)


def escape_undecodable(text: str) -> str:
    """`text` with every lone surrogate written as an escape (`\\xff` for an undecodable byte)."""
    return _SURROGATE.sub(_escape, text) if _SURROGATE.search(text) else text


def path_text(path: str | os.PathLike[str]) -> str:
    """A path as storable, printable text: its undecodable bytes escaped as `\\xNN`."""
    return escape_undecodable(os.fspath(path))
