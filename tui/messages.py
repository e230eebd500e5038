"""Messages that several of the explorer's widgets send: asking for a filter.

Messages that belong to one widget are defined on it (`ClaimsTable.RowsWanted`,
`SearchBox.Changed` …); these are the ones any pane may post.
"""

from __future__ import annotations

from textual.message import Message

from extract.store.read import Filter


class FilterChosen(Message):
    """The user picked something to filter the claims by (a section, country, organisation, speaker …)."""

    def __init__(self, filter: Filter) -> None:
        super().__init__()
        self.filter = filter
