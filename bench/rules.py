"""Rule ablation: what each named rule changes, measured by switching it off.

For every rule of the claims stage's tables (reporting cues, their vetoes, speaker
resolution, document-level attribution) the claims are extracted again with that rule
switched off, and compared with the claims of every rule on: how many documents change,
how many sentences change, and the attribution corpus's speech-cue recall and speaker
accuracy. A rule that changes fewer than `--min-documents` documents (default 2) is listed
as one to remove or to make general.

The dev data: the six answer-keyed documents and the attribution corpus's quick set (150
articles), both beside the repository in `../shared/corpus`. spaCy parses each document
once; every rule-off setting re-runs only the claims stage over the kept parses (the rules
switched off act inside it), so a run takes minutes on two cores, not hours.

    python -m bench.rules [--limit N] [--min-documents 2]
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
EVAL = SHARED / "eval"
# The stages whose rules act inside `find_claims`, so that re-running it is re-running them.
CLAIM_STAGES = ("cues", "cue-vetoes", "cue-sources", "speakers", "attribution")


class _Parsed:
    """One document's kept parse: for each window, the arguments the claims stage was called with."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self.windows: list[tuple[list[Any], Any, Any]] = []


def _parse(paths: list[Path]) -> list[_Parsed]:
    """Extract every document once with all rules on, keeping what the claims stage read."""
    import extract.pipeline as pipeline
    from extract.nlp import shared_model
    from extract.reading.files import read_source

    nlp = shared_model()
    kept: list[_Parsed] = []
    original = pipeline.find_claims

    def capture(parsed, entities, mentions):
        kept[-1].windows.append((list(parsed), entities, mentions))
        return original(parsed, entities, mentions)

    pipeline.find_claims = capture
    # The kept parses must outlive their window: no memory zone frees their strings here.
    nlp.memory_zone = contextlib.nullcontext  # type: ignore[method-assign,assignment]
    try:
        for path in paths:
            source = read_source(path)
            kept.append(_Parsed(source.name, source.text))
            pipeline.extract(source, nlp)
    finally:
        pipeline.find_claims = original
        del nlp.memory_zone
    return kept


def _claims(docs: list[_Parsed]) -> dict[str, list[tuple]]:
    """Every document's claims as comparable rows (sentence offsets, speaker, cue)."""
    from extract.claims.document import find_claims

    out: dict[str, list[tuple]] = {}
    for doc in docs:
        rows = []
        for parsed, entities, mentions in doc.windows:
            for claim in find_claims(parsed, entities, mentions):
                sentence = parsed[claim.sentence][0]
                rows.append((sentence.start, sentence.end, claim.speaker, claim.cue, claim.cue_start, claim.cue_end))
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
    parser.add_argument("--min-documents", type=int, default=2, help="fewer changed documents than this: flagged")
    args = parser.parse_args(argv)
    if not (ATTRIBUTION / "quick.txt").exists() or not (EVAL / "score_attribution.py").exists():
        raise SystemExit(f"bench.rules: the dev data is not beside this checkout ({CORPUS} and {EVAL})")

    from extract import rules

    names = [n for n in rules.all_rule_names() if n.split(".", 1)[0] in CLAIM_STAGES]
    quick = (ATTRIBUTION / "quick.txt").read_text(encoding="utf-8").split()[: args.limit]
    paths = sorted(CORPUS.glob("*.txt")) + [ATTRIBUTION / "text" / name for name in quick]
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
        base_score = _score(docs, base, gold, texts, lower, folder)
        rows.append(["(every rule on)", "", "", "", *(round(v, 3) for v in base_score.values())])
        figures["all_on"] = base_score
        flagged = []
        for name in names:
            with rules.rules_off(name):
                claims = _claims(docs)
                changed_docs = [d for d in claims if claims[d] != base[d]]
                changed_rows = sum(len(set(claims[d]) ^ set(base[d])) for d in changed_docs)
                score = _score(docs, claims, gold, texts, lower, folder) if changed_docs else base_score
            dev_changed = sum(d in dev for d in changed_docs)
            if len(changed_docs) < args.min_documents:
                flagged.append(name)
            rows.append([name, len(changed_docs), dev_changed, changed_rows,
                         *(round(v - base_score[k], 3) for k, v in score.items())])
            figures[name] = {"documents_changed": len(changed_docs), "dev_documents_changed": dev_changed,
                             "claims_changed": changed_rows, **{k: round(v, 4) for k, v in score.items()}}
    seconds = time.perf_counter() - started
    emit("rules", f"Rule ablation over {len(docs)} documents ({len(dev)} dev + {len(quick)} attribution): "
         "each rule switched off; score columns are changes against every rule on",
         ["rule", "docs changed", "dev docs", "claims changed", "speech-cue recall", "speaker", "names",
          "non-names", "when answered"], rows,
         {"documents": len(docs), "rules": len(names), "flagged": flagged, "parse_seconds": round(parse_seconds, 1),
          "seconds": round(seconds, 1), "settings": figures})
    print(f"{len(names)} rules; {len(flagged)} change fewer than {args.min_documents} documents: "
          f"{', '.join(flagged) or 'none'}")


if __name__ == "__main__":
    main()
