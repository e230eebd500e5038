"""Quantities: the numeric facts of a sentence as written ("52 countries", "about 20%").

spaCy's number entities (CARDINAL, QUANTITY, PERCENT, MONEY) are the seeds. The
dependency parse then extends a number to what it counts ("10 EU member states",
"thousands of passengers", "142 million metric tons per year"), and numbers that
are not facts are dropped: dates, times, ordinals, years, identifiers ("COP 28",
"Section 907"), partitives ("one of its largest missiles"), spelled-out numbers after
a definite determiner ("the two leaders", "the three countries": a reference back
rather than a count), idioms ("with one voice"), relations ("between two oceans") and
numbers inside words ("half-measures"). A duration counts when it is what is
measured ("took two years", "for more than two decades", "lasted six hours", "a
five-year tender", "five months after they left"), not when it places something in
time ("two days later", "two days before the anniversary", "its fifth year"); one
set against another ("against about 40 days by sea", "compared with 30 days") and the
length of an activity ("after more than 25 years of talks") are measured too. A year
that dates a single thing ("a 2023 study") is no count. A change "from $12 to $6" is
two figures, a range "70% to 80%" one.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from extract.phrases import ents_in, text_of
from extract.records import Quantity
from extract.rules import Rule, RuleTable, probe_extraction

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

NUMBER_LABELS = {"CARDINAL", "QUANTITY", "PERCENT", "MONEY"}

MONTHS = {m.lower() for m in calendar.month_name[1:]} | {m.lower() for m in calendar.month_abbr[1:]} | {"sept"}

# Units of time: a number of them is a duration, which counts only when it is measured.
TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}

# Units that may follow a number in a hyphenated word ("1,000-km", "two-month");
# any other word after the hyphen makes the number part of a word ("half-measures").
HYPHEN_UNITS = TIME_UNITS | {
    "fold", "kilometre", "kilometer", "km", "mile", "metre", "meter", "kg", "kilogram", "ton", "tonne",
    "percent", "point", "member", "party", "seat", "storey", "story", "lane", "man", "person",
    "half", "third", "quarter", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
}

# Words of a date that are neither months nor units ("today", "Monday", "spring").
TIME_WORDS = {d.lower() for d in calendar.day_name} | {
    "today", "yesterday", "tomorrow", "tonight", "spring", "summer", "autumn", "fall", "winter", "weekend",
    "season", "quarter", "fiscal", "annual", "period", "term",
}

# Words after a duration that make it a point in time ("two days later", "a month earlier").
# Words that make a number a share ("40 percent", "2 per cent").
PERCENT_WORDS = {"percent", "cent", "%", "percentage"}

RELATIVE_TIME = {"later", "earlier", "ago", "before", "after", "ahead", "since", "back"}
# Of those, the ones that may instead open a clause: "five months after the states quit" measures
# the time since an event, while "two days after the anniversary" places a day.
CLAUSE_OPENERS = {"before", "after", "since"}

# Prepositions whose object is a length of time when it is a number of units ("for two years"),
# including those that compare one length with another ("15 days, against about 40 days by sea").
MEASURING_PREPOSITIONS = {
    "for", "in", "by", "over", "within", "of", "during", "throughout", "to", "up", "against", "versus", "vs",
}

# What a rate is counted against ("a day", "per barrel").
RATE_UNITS = TIME_UNITS | {"capita", "head", "person", "barrel", "tonne", "ton", "unit", "share", "litre", "gallon"}

# Plural number nouns and fractions that count what follows "of".
OF_NUMBERS = {
    "hundreds", "thousands", "millions", "billions", "trillions", "dozens", "tens", "scores",
    "half", "halves", "thirds", "quarters", "fifths", "sixths", "sevenths", "eighths", "ninths", "tenths",
}

# Determiners that make a spelled-out number refer back to things named before ("the three
# countries", "these two sides", "our two nations"): an anaphor, not a count. Digits after them still count
# ("half of the 27 member states" states a size).
ANAPHORIC_DETERMINERS = {"the", "these", "those", "our", "their", "its", "all"}

# Nouns that make "one" part of an idiom rather than a count ("speak with one voice", "at one
# point", "one day"). Plain English usage that no installed package lists.
ONE_IDIOMS = {"voice", "point", "day", "time", "way", "hand", "another", "go", "accord", "piece", "mind"}

# Words that hedge a number and belong to it ("nearly 35 sectors", "about 20%").
APPROXIMATORS = {"nearly", "about", "almost", "around", "roughly", "approximately", "some", "over", "under", "just"}

ORDINAL_SUFFIXES = {"st", "nd", "rd", "th"}
ORDINAL_WORDS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                 "eleventh", "twelfth", "twentieth", "hundredth"}
CURRENCY_SYMBOLS = {"$", "€", "£", "¥", "₹", "₽"}

WORD_VALUES = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
WORD_VALUES.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                    "dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 10**9,
                    "trillion": 10**12})
SCALES = {"hundred": 100, "thousand": 1_000, "k": 1_000, "million": 10**6, "mn": 10**6, "m": 10**6,
          "billion": 10**9, "bn": 10**9, "b": 10**9, "trillion": 10**12, "tn": 10**12}
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
             "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9,
             "ninths": 9, "tenth": 10, "tenths": 10}

# Words that hedge a number as a pair, standing before it ("at least 420", "more than 30").
HEDGE_PAIRS = {("at", "least"), ("at", "most"), ("more", "than"), ("less", "than"), ("fewer", "than"), ("up", "to")}
# Words of a hedge or a range the tagger sometimes returns as a number entity of their own
# ("at least" apart from "420 cubic meters") or leaves at a number's edge ("3,500 miles and").
HEDGE_WORDS = {"at", "least", "most", "more", "less", "fewer", "than", "up", "to"} | APPROXIMATORS
EDGE_CONJUNCTIONS = {"and", "or", "to", ","}
# A range of years ("2025–2027", "2019-20") is a period, not a count.
_YEAR_RANGE = re.compile(r"^(1[89]|20|21)\d\d\s*[-–—/]\s*((1[89]|20|21)\d\d|\d\d)$")
# Currency words that are not names of money in running text ("gold", "mark", "real").
_NOT_CURRENCY_WORDS = {
    "account", "gold", "silver", "palladium", "platinum", "purposes", "involved", "mark", "real", "sum", "sol",
    "fomento", "previsional", "oro", "omani", "uruguayo", "soberano", "mvdol", "bceao", "beac",
}

_DIGITS = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([a-zA-Z]+)?")
_WORD = re.compile(r"[a-z]+")
_YEAR = re.compile(r"^(1[89]|20|21)\d\d$")


def find_quantities(span: Span, base: int) -> tuple[Quantity, ...]:
    """Quantities of one sentence; `base` is the document offset of `span.doc`'s first character."""
    doc = span.doc
    found: list[tuple[int, int, str]] = []  # (first token, last token, label)
    for ent in ents_in(span):
        if ent.label_ in NUMBER_LABELS and _is_fact(ent):
            edges = _trimmed(ent)
            if edges is None:
                continue
            found.extend((first, last, ent.label_) for first, last in _change_ends(ent, *edges))
        elif ent.label_ in ("DATE", "TIME") and _is_measured_duration(ent):  # "lasted six hours"
            found.append((ent.start, ent.end - 1, "DURATION"))
        elif ent.label_ == "DATE" and _is_count_taken_for_a_date(ent):
            found.append((ent.start, ent.end - 1, "CARDINAL"))
    found.extend(_written_out_money(span))
    found = _merge_ranges(doc, found)
    quantities: list[Quantity] = []
    covered = -1  # last token of the previous quantity: "half of the 27 member states" holds the 27
    for first, last, label in found:
        if first <= covered:
            continue
        first, last = _widen(
            doc, first, last, span.start, span.end - 1, bare=label == "CARDINAL", rate=label == "PERCENT"
        )
        covered = last
        start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
        end = start + _balanced_length(text_of(doc)[start:end])
        text = text_of(doc)[start:end]
        quantities.append(Quantity(base + start, base + end, text, number_value(text, percent=label == "PERCENT")))
    return tuple(quantities)


def _change_ends(ent: Span, first: int, last: int) -> list[tuple[int, int]]:
    """Token ranges of a number entity: "from $12 to $6" is a change between two figures, not a range."""
    doc = ent.doc
    if ent.start > 0 and doc[ent.start - 1].lower_ == "from":
        to = next((t.i for t in ent if t.lower_ == "to" and first < t.i < last), None)
        if to is not None:
            return [(first, to - 1), (to + 1, last)]
    return [(first, last)]


def _trimmed(ent: Span) -> tuple[int, int] | None:
    """First and last token of a number entity without the words the tagger took in at its edges.

    "a record $" (the number left out) is extended to the number and cut to its sign;
    "3,500 miles and" loses the conjunction; an entity of hedge words only ("at least",
    its number tagged apart) is dropped, the hedge rejoining the number when it is widened.
    """
    doc = ent.doc
    first, last = ent.start, ent.end - 1
    while last > first and doc[last].lower_ in EDGE_CONJUNCTIONS:
        last -= 1
    if all(t.lower_ in HEDGE_WORDS for t in doc[first : last + 1]):
        return None
    if doc[last].text in CURRENCY_SYMBOLS and last + 1 < len(doc) and doc[last + 1].text[:1].isdigit():
        last += 1  # "a record $" + "10.25bn"
        while last + 1 < len(doc) and doc[last + 1].lower_ in SCALES and doc[last + 1].whitespace_ == "":
            last += 1
    sign = next(
        (t.i for t in doc[first : last + 1] if t.text in CURRENCY_SYMBOLS or t.text[:1].isdigit() or t.like_num),
        None,
    )
    if (
        sign is not None
        and any(t.pos_ == "DET" for t in doc[first:sign])
        and not any(t.lower_ in HEDGE_WORDS for t in doc[first:sign])
    ):
        first = sign  # "a record $10.25bn": the article and its adjective are not the figure
    return first, last


@lru_cache(maxsize=1)
def _currencies() -> tuple[frozenset[str], frozenset[str]]:
    """ISO 4217 codes and the words that name currencies ("dinar", "krone"), from pycountry."""
    import pycountry

    codes = {c.alpha_3 for c in pycountry.currencies}
    words = {c.name.split()[-1].lower() for c in pycountry.currencies} - _NOT_CURRENCY_WORDS
    return frozenset(codes), frozenset(w for w in words if w.isalpha())


def _is_currency_code(token: Token) -> bool:
    return token.text.isupper() and token.text in _currencies()[0]


def _written_out_money(span: Span) -> list[tuple[int, int, str]]:
    """Sums the tagger left untagged, written with a currency's name ("2 trillion Iraqi dinars")."""
    doc = span.doc
    words = _currencies()[1]
    found = []
    i = span.start
    while i < span.end:
        token = doc[i]
        if token.like_num and not token.ent_type_ and any(ch.isdigit() for ch in token.text):
            j = i + 1
            while j < span.end and doc[j].lower_ in SCALES:
                j += 1
            k = j
            while k < span.end and k - j < 2 and doc[k].pos_ in ("ADJ", "PROPN") and _lemma(doc[k]) not in words:
                k += 1  # "Iraqi", "Norwegian"
            if k < span.end and (_lemma(doc[k]) in words or doc[k].lower_.rstrip("s") in words):
                found.append((i, k, "MONEY"))
                i = k
        i += 1
    return found


def _balanced_length(text: str) -> int:
    """Length of `text` up to a closing bracket it never opened ("58 entities)EU" → "58 entities")."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth < 0:
                return len(text[:i].rstrip())
    return len(text)


def _is_fact(ent: Span) -> bool:
    """Whether a number entity states a numeric fact: no exclusion rule decides on it."""
    return EXCLUSIONS.first(_Seed.of(ent)) is None


@dataclass(frozen=True, slots=True)
class _Seed:
    """A number entity with the tokens around it, as the exclusion rules see it."""

    ent: Span
    first: Token
    before: Token | None
    after: Token | None
    words: list[str]

    @staticmethod
    def of(ent: Span) -> _Seed:
        doc = ent.doc
        return _Seed(ent, doc[ent.start], doc[ent.start - 1] if ent.start > 0 else None,
                     doc[ent.end] if ent.end < len(doc) else None, [t.lower_ for t in ent])


def _bare_year(q: _Seed) -> bool:
    first = q.first
    return len(q.ent) == 1 and bool(_YEAR.match(first.text)) and (
        first.dep_ != "nummod" or first.head.tag_ in ("NN", "NNP"))


def _idiom(q: _Seed) -> bool:
    return (
        q.words == ["one"] and q.after is not None and q.after.lemma_.lower() in ONE_IDIOMS
        and (q.before is None or q.before.lower_ not in APPROXIMATORS | {"least", "than"})
    )


def _relation(q: _Seed) -> bool:
    doc = q.ent.doc
    return (
        q.before is not None and q.before.lower_ == "between" and all(w in WORD_VALUES for w in q.words)
        and not any(t.lower_ == "and" for t in doc[q.ent.end : q.ent.end + 3])
    )


def _inside_word(q: _Seed) -> bool:
    after, doc = q.after, q.ent.doc
    if not (after is not None and after.text in "-‐" and after.i + 1 < len(doc) and after.whitespace_ == ""):
        return False
    nxt = doc[after.i + 1]
    return (
        not nxt.like_num and nxt.lemma_.lower() not in HYPHEN_UNITS and nxt.lower_ not in HYPHEN_UNITS
        and not _is_number_noun_adjective(q.first, nxt)
    )


def _part_of_name(q: _Seed) -> bool:
    before = q.before
    return (
        before is not None and before.pos_ == "PROPN" and before.text[:1].isupper() and q.first.like_num
        and not _is_currency_code(before)  # "NOK 40 million": a sum in a currency's code
        and q.ent.label_ == "CARDINAL" and before.ent_type_ not in ("MONEY", "QUANTITY", "CARDINAL")
    )


# Number entities that state no numeric fact, in order; the first that decides drops the number.
EXCLUSIONS: RuleTable[bool] = RuleTable("quantity_exclusions", [
    Rule("split_ordinal", "The 17 th round of talks opened.",
         lambda q: q.after is not None and q.after.lower_ in ORDINAL_SUFFIXES, why="an ordinal split by a space"),
    Rule("date_number", "The ministers met at the 9 October meeting.",
         lambda q: _is_month(q.after) or _is_month(q.before), why="a day of a month the model took for a count"),
    Rule("year_range", "The plan covers 2031–2034 and more.", lambda q: bool(_YEAR_RANGE.match(q.ent.text)),
         why="a period of years"),
    Rule("bare_year", "He said his 2000 Senate campaign was the hardest.", _bare_year,
         why="a year alone, or one that dates a single thing"),
    Rule("partitive", "One of the ships sank, officials said.",
         lambda q: q.words == ["one"] and q.after is not None and q.after.lower_ == "of",
         why="\"one of\": a partitive, not a count"),
    Rule("anaphoric", "The three delegations agreed on a text.",
         lambda q: all(w in WORD_VALUES for w in q.words) and q.before is not None
         and q.before.lower_ in ANAPHORIC_DETERMINERS, why="a spelled-out number after \"the\" refers back"),
    Rule("described_source", "One senior diplomat said the talks had stalled.",
         lambda q: q.words == ["one"] and _is_described_source(q.first), why="a source described, not a count"),
    Rule("idiom", "The members spoke with one voice.", _idiom, why="\"one\" in an idiom"),
    Rule("relation", "The canal is a link between two seas.", _relation, why="a relation between things"),
    Rule("inside_word", "Critics called the plan two-faced.", _inside_word, why="a number inside a word"),
    Rule("part_of_name", "The ministry said Block 12 of the field was sold.", _part_of_name,
         why="a number that is part of a name (\"COP 28\", \"Section 907\")"),
], probe=probe_extraction)


def _is_number_noun_adjective(number: Token, noun: Token) -> bool:
    """ "a 31-page report", "the 35-nation board": digits joined to a singular noun that modifies a later noun."""
    return (
        number.text[:1].isdigit()
        and noun.tag_ == "NN"
        and noun.dep_ in ("compound", "amod", "nmod")
        and noun.head.i > noun.i
        and noun.head.pos_ in ("NOUN", "PROPN")
    )


def _is_described_source(one: Token) -> bool:
    """ "one senior EU diplomat said": "one" before the subject of a reporting verb names an anonymous source."""
    from extract.claims.cues import (  # imported here: cues imports the speaker module, which is heavier
        CLAUSAL,
        REPORTING,
    )

    noun = one.head
    return (
        one.dep_ == "nummod"
        and noun.dep_ == "nsubj"
        and noun.tag_ == "NN"
        and _lemma(noun.head) in REPORTING | CLAUSAL
    )


def _is_month(token: Token | None) -> bool:
    # Capitalised only: "12 may rise" is not the twelfth of May.
    return token is not None and token.text[:1].isupper() and token.lower_.rstrip(".") in MONTHS


def _is_measured_duration(ent: Span) -> bool:
    """A DATE entity that is a measured duration: "two years" as an object, "five-year", "three-year-old"."""
    words = [t.lower_ for t in ent]
    if not any(t.like_num for t in ent):
        return False
    if not any(_lemma(t) in TIME_UNITS for t in ent):
        return False
    if any(t.ent_type_ == "ORDINAL" or t.lower_ in ("the", "this", "that", "last", "next", "past", "early", "late")
           or t.lower_ in ORDINAL_WORDS or t.lower_[-2:] in ORDINAL_SUFFIXES and t.lower_[:1].isdigit()
           for t in ent):
        return False  # "its fifth year", "a second day": which one, not how long
    if any(w in RELATIVE_TIME for w in words):
        return False
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    if after is not None and after.lower_ in CLAUSE_OPENERS and after.dep_ == "mark":
        return True  # "five months after the three states quit": the time since an event
    if words[-1] == "old":
        return True  # an age: "74 years old"
    hyphenated = any(t.text in "-‐" and t.whitespace_ == "" for t in ent)
    if hyphenated:
        return True  # "a five-year tender", "a two-month high", "the three-year-old conflict"
    root = ent.root
    if after is not None and after.lower_ in RELATIVE_TIME:
        return False
    if root.dep_ == "pobj":
        # "dragged on for more than two decades", "fall by between 10 and 14 days", "the highest in
        # more than two decades": a number of units of time is a length; "in fiscal year 2024" is not.
        counts_units = any(t.like_num and t.head.i > t.i and _lemma(t.head) in TIME_UNITS for t in ent)
        # "after more than 25 years of talks": the length of an activity, whatever the preposition.
        of_activity = after is not None and after.lower_ == "of" and after.head.i == root.i
        # "12 days, compared with about 30 days by road": one length set against another.
        compared = root.head.lower_ in ("with", "to") and root.head.head.lemma_.lower() == "compare"
        return counts_units and (root.head.lower_ in MEASURING_PREPOSITIONS or of_activity or compared)
    if root.dep_ == "conj" and root.head.ent_type_ in NUMBER_LABELS:
        return True  # "adds about 3,500 miles and 10 to 14 days": joined to another measure
    if root.dep_ == "npadvmod" and root.head.pos_ in ("VERB", "AUX"):
        return True  # "the talks lasted six hours" (not "two days later", whose head is the adverb)
    return root.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "appos")


def _is_count_taken_for_a_date(ent: Span) -> bool:
    """ "Between 10 and 12 ships": a DATE entity with no word of time in it, counting a noun."""
    if not any(t.like_num for t in ent):
        return False
    for t in ent:
        word = t.lower_
        if (
            _lemma(t) in TIME_UNITS or _is_month(t) or word in TIME_WORDS or _YEAR.match(word)
            or (word[:1].isdigit() and word[-2:] in ORDINAL_SUFFIXES) or "-" in word or "/" in word
        ):
            return False
    if ent.root.i == ent.end - 1 and _lemma(ent.root) in PERCENT_WORDS:
        return True  # "between 40 and 98 percent": a share the tagger took for a date
    head = ent.root.head
    return ent.root.dep_ == "nummod" and head.i >= ent.end and head.pos_ == "NOUN" and _lemma(head) not in TIME_UNITS


def _merge_ranges(doc: Doc, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join "70% to 80%", "10-12 ships", "between 10 and 12" and "one in five" into one quantity."""
    merged: list[tuple[int, int, str]] = []
    for first, last, label in sorted(found):
        if merged:
            p_first, p_last, p_label = merged[-1]
            gap = doc[p_last + 1 : first]
            joins = gap[0].lower_ in ("to", "-", "–", "in") if len(gap) == 1 else False
            if len(gap) == 1 and gap[0].lower_ == "and":
                joins = p_first > 0 and doc[p_first - 1].lower_ == "between"  # "between 10 and 12"
            if p_first > 0 and doc[p_first - 1].lower_ == "from":
                joins = False  # "from 3% to 5%": two figures of a change
            if p_label == label and joins and (gap[0].lower_ != "in" or label == "CARDINAL"):  # "one in five"
                merged[-1] = (p_first, last, label)
                continue
        merged.append((first, last, label))
    return merged


def _widen(doc: Doc, first: int, last: int, lo: int, hi: int, bare: bool, rate: bool = False) -> tuple[int, int]:
    """Extend a number to its hedge, currency sign and the noun it counts."""
    # Left: a currency sign or code, or a hedge just before ("$230bn", "NOK 40 million", "nearly 35",
    # "at least 420").
    while first > lo:
        if (
            doc[first - 1].text in CURRENCY_SYMBOLS
            or _is_currency_code(doc[first - 1])
            or (doc[first - 1].lower_ in APPROXIMATORS and doc[first - 1].dep_ in ("advmod", "quantmod"))
        ):
            first -= 1
        elif first - 1 > lo and (doc[first - 2].lower_, doc[first - 1].lower_) in HEDGE_PAIRS:
            first -= 2
        else:
            break
    # Right: the counted noun, reached without crossing punctuation other than hyphens and brackets.
    number = doc[last]
    head = _counted_noun(doc, first, last)
    if head is not None and rate and _lemma(head) in TIME_UNITS:
        head = None  # "4.2% year on year": a share counts no units of time
    if head is not None and head.i <= hi:
        last = head.i
    elif bare:  # "all but 26 drones": a count the parser did not attach to its noun
        j = last + 1
        while j <= hi and doc[j].pos_ in ("NOUN", "PROPN") and doc[j].ent_type_ not in ("DATE", "TIME", "GPE"):
            last = j
            j += 1
            if doc[j - 1].tag_ in ("NNS", "NNPS"):
                break
    # "thousands of passengers", "hundreds of thousands of deaths", "four-fifths of Ukraine".
    while (
        last + 2 <= hi
        and doc[last].lower_.split("-")[-1] in OF_NUMBERS
        and doc[last + 1].lower_ == "of"
    ):
        obj = next((c for c in doc[last + 1].children if c.dep_ == "pobj"), None)
        if obj is None or obj.i > hi:
            break
        last = obj.i
        if number.i == last:
            break
    # "per year", "a day": the rate belongs to the quantity.
    if last + 2 <= hi and doc[last + 1].lower_ in ("per", "a", "an") and _lemma(doc[last + 2]) in RATE_UNITS:
        if last + 3 > hi or doc[last + 3].lower_ not in RELATIVE_TIME:  # not "3.7% a month earlier"
            last += 2
    return first, last


def _counted_noun(doc: Doc, first: int, last: int) -> Token | None:
    """The noun a number counts, if the parse attaches it to one to its right."""
    for i in range(last, first - 1, -1):
        token = doc[i]
        head = token.head
        if token.dep_ in ("nummod", "quantmod", "compound", "amod", "npadvmod") and head.i > last:
            between = doc[last + 1 : head.i]
            if len(between) > 6:
                return None
            if any(any(ch in t.text for ch in ",;:()\"“”") or (t.is_punct and t.text not in "-‐[]") for t in between):
                return None
            if head.pos_ not in ("NOUN", "PROPN", "ADJ") or head.tag_ in ("JJR", "RBR"):
                return None  # "13.7% lower": a comparison, not a counted noun
            return head
    return None


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def number_value(text: str, percent: bool = False) -> float | None:
    """The first number of a quantity's text, scaled ("$230bn" → 230e9, "four-fifths" → 0.8)."""
    m = _DIGITS.search(text)
    if m:
        try:
            value = float(m.group(1).replace(",", ""))
        except ValueError:
            return None
        rest = text[m.end(1):].lower()
        scale = re.match(r"\s*(hundred|thousand|million|billion|trillion|bn|mn|tn|k|m|b)\b", rest)
        if scale and not percent:
            value *= SCALES[scale.group(1)]
        return value
    words = _WORD.findall(text.lower())
    for i, word in enumerate(words):
        if word in FRACTIONS and (i == 0 or words[i - 1] not in WORD_VALUES):
            return 1 / FRACTIONS[word]
        if word in WORD_VALUES:
            value = float(WORD_VALUES[word])
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if nxt in FRACTIONS:
                return value / FRACTIONS[nxt]
            if nxt in SCALES and nxt not in ("m", "b", "k"):
                value *= SCALES[nxt]
            return value
    return None
