"""People: named persons of a document, each under the fullest name the document gives.

Candidates come from spaCy's PERSON entities, cleaned of what the small model
sweeps into them (titles, a leading verb, brackets an editor inserted into a
quotation, a possessive and what follows it), and from the places where it
misses or mislabels a person:
- a capitalised name after a title ("President Berg", "FM Haddad"), also after a
  title with a portfolio or a body ("Minister for Foreign Affairs and Trade Penny
  Wong", "President of the European Commission Ursula von der Leyen");
- an organisation-labelled name in apposition to a role noun ("His chief
  of staff, Lena Moritz");
- a name before a noun such as "administration" ("the Trump administration").

Within a document, full names with the same surname and compatible first names
are one person whose canonical name is the longest form ("Joe Biden" and
"Joseph R. Biden, Jr."), and the last words of a longer name stand for it ("Ramos
Horta" of "José Ramos Horta"); a single name resolves to the person whose surname
(or, failing that, given name) it is. A name opening as place names do ("Puerto
X") or met only after "in" or "near" is a place. A lone name that the gazetteer
knows as a place, that follows "the", or that only modifies a common noun ("the
Flamingo", "Oreshnik missile") is not taken for a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import extract.entities.countries.names as countries
from extract.entities.headlines import headline_verb
from extract.lexicon import title_length, words
from extract.lexicon.given_names import dictionary_words, is_given_name
from extract.phrases import ents_in
from extract.rules import PatternRule, Rule, RuleTable, note, probe_extraction

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_BRACKETS = frozenset("[](){}“”\"‘«»")
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
MAX_WORD = 40  # no word of a person's name is longer
_SKIP_POS = frozenset({"VERB", "ADP", "DET", "PRON", "NUM", "CCONJ", "SCONJ", "AUX", "PART", "ADV"})


@dataclass(frozen=True, slots=True)
class PersonCandidate:
    """A possible person mention (doc character offsets)."""

    sentence: int
    start: int
    end: int
    name: str  # as written, titles and possessive removed ("Joseph R. Biden, Jr.")
    parts: tuple[str, ...]  # name words without suffix ("Joseph", "R.", "Biden")
    source: str  # "ner", "title", "role", "leader", "given_name" or "shape" (a name-shaped ORG entity)
    titled: bool  # a title stood before it
    first_token: int
    last_token: int
    lone_noun_modifier: bool = False  # only modifies a common noun ("Oreshnik missile")
    after_determiner: bool = False  # "the Flamingo"
    named_place: bool = False  # "the town of Adre"
    title_start: int | None = None  # where a long title before the name starts ("Secretary of State for ...")
    located: bool = False  # the object of "in", "near" ...: rather a place, unless named elsewhere


def _joiner(token: Token) -> bool:
    """A hyphen or apostrophe written without spaces inside a name ("Jean-Noël")."""
    doc = token.doc
    return (
        token.text in ("-", "'", "’")
        and not token.whitespace_
        and token.i > 0
        and not doc[token.i - 1].whitespace_
    )


def _name_word(token: Token) -> bool:
    text = token.text
    if text in words("particle") or _joiner(token):
        return True
    if text.isalpha() and text.islower() and token.i > 0 and _joiner(token.doc[token.i - 1]):
        return True  # the second half of a hyphenated given name ("Jae-myung")
    if not text[:1].isupper() or any(ch.isdigit() for ch in text) or len(text) > MAX_WORD:
        return False
    if headline_verb(token, token.sent):
        return False  # "... Envoy Urges Calm": the headline's verb, not a name
    letters = [c for c in text if c.isalpha()]
    # "R." is an initial; "NORDA" or "PACE" is an acronym, not a name.
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return False
    # "OpenAI", "YouTube" are brands; names have at most one capital inside ("McCarthy", "DeSantis").
    return not re.search(r".[A-Z]{2}|[a-z][A-Z].*[a-z][A-Z]", text)


def clean(tokens: Sequence[Token] | Span) -> tuple[list[Token], bool]:
    """The name tokens of a person span and whether a title preceded them."""
    kept = [t for t in tokens if t.text not in _BRACKETS]
    for n, token in enumerate(kept):
        if token.text in _POSSESSIVE or token.tag_ == "POS":
            before = kept[:n]
            if before and countries.lookup(_join(before)) is not None and n + 1 < len(kept):
                kept = kept[n + 1 :]  # "Russia's Vladimir Putin"
            else:
                kept = before  # "Joe Biden's Meeting"
            break
    titled = False
    while kept:
        n = title_length(kept, 0)
        if n:
            kept, titled = kept[n:], True
            continue
        first = kept[0]
        form = countries.lookup(first.text)
        if (
            # "Russian President ...", "U.S. President ...", but not "Chad Smith"
            (form is not None and len(kept) > 1 and (form.kind == countries.DEMONYM or (
                title_length(kept, 1) and not (form.kind == countries.PLACE and kept[1].text in words("name_title")))))
            or first.pos_ in _SKIP_POS
            or _participle_opening(first)
            or first.is_punct
            or (not first.text[:1].isupper() and first.text not in words("particle"))
        ):
            kept = kept[1:]
            continue
        break
    while kept and (kept[-1].is_punct or kept[-1].text in words("particle")):
        kept = kept[:-1]
    return kept, titled


def _participle_opening(token: Token) -> bool:
    """"Highlighting Türkiye's support ...": a sentence opening with a participle the model took
    for a first name."""
    return bool(token.is_sent_start) and len(token.text) > 6 and token.text.endswith(("ing", "ed"))


def _suffix(span_doc, last: Token) -> list[Token]:
    """", Jr." or "Jr." after a name."""
    doc = span_doc
    i = last.i + 1
    if i < len(doc) and doc[i].text == "," and i + 1 < len(doc) and doc[i + 1].text in words("suffix"):
        return [doc[i], doc[i + 1]]
    if i < len(doc) and doc[i].text in words("suffix"):
        return [doc[i]]
    return []


def _candidate(
    sentence: int, tokens: Sequence[Token] | Span, source: str, titled: bool = False
) -> PersonCandidate | None:
    kept, had_title = clean(tokens)
    titled = titled or had_title
    suffix: list[Token] = []
    while len(kept) > 1 and (kept[-1].text in words("suffix") or kept[-1].text == ","):
        suffix.insert(0, kept.pop())
    if not kept or len(kept) > 6 or not all(_name_word(t) for t in kept):
        return None
    if not kept[0].text[:1].isupper():
        return None
    if any(t.text in words("org_word") or t.text in words("event_word") for t in kept):
        return None
    if all(t.text in words("portfolio") for t in kept):
        return None  # "Foreign Affairs", "Economic Relations": a field of government
    if source == "title" and len(kept) > 1 and _words_not_names(kept):
        return None  # "Director of Finance and Resource Mobilization": the field goes on, no name yet
    doc = kept[0].doc
    suffix = suffix or _suffix(doc, kept[-1])
    parts = tuple(_join(kept).split())
    if len(parts) > 1 and parts[0].lower() in words("particle"):
        # "Von der Leyen" opening a sentence: the particle written in capitals is still the particle.
        parts = (parts[0].lower(), *parts[1:])
    name_tokens = kept + suffix
    name = _join(name_tokens)
    first, last = name_tokens[0], name_tokens[-1]
    before = doc[first.i - 1] if first.i > 0 else None
    single = len(kept) == 1
    return PersonCandidate(
        sentence=sentence,
        start=first.idx,
        end=last.idx + len(last.text),
        name=name,
        parts=parts,
        source=source,
        titled=titled,
        first_token=first.i,
        last_token=last.i,
        lone_noun_modifier=single
        and kept[0].dep_ in ("compound", "nmod")
        and kept[0].head.pos_ == "NOUN"
        and kept[0].head.lemma_ not in words("person_noun")
        and kept[0].head.lower_ not in words("person_noun")
        and kept[0].head.lemma_ not in words("role"),
        after_determiner=single and source != "leader" and before is not None and before.lower_ in ("the", "a", "an"),
        named_place=single and _place_of(kept[0]),
        located=_located(name_tokens[-1]),
    )




def _located(token: Token) -> bool:
    """The object of a preposition of place ("bodies recovered in Khan Younis"), which a person
    rarely is."""
    head = token
    while head.dep_ in ("compound", "flat") and head.head is not head:
        head = head.head
    prep = head.head
    attitude = prep.head.lemma_.lower() in words("attitude_noun")
    return head.dep_ == "pobj" and prep.lower_ in words("locative") and not attitude


def _place_of(token: Token) -> bool:
    """"the town of Adre", "the city of Bakhmut": a name given to a place noun."""
    head = token.head
    return (
        token.dep_ == "pobj"
        and head.lower_ == "of"
        and (head.head.lower_ in words("place_noun") or head.head.text in words("landform"))  # "the Strait of Hormuz"
    ) or (token.dep_ == "appos" and token.head.lower_ in words("place_noun"))


def _join(tokens: Sequence[Token]) -> str:
    """Tokens as written, with one space wherever the text had any gap (a dropped bracket)."""
    out = tokens[0].text
    for prev, token in zip(tokens, tokens[1:], strict=False):
        touching = token.idx == prev.idx + len(prev.text)
        out += token.text if touching or token.text == "," else " " + token.text
    return out


def candidates(sentence: int, span: Span, ents: Sequence[Span] | None = None) -> list[PersonCandidate]:
    """Possible person mentions in one sentence (`ents`: its entities, when the caller has them)."""
    found: list[PersonCandidate] = []
    taken: set[int] = set()

    def add(candidate: PersonCandidate | None) -> None:
        if candidate is None:
            return
        if any(i in taken for i in range(candidate.first_token, candidate.last_token + 1)):
            return
        found.append(candidate)
        taken.update(range(candidate.first_token, candidate.last_token + 1))

    for cand in _after_portfolios(sentence, span):
        add(cand)
        # The title and portfolio before the name hold no other person ("Diaspora Affairs").
        taken.update(t.i for t in span if cand.title_start is not None and cand.title_start <= t.idx < cand.start)
    all_ents = list(ents_in(span) if ents is None else ents)
    for n, ent in enumerate(all_ents):
        if n > 0 and all_ents[n - 1].label_ == "PERSON" and all_ents[n - 1].end == ent.start and ent.label_ == "PERSON":
            continue  # merged into the name before it
        if ent.label_ == "PERSON":
            start, end = ent.start, ent.end
            # Two PERSON entities side by side are one name the model cut ("Sheikh Mohammed bin
            # Abdulrahman" + "Al Thani").
            m = n
            while m + 1 < len(all_ents) and all_ents[m + 1].label_ == "PERSON" and all_ents[m + 1].start == end:
                m += 1
                end = all_ents[m].end
            # A given name the model left outside the entity ("José" + "Arista Arbildo").
            if start > span.start and _left_name_word(ent.doc[start - 1]):
                start -= 1
            # A name word the model left outside the entity ("Yoon Suk" + "Yeol").
            while end < span.end and ent.doc[end].pos_ == "PROPN" and not ent.doc[end].ent_type_ and (
                _name_word(ent.doc[end]) and end - ent.start < 5 and ent.doc[end - 1].whitespace_
            ):
                end += 1
            end = _particle_tail(ent.doc, end, span.end)
            # The lower-case half of a hyphenated given name the model left outside ("Jae" + "-in").
            if end + 1 < span.end and _joiner(ent.doc[end]) and ent.doc[end + 1].is_lower and (
                    ent.doc[end + 1].is_alpha and len(ent.doc[end + 1].text) <= 4):
                end += 2
            # A title spaCy left outside the entity still marks a person ("Foreign Minister Jean-Noël Barrot").
            add(_candidate(sentence, ent.doc[start:end], "ner", titled=_title_before(ent.doc[start:end])))
        elif ent.label_ in ("ORG", "NORP", "GPE") and _looks_like_person(ent):
            add(_candidate(sentence, ent.doc[ent.start : ent.end], "role", titled=_title_before(ent)))
        elif ent.label_ == "ORG" and (inner := _person_in_org(ent, all_ents)) is not None:
            add(_candidate(sentence, inner, "role"))
        elif ent.label_ in ("ORG", "NORP") and (rule := EVIDENCE.first(ent)) is not None:
            add(_candidate(sentence, ent.doc[ent.start : ent.end], rule[0].split(".", 1)[1]))
        elif ent.label_ == "ORG" and name_shaped(ent):
            # "Volodymyr Zelenskyy" tagged ORG: a person only if the document names him elsewhere.
            add(_candidate(sentence, ent.doc[ent.start : ent.end], "shape"))
        elif ent.label_ == "ORG" and len(ent) <= 2 and ent.end < len(ent.doc):
            following = ent.doc[ent.end]
            if following.lower_ in words("leader_noun") and following.is_lower:
                add(_candidate(sentence, [t for t in ent if t.lower_ != "the"], "leader"))
    for cand in _after_titles(sentence, span):
        add(cand)
    for cand in _in_capitals(sentence, span):
        add(cand)
    return found


def _words_not_names(tokens: Sequence[Token]) -> bool:
    """Every word an English word and none a given name of the name data ("Resource Mobilization")."""
    vocabulary = dictionary_words()
    return bool(vocabulary) and all(
        t.text.lower() in vocabulary and not is_given_name(t.text) for t in tokens if t.is_alpha)


def _given_name_first(ent: Span) -> bool:
    """A name-shaped entity that opens with a given name of the name data and ends with a word
    that is no English word (a surname: "Dragana Petković", not "Victoria Falls")."""
    if not name_shaped(ent):
        return False
    tokens = [t for t in ent if t.lower_ != "the"]
    last = tokens[-1].text
    return (
        is_given_name(tokens[0].text)
        and last.lower() not in dictionary_words()
        and last not in words("place_noun")
        and last not in words("landform")
    )


# Evidence that a name the model labelled as a body or a group is a person's, whatever the
# document says elsewhere; the first that decides makes the name a person candidate.
EVIDENCE: RuleTable[bool] = RuleTable("person_evidence", [
    Rule("given_name", "The statement by Dragana Petković drew criticism.", _given_name_first,
         why="names that are not English: the model reads many as organisations or groups"),
], probe=probe_extraction)


# Names written in capitals, as transcripts and official lists write them: after an honorific
# ("MR LINDQVIST:", "Ms. NAKAMURA Aiko"), or a family name in capitals before the given name
# ("NAKAMURA Aiko"). Matcher patterns; the label is the rule's name.
_HONORIFICS = ["mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr."]
CAPITALS: RuleTable[None] = RuleTable("people_in_capitals", [
    PatternRule("after_honorific", "MR LINDQVIST: Good afternoon, everybody.", (
        [{"LOWER": {"IN": _HONORIFICS}}, {"IS_UPPER": True, "IS_ALPHA": True, "LENGTH": {">=": 2}},
         {"IS_TITLE": True, "IS_ALPHA": True, "OP": "?"}],
    ), why="transcripts label a speaker by honorific and surname in capitals"),
    PatternRule("family_name_first", "Foreign Minister NAKAMURA Aiko met the envoy on Monday.", (
        [{"IS_UPPER": True, "IS_ALPHA": True, "LENGTH": {">=": 3}}, {"IS_TITLE": True, "IS_ALPHA": True}],
    ), why="East Asian ministries write the family name first, in capitals"),
], probe=probe_extraction)


@lru_cache(maxsize=4)
def _capitals_matcher(vocab):
    """The matcher of the capitals rules, and its labels by match id: ids are string hashes, kept
    here because the pipeline's string store forgets labels added inside a memory zone."""
    from spacy.matcher import Matcher
    from spacy.strings import get_string_id

    matcher = Matcher(vocab)
    for rule in CAPITALS.rules:
        matcher.add(rule.name, list(rule.patterns))
    return matcher, {get_string_id(rule.name): rule.name for rule in CAPITALS.rules}


def _in_capitals(sentence: int, span: Span) -> Iterable[PersonCandidate]:
    """People whose family name is written in capitals; their name given first ("Aiko Nakamura")."""
    if countries.mostly_upper(span.text):
        return  # a headline or a line in capitals: every word is
    doc = span.doc
    active = {r.name for r in CAPITALS.active()}
    matcher, labels = _capitals_matcher(doc.vocab)
    for match_id, start, end in sorted(matcher(span), key=lambda m: (m[1], -m[2])):
        name = labels[match_id]
        if name not in active:
            continue
        tokens = list(span[start:end])
        honorific = tokens[0].lower_ in _HONORIFICS
        family = tokens[1] if honorific else tokens[0]
        given = tokens[2 if honorific else 1 :]
        # A country in capitals ("JAPAN") is no name; a family name may also be a town's.
        if family.text in words("generic_acronym") or _country_word(family.text) or _country_word(family.text.title()):
            continue
        if given and (_country_word(given[0].text) or given[0].text in words("title")):
            given = []
        if not honorific and not given:
            continue
        pair = doc[family.i : given[-1].i + 1] if given else None
        person = pair is not None and any(
            e.label_ == "PERSON" and e.start == pair.start and e.end == pair.end for e in doc.ents)
        if not honorific and not (person or (family.i > 0 and _title_before(doc[family.i : family.i + 1]))):
            continue  # "CBS News": an acronym before a word, unless a title or the model sees a name there
        surface_tokens = tokens if given or honorific else [family]
        first, last = surface_tokens[1 if honorific else 0], surface_tokens[-1]
        display = " ".join([t.text for t in given] + [family.text.capitalize()])
        note(CAPITALS.qualified(next(r for r in CAPITALS.rules if r.name == name)))
        yield PersonCandidate(
            sentence=sentence, start=first.idx, end=last.idx + len(last.text), name=display,
            parts=tuple(display.split()), source="capitals", titled=honorific,
            first_token=first.i, last_token=last.i,
        )


def _particle_tail(doc, end: int, limit: int) -> int:
    """The end of a name whose lower-case particles the model cut off with the surname after
    them ("Maria von der" + "Berg", "Paulo" + "do Vale"): particles and one capitalised word."""
    k = end
    while k < limit and doc[k].text in words("particle") and doc[k].is_lower:
        k += 1
    if end > 0 and (k > end or (doc[end - 1].text in words("particle") and doc[end - 1].is_lower)):
        if k < limit and doc[k].text[:1].isupper() and _name_word(doc[k]) and doc[k].ent_type_ != "PERSON" and (
            (form := countries.lookup(doc[k].text)) is None or form.kind not in countries.STRONG
        ):
            return k + 1
    return end


def _left_name_word(token: Token) -> bool:
    """A capitalised name word just before a person's name, joined to it: no title, no country,
    no word of another entity, not the first word of a sentence (which may be anything)."""
    doc = token.doc
    if token.pos_ != "PROPN" or token.ent_type_ or not token.whitespace_ or not _name_word(token):
        return False
    if token.is_sent_start or token.text in words("title") or token.text in words("particle"):
        return False
    if title_length(doc, token.i) or countries.lookup(token.text) is not None:
        return False
    if token.text in words("org_word") or token.text in words("place_prefix") or token.lower_ in words("role"):
        return False
    before = doc[token.i - 1] if token.i > 0 else None
    # "Peru's Minister of Economy, José Arista Arbildo": the name follows a comma,
    # a title or a lower-case word; a capitalised word before it would make it part of a longer name.
    capitalised = before is not None and before.text[:1].isupper() and before.pos_ == "PROPN"
    return not capitalised or (before is not None and bool(title_length(doc, before.i)))


def _title_before(ent: Span) -> bool:
    doc = ent.doc
    for n in range(1, 4):
        i = ent.start - n
        if i < 0:
            break
        if title_length(doc, i) >= n:
            return True
    return False


def name_shaped(ent: Span) -> bool:
    """Two to four capitalised proper nouns, none a country or a word of organisations' names."""
    tokens = [t for t in ent if t.lower_ != "the"]
    if not 2 <= len(tokens) <= 4 or not all(t.pos_ == "PROPN" and _name_word(t) for t in tokens):
        return False
    return not any(t.text in words("org_word") or _country_word(t.text) for t in tokens)


def _person_in_org(ent: Span, ents: Sequence[Span]) -> Span | None:
    """A person's name the model read as an organisation together with a country:
    "Maria Lind of Fiji" (a delegate by her country), or "Fiji's Maria Lind" coordinated with
    a person ("Tonga's leader, Sione Vake, and Fiji's Maria Lind")."""
    doc = ent.doc
    tokens = list(ent)
    for n, token in enumerate(tokens):
        if token.lower_ == "of" and n >= 2 and n + 1 < len(tokens) and _country_word(doc[token.i + 1 : ent.end].text):
            name = doc[ent.start : token.i]
            return name if name_shaped(name) else None
    if len(tokens) >= 4 and tokens[1].tag_ == "POS" and _country_word(tokens[0].text):
        name = doc[ent.start + 2 : ent.end]
        root = name.root
        if name_shaped(name) and root.dep_ == "conj" and any(
            e.start <= root.head.i < e.end and (e.label_ == "PERSON" or _looks_like_person(e)) for e in ents if e != ent
        ):
            return name
    return None


def _country_word(text: str) -> bool:
    form = countries.lookup(text)
    return form is not None and form.kind in countries.STRONG


def _looks_like_person(ent: Span) -> bool:
    """An organisation-labelled name that the parse shows to be a person."""
    if not name_shaped(ent):
        return False
    root = ent.root
    if root.dep_ == "appos" and root.head.lower_ in words("role"):
        return True
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.is_lower and before.lower_ in words("role"):
        return True  # "opposition leader María Corina Machado"
    if any(c.dep_ == "appos" and c.lower_ in words("role") for c in root.children):
        return True
    return _title_before(ent)


_PORTFOLIO_JOINERS = frozenset({"of", "for", "the", "and", "on", ",", "&"})


def _after_portfolios(sentence: int, span: Span) -> Iterable[PersonCandidate]:
    """The name that ends a title with a portfolio or a body ("Deputy Minister for Trade and
    Industry Maria Lopez", "President of the European Commission Ursula von der
    Leyen"): the words after "for"/"of" that name fields of government, bodies or countries
    belong to the title, the name words after them are the person."""
    doc = span.doc
    i = span.start
    while i < span.end:
        n = title_length(doc, i)
        j = i + n
        if not n or j >= span.end or doc[j].lower_ not in ("for", "of"):
            i += max(n, 1)
            continue
        k = j + 1
        while k < span.end and k - j <= 14 and (
            (doc[k].text[:1].isupper() and doc[k].is_alpha) or doc[k].lower_ in _PORTFOLIO_JOINERS or _joiner(doc[k])
            or doc[k].text in words("particle")
        ):
            k += 1
        run = list(doc[j + 1 : k])
        while run and not run[-1].text[:1].isupper():
            run.pop()
        # The portfolio: field words, body words, country words and joiners, from the left.
        m = 0
        while m < len(run):
            token = run[m]
            if token.lower_ in _PORTFOLIO_JOINERS or _portfolio_word(token):
                m += 1
                continue
            form = countries.lookup(token.text)
            if form is not None and not (form.kind == countries.PLACE and token.ent_type_ == "PERSON"):
                m += 1
                continue
            break
        name: list[Token] = []
        for token in run[m:]:
            if not _name_word(token):
                break
            name.append(token)
        # After a comma the name stands apart ("Minister of Trade and Tourism, Ana María León
        # Chávez"); run on from the portfolio, words of an unknown portfolio may precede it.
        apposed = m >= 1 and run[m - 1].text == ","
        if len(name) > (5 if apposed else 3):
            end = m + len(name)
            name = name[-2:]
            while end - len(name) > m and name[0].text in words("particle"):
                name.insert(0, run[end - len(name) - 1])  # "von der Leyen" with its given name
        if m >= 1 and len(name) >= 2 and name[-1].tag_ != "NNPS":
            cand = _candidate(sentence, name, "title", titled=True)
            if cand is not None:
                yield replace(cand, title_start=doc[i].idx)
        i = max(k, i + 1)


def _portfolio_word(token: Token) -> bool:
    text = token.text
    return text in words("portfolio") or text in words("org_word") or text in words("title")


def _after_titles(sentence: int, span: Span) -> Iterable[PersonCandidate]:
    """Capitalised names right after a title ("President Trump")."""
    doc = span.doc
    i = span.start
    while i < span.end:
        n = title_length(doc, i)
        if not n:
            i += 1
            continue
        j = i + n
        while j < span.end and doc[j].text in words("title"):
            j += 1  # "Deputy Prime Minister"
        k = j
        while k < span.end and k - j < 6 and (
            (doc[k].pos_ == "PROPN" and _name_word(doc[k])) or (_joiner(doc[k]) and k + 1 < span.end)
        ):
            k += 1
        if k > j and k < span.end and doc[k].text in words("suffix"):
            k += 1  # "King Abdullah II"
        if k > j and not (k < span.end and doc[k].text[:1].isupper() and doc[k].pos_ == "PROPN"):
            names = doc[j:k]
            if not any(t.text in words("org_word") for t in names) and countries.lookup(names.text) is None:
                cand = _candidate(sentence, list(names), "title", titled=True)
                if cand is not None:
                    yield cand
        i = max(k, i + 1)


def _surname_forms(surname: str) -> list[str]:
    """A surname and, for "al-Sisi" or "bin Salman"-style names, the part a text uses alone ("Sisi")."""
    forms = [surname]
    head, _, rest = surname.partition("-")
    if rest and head.lower() in words("particle"):
        forms.append(rest)
    return forms


def _place_shaped(parts: tuple[str, ...]) -> bool:
    return len(parts) == 2 and parts[0] in words("place_prefix")


@dataclass
class Person:
    """One person of a document."""

    name: str  # canonical: the fullest name the document gives
    aliases: set[str]
    titled: bool = False  # named with a title somewhere ("President Trump")


class PeopleRegistry:
    """Groups a document's person candidates into people."""

    def __init__(self, all_candidates: Sequence[PersonCandidate]):
        self.people: list[Person] = []
        self._by_candidate: dict[int, Person] = {}
        self._surnames: dict[str, list[Person]] = {}
        self._given: dict[str, list[Person]] = {}
        self._parts: dict[int, tuple[str, ...]] = {}
        # A full "name" that is a place ("San Francisco" tagged PERSON) is not a person.
        # So is a two-word name opening with a word that starts place names ("Puerto Quijarro").
        multi = [
            c for c in all_candidates
            if len(c.parts) > 1 and (c.titled or (countries.lookup(c.name) is None and not _place_shaped(c.parts)))
        ]
        # A name only ever met as the object of "in" or "near" ("in Khan Younis") is a place.
        elsewhere = {c.parts[-1] for c in multi if not c.located or c.titled}
        multi = [c for c in multi if not c.located or c.titled or c.parts[-1] in elsewhere]
        # A name-shaped organisation counts only when a person of that surname is named for sure.
        sure = {c.parts[-1] for c in multi if c.source != "shape"}
        multi = [c for c in multi if c.source != "shape" or c.parts[-1] in sure]
        # Longest names first, so shorter forms join the fullest one.
        for cand in sorted(multi, key=lambda c: (-len(c.parts), -len(c.name))):
            person = self._match_full(cand)
            if person is None:
                person = Person(cand.name, set())
                self.people.append(person)
                self._parts[id(person)] = cand.parts
                for surname in _surname_forms(cand.parts[-1]):
                    self._surnames.setdefault(surname, []).append(person)
                self._given.setdefault(cand.parts[0], []).append(person)
            person.aliases.add(cand.name)
            person.titled = person.titled or cand.titled
            self._by_candidate[id(cand)] = person
        self._last_seen: dict[int, int] = {}
        for cand in sorted(all_candidates, key=lambda c: (c.sentence, c.start)):
            if len(cand.parts) > 1:
                if id(cand) in self._by_candidate:
                    self._last_seen[id(self._by_candidate[id(cand)])] = cand.sentence
                continue
            person = self.resolve_name(cand.parts[0], cand.sentence)
            if person is None and self._lone_name_is_person(cand):
                person = self._single(cand.name, cand.parts[0])
            if person is not None:
                person.aliases.add(cand.name)
                person.titled = person.titled or cand.titled
                self._by_candidate[id(cand)] = person

    def _match_full(self, cand: PersonCandidate) -> Person | None:
        for person in self._surnames.get(cand.parts[-1], []):
            if len(self._parts[id(person)]) < 2:
                continue
            parts = self._parts[id(person)]
            if parts[0][:1] == cand.parts[0][:1] or set(cand.parts) <= set(parts):
                return person
        return None

    def _single(self, name: str, word: str) -> Person:
        """The person known by one word (and maybe a suffix: "Abdullah II")."""
        for person in self._surnames.get(word, []):
            if self._parts[id(person)] == (word,):
                return person
        person = Person(name, set())
        self.people.append(person)
        self._parts[id(person)] = (word,)
        self._surnames.setdefault(word, []).append(person)
        return person

    @staticmethod
    def _lone_name_is_person(cand: PersonCandidate) -> bool:
        if cand.after_determiner or cand.lone_noun_modifier or cand.named_place:
            return False
        form = countries.lookup(cand.name)
        return form is None or cand.titled

    def resolve_name(self, name: str, sentence: int | None = None) -> Person | None:
        """The person a single name refers to: by surname, else by given name, else by any other
        word of exactly one full name (a person known by a middle name or a nickname set in the
        full name: "Lula" of "Luiz Inácio Lula da Silva")."""
        for index in (self._surnames, self._given):
            found = [p for p in index.get(name, []) if len(self._parts[id(p)]) > 1 or self._parts[id(p)] == (name,)]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                # Two people share the name: the one mentioned last before this sentence.
                return max(found, key=lambda p: self._last_seen.get(id(p), -1))
        if name in words("particle") or len(name) < 3:
            return None
        found = [p for p in self.people if len(self._parts[id(p)]) > 2 and name in self._parts[id(p)][1:-1]]
        return found[0] if len(found) == 1 else None

    def person_of(self, cand: PersonCandidate) -> Person | None:
        return self._by_candidate.get(id(cand))

    def lone_names(self) -> dict[str, Person]:
        """Single words that name a person of this document (surnames, and lone names)."""
        out: dict[str, Person] = {}
        for person in self.people:
            for surname in _surname_forms(self._parts[id(person)][-1]):
                if len(self._surnames.get(surname, [])) == 1:
                    out[surname] = person
        # A middle name a person is known by ("Lula" of "Luiz Inácio Lula da Silva").
        for person in self.people:
            for word in self._parts[id(person)][1:-1]:
                if word not in out and word[:1].isupper() and self.resolve_name(word) is person:
                    out[word] = person
        return out

    def full_names(self) -> dict[str, Person]:
        """Every multi-word surface form of a person of this document, and the last two or more
        words of a longer name: a compound surname used alone ("León Chávez" of "Ana María
        León Chávez")."""
        out = {alias: p for p in self.people for alias in p.aliases | {p.name} if " " in alias}
        tails: dict[str, list[Person]] = {}
        for person in self.people:
            parts = self._parts[id(person)]
            for n in range(2, len(parts) - 1 + 1):
                tail = parts[-n:]
                if n < len(parts) and tail[0][:1].isupper():
                    tails.setdefault(" ".join(tail), []).append(person)
        for joined, found in tails.items():
            if len(found) == 1 and joined not in out:
                out[joined] = found[0]
        return out
