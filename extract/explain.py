"""Extraction explained: a document extracted in memory, shown sentence by sentence with the
entities, the claim and the names of the rules that produced them (`policy-tui explain FILE`).

Nothing is stored. The lines hold the document's text as it is; whoever prints them to a
terminal sanitises them (the command line does, with its one sanitiser).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from extract.records import ExtractedDocument
from extract.rules import switched_off

if TYPE_CHECKING:
    from spacy.language import Language


def extract_text(text: str, name: str = "text.txt", nlp: Language | None = None) -> ExtractedDocument:
    """Extract a plain text held in memory (the rule tests' and `explain`'s way in)."""
    from extract.nlp import shared_model
    from extract.pipeline import extract
    from extract.reading.files import SourceText

    source = SourceText(Path(name), name, "text", text, "utf-8", hashlib.sha256(text.encode()).hexdigest())
    return extract(source, nlp or shared_model())


def explain(path: Path, nlp: Language | None = None) -> Iterator[str]:
    """Lines describing what extraction finds in one file, sentence by sentence."""
    from extract.nlp import shared_model
    from extract.pipeline import extract
    from extract.reading.files import read_source

    document = extract(read_source(path), nlp or shared_model())
    off = switched_off()
    yield f"{document.name}: {len(document.sentences)} sentences, {len(document.claims)} claims"
    if off:
        yield f"rules switched off: {', '.join(sorted(off))}"
    mentions: dict[int, list] = {}
    for m in document.mentions:
        mentions.setdefault(m.sentence, []).append(m)
    claims = {c.sentence: c for c in document.claims}
    for sentence in document.sentences:
        yield ""
        yield f"[{sentence.index}] {sentence.start}-{sentence.end}  {sentence.text}"
        for m in mentions.get(sentence.index, []):
            yield f"    {m.kind}: {m.text} -> {m.key}"
        claim = claims.get(sentence.index)
        if claim is None:
            yield "    claim: none (asserts nothing)"
            continue
        if claim.speaker is None:
            yield "    claim: the text's own"
        else:
            kind = claim.speaker_kind or "described"
            yield f"    speaker: {claim.speaker} ({kind})  rule {claim.speaker_rule}"
        if claim.cue is not None:
            yield f"    cue: {claim.cue} {claim.cue_start}-{claim.cue_end}  rule {claim.cue_rule}"
        for q in claim.quantities:
            yield f"    quantity: {q.text}"
