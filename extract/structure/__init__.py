"""Document structure: lines into heading, paragraph and boilerplate blocks and sections
(`blocks`), and spaCy's sentences with its known wrong splits joined back (`sentences`)."""

from extract.structure.blocks import build_sections, section_at, split_blocks
from extract.structure.sentences import finite_verb_checker, sentence_spans

__all__ = ["build_sections", "finite_verb_checker", "section_at", "sentence_spans", "split_blocks"]
