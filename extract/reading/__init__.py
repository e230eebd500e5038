"""Reading sources: finding files, decoding their bytes (`files`), HTML pages to text (`html`)."""

from extract.reading.files import ReadError, SourceText, find_sources, read_source, source_from_bytes

__all__ = ["ReadError", "SourceText", "find_sources", "read_source", "source_from_bytes"]
