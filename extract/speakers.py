"""Speakers: who the phrase at a reporting cue names, resolved within the document.

A source phrase is one of: a name (a person or organisation the entity stage
found), a pronoun ("he" → the person last speaking or last acting as a subject;
"it" → the body last speaking), a title or role ("the Minister", "Russia's foreign
minister" → the person the document names with that role, before or after), a
country or capital speaking as a government ("Moscow"), a definite noun for an
organisation ("the ministry" → the ministry named before), a document ("his
report" → its author), a plural that refers back to several people ("the two
leaders", "they": no single speaker), or a body that is not an entity ("health
officials", "analysts"). `Discourse` keeps what resolution needs as the document
is read: the people with their roles, the organisations, and who spoke.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .records import COUNTRY, ORGANISATION, PERSON, Entity, Mention

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Nouns that name a person by office or role. General knowledge that no installed package
# lists; used to tell "the Minister said" (a person, to resolve) from "analysts said" (a body).
ROLE_NOUNS = {
    "minister", "president", "premier", "chancellor", "secretary", "spokesman", "spokeswoman", "spokesperson",
    "ambassador", "envoy", "diplomat", "adviser", "advisor", "aide", "chief", "head", "leader", "commander",
    "general", "director", "chairman", "chairwoman", "chair", "chairperson", "governor", "mayor", "lawmaker",
    "senator", "congressman", "congresswoman", "representative", "official", "officer", "king", "queen",
    "prince", "princess", "emir", "sheikh", "pope", "prosecutor", "judge", "ceo", "executive", "founder",
    "economist", "analyst", "expert", "negotiator", "man", "woman", "counterpart", "marshal", "admiral",
    "colonel", "commissioner", "ruler", "monarch", "mp", "deputy", "undersecretary", "attorney", "lawyer",
    "professor", "candidate", "politician", "manager", "owner", "emissary", "vice-president", "rapporteur",
}
# Words that make a role another one: a deputy foreign minister is not the foreign minister.
RANK_WORDS = {"deputy", "vice", "former", "acting", "ex", "assistant", "first", "junior", "state", "shadow"}
# Abbreviated titles written before names ("FM Bayramov", "Mr Gupta"); not part of a full name.
NAME_TITLES = {"fm", "pm", "mr", "mrs", "ms", "dr", "sir", "dame", "gen", "lt", "col", "sen", "rep", "gov"}

PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
THING_PRONOUNS = {"it", "its"}
GROUP_PRONOUNS = {"they", "them", "their", "we", "us", "our", "i", "me", "my", "you", "your", "both", "all"}
# Definite nouns that refer back to an organisation named before ("the ministry said").
ORG_ANAPHORS = {
    "company", "firm", "group", "organisation", "organization", "ministry", "agency", "bank", "institute",
    "council", "commission", "body", "party", "alliance", "bloc", "union", "department", "office", "court",
    "committee", "board", "regulator", "operator", "producer", "exporter", "importer", "distributor",
    "newspaper", "broadcaster", "outlet", "network", "channel", "magazine", "army", "military", "force",
}
# Of those, the ones that may stand for any organisation ("the company" for "Shell").
GENERIC_ORGANISATIONS = {"company", "firm", "group", "organisation", "organization"}
# Written sources whose author is the speaker ("his report", "a statement from the ministry").
DOCUMENT_NOUNS = {
    "report", "statement", "data", "figure", "estimate", "survey", "study", "document", "filing", "analysis",
    "release", "account", "assessment", "review", "note", "letter", "post", "remark", "comment", "interview",
    "briefing", "website", "record", "calculation", "poll", "communique", "communiqué", "readout", "notice",
}
# Plurals that refer back to the named parties of a meeting ("the leaders affirmed"), unlike
# "the officials said", which names an anonymous body.
PARTICIPANTS = {"leader", "side", "party", "country", "nation", "government", "president", "minister",
                "delegation", "counterpart", "head", "state"}


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved speaker: a name, and the entity kind it links to (None for bodies and places)."""

    name: str
    kind: str | None


# A phrase that names several people at once ("the two leaders"): no single speaker.
GROUP = Speaker("", None)


@dataclass(slots=True)
class PersonRole:
    """One mention of a person with the role words written around it ("Russian Foreign Minister")."""

    key: str
    sentence: int
    roles: frozenset[str]
    countries: frozenset[str]


@dataclass(slots=True)
class Discourse:
    """What the document has said so far about who is who and who spoke."""

    entities: Sequence[Entity]
    people: list[PersonRole] = field(default_factory=list)
    organisations: list[tuple[int, str]] = field(default_factory=list)  # (sentence, key) in order
    subjects: list[tuple[int, Speaker]] = field(default_factory=list)  # people acting as main subjects
    speakers: list[tuple[int, Speaker]] = field(default_factory=list)  # (sentence, speaker) in order
    claimed: set[str] = field(default_factory=set)  # people a role description has already taken
    _full_names: dict[str, str] = field(default_factory=dict)  # memo: the entity list is fixed
    _mentioned: dict[str, list[PersonRole]] = field(default_factory=dict)  # key → its mentions in order

    # -- reading -------------------------------------------------------------------------------

    def learn(self, index: int, span: Span, mentions: Sequence[Mention], base: int) -> None:
        """Record the people (with their role words) and organisations a sentence mentions."""
        subject = next((c for c in span.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        for m in mentions:
            if m.kind == ORGANISATION:
                self.organisations.append((index, m.key))
            if m.kind != PERSON:
                continue
            tokens = [t for t in span if m.start <= base + t.idx < m.end]
            if not tokens:
                continue
            roles, countries = _role_words(tokens, mentions, base)
            person = PersonRole(m.key, index, roles, countries)
            self.people.append(person)
            self._mentioned.setdefault(m.key, []).append(person)
            if subject is not None and subject in tokens:
                self.subjects.append((index, self.entity_speaker(PERSON, m.key)))

    def said(self, index: int, speaker: Speaker) -> None:
        if speaker.name:
            self.speakers.append((index, speaker))

    # -- resolving -----------------------------------------------------------------------------

    def resolve(self, source: Token, index: int, span: Span, mentions: Sequence[Mention], base: int,
                sentence_subject: Token | None = None) -> Speaker | None:
        """The speaker a source phrase names, GROUP for several people, None when it names nobody."""
        if source.lower_ in ("who", "which", "that") and source.head.pos_ in ("NOUN", "PROPN"):
            source = source.head
        lemma = source.lemma_.lower()
        if lemma in DOCUMENT_NOUNS and source.tag_ in ("NN", "NNS"):
            author = document_author(source)  # "his report", "a statement from the ministry"
            if author is None:
                return None
            source = author
            lemma = source.lemma_.lower()
        mention = mention_at(source, mentions, base) or named_in_phrase(source, mentions, base)
        if mention is not None and mention.kind in (PERSON, ORGANISATION):
            return self.entity_speaker(mention.kind, mention.key)
        lower = source.lower_
        if source.pos_ == "PRON" or lower in PERSON_PRONOUNS | THING_PRONOUNS | GROUP_PRONOUNS:
            if lower in PERSON_PRONOUNS:
                return self._person_pronoun(source, index, span, mentions, base)
            if lower in THING_PRONOUNS:
                return self._thing_pronoun(index, sentence_subject, mentions, base)
            return GROUP
        if mention is not None and mention.kind == COUNTRY and source.pos_ == "PROPN":
            return Speaker(_phrase_text(source, with_modifiers=False), None)  # "Moscow", "Kyiv" as governments
        if mention is None and _looks_like_a_name(source):
            return self._by_name(_phrase_text(source, with_modifiers=False))
        if source.tag_ in ("NNS", "NNPS") and _several_named(source):
            return GROUP  # "the two leaders", "both sides", "the leaders"
        definite = any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "another") for c in source.children)
        if source.tag_ in ("NN", "NNP") and lemma in ROLE_NOUNS and (definite or source.tag_ == "NNP"):
            return self._by_role(source, index, mentions, base) or Speaker(_phrase_text(source), None)
        if source.tag_ == "NN" and definite and not _has_modifiers(source):
            if lemma in ORG_ANAPHORS:
                return self._organisation_named(lemma, index) or Speaker(lemma, None)
            return None  # "the country reaffirmed": the outlet's own summary, no named source
        if source.pos_ in ("NOUN", "PROPN"):
            return Speaker(_phrase_text(source), None)  # "health officials", "analysts", "Air Force"
        return None

    def entity_speaker(self, kind: str, key: str) -> Speaker:
        """The speaker for an entity key, with the fullest name the document gives it."""
        if kind == PERSON:
            key = self._full_name(key)
        elif kind == ORGANISATION:
            key = self._expanded_acronym(key)
        return Speaker(key, kind)

    def _by_name(self, name: str) -> Speaker:
        """A name the entity stage did not mark, linked to a document entity when one has it."""
        lower = name.lower()
        for e in self.entities:
            if e.kind in (PERSON, ORGANISATION) and lower in (a.lower() for a in (e.key, e.name, *e.aliases)):
                return self.entity_speaker(e.kind, e.key)
        person = self._full_name(name)
        if person != name:
            return Speaker(person, PERSON)
        return Speaker(name, None)

    def _full_name(self, key: str) -> str:
        """ "Bayramov" or "FM Bayramov" → "Jeyhun Bayramov" when the document has that person."""
        if key in self._full_names:
            return self._full_names[key]
        words = [w.lower() for w in key.replace(",", " ").split()]
        best = key
        titles = ROLE_NOUNS | NAME_TITLES
        for e in self.entities if words else ():
            if e.kind != PERSON or e.key == key:
                continue
            other = [w.lower() for w in e.key.replace(",", " ").split()]
            if (
                words[-1] in other
                and len(other) > len(best.split())
                and not set(other) & titles
                and all(w in other or w in titles for w in words)
            ):
                best = e.key
        self._full_names[key] = best
        return best

    def _expanded_acronym(self, key: str) -> str:
        """ "ISW" → "Institute for the Study of War" when the document names an organisation so."""
        if not (2 <= len(key) <= 8 and key.isupper() and key.isalpha()):
            return key
        for e in self.entities:
            if e.kind == ORGANISATION and e.key != key and _initials(e.key) == key:
                return e.key
        return key

    def _person_pronoun(self, source: Token, index: int, span: Span, mentions: Sequence[Mention],
                        base: int) -> Speaker | None:
        # "In Putin's speech, he set out ...": a possessor named earlier in the sentence.
        for m in mentions:
            if m.kind == PERSON and m.end <= base + source.idx:
                tokens = [t for t in span if m.start <= base + t.idx < m.end]
                if any(t.dep_ == "poss" for t in tokens):
                    return self.entity_speaker(PERSON, m.key)
        # Otherwise the person most recently speaking or acting as a main subject ("He added").
        spoke = next(((i, s) for i, s in reversed(self.speakers) if i < index and s.kind == PERSON), None)
        acted = next(((i, s) for i, s in reversed(self.subjects) if i < index), None)
        if spoke and acted:
            return acted[1] if acted[0] > spoke[0] else spoke[1]
        if spoke or acted:
            return (spoke or acted)[1]
        before = [p for p in self.people if p.sentence < index]
        return self.entity_speaker(PERSON, before[-1].key) if before else None

    def _thing_pronoun(self, index: int, subject: Token | None, mentions: Sequence[Mention],
                       base: int) -> Speaker | None:
        if subject is not None:  # "GAIL has contracted ..., according to its annual report"
            m = mention_at(subject, mentions, base)
            if m is not None and m.kind in (ORGANISATION, PERSON):  # the tagger takes some firms for people
                return self.entity_speaker(m.kind, m.key)
        for i, speaker in reversed(self.speakers):
            if i <= index and speaker.kind != PERSON:
                return speaker
        return None

    def _organisation_named(self, noun: str, index: int) -> Speaker | None:
        """ "the ministry" → the last organisation named with that word; "the company" → the last one speaking."""
        for i, key in reversed(self.organisations):
            if i <= index and noun in key.lower():
                return self.entity_speaker(ORGANISATION, key)
        if noun in GENERIC_ORGANISATIONS:
            for i, speaker in reversed(self.speakers):
                if i < index and speaker.kind == ORGANISATION:
                    return speaker
        return None

    def _by_role(self, source: Token, index: int, mentions: Sequence[Mention], base: int) -> Speaker | None:
        """The person a role description names: last speaker or mention with the role, else the next one."""
        head = source.lemma_.lower()
        modifiers = {
            t.lemma_.lower()
            for t in source.lefts
            if t.dep_ in ("compound", "amod", "nmod") and not mention_at(t, mentions, base)
        }
        countries = {
            m.key
            for t in source.subtree
            if t.i < source.i and (m := mention_at(t, mentions, base)) and m.kind == COUNTRY
        }

        def fits(person: PersonRole) -> bool:
            if head not in person.roles or not modifiers <= person.roles:
                return False
            if (person.roles & RANK_WORDS) - modifiers:
                return False
            return not (countries and person.countries and not countries & person.countries)

        fitting = {self._full_name(p.key) for p in self.people if fits(p)}
        for i, speaker in reversed(self.speakers):
            if i < index and speaker.kind == PERSON and speaker.name in fitting:
                return speaker
        for person in reversed(self.people):
            if person.sentence < index and fits(person):
                return self.entity_speaker(PERSON, person.key)
        # Looking forward is for descriptions that say whose they are ("Russia's foreign minister",
        # "Russian foreign minister"); "the minister" refers back to someone already named.
        if not countries and not any(c.dep_ == "poss" and c.pos_ != "PRON" for c in source.children):
            return None
        for person in self.people:
            if person.sentence > index and fits(person):
                self.claimed.add(self._full_name(person.key))
                return self.entity_speaker(PERSON, person.key)
        # "Russia's point man for relations with the US said ...": a news lead describes the
        # speaker and introduces them by title later ("Deputy Foreign Minister Sergei Ryabkov");
        # take the next person the document introduces with a title, if no other description took them.
        seen = {self._full_name(p.key) for p in self.people if p.sentence <= index}
        for person in self.people:
            name = self._full_name(person.key)
            if person.sentence <= index or name in seen:
                continue
            seen.add(name)  # only a person's first mention introduces them
            if name in self.claimed or not person.roles & ROLE_NOUNS:
                continue
            if countries and person.countries and not countries & person.countries:
                continue
            return self.entity_speaker(PERSON, person.key)
        return None


def document_author(noun: Token) -> Token | None:
    """The author of a written source: "his report" → his, "a statement from the ministry" → ministry,
    "the report, published by Amnesty" → Amnesty."""
    author = next((c for c in noun.children if c.dep_ == "poss"), None)
    for child in noun.children:
        if author is not None:
            break
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            author = next((c for c in child.children if c.dep_ == "pobj"), None)
        elif child.dep_ == "acl":  # "the report, published by Amnesty International"
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            if agent is not None:
                author = next((c for c in agent.children if c.dep_ == "pobj"), None)
    return author


def mention_at(token: Token, mentions: Sequence[Mention], base: int) -> Mention | None:
    """The mention covering a token; `base` is the document offset of the token's parsed text."""
    offset = base + token.idx
    for m in mentions:
        if m.start <= offset < m.end:
            return m
    return None


def named_in_phrase(source: Token, mentions: Sequence[Mention], base: int) -> Mention | None:
    """A person or organisation named in the source phrase, in apposition, or after a title's "of"."""
    tokens = [t for t in source.lefts if t.dep_ in ("compound", "flat", "nmod", "amod")]
    for t in list(tokens):
        tokens.extend(t.subtree)
    candidates: list[Mention] = []
    for t in tokens:
        m = mention_at(t, mentions, base)
        if m is not None and m.kind in (PERSON, ORGANISATION) and m not in candidates:
            candidates.append(m)
    role = source.lemma_.lower() in ROLE_NOUNS
    for child in source.children:
        if child.dep_ == "appos" or (child.dep_ == "prep" and child.lower_ == "of" and role):
            for t in child.subtree:
                m = mention_at(t, mentions, base)
                # A name in apposition to a role is that person's, whatever the tagger made of it.
                if m is not None and (m.kind == PERSON or (role and m.kind == ORGANISATION)) and m not in candidates:
                    candidates.insert(0 if role else len(candidates), m)
    people = [m for m in candidates if m.kind == PERSON]
    return (people or candidates or [None])[0]


def _role_words(tokens: list[Token], mentions: Sequence[Mention], base: int) -> tuple[frozenset[str], frozenset[str]]:
    """Role words and countries written with a person's name: before it, in apposition, or "X of"."""
    first, doc = tokens[0], tokens[0].doc
    root = next((t for t in tokens if not (first.i <= t.head.i <= tokens[-1].i) or t.head.i == t.i), tokens[-1])
    modifiers: list[Token] = []
    # Titles before the name: "Russian Foreign Minister Sergei Lavrov", "chairman Sandeep Kumar Gupta".
    i = first.i - 1
    while i >= first.sent.start and doc[i].tag_ in ("NNP", "NN", "JJ", "NNPS", "NNS"):
        modifiers.append(doc[i])
        i -= 1
    if modifiers and i > first.sent.start and doc[i].tag_ == "POS":
        modifiers.append(doc[i - 1])  # "Germany's Chancellor Olaf Scholz": the possessor gives the country
    # In apposition: "Ryabkov, a career diplomat", "His commander in chief, Oleksandr Syrskii".
    for child in root.children:
        if child.dep_ == "appos":
            modifiers.extend(
                t for t in child.subtree if t.dep_ in ("compound", "amod", "appos", "conj") or t.i == child.i
            )
    if root.dep_ == "appos":
        modifiers.extend(t for t in root.head.lefts if t.dep_ in ("compound", "amod"))
        modifiers.append(root.head)
    # "Foreign Minister of Azerbaijani Jeyhun Bayramov": the title parsed as a modifier of the name.
    for child in root.lefts:
        if child.dep_ in ("nmod", "compound") and child.lemma_.lower() in ROLE_NOUNS:
            modifiers.extend(t for t in child.subtree if t.dep_ != "prep" and not t.is_punct)
    words: set[str] = set()
    countries: set[str] = set()
    for t in modifiers:
        m = mention_at(t, mentions, base)
        if m is not None and m.kind == COUNTRY:
            countries.add(m.key)
        if t.tag_ in ("NNP", "NN", "JJ", "NNS", "NNPS"):
            words.update((t.lemma_.lower(), t.lower_))
    return frozenset(words), frozenset(countries)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[0].isupper() and w.lower() != "the")


def _several_named(plural: Token) -> bool:
    """ "the two leaders", "both sides", "the leaders": several people named before, no single speaker."""
    for child in plural.children:
        if child.dep_ == "nummod" or child.lower_ in ("both", "all"):
            return True
        if child.dep_ in ("det", "poss") and child.lower_ in ("the", "these", "those", "their"):
            return plural.lemma_.lower() in PARTICIPANTS
    return False


def _looks_like_a_name(token: Token) -> bool:
    """A capitalised word the tagger may have missed as a name ("Trump," tagged as an adjective)."""
    if not token.text[:1].isupper() or token.lemma_.lower() in ROLE_NOUNS:
        return False
    return token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "ORG") or (
        token.i == token.sent.start and token.tag_ in ("JJ", "NN", "NNS")
    )


def _has_modifiers(token: Token) -> bool:
    return any(c.dep_ in ("amod", "compound", "nmod", "prep") for c in token.children)


def _phrase_text(token: Token, with_modifiers: bool = True) -> str:
    """A noun phrase's head with its adjectives and compounds, without determiners or possessors."""
    keep = [token]
    for child in token.lefts:
        if with_modifiers and child.dep_ in ("amod", "compound", "nmod", "flat"):
            keep.extend(t for t in child.subtree if t.dep_ not in ("det", "poss", "case") and not t.is_punct)
        elif child.dep_ in ("compound", "flat"):
            keep.append(child)
    keep.sort(key=lambda t: t.i)
    # Only the run of words that ends at the head, so that a stray modifier further left stays out.
    run = [keep[-1]]
    for t in reversed(keep[:-1]):
        if t.i == run[0].i - 1 or (t.i == run[0].i - 2 and token.doc[t.i + 1].text in "-‐"):
            run.insert(0, t)
        else:
            break
    return token.doc.text[run[0].idx : run[-1].idx + len(run[-1].text)]
