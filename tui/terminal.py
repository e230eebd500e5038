"""What the command line prints that came from a file or a name, made safe for a terminal.

Document text, file names and messages naming files are data. Written raw to a
terminal, their control characters would be obeyed: ESC sequences recolour,
retitle (OSC 0/2), write the clipboard (OSC 52), plant links (OSC 8) or reset it;
C1 controls do the same in one byte; bidirectional overrides reorder what is
shown around them. Every such character is written as a visible escape instead.
Lone surrogates (a file name's bytes that are not UTF-8) become `\\xff`-style
escapes, so printing never fails either.

This is the one sanitiser of the command line; the explorer draws text through
`tui.text.safe`, which keeps offsets one to one.
"""

from __future__ import annotations

import re
from typing import IO

# C0 controls but tab and newline, DEL, C1 controls, the Arabic letter mark, left-to-right
# and right-to-left marks, line and paragraph separators, bidi embeddings, overrides and
# isolates, and lone surrogates.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_IN_TEXT = re.compile(f"\r\n|[{_UNSAFE}]")  # a CRLF (the CSV line end) is a newline here
_UNSAFE_IN_LINE = re.compile(f"[\t\n{_UNSAFE}]")


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` as one line safe to print: every control character (newlines too) shown as an escape."""
    return _UNSAFE_IN_LINE.sub(lambda m: _escape(m.group()), text)


def _json_escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch == "\r\n":
        return "\n"
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"  # the JSON form: a JSON line shown this way still reads the same


class TerminalWriter:
    """A text stream for a terminal: lines and tabs pass, every other control character is escaped.

    `replaced` counts the characters written as escapes, so the caller can say the
    output on screen is not byte for byte the export.
    """

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.replaced = 0

    def write(self, text: str) -> int:
        safe, n = _UNSAFE_IN_TEXT.subn(_json_escape, text)
        self.replaced += n - text.count("\r\n")
        self.stream.write(safe)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()
