"""Messages that several of the explorer's widgets send: asking for a filter, showing a claim.

Messages that belong to one widget are defined on it (`ClaimsTable.RowsWanted`,
`SearchBox.Changed` …); these are the ones any pane may post.
"""

from __future__ import annotations

from textual.message import Message

from extract.queries import Filter


class FilterChosen(Message):
    """The user picked something to filter the claims by (a section, country, organisation, speaker …)."""

    def __init__(self, filter: Filter) -> None:
        super().__init__()
        self.filter = filter


class ClaimWanted(Message):
    """Show this claim: select it in the claims list and its source passage."""

    def __init__(self, claim_id: int) -> None:
        super().__init__()
        self.claim_id = claim_id
