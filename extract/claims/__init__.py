"""Claims: reporting cues (`cues`), quotations (`quotes`), speakers (`speakers`) and
quantities (`quantities`), put together per sentence by `document.find_claims`."""

from extract.claims.document import find_claims

__all__ = ["find_claims"]
