"""Document text made safe to put on a terminal, offsets unchanged.

Text from documents is data: it is never parsed as markup (callers wrap it in
`Content`/`Text`, never in markup strings), and its control characters are
replaced one for one by visible symbols, so an escape sequence inside a document
cannot drive the terminal and every character offset still points at the same
character.
"""

from __future__ import annotations

_REPLACEMENT = "\ufffd"


def _table(newlines: bool) -> dict[int, str]:
    table = {code: chr(0x2400 + code) for code in range(0x20)}  # C0 controls → their control pictures (␛, ␇ …)
    table[0x09] = " "  # a tab is one space here, so offsets and widths stay one to one
    if newlines:
        del table[0x0A]
    else:
        table[0x0A] = " "
    table[0x7F] = "\u2421"  # DEL → ␡
    for code in range(0x80, 0xA0):  # C1 controls (0x9b is a one-byte CSI on some terminals)
        table[code] = _REPLACEMENT
    # Bidirectional overrides and isolates could reorder what is shown around them.
    for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)):
        table[code] = _REPLACEMENT
    return table


_MULTILINE = _table(newlines=True)
_ONE_LINE = _table(newlines=False)


def safe(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character made visible; same length, same offsets."""
    return text.translate(_ONE_LINE if one_line else _MULTILINE)


def short_count(n: int) -> str:
    """A count in at most five cells: 950, 12,345 → 12k, 3,400,000 → 3.4M."""
    if n < 10_000:
        return str(n)
    if n < 1_000_000:
        return f"{n // 1000}k"
    return f"{n / 1_000_000:.1f}M"
