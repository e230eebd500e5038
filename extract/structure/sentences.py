"""Sentence assembly: spaCy's sentence boundaries, with its known wrong splits joined back.

The parser-based splitter of the small English pipelines breaks a sentence in a
few recognisable places, and a wrong split costs every field of the sentence
(its speaker lands in one half, its quantities in the other). A split is undone
when the second piece cannot start a sentence:
- it starts in lower case or with a comma, semicolon or closing mark
  (", Berg described ...", "but the talks took ...", after "U.S." mid-sentence);
- it holds no letters or digits (a stray closing quote or bracket);
- the first piece ends with a dotted title ("... met with Hon." + "Anna Berg, ..."), cut from its name;
- the first piece is a speaker label alone ("QUESTION:", "Harbour News Agency:"), cut from its turn;
- the first piece ends with an ellipsis inside an open quotation that the second
  piece closes (“Nobody says the harbour is lost … The question is when
  it reopens,” Berg said): the ellipsis marks words left out of the quote.

It also answers the one grammatical question that structure asks of a line with
no full stop: does it hold a finite verb (a headline sentence), or is it a label
(a title or heading)?
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from extract.lexicon import words
from extract.phrases import span_text, text_of, title_case

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

_CANNOT_START = (",", ";", ":", ")", "]", "}", "%")
_ELLIPSIS = ("…", "...")
_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"


def _has_text(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _cannot_start(text: str) -> bool:
    first = text.lstrip()[:1]
    # "[for Foreign Affairs]" or "(in part)" in lower case: an editor's insertion inside the sentence
    inserted = text.lstrip().lstrip("[(")[:1]
    return not first or first.islower() or inserted.islower() or first in _CANNOT_START or not _has_text(text)


def _open_quote(text: str) -> bool:
    """Whether `text` leaves a quotation open (typographic quotes, or an odd number of straight ones)."""
    curly = sum(text.count(q) for q in _OPEN_QUOTES) - sum(text.count(q) for q in _CLOSE_QUOTES)
    return curly > 0 or (curly == 0 and text.count('"') % 2 == 1)


def _closes_quote(text: str) -> bool:
    """Whether `text` closes a quotation before it opens one."""
    for ch in text:
        if ch in _OPEN_QUOTES:
            return False
        if ch in _CLOSE_QUOTES:
            return True
    return text.count('"') % 2 == 1


# Lower-case words a speaker label may hold ("Minister for Foreign Affairs:").
_LABEL_PARTICLES = {"of", "for", "the", "and", "on", "to", "de", "von", "van", "al"}


def _label_only(text: str) -> bool:
    """Whether a piece is a speaker label alone ("QUESTION:", "Harbour News Agency:", "MS BERG:"): it
    opens the turn that follows, which the splitter cut off after the colon."""
    text = text.strip()
    parts = text[:-1].replace(".", " ").split()
    return text.endswith(":") and 0 < len(parts) <= 6 and all(
        w[:1].isupper() or w in _LABEL_PARTICLES for w in parts) and all(
        ch.isalpha() or ch in " .'’-" for ch in text[:-1])


# Titles written with a full stop before a name ("Hon.", "Gen.", "Sen."): the lexicon's titles that
# end in one. A piece that ends with one was cut before the name it introduces.
_DOTTED_TITLES = {t for t in words("title") if t.endswith(".") and " " not in t}


def _ends_with_title(text: str) -> bool:
    last = text.rstrip().rsplit(None, 1)[-1] if text.strip() else ""
    return last in _DOTTED_TITLES


def _joins(previous: str, current: str) -> bool:
    if _cannot_start(current) or _label_only(previous) or _ends_with_title(previous):
        return True
    return previous.rstrip().endswith(_ELLIPSIS) and _open_quote(previous) and _closes_quote(current)


def sentence_spans(doc: Doc) -> Iterator[Span]:
    """The sentences of `doc` with wrong splits joined; pieces without letters or digits are dropped."""
    groups: list[list[int]] = []  # [start token, end token] of each assembled sentence
    whole = text_of(doc)
    for sent in doc.sents:
        text = whole[sent.start_char : sent.end_char]
        if not text.strip():
            continue
        previous = span_text(doc[groups[-1][0] : groups[-1][1]]) if groups else ""
        if groups and (not _has_text(previous) or _joins(previous, text)):
            groups[-1][1] = sent.end
        else:
            groups.append([sent.start, sent.end])
    for start, end in groups:
        span = doc[start:end]
        if _has_text(span_text(span)):
            yield span


_FINITE = ("VBZ", "VBP", "VBD", "MD")
_TAGGING = ("tok2vec", "tagger", "attribute_ruler", "transformer")
_COORDINATORS = {"and", "&", ","}


def _proper_subject(doc: Doc) -> tuple[int, bool]:
    """Length of a leading run of proper nouns ("Central Asia", "Chile and Paraguay", "U.S., Ukraine") and
    whether it joins several of them; (0, False) when the line does not start with one."""
    i, joined = 0, False
    while i < len(doc) and (doc[i].tag_ in ("NNP", "NNPS") or (i and doc[i].lower_ in _COORDINATORS)):
        joined = joined or doc[i].lower_ in _COORDINATORS
        i += 1
    while i and doc[i - 1].lower_ in _COORDINATORS:
        i -= 1
    return i, joined


# The verb forms that agree with a singular pronoun subject ("It bets", "It backed", "It will").
_SINGULAR_FINITE = ("VBZ", "VBD", "MD")


def finite_verb_checker(nlp: Language) -> Callable[[str], bool]:
    """A test of whether a line holds a finite verb, using only the tagger (cheap, no parse).

    Headlines defeat the small taggers in one regular place: after a subject of proper
    nouns, a word that is both noun and verb is read as a noun ("Chile and Paraguay
    sign trade deal": "sign" NN, as in "a Chile and Paraguay sign"; "Central Asia bets
    on new corridors": "bets" NNS, as in "Central Asia bets"). That word is tagged again
    with the subject replaced by a pronoun, where only the verb reading fits a verb:
    "They" after several names joined, "It" after one name, whose verb must then agree
    with it ("It bets", but "It sanctions on Russia" stays a noun phrase). A line in Title
    Case is also tagged in sentence case, where a reporting verb shows ("Envoy tells ...").
    """
    others = [p for p in nlp.pipe_names if p not in _TAGGING]

    def tag(line: str) -> Doc:
        with nlp.select_pipes(disable=others):
            return nlp(line)

    def has_finite_verb(line: str) -> bool:
        doc = tag(line)
        if any(t.tag_ in _FINITE for t in doc):
            return True
        if title_case(doc) and _reports_in_sentence_case(doc):
            return True
        n, joined = _proper_subject(doc)
        if not n or n >= len(doc) or not doc[n].is_lower or not doc[n].is_alpha:
            return False
        probe = tag(("They " if joined else "It ") + doc[n:].text)
        return len(probe) > 1 and probe[1].tag_ in (_FINITE if joined else _SINGULAR_FINITE)

    def _reports_in_sentence_case(doc: Doc) -> bool:
        # "Envoy Tells Council Talks Will Resume": in Title Case the tagger reads every word as a
        # name; written in sentence case, a reporting verb shows ("Envoy tells council ...").
        lowered = doc.text[: doc[1].idx] + doc.text[doc[1].idx :].lower()
        with nlp.select_pipes(disable=[p for p in others if p != "lemmatizer"]):
            return any(t.tag_ in _FINITE and t.lemma_ in _HEADLINE_CUES and t.lemma_ not in _SAID_NOUNS
                       for t in nlp(lowered))

    return has_finite_verb


# Reporting verbs that make a Title Case headline a sentence ("... Reiterates Appeal ...").
_HEADLINE_CUES = words("reporting", "reporting_verbs.tsv") | words("clausal", "reporting_verbs.tsv")
# Nouns for what is said, which the tagger may still read as verbs ("Press Remarks After ...").
_SAID_NOUNS = words("said_noun", "reporting_verbs.tsv") | words("issued", "reporting_verbs.tsv")

