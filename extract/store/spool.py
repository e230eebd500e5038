"""A huge document's extracted records kept on disk a window at a time until they are stored.

Extraction of a document longer than one window (`extract.pipeline.WINDOW`) yields a
part per window. Kept in memory until the document is stored, the parts of a 50 MB
file took a gigabyte; written to a temporary file as each window finishes, and read
back one at a time inside the document's single transaction, they cost one window.
The store's write lock is still taken only once the whole document is extracted, so
another ingest waits no longer than the write itself.

A spool made in a worker process is read by the parent from the same temporary file; one
made on another machine (a cluster's worker) travels packed, its file's bytes in memory, and
is written to a new temporary file where it is stored.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from extract.records import COUNTRY, ExtractedDocument


@dataclass(frozen=True, slots=True)
class SpooledDocument:
    """A document as its first part (fields, blocks, sections) and a file of the parts that follow."""

    head: ExtractedDocument
    file: str  # the temporary file of pickled parts; removed by `close`
    countries: frozenset[str]  # ISO codes of the countries mentioned (for the ingest's summary)

    @property
    def path(self) -> str:
        return self.head.path

    def with_path(self, path: str) -> SpooledDocument:
        return replace(self, head=replace(self.head, path=path))

    def parts(self) -> Iterator[ExtractedDocument]:
        """The head, then every spooled part, read back one at a time."""
        yield self.head
        with open(self.file, "rb") as f:
            while True:
                try:
                    part = pickle.load(f)
                except EOFError:
                    return
                yield replace(part, text=self.head.text)  # the text was left out of each part on disk

    def close(self) -> None:
        try:
            os.unlink(self.file)
        except FileNotFoundError:
            pass


def spool(head: ExtractedDocument, parts: Iterable[ExtractedDocument]) -> SpooledDocument:
    """Write `parts` to a temporary file as they come; the file is removed if extraction fails."""
    handle, name = tempfile.mkstemp(prefix="policy-tui-", suffix=".parts")
    countries: set[str] = set()
    try:
        with os.fdopen(handle, "wb") as f:
            for part in parts:
                countries |= {m.key for m in part.mentions if m.kind == COUNTRY}
                pickle.dump(replace(part, text=""), f, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        os.unlink(name)
        raise
    return SpooledDocument(head, name, frozenset(countries))


@dataclass(frozen=True, slots=True)
class PackedSpool:
    """A spooled document with its file's bytes in memory instead, to send to another machine."""

    head: ExtractedDocument
    data: bytes
    countries: frozenset[str]

    def unpack(self) -> SpooledDocument:
        """The document spooled again, to a new temporary file here (the caller stores and closes it)."""
        handle, name = tempfile.mkstemp(prefix="policy-tui-", suffix=".parts")
        try:
            with os.fdopen(handle, "wb") as f:
                f.write(self.data)
        except BaseException:
            os.unlink(name)
            raise
        return SpooledDocument(self.head, name, self.countries)


def pack(doc: SpooledDocument) -> PackedSpool:
    """`doc` with its file read into memory; the file is removed."""
    try:
        with open(doc.file, "rb") as f:
            data = f.read()
    finally:
        doc.close()
    return PackedSpool(doc.head, data, doc.countries)
