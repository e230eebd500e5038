"""Rule ablation: what each named rule changes, measured by switching it off.

For every rule of every stage's table the document is extracted again with that rule
switched off, and compared with the extraction with every rule on: how many documents
change, how many rows change, and the attribution corpus's speech-cue recall and speaker
accuracy. A rule that changes fewer than `--min-documents` documents (default 2) is listed
as one to remove or to make general. What is re-run depends on where the rule acts:
- claims tables (reporting cues, their vetoes, speakers, attribution, quantities): the
  claims stage over the kept parses; rows are claims;
- entity tables (organisations, people, places): the entities stage and then the claims
  stage over the kept parses; rows are mentions and claims;
- structure tables (furniture): the blocks of the document's text; rows are blocks;
- reading tables (document dates): the document's date.

The dev data: the six answer-keyed documents, the attribution corpus's quick set (150
articles) and the HTML corpus's news pages (as many as `--html`, default 40: the page
furniture that structure rules exist for is on web pages), all beside the repository in
`../shared/corpus`. spaCy parses each document
once; no rule-off setting parses again, so a run takes minutes on two cores, not hours.

    python -m bench.rules [--limit N] [--html N] [--min-documents 2] [--stages cues,furniture,...]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .report import emit

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
ATTRIBUTION = CORPUS / "attribution"
HTML_PAGES = CORPUS / "html" / "pages"
EVAL = SHARED / "eval"
# The stages whose rules act inside `find_claims`, so that re-running it is re-running them.
CLAIM_STAGES = ("cues", "cue-vetoes", "cue-sources", "speakers", "attribution", "quantity_exclusions")
# Stages whose rules act in the structure of the text and in its date, before any parse.
STRUCTURE_STAGES = ("furniture",)
READING_STAGES = ("dates",)
# Every other table acts inside `find_entities` (organisations, people, places).


class _Parsed:
    """One document's kept parse: for each window, the arguments the claims stage was called with."""

    def __init__(self, name: str, source: Any) -> None:
        self.name = name
        self.source = source
        self.text = source.text
        self.windows: list[tuple[list[Any], Any, Any]] = []


def _parse(paths: list[Path]) -> list[_Parsed]:
    """Extract every document once with all rules on, keeping what the claims stage read."""
    import extract.pipeline as pipeline
    from extract.nlp import shared_model
    from extract.reading.files import read_source

    nlp = shared_model()
    kept: list[_Parsed] = []
    original = pipeline.find_claims

    def capture(parsed, entities, mentions, labels=None):
        kept[-1].windows.append((list(parsed), entities, mentions))
        return original(parsed, entities, mentions, labels)

    pipeline.find_claims = capture
    # The kept parses must outlive their window: no memory zone frees their strings here.
    nlp.memory_zone = contextlib.nullcontext  # type: ignore[method-assign,assignment]
    try:
        for path in paths:
            source = read_source(path)
            kept.append(_Parsed(source.name, source))
            pipeline.extract(source, nlp)
    finally:
        pipeline.find_claims = original
        del nlp.memory_zone
    return kept


def _claims(docs: list[_Parsed], entities_too: bool = False) -> dict[str, list[tuple]]:
    """Every document's claims as comparable rows (sentence offsets, speaker, cue), and its
    mentions (offsets, kind, key) when the entities stage is re-run as well."""
    from extract.claims.document import find_claims
    from extract.entities.document import find_entities

    out: dict[str, list[tuple]] = {}
    for doc in docs:
        rows: list[tuple] = []
        for parsed, entities, mentions in doc.windows:
            if entities_too:
                entities, mentions = find_entities(parsed)
                rows += [("mention", m.start, m.end, m.kind, m.key) for m in mentions]
            for claim in find_claims(parsed, entities, mentions):
                sentence = parsed[claim.sentence][0]
                rows.append((sentence.start, sentence.end, claim.speaker, claim.cue, claim.cue_start, claim.cue_end,
                             tuple((q.start, q.end) for q in claim.quantities)))
        out[doc.name] = rows
    return out


def _structure(docs: list[_Parsed]) -> dict[str, list[tuple]]:
    """Every document's blocks (offsets, kind) and date, as comparable rows."""
    from extract.nlp import shared_model
    from extract.reading.dates import document_date
    from extract.structure.blocks import split_blocks
    from extract.structure.sentences import finite_verb_checker

    verb = finite_verb_checker(shared_model())
    out: dict[str, list[tuple]] = {}
    for doc in docs:
        s = doc.source
        blocks = split_blocks(s.text, s.kind, s.headings, verb, s.furniture, s.guess_article_bounds)
        rows: list[tuple] = [(b.start, b.end, b.kind) for b in blocks]
        rows.append(("date", *document_date(s.published, s.text, s.path)))
        out[doc.name] = rows
    return out


def _score(docs: list[_Parsed], claims: dict[str, list[tuple]], gold: list[dict], texts: dict[str, str],
           lower: set[str], folder: Path) -> dict[str, float]:
    """The attribution corpus's headline figures for one setting (the scorer beside the corpus)."""
    sys.path.insert(0, str(EVAL))
    import score_attribution  # noqa: E402  (the corpus's own scorer)

    export = folder / "export.jsonl"
    with export.open("w", encoding="utf-8") as out:
        for doc in docs:
            if doc.name not in texts:
                continue
            by_start = {row[0]: row for row in claims[doc.name]}
            for parsed, _, _ in doc.windows:
                for sentence, _ in parsed:
                    row = by_start.get(sentence.start)
                    claim = None if row is None else {"speaker": row[2], "cue": row[3], "cue_start": row[4],
                                                      "cue_end": row[5]}
                    out.write(json.dumps({"doc": doc.name, "start": sentence.start, "end": sentence.end,
                                          "text": sentence.text, "claim": claim}) + "\n")
    s = score_attribution.score("bench", str(export), gold, texts, lower, str(folder))
    return {"speech_cue_recall": s["speech_attr_R"], "speaker": s["spk_acc"], "names": s["name_acc"],
            "non_names": s["desc_acc"], "when_answered": s["spk_prec_answered"]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=150, help="attribution articles of the quick set to use")
    parser.add_argument("--html", type=int, default=40, help="pages of the HTML corpus to use")
    parser.add_argument("--min-documents", type=int, default=2, help="fewer changed documents than this: flagged")
    parser.add_argument("--stages", default="", help="only the tables of these stages (names separated by commas)")
    args = parser.parse_args(argv)
    if not (ATTRIBUTION / "quick.txt").exists() or not (EVAL / "score_attribution.py").exists():
        raise SystemExit(f"bench.rules: the dev data is not beside this checkout ({CORPUS} and {EVAL})")

    from extract import rules

    stages = {name for name in args.stages.split(",") if name}
    names = [n for n in rules.all_rule_names() if not stages or n.split(".", 1)[0] in stages]
    quick = (ATTRIBUTION / "quick.txt").read_text(encoding="utf-8").split()[: args.limit]
    pages = sorted(HTML_PAGES.glob("*.html"))[: args.html] if HTML_PAGES.is_dir() else []
    paths = sorted(CORPUS.glob("*.txt")) + [ATTRIBUTION / "text" / name for name in quick] + pages
    started = time.perf_counter()
    docs = _parse(paths)
    parse_seconds = time.perf_counter() - started
    keep = set(quick)
    gold = [g for line in (ATTRIBUTION / "gold.jsonl").open(encoding="utf-8")
            if (g := json.loads(line))["doc"] in keep]
    texts = {name: (ATTRIBUTION / "text" / name).read_text(encoding="utf-8") for name in quick}
    lower = {w for t in texts.values() for w in re.findall(r"[a-z][a-z'’\-]*", t)}
    dev = {p.name for p in sorted(CORPUS.glob("*.txt"))}
    rows: list[list[object]] = []
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = _claims(docs)
        base_entities = _claims(docs, entities_too=True)
        base_structure = _structure(docs)
        base_score = _score(docs, base, gold, texts, lower, folder)
        rows.append(["(every rule on)", "", "", "", *(round(v, 3) for v in base_score.values())])
        figures["all_on"] = base_score
        flagged = []
        for name in names:
            stage = name.split(".", 1)[0]
            with rules.rules_off(name):
                if stage in STRUCTURE_STAGES or stage in READING_STAGES:
                    rows_off, rows_on = _structure(docs), base_structure
                elif stage in CLAIM_STAGES:
                    rows_off, rows_on = _claims(docs), base
                else:
                    rows_off, rows_on = _claims(docs, entities_too=True), base_entities
                changed_docs = [d for d in rows_off if rows_off[d] != rows_on[d]]
                changed_rows = sum(len(set(rows_off[d]) ^ set(rows_on[d])) for d in changed_docs)
                claims = {d: [r for r in rows if r[0] != "mention"] for d, rows in rows_off.items()}
                scored = changed_docs and stage not in STRUCTURE_STAGES and stage not in READING_STAGES
                score = _score(docs, claims, gold, texts, lower, folder) if scored else base_score
            dev_changed = sum(d in dev for d in changed_docs)
            if len(changed_docs) < args.min_documents:
                flagged.append(name)
            rows.append([name, len(changed_docs), dev_changed, changed_rows,
                         *(round(v - base_score[k], 3) for k, v in score.items())])
            figures[name] = {"documents_changed": len(changed_docs), "dev_documents_changed": dev_changed,
                             "rows_changed": changed_rows, **{k: round(v, 4) for k, v in score.items()}}
    seconds = time.perf_counter() - started
    emit("rules", f"Rule ablation over {len(docs)} documents ({len(dev)} dev + {len(quick)} attribution + "
         f"{len(pages)} web pages): "
         "each rule switched off; score columns are changes against every rule on",
         ["rule", "docs changed", "dev docs", "rows changed", "speech-cue recall", "speaker", "names",
          "non-names", "when answered"], rows,
         {"documents": len(docs), "rules": len(names), "flagged": flagged, "parse_seconds": round(parse_seconds, 1),
          "seconds": round(seconds, 1), "settings": figures})
    print(f"{len(names)} rules; {len(flagged)} change fewer than {args.min_documents} documents: "
          f"{', '.join(flagged) or 'none'}")


if __name__ == "__main__":
    main()
