"""Reporting cues: the verbs and phrases that attribute a statement, found in the parse.

A cue is a reporting verb with the phrase naming its source: the subject ("Berg
said", "said the institute" with the subject after the verb), the subject of the verb it
hangs from ("made her case, saying", "refused to confirm", "said ... and
cautioned"), the agent of a passive ("as set out by the minister"), or the object of
"according to" ("according to the ministry's cell", "according to his report").
Verbs inside a quotation are the quoted speaker's words, not cues. Cues are
returned most prominent first: the main verb before the verbs of its clauses.

"according to X" ranks with the clause it modifies. A demand made of someone
("pressed both parties to resume talks", "pressed for a ceasefire") reports, except as a
headline's news; "called on X" is a visit unless a clause says what X is asked to do.
A forecast after the clause it reports ("..., the IMF projects in its outlook") is
found even when the tagger reads the verb as a plural noun.

Cues the dependency patterns cannot see are predicate rules: a verb that reports a clause,
set beside a quotation ('"Not yet," she replied'); a name and a colon before a quotation.
Who speaks through a cue is decided by an ordered table too (`SOURCE_RULES`): after a
quotation the subject follows the verb ('"...," said Anna Berg, who ...') whatever the parse
hangs before it; "was quick to add" speaks for the adjective's subject; a finite verb the
parse left without a subject speaks for the name right before it.

spaCy has no lexicon of speech acts, so the reporting verbs are listed here. Verbs
that are reporting only with a clause after them ("added that", "sees prices
softening") are listed apart from those that report whatever follows ("emphasised
the importance of").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from extract.claims.quotes import Quoted, is_quoted, quoted_pieces
from extract.claims.speakers import DOCUMENT_NOUNS, ISSUING
from extract.lexicon import words
from extract.phrases import span_text
from extract.rules import PatternRule, Rule, RuleTable, switched_off

if TYPE_CHECKING:
    from spacy.matcher import DependencyMatcher
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

_VERBS = "reporting_verbs.tsv"
# The classes of reporting verbs (the lexicon's `reporting_verbs.tsv` says what each holds).
REPORTING = words("reporting", _VERBS)
CLAUSAL = words("clausal", _VERBS)
STANCE = words("stance", _VERBS)
SAID_NOUNS = words("said_noun", _VERBS)
PARTICIPLES = words("participle", _VERBS)
REFUSALS = words("refusal", _VERBS)
RAISED = {verb: words(f"object_of:{verb}", _VERBS) for verb in ("raise", "voice", "express")}
TEMPORAL_MARKS = words("temporal_mark", _VERBS)
ISSUED = words("issued", _VERBS)
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
_DASHES = ("-", "–", "—")
# The dependencies of a clause that a verb reports ("added that ...", "expects prices to rise").
CLAUSES = ["ccomp", "xcomp", "parataxis"]

@dataclass(frozen=True, slots=True)
class Cue:
    """A reporting cue of a sentence: its text's character span in the parsed doc, and its source."""

    start: int
    end: int
    source: Token | None  # head of the phrase naming the source; None when the parse gives none
    embedded: bool = False  # inside a clause that describes a noun ("the deal, which Biden said ...")
    rule: str = ""  # the qualified name of the rule that found it


def _verb(lemmas: frozenset[str] | set[str]) -> dict[str, Any]:
    """The anchor of a cue pattern: a verb (not a modal) of the given lemmas."""
    return {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": sorted(lemmas)}, "POS": {"IN": ["VERB", "AUX"]},
                                                "TAG": {"NOT_IN": ["MD"]}}}


def _node(name: str, attrs: dict[str, Any], left: str = "verb", op: str = ">") -> dict[str, Any]:
    """A node of a dependency pattern: `op` relates it to the node `left` ("<left> > <name>": its head)."""
    return {"LEFT_ID": left, "REL_OP": op, "RIGHT_ID": name, "RIGHT_ATTRS": attrs}


_CLAUSE = {"DEP": {"IN": CLAUSES}}
# Phrasal cues: verb + particle, or + the preposition right after it ("set out his terms",
# "set his terms out", "called for restraint", "pointed to the deficit", "weighed in on the debate",
# "spoke of the risks", "looked forward to the visit" (a wish a readout reports);
# not "called a strike for Monday").
_PHRASAL = {"out": {"set", "lay", "spell", "point", "speak"}, "for": {"call"}, "to": {"point"}, "in": {"weigh"},
            "of": {"speak"}, "forward": {"look"}}


def _phrasal(particle: str, verbs: set[str]) -> tuple[list[dict[str, Any]], ...]:
    return (
        # the parser reads some particles as adverbs ("weighed in" with "in" an advmod)
        [_verb(verbs), _node("particle", {"DEP": {"IN": ["prt", "advmod"]}, "LOWER": particle})],
        [_verb(verbs), _node("particle", {"DEP": "prep", "LOWER": particle}, op=">+")],
    )


# The reporting verbs and what they need around them, as dependency patterns kept as data. The first
# rule of the table that matches a verb names its cue; `meaning["last"]` is the pattern node that
# ends the cue's text ("set out", "raised concerns"), the verb itself when absent.
CUE_PATTERNS: list[PatternRule] = [
    PatternRule("reporting-verb", "Officials said the bridge would reopen in May.", ([_verb(REPORTING)],),
                why="verbs of speech report whatever follows them"),
    PatternRule(
        "stance-on-a-statement", "The ministry rejected the allegations of fraud.",
        ([_verb(STANCE), _node("object", {"DEP": "dobj", "LEMMA": {"IN": sorted(SAID_NOUNS)}})],
         [_verb(STANCE), _node("clause", _CLAUSE)],
         [_verb(STANCE), _node("as", {"DEP": "prep", "LOWER": "as"})]),
        why="rejecting an account is a statement; rejecting a bill is a vote",
    ),
    PatternRule("verb-with-a-clause", "The minister added that the talks would go on.",
                ([_verb(CLAUSAL), _node("clause", _CLAUSE)],),
                why="verbs that report only what a clause after them says"),
    PatternRule("phrasal-verb", "The envoy set out the terms of a truce.",
                tuple(p for particle, verbs in _PHRASAL.items() for p in _phrasal(particle, verbs)),
                meaning={"last": "particle"}, why="a verb and its particle report together"),
    PatternRule(
        "call-on-to-act", "The council called on both sides to stop the shelling.",
        ([_verb({"call"}), _node("particle", {"DEP": {"IN": ["prt", "prep"]}, "LOWER": "on"}),
          _node("clause", {"DEP": {"IN": ["xcomp", "ccomp"]}})],
         [_verb({"call"}), _node("particle", {"DEP": {"IN": ["prt", "prep"]}, "LOWER": "on"}),
          _node("asked", {"DEP": "pobj"}, left="particle"),
          _node("clause", {"DEP": {"IN": ["acl", "relcl", "xcomp"]}}, left="asked")]),
        meaning={"last": "particle"}, why="'called on X to act' is a demand; 'called on X' alone is a visit",
    ),
    PatternRule(
        "concern-raised", "Farmers raised concerns about the new tariff.",
        tuple([_verb({verb}), _node("object", {"DEP": "dobj", "LEMMA": {"IN": sorted(objects)}})]
              for verb, objects in RAISED.items()),
        meaning={"last": "object"}, why="raising a concern or voicing support reports a view",
    ),
    PatternRule(
        "calling-something-a-thing", "The opposition called the decision a betrayal.",
        ([_verb({"call"}), _node("object", {"DEP": "dobj"}), _node("predicate", {"DEP": {"IN": ["oprd", "xcomp"]}})],
         [_verb({"call"}), _node("object", {"DEP": "dobj"}), _node("appos", {"DEP": "appos"}, left="object")]),
        why="calling X Y characterises X",
    ),
    PatternRule(
        "statement-issued", "The union released a statement criticising the new tariff.",
        ([_verb(ISSUING), _node("object", {"DEP": "dobj", "LEMMA": {"IN": sorted(ISSUED)}}),
          _node("content", {"DEP": "acl", "TAG": "VBG"}, left="object")],
         [_verb(ISSUING), _node("object", {"DEP": "dobj", "LEMMA": {"IN": sorted(ISSUED)}})]),
        meaning={"last": "object"}, why="issuing a statement or a report is speaking through it",
    ),
    PatternRule(
        "parenthetical-verb", "The harvest, the minister added, would be late.",
        ([{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": sorted(CLAUSAL)}, "POS": "VERB", "DEP": "parataxis"}},
          _node("subject", {"DEP": "nsubj"}), _node("comma", {"LOWER": ","}, op=".")],),
        why="'X, she added, ...': a verb set between commas reports the sentence around it",
    ),
    PatternRule(
        "no-reply-to-a-request", "The ministry did not respond to a request for comment.",
        ([_verb(words("reply", _VERBS)), _node("to", {"DEP": "prep", "LOWER": "to"}),
          _node("request", {"DEP": "pobj", "LEMMA": {"IN": sorted(words("request", _VERBS))}}, left="to")],),
        meaning={"last": "request"}, why="not answering a request for comment is, like declining, still attributed",
    ),
    PatternRule(
        "refusal-to-speak", "The ministry declined to comment on the report.",
        ([_verb(REFUSALS), _node("inner", {"DEP": "xcomp", "LEMMA": {"IN": sorted(REPORTING | {"discuss"})}})],),
        meaning={"last": "inner"}, why="a refusal to speak is still attributed to the one refusing",
    ),
]


def _vetoed_participle(verb: Token, rule: str, headline: bool) -> bool | None:
    deps = {c.dep_ for c in verb.children}
    if verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "xcomp", "acl", "conj", "pcomp") or "nsubj" in deps:
        return None
    lemma = verb.lemma_.lower()
    clausal = bool(deps & set(CLAUSES))
    return lemma not in PARTICIPLES or (lemma not in ("say", "tell") and not clausal) or None


def _vetoed_background(verb: Token, rule: str, headline: bool) -> bool | None:
    children = list(verb.children)
    return verb.dep_ == "advcl" and any(c.dep_ == "nsubj" for c in children) and any(
        c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS for c in children) or None


def _vetoed_name_word(verb: Token, rule: str, headline: bool) -> bool | None:
    """ "Omar Said shot back": a capitalised verb right after a capitalised name, inside a sentence
    (a headline capitalises its verbs: "Envoy Tells Council"), is a word of the name."""
    doc = verb.doc
    if headline or not verb.text[:1].isupper() or verb.i <= verb.sent.start:
        return None
    before = doc[verb.i - 1]
    return (before.pos_ == "PROPN" and before.text[:1].isupper() and not before.is_punct) or None


def _vetoed_future(verb: Token, rule: str, headline: bool) -> bool | None:
    """ "The minister will highlight ...", "she will announce ...": a plan the text reports; nothing is said yet."""
    # in lower case: "Will wrote" after a quotation is a columnist named Will, read as the auxiliary
    return any(c.dep_ == "aux" and c.text in ("will", "shall", "'ll", "’ll") for c in verb.children) or None


# What stops a matched verb from being a cue, in order; each decides True to veto.
CUE_VETOES: RuleTable[bool] = RuleTable("cue-vetoes", [
    Rule("participle-that-does-not-speak", "The army advanced on the city, highlighting its gains.",
         _vetoed_participle, why="'..., saying that' speaks for the clause's subject; 'highlighting X' does not"),
    Rule("background-clause", "After the party announced its boycott, the commission froze its funding.",
         _vetoed_background, why="a statement in a clause of time is background to the sentence's news"),
    Rule("future-plan", "On her trip the minister will highlight the new ferry routes.", _vetoed_future,
         why="a statement still to be made is the text's report of a plan"),
    Rule("word-of-a-name", "Omar Said shot back at the council.", _vetoed_name_word,
         why="'Omar Said', 'George Will': a capitalised verb after a name inside a sentence is the name's"),
], probe=lambda text: _probe(text, vetoes=True))

_PATTERN_MEANING = {rule.name: rule.meaning for rule in CUE_PATTERNS}


def _according_to_rule(at: Token | _At) -> Cue | None:
    token = at.token if isinstance(at, _At) else at
    return _according_to(token) if token.lower_ == "according" else None


def _beside_a_quotation(at: _At) -> Cue | None:
    """A verb that reports only a clause ("replied", "added") reports the quotation set beside it:
    '"Not at all," she replied', 'he added: "We will see."'."""
    verb, quoted = at.token, at.quoted
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in CLAUSAL or verb.tag_ == "MD":
        return None
    doc = verb.doc
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    left = subject.left_edge.i if subject is not None else verb.i
    before = [doc[k] for k in range(max(0, left - 2), left)]
    quote_before = any(quoted(t) for t in before) and any(t.is_punct for t in before)
    # After the verb: a colon or comma, then the quotation, with at most a few words of manner between
    # ("replied, with a smile: "...""), none of them a verb.
    after = doc[verb.i + 1 : min(len(doc), verb.i + 8, verb.sent.end)]
    opening = next((k for k, t in enumerate(after) if quoted(t)), None)
    quote_after = opening is not None and opening > 0 and after[opening - 1].text in (":", ",") and not any(
        t.pos_ in ("VERB", "AUX") for t in after[:opening])
    if not (quote_before or quote_after):
        return None
    return Cue(_cue_start(verb), verb.idx + len(verb.text), _source(verb, quoted), _embedded(verb))


# What a verb of manner may not have, outside the quotation, to report the quotation beside it: an
# object or a complement makes it an act of its own ("'Stop,' the officer stopped him").
_NOT_MANNER = {"dobj", "xcomp", "ccomp", "nsubjpass", "auxpass", "attr", "acomp", "oprd", "dative"}


def _manner_beside_a_quotation(at: _At) -> Cue | None:
    """Any verb with a subject and no object reports the quotation set against it, by a colon or a
    comma after it or a comma before its subject: 'she boomed: "..."', 'he continued, "..."',
    '"...," she elaborated'. The verbs of manner are open-ended; the quotation is the cue."""
    verb, quoted = at.token, at.quoted
    if verb.pos_ != "VERB" or verb.tag_ == "MD" or quoted(verb) or verb.lemma_.lower() in CLAUSAL:
        return None
    children = list(verb.children)
    if any(c.dep_ in _NOT_MANNER and not quoted(c) for c in children):  # the quotation may hang from it
        return None
    subject = next((c for c in children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is None and verb.dep_ == "conj":  # "leaned in and boomed:": the first verb's subject
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj" and c.i < verb.head.i), None)
    if subject is None or quoted(subject):
        return None
    doc, sent = verb.doc, verb.sent
    k = verb.i + 1
    while k < sent.end and doc[k].head.i == verb.i and doc[k].dep_ in ("prt", "advmod") and not quoted(doc[k]):
        k += 1  # "shot back", "replied calmly"
    last = doc[k - 1]
    quote_after = k + 1 < sent.end and doc[k].text in (":", ",") and _quoted_clause(doc, k + 1, 1, quoted)
    left = subject.left_edge.i
    quote_before = verb.dep_ in ("ROOT", "parataxis") and _after_a_quotation(verb, quoted, left) and (
        k >= sent.end or doc[k].is_punct) and _quoted_clause(doc, left - 1, -1, quoted)
    if not (quote_after or quote_before):
        return None
    return Cue(_cue_start(verb), last.idx + len(last.text), subject, _embedded(verb))


def _quoted_clause(doc: Doc, start: int, step: int, quoted: Callable[[Token], bool]) -> bool:
    """Whether the quotation at `start`, read in the direction `step`, holds a verb: a statement
    ("“We will win”"), not a quoted label ("the “iron lady”")."""
    k = start
    while 0 <= k < len(doc) and (quoted(doc[k]) or (doc[k].is_punct and k == start)):
        if doc[k].pos_ in ("VERB", "AUX"):
            return True
        k += step
    return False


def _colon_before_a_quotation(at: _At) -> Cue | None:
    """ "Anna Berg: “We will see.”", "From the report: “...”": a colon between a noun phrase and a
    quotation attributes the quotation to the phrase."""
    colon, quoted = at.token, at.quoted
    doc = colon.doc
    if colon.text != ":" or colon.i == colon.sent.start or colon.i + 1 >= len(doc) or not quoted(doc[colon.i + 1]):
        return None
    noun = doc[colon.i - 1]
    if noun.pos_ not in ("PROPN", "NOUN") or quoted(noun):
        return None
    # The phrase stands alone before the colon, from the sentence's start or a dash: "with a smile:",
    # "made one point:" name no speaker (a verb before the colon is the cue, if any).
    k = colon.i - 1
    while k > colon.sent.start and doc[k - 1].text not in _DASHES:
        k -= 1
    if any(t.pos_ in ("VERB", "AUX") for t in doc[k : colon.i]):
        return None
    while noun.dep_ in ("compound", "flat") and noun.head.i > noun.i and noun.head.i < colon.i:
        noun = noun.head
    while noun.dep_ == "conj" and noun.head.i < noun.i:
        noun = noun.head  # "Anna Berg and Omar Said:": the first named
    return Cue(colon.idx, colon.idx + 1, noun)


CUE_RULES: RuleTable[Cue] = RuleTable("cues", [
    *CUE_PATTERNS,
    Rule("according-to", "The harvest fell by a third, according to the ministry.", _according_to_rule,
         why="'according to X' names X as the source"),
    Rule("verb-beside-a-quotation", "“Not this year,” the minister replied.", _beside_a_quotation,
         why="'replied', 'added' report the quotation beside them as they would a clause"),
    Rule("manner-beside-a-quotation", "Anna Berg leaned in and boomed: “We will win.”", _manner_beside_a_quotation,
         why="any verb of a speaker set against a quotation reports it: 'continued,' 'boomed:'"),
    Rule("colon-before-a-quotation", "The report's authors put it plainly. Anna Berg: “We will see.”",
         _colon_before_a_quotation, why="a name and a colon before a quotation attribute it"),
], probe=lambda text: _probe(text))

_PREDICATES = {rule.name: rule for rule in CUE_RULES.rules if isinstance(rule, Rule)}
_matchers: dict[int, tuple[Vocab, DependencyMatcher]] = {}
# Match ids are the hashes of the rule names; looked up here, not in the vocabulary's strings, which
# an ingest frees after each document (`nlp.memory_zone()`).
_RULE_OF_ID: dict[int, str] = {}
_last: list[Any] = [None, {}]  # the last doc matched and its matches by verb index


def _matcher(vocab: Vocab) -> DependencyMatcher:
    """The cue patterns compiled for a vocabulary, once per process and vocabulary."""
    found = _matchers.get(id(vocab))
    if found is None or found[0] is not vocab:
        from spacy.matcher import DependencyMatcher
        from spacy.strings import hash_string  # type: ignore[attr-defined]  # defined in Cython, not in the stubs

        matcher = DependencyMatcher(vocab)
        for rule in CUE_PATTERNS:
            matcher.add(rule.name, [list(p) for p in rule.patterns])
            _RULE_OF_ID[hash_string(rule.name)] = rule.name
        found = _matchers[id(vocab)] = (vocab, matcher)
    return found[1]


def _pattern_matches(doc: Doc) -> dict[int, list[tuple[str, dict[str, int]]]]:
    """Every cue pattern matched in a doc, by the verb's index: (rule name, node → token index),
    in table order. The doc's matches are kept for the doc's other sentences."""
    if _last[0] is doc:
        return _last[1]
    order = {rule.name: k for k, rule in enumerate(CUE_PATTERNS)}
    nodes = {rule.name: [[n["RIGHT_ID"] for n in p] for p in rule.patterns] for rule in CUE_PATTERNS}
    by_verb: dict[int, list[tuple[str, dict[str, int]]]] = {}
    for match_id, token_ids in _matcher(doc.vocab)(doc):
        name = _RULE_OF_ID[match_id]
        # Which of the rule's patterns matched is not reported; any with as many nodes names them alike.
        names = next(n for n in nodes[name] if len(n) == len(token_ids))
        by_verb.setdefault(token_ids[0], []).append((name, dict(zip(names, token_ids, strict=True))))
    for matches in by_verb.values():
        matches.sort(key=lambda m: order[m[0]])
    _last[0], _last[1] = doc, by_verb
    return by_verb


def find_cues(span: Span, quoted: Callable[[Token], bool], vetoed: list[str] | None = None) -> list[Cue]:
    """The sentence's reporting cues outside quotations, most prominent first.

    "according to X" ranks with the clause it modifies: attached to the main clause it
    outranks a verb in a subordinate one ("Israel wants ..., while Hamas insists on ...,
    according to Egyptian officials"), and yields to the main clause's own verb.
    `vetoed`, when given, collects the names of the vetoes that stopped a matched verb."""
    # A line with no closing punctuation is a headline or label: a demand it reports is its
    # news ("Mediators press rival factions to resume talks"), not a statement attributed to anyone.
    headline = not span_text(span).rstrip().rstrip("\"'”’»)]").endswith((".", "!", "?", ":", ";", "…"))
    matches = _pattern_matches(span.doc)
    according = CUE_RULES.is_on("according-to")
    found: list[tuple[int, int, int, Cue]] = []
    for token in span:
        if quoted(token):
            continue
        cue: Cue | None = None
        if token.lower_ == "according":
            if according:
                cue = _according_to(token)
                cue = replace(cue, rule=CUE_RULES.qualified(_PREDICATES["according-to"])) if cue else None
            rank = (max(0, _depth(token) - 1), 1)
        else:
            cue = _verb_cue(token, matches.get(token.i, ()), headline, vetoed, quoted)
            if cue is None and (token.text == ":" or token.pos_ == "VERB"):
                cue = _other_cue(token, headline, quoted)
            rank = (_depth(token), 0)
        if cue is not None and (cue.source is None or not quoted(cue.source)):
            found.append((*rank, token.i, cue))
    found.sort(key=lambda item: item[:3])
    return [item[3] for item in found]


def _verb_cue(verb: Token, matches: Sequence[tuple[str, dict[str, int]]], headline: bool,
              vetoed: list[str] | None, quoted: Callable[[Token], bool] = lambda token: False) -> Cue | None:
    """The cue of the first active pattern rule that matched the verb, unless a veto stops it."""
    off = switched_off()
    match = next(((name, nodes) for name, nodes in matches if f"{CUE_RULES.stage}.{name}" not in off), None)
    if match is None:
        return None
    name, nodes = match
    veto = CUE_VETOES.first(verb, name, headline)
    if veto is not None:
        if vetoed is not None:
            vetoed.append(veto[0])
        return None
    doc = verb.doc
    last = doc[nodes.get(_PATTERN_MEANING[name].get("last", "verb"), verb.i)]
    if name == "refusal-to-speak":  # "declined to confirm or deny": the cue runs to the last verb refused
        last = max([last, *(c for c in last.children if c.dep_ == "conj")], key=lambda t: t.i)
    return Cue(_cue_start(verb), last.idx + len(last.text), _source(verb, quoted), _embedded(verb),
               rule=f"{CUE_RULES.stage}.{name}")


def _other_cue(token: Token, headline: bool, quoted: Callable[[Token], bool]) -> Cue | None:
    """The cue of the first active predicate rule (besides "according to") that finds one at a token."""
    found = CUE_RULES.first(_At(token, headline, quoted))
    if found is None:
        return None
    name, cue = found
    return replace(cue, rule=name)


@dataclass(frozen=True, slots=True)
class _At:
    """A token to test for a cue that no dependency pattern finds, with what the rules read about it."""

    token: Token
    headline: bool
    quoted: Callable[[Token], bool]


def _probe(text: str, vetoes: bool = False) -> set[str]:
    """The cue rules (or vetoes) that decide in a text: for the rule tests."""
    from extract.nlp import shared_model

    doc = shared_model()(text)
    sents = list(doc.sents)
    pieces = quoted_pieces([sent.text for sent in sents])
    vetoed: list[str] = []
    found: list[str] = []
    for sent, quoted in zip(sents, pieces, strict=True):

        def inside(token: Token, sent: Span = sent, quoted: list[Quoted] = quoted) -> bool:
            return is_quoted(quoted, token.idx - sent.start_char)

        found.extend(c.rule for c in find_cues(sent, inside, vetoed))
    out = vetoed if vetoes else found
    return set(out)


def _cue_start(verb: Token) -> int:
    """Where the cue's text starts: "has pledged", "have publicly noted", "as saying"."""
    doc = verb.doc
    first = verb
    i = verb.i - 1
    while i >= 0 and doc[i].head.i == verb.i and (
        (doc[i].dep_ == "aux" and doc[i].lemma_.lower() == "have") or (doc[i].dep_ == "advmod" and doc[i].pos_ == "ADV")
    ):
        if doc[i].dep_ == "aux":
            first = doc[i]
        i -= 1
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.i == verb.i - 1:
        first = verb.head  # "quoted ... as saying"
    return first.idx


def _source(verb: Token, quoted: Callable[[Token], bool] = lambda token: False) -> Token | None:
    """Head of the phrase naming who speaks through `verb`: the first rule of `SOURCE_RULES` that finds one."""
    found = SOURCE_RULES.first(verb, quoted)
    return None if found is None or found[1] is _NO_SOURCE else found[1]


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _after_a_quotation(verb: Token, quoted: Callable[[Token], bool], left: int) -> bool:
    """Whether the tokens just before position `left` close a quotation ('"...," said', '"...," Berg told')."""
    doc = verb.doc
    before = [doc[k] for k in range(max(0, left - 2), left)]
    return any(quoted(t) for t in before) and bool(before) and before[-1].is_punct


def _inverted_subject(verb: Token, quoted: Callable[[Token], bool]) -> Token | None:
    """ '"...," said Anna Berg, who ...': after a quotation the subject follows the verb, whatever
    the parse gives before it (a quoted word, a phrase of the quotation)."""
    if _passive(verb) or not _after_a_quotation(verb, quoted, verb.i) or verb.i + 1 >= len(verb.doc):
        return None
    if any(c.dep_ in ("nsubj", "csubj") and c.i < verb.i and not quoted(c) for c in verb.children):
        return None  # 'Berg, who called it "a farce," described ...': the subject stands before
    noun = _noun_after(verb)
    if noun.pos_ not in ("PROPN", "NOUN") or noun.dep_ not in ("nsubj", "dobj", "attr", "npadvmod", "dep", "appos"):
        return None
    if noun.head.i != verb.i and not quoted(noun.head) and not _misattached(noun, verb):
        return None  # the noun belongs to another verb of the sentence
    return noun


def _noun_after(verb: Token) -> Token:
    """The head of the noun phrase that starts right after `verb` ("said the former minister" → minister)."""
    noun = verb.doc[verb.i + 1]
    while noun.dep_ in ("compound", "flat", "amod", "det") and noun.head.i > noun.i:
        noun = noun.head
    return noun


def _misattached(noun: Token, verb: Token) -> bool:
    """Whether a noun right after `verb` is its subject that the parse gave to a clause after it:
    '..., said Berg, half joking', '..., said Berg, who chairs the board, ...': the noun ends at a
    pause, so it is no subject of the clause that follows ('said the plan would fail' is)."""
    clause = noun.head
    after = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    return (clause.head.i == verb.i and clause.i > noun.i and clause.dep_ in ("ccomp", "advcl", "xcomp", "conj")
            and after is not None and after.text in (",", ".", ";", "—", "–"))


def _subject_after_a_clause(verb: Token, quoted: Callable[[Token], bool]) -> Token | None:
    """ "Prices will fall this year, said Anna Berg, an economist.": a verb set after the clause it
    reports, past a comma, has its subject after it, whatever the parse says stands before."""
    doc = verb.doc
    if _passive(verb) or verb.i < 2 or verb.i + 1 >= len(doc) or doc[verb.i - 1].text != ",":
        return None
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    noun = _noun_after(verb)
    if noun.dep_ != "nsubj" or (noun.head.i != verb.i and not _misattached(noun, verb)):
        return None  # "Berg, an economist, said the plan ...": the noun after is the reported clause's
    if noun.pos_ == "PROPN" or any(c.dep_ == "det" for c in noun.children):
        return noun
    return None


def _parsed_subject(verb: Token, quoted: Callable[[Token], bool]) -> Token | None:
    """The source as the parse gives it: the subject, a passive's agent, the subject of the verb it
    hangs from, the one quoted ("was quoted as saying")."""
    children = list(verb.children)
    if _passive(verb):
        agent = next((c for c in children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        return pobj or _NO_SOURCE  # "it was revealed": no source, whatever the rules below would guess
    subjects = [c for c in children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        before = [s for s in subjects if s.i < verb.i]
        subject = before[-1] if before else subjects[0]  # the nearest ("On Tuesday, the anniversary, Z noted")
        if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return verb.head  # "Kyiv, which wants ..., said"
        return subject
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        head = head.head  # "quoted as saying", "ended by saying": the verb above the preposition
    if verb.dep_ in ("conj", "xcomp", "advcl", "pcomp") and head.pos_ in ("VERB", "AUX") and head.i != verb.i:
        if verb.dep_ == "conj" and _passive(head) and verb.tag_ != "VBN":  # "were mocked and criticized": passive too
            # "Officials were angered by the ruling and predicted ...": the subject both verbs share,
            # not the agent of the passive one
            shared = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
            if shared is not None:
                return shared
        if head.lemma_.lower() in ("quote", "cite"):
            # "Putin was quoted as saying", "state television quoted the leader as saying": the one quoted
            quoted_one = next((c for c in head.children if c.dep_ in ("nsubjpass", "dobj")), None)
            if quoted_one is not None:
                return quoted_one
        return _source(head, quoted)
    # "..., said Hoffman." parsed with the speaker as an object: take a name right after the verb.
    after = [c for c in children if c.i > verb.i and c.dep_ in ("dobj", "attr", "npadvmod", "dep", "appos")]
    if after and any(c.dep_ in ("ccomp", "parataxis") and c.i < verb.i for c in children):
        return after[0]
    return None


# Verbs whose object, not their subject, does what the clause after them says ("led the chairman to
# declare"), except these, whose subject does it ("promised voters to say").
_SUBJECT_CONTROL = {"promise", "vow", "pledge", "threaten"}


def _object_controller(verb: Token, quoted: Callable[[Token], bool]) -> Token | None:
    """ "The result led the chairman to declare ...", "prompted officials to warn ...": the object
    of the verb above speaks through a reporting verb that has no subject of its own."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.i == verb.i or head.pos_ not in ("VERB", "AUX"):
        return None
    if head.lemma_.lower() in _SUBJECT_CONTROL or any(c.dep_ in ("nsubj", "csubj") for c in verb.children):
        return None
    return next((c for c in head.children if c.dep_ == "dobj" and c.i < verb.i and not quoted(c)
                 and c.pos_ in ("NOUN", "PROPN", "PRON")), None)


def _adjective_complement(verb: Token, quoted: Callable[[Token], bool]) -> Token | None:
    """ "was quick to add", "was not willing to say": the subject of the verb the adjective completes."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.pos_ != "ADJ" or head.dep_ != "acomp" or head.head.i == head.i:
        return None
    return _source(head.head, quoted)


def _noun_before_the_verb(verb: Token, quoted: Callable[[Token], bool]) -> Token | None:
    """A finite reporting verb the parse left with no subject ("... , former minister Anna Berg said his
    ..." with the name read as an apposition): the noun right before it."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.dep_ not in ("ROOT", "ccomp", "conj", "parataxis"):
        return None
    doc = verb.doc
    k = verb.i - 1
    while k >= verb.sent.start and doc[k].head.i == verb.i and doc[k].dep_ in ("advmod", "aux", "neg"):
        k -= 1  # "Berg also said", "Berg has said"
    if k < verb.sent.start or quoted(doc[k]) or doc[k].pos_ != "PROPN" or doc[k].dep_ in ("nsubj", "nsubjpass"):
        return None
    return doc[k]


def _agent_of_as(verb: Token, quoted: Callable[[Token], bool]) -> Token | None:
    """ "As announced by the minister, the port will reopen", "..., as noted by Anna Berg": a participle
    set in an "as" clause with no subject of its own speaks through its agent, not the main clause's subject."""
    if verb.tag_ != "VBN" or any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children):
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None


_NO_SOURCE: Any = object()  # a rule's decision that the cue has no source at all ("it was revealed")


def _source_probe(text: str) -> set[str]:
    """The source rules that decided in a text: for the rule tests."""
    from extract.rules import tracing

    with tracing() as fired:
        _probe(text)
    return {name for name in fired if name.startswith("cue-sources.")}


# Who speaks through a cue: the first rule that finds a phrase (or decides there is none) names it.
SOURCE_RULES: RuleTable[Any] = RuleTable("cue-sources", [
    Rule("inverted-subject", "“Prices will fall,” said Anna Berg, who chairs the board.", _inverted_subject,
         why="after a quotation the verb comes first and its subject after it"),
    Rule("subject-after-a-clause", "Prices will fall this year, said Anna Berg, an economist.",
         _subject_after_a_clause, why="a verb set after the clause it reports has its subject after it"),
    Rule("object-of-the-verb-above", "The vote led the chairman to declare the plan dead.", _object_controller,
         why="'led X to declare', 'prompted X to warn': the one led or prompted speaks"),
    Rule("agent-of-an-as-clause", "As announced by the Trade Minister, the port will reopen in May.", _agent_of_as,
         why="'as announced by X', 'as noted by X': the agent speaks, not the subject of the clause it qualifies"),
    Rule("parsed-subject", "Officials said the bridge would reopen in May.", _parsed_subject,
         why="the subject, the passive's agent, or the subject of the verb the cue hangs from"),
    Rule("adjective-complement", "Berg was quick to add that the plan would change.", _adjective_complement,
         why="'was quick to add', 'was not willing to say': the subject of the adjective's verb"),
    Rule("noun-before-the-verb", "Monday in Bergen, while on the road for his brother Labour candidate Erik Dahl, "
         "former mayor Olaf Dahl said his brother was ready to govern.", _noun_before_the_verb,
         why="a finite verb the parse left with no subject speaks for the name right before it"),
], probe=_source_probe)


def _according_to(token: Token) -> Cue | None:
    """ "according to X": X is the source ("his report" is resolved to its author later)."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
        to = token.doc[token.i + 1]
    obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if obj is None or to is None:
        return None
    # The cue is "according to", or "according to his report" when the source is a document.
    last = obj if obj.lemma_.lower() in DOCUMENT_NOUNS else to
    return Cue(token.idx, last.idx + len(last.text), obj)


def _embedded(token: Token) -> bool:
    """Whether a verb stands in a relative or noun-modifying clause rather than the sentence's own."""
    depth = 0
    while token.head.i != token.i and depth < 50:
        if token.dep_ in ("relcl", "acl"):
            return True
        token = token.head
        depth += 1
    return False


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth
