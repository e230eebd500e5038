"""Reporting cues: the verbs and phrases that attribute a statement, found in the parse.

A cue is a reporting verb with the phrase naming its source: the subject ("Bayramov
said", "said the ISW" with the subject after the verb), the subject of the verb it
hangs from ("drove the point home, saying", "refused to confirm", "said ... and
cautioned"), the agent of a passive ("as set out by Putin"), or the object of
"according to" ("according to the ministry's cell", "according to his report").
Verbs inside a quotation are the quoted speaker's words, not cues. Cues are
returned most prominent first: the main verb before the verbs of its clauses.

"according to X" ranks with the clause it modifies. A demand made of someone
("pressed both parties to resume talks", "pressed for a ceasefire") reports, except as a
headline's news; "called on X" is a visit unless a clause says what X is asked to do.
A forecast after the clause it reports ("..., the IMF projects in its outlook") is
found even when the tagger reads the verb as a plural noun.

spaCy has no lexicon of speech acts, so the reporting verbs are listed here. Verbs
that are reporting only with a clause after them ("added that", "sees prices
softening") are listed apart from those that report whatever follows ("emphasised
the importance of").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract.claims.speakers import DOCUMENT_NOUNS
from extract.phrases import span_text

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Report whatever their object is.
REPORTING = {
    "say", "tell", "state", "restate", "note", "emphasise", "emphasize", "stress", "underscore", "underline",
    "reiterate", "reaffirm", "affirm", "highlight", "mention", "reveal", "describe", "characterise",
    "characterize", "report", "announce", "declare", "explain", "argue", "insist", "warn", "caution",
    "acknowledge", "admit", "confirm", "deny", "assert", "remark", "comment", "write", "predict", "forecast",
    "promise", "vow", "pledge", "accuse", "attribute", "urge", "allege", "complain", "concede", "contend",
    "recall", "repeat", "testify", "tweet", "brief", "inform", "thank", "condemn", "denounce", "criticise",
    "criticize", "praise", "welcome",
}
# Report only with a clause after them: "added that ...", "sees prices softening", "expects X to rise"
# (not "added 31 entities", "claims the four regions").
CLAUSAL = {
    "add", "claim", "reply", "respond", "see", "expect", "believe", "think", "maintain", "observe", "conclude",
    "estimate", "fear", "find", "project", "calculate", "reckon", "notify", "rule",
}
# Report only when their object is something said ("rejects such accounts", "dismissed the claims"),
# not "rejected the bill" (a vote) or "dismissed the minister".
STANCE = {"reject", "dismiss", "refute", "dispute"}
SAID_NOUNS = {
    "account", "claim", "allegation", "accusation", "charge", "report", "criticism", "suggestion", "assertion",
    "statement", "characterisation", "characterization", "notion", "idea", "narrative", "interpretation",
    "remark", "comment", "assessment", "version", "story", "rumour", "rumor", "speculation", "finding",
    "conclusion", "argument", "view", "position",
}
# "welcomed the guests", "welcomed Xi to the White House": a host's welcome, not a statement.
HOSTING = {"welcome"}
# Participles that report on behalf of their clause's subject ("..., saying that ...").
PARTICIPLES = {"say", "add", "tell", "note", "warn", "insist", "argue", "claim", "explain", "write", "state"}
# Phrasal cues: verb + particle or preposition ("set out his terms", "called for restraint").
PHRASAL = {("set", "out"), ("lay", "out"), ("spell", "out"), ("point", "out"), ("call", "for"), ("call", "on")}
# Verbs that report a demand made of someone: "pressed both parties to resume the talks",
# "pressed for a ceasefire" (not "pressed the button", "pressed ahead").
URGING = {"press", "lobby"}
# "raised concerns about ...": the verb reports when its object is one of these.
RAISED = {"raise": {"concern", "question", "issue", "objection", "alarm", "doubt", "possibility"},
          "voice": {"concern", "support", "opposition", "hope", "doubt", "frustration"},
          "express": {"concern", "support", "opposition", "hope", "doubt", "regret", "confidence"}}
# "refused to confirm", "declined to comment": a refusal to speak is still attributed.
REFUSALS = {"refuse", "decline"}
# Conjunctions that set a clause in time ("after the party announced ..."): what it reports is background.
TEMPORAL_MARKS = {"after", "before", "since", "until", "once"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}


@dataclass(frozen=True, slots=True)
class Cue:
    """A reporting cue of a sentence: its text's character span in the parsed doc, and its source."""

    start: int
    end: int
    source: Token | None  # head of the phrase naming the source; None when the parse gives none
    embedded: bool = False  # inside a clause that describes a noun ("the deal, which Biden said ...")


def find_cues(span: Span, quoted: Callable[[Token], bool]) -> list[Cue]:
    """The sentence's reporting cues outside quotations, most prominent first.

    "according to X" ranks with the clause it modifies: attached to the main clause it
    outranks a verb in a subordinate one ("Israel wants ..., while Hamas insists on ...,
    according to Egyptian officials"), and yields to the main clause's own verb."""
    # A line with no closing punctuation is a headline or label: a demand it reports is its
    # news ("Envoys press rival factions to resume talks"), not a statement attributed to anyone.
    headline = not span_text(span).rstrip().rstrip("\"'”’»)]").endswith((".", "!", "?", ":", ";", "…"))
    found: list[tuple[int, int, int, Cue]] = []
    for token in span:
        if quoted(token):
            continue
        if token.lower_ == "according":
            cue, rank = _according_to(token), (max(0, _depth(token) - 1), 1)
        else:
            cue = _verb_cue(token, headline) or _inverted_noun_cue(token)
            rank = (_depth(token), 0)
        if cue is not None and (cue.source is None or not quoted(cue.source)):
            found.append((*rank, token.i, cue))
    found.sort(key=lambda item: item[:3])
    return [item[3] for item in found]


def _verb_cue(verb: Token, headline: bool = False) -> Cue | None:
    if verb.pos_ not in ("VERB", "AUX") or verb.tag_ == "MD":
        return None
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    deps = {c.dep_ for c in children}
    last = verb  # last token of the cue text
    clausal = bool(deps & {"ccomp", "xcomp", "parataxis"})
    if lemma in HOSTING and _hosts(verb):
        return None
    if lemma in REPORTING:
        pass
    elif lemma in STANCE:
        obj = next((c for c in children if c.dep_ == "dobj"), None)
        if not clausal and (obj is None or obj.lemma_.lower() not in SAID_NOUNS) and not any(
            c.dep_ == "prep" and c.lower_ == "as" for c in children
        ):
            return None
    elif lemma in CLAUSAL:
        if not clausal:
            return None
    elif particle := next((c for c in children if (lemma, c.lower_) in PHRASAL and _particle(verb, c)), None):
        if (lemma, particle.lower_) == ("call", "on") and not _asks_to(verb, particle):
            return None  # "called on Prime Minister Modi": a courtesy visit, not a demand
        last = particle
    elif lemma in URGING:
        if headline or not _urges(verb):
            return None
        particle = next((c for c in children if c.dep_ == "prep" and c.lower_ == "for" and c.i == verb.i + 1), None)
        last = particle or verb
    elif lemma in RAISED:
        obj = next((c for c in children if c.dep_ == "dobj" and c.lemma_.lower() in RAISED[lemma]), None)
        if obj is None:
            return None
        last = obj
    elif lemma == "call" and _names_something(verb):
        pass  # "called the move provocative", "called the tariffs 'naked protectionism'"
    elif lemma in REFUSALS:
        inner = next((c for c in children if c.dep_ == "xcomp" and c.lemma_.lower() in REPORTING | {"discuss"}), None)
        if inner is None:
            return None
        last = max([inner, *(c for c in inner.children if c.dep_ == "conj")], key=lambda t: t.i)
    else:
        return None
    if verb.dep_ == "amod" or (verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl") and "agent" not in deps):
        return None  # "the described threat", "a facility described as key": no speaker
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "acl", "conj", "pcomp") and "nsubj" not in deps:
        # "..., saying that ...": speaks for the clause's subject; "highlighting X" does not.
        if lemma not in PARTICIPLES or (lemma not in ("say", "tell") and not clausal):
            return None
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in REFUSALS:
        return None  # reported through the refusal, which carries the subject
    if verb.dep_ == "advcl" and "nsubj" in deps and any(
        c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS for c in children
    ):
        return None  # "After the party announced that ..., the EU froze aid": background to the sentence's news
    return Cue(_cue_start(verb), last.idx + len(last.text), _source(verb), _embedded(verb))


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


def _hosts(verb: Token) -> bool:
    """ "welcomed Xi to the summit", "welcomed 3 million tourists": receiving guests, not speaking."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if any(c.dep_ == "prep" and c.lower_ in ("to", "into", "at") for c in verb.children):
        return True
    return obj is not None and (
        obj.pos_ in ("PROPN", "PRON") or obj.ent_type_ == "PERSON" or any(c.dep_ == "nummod" for c in obj.children)
    )


def _asks_to(verb: Token, particle: Token) -> bool:
    """ "called on Russia to withdraw": "call on" asks something of someone only with a clause saying what."""
    if any(c.dep_ in ("xcomp", "ccomp") for c in verb.children):
        return True
    return any(c.dep_ in ("acl", "relcl", "xcomp") for obj in particle.children for c in obj.children)


def _urges(verb: Token) -> bool:
    """ "pressed both parties to resume", "pressed for a ceasefire": a demand made of someone, not a push of a thing."""
    children = list(verb.children)
    if any(c.dep_ == "prep" and c.lower_ == "for" and c.i == verb.i + 1 for c in children):
        return True
    return any(c.dep_ == "dobj" for c in children) and any(_infinitive(c) for c in children)


def _infinitive(clause: Token) -> bool:
    """A "to" clause under a verb, which the parser attaches as a complement or an adverbial."""
    return clause.dep_ in ("xcomp", "advcl") and clause.tag_ == "VB" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
    )


def _inverted_noun_cue(token: Token) -> Cue | None:
    """ "..., the IMF projects in its latest outlook.": a reporting verb after the clause it reports,
    which the tagger read as a plural noun with the speaker's name as its modifier."""
    if token.tag_ != "NNS" or not token.lower_.endswith("s") or token.lemma_.lower() not in REPORTING | CLAUSAL:
        return None
    name = next((c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
    if name is None or any(c.dep_ not in ("det", "compound") for c in token.lefts):
        return None
    doc, first = token.doc, min(t.i for t in token.lefts)
    if first == token.sent.start or doc[first - 1].text != ",":
        return None  # the speaker opens a clause of its own, after a comma
    before = doc[token.sent.start : first - 1]
    if not any(t.pos_ in ("VERB", "AUX") and t.tag_ != "VBG" for t in before):
        return None  # the reported clause comes first
    rest = [t for t in doc[token.i + 1 : token.sent.end] if not t.is_punct]
    if any(not any(a.i == token.i for a in t.ancestors) for t in rest):
        return None  # nothing after it but its own phrases ("in its latest outlook")
    if any(c.dep_ != "prep" for c in token.rights if not c.is_punct):
        return None
    return Cue(token.idx, token.idx + len(token.text), name)


def _particle(verb: Token, child: Token) -> bool:
    """ "set out his terms", "set his terms out", "called for restraint" (not "called a strike for Monday")."""
    return child.dep_ == "prt" or (child.dep_ == "prep" and child.i == verb.i + 1)


def _names_something(verb: Token) -> bool:
    """ "call X Y": an object with a second predicate, which characterises rather than summons."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return False
    return any(c.dep_ in ("oprd", "xcomp") for c in verb.children) or any(c.dep_ == "appos" for c in obj.children)


def _source(verb: Token) -> Token | None:
    """Head of the phrase naming who speaks through `verb`."""
    children = list(verb.children)
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in children):
        agent = next((c for c in children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        return pobj
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
        if head.lemma_.lower() in ("quote", "cite"):
            # "Putin was quoted as saying", "state television quoted the leader as saying": the one quoted
            quoted = next((c for c in head.children if c.dep_ in ("nsubjpass", "dobj")), None)
            if quoted is not None:
                return quoted
        return _source(head)
    # "..., said Hoffman." parsed with the speaker as an object: take a name right after the verb.
    after = [c for c in children if c.i > verb.i and c.dep_ in ("dobj", "attr", "npadvmod", "dep", "appos")]
    if after and any(c.dep_ in ("ccomp", "parataxis") and c.i < verb.i for c in children):
        return after[0]
    return None


def _according_to(token: Token) -> Cue | None:
    """ "according to X": X is the source ("his report" is resolved to its author later)."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
        to = token.doc[token.i + 1]
    obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if obj is None:
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
