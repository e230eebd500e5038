"""Speakers: who the phrase at a reporting cue names, resolved within the document.

A source phrase is one of: a name (a person or organisation the entity stage
found), a pronoun ("he" → the person last speaking or last acting as a subject,
passing over people the text shows to be of the other gender; "it" → the body last
speaking; "they" → a body of several people that just spoke), a title or role ("the
Minister", "Russia's foreign minister" → the person whose own title it is, before or
after; "the Prime Minister" → preferably the one whose title names no country), a
country or capital speaking as a government ("Moscow", "Japan's government"), a
definite noun for an organisation ("the ministry", "the agency" → the organisation
named or described with that noun before, "the bloc" → the one the text names most),
a document ("his report", "ECOWAS figures", "the report" → its author, named with it
earlier), a plural that refers back to several people ("the two leaders": no single
speaker), a body that is not an entity ("health officials", "analysts"), or a leader
described by nationality ("the Ugandan leader" → the person
introduced with that country and a leading office, or as a leader's counterpart).
A source that is described rather than named is kept as written, cut before an apposition
or a relative clause: a share of a group ("most of the nurses", "six in 10"), people
described by a name ("Labour voters": not Labour), someone's body or document ("Anna Berg's campaign"), a document whose
author the document does not know ("a June poll") or none at all ("a news report"). A family
name written first in capitals ("KAMIKAWA Yoko") is found from the family name alone.
`Discourse` keeps what resolution needs as the document is read: the people with
their titles and gender, the organisations with the nouns used for them, the written
sources with their authors, and who spoke.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extract.lexicon import words
from extract.phrases import text_of
from extract.records import COUNTRY, ORGANISATION, PERSON, Entity, Mention
from extract.rules import Rule, RuleTable, note

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Verbs that issue a document ("issued a statement"): the document is their subject's.
ISSUING = words("issuing", "reporting_verbs.tsv")
# Nouns that name a person by office or role (the lexicon's one list): "the Minister said" names
# a person to resolve, "analysts said" a body.
ROLE_NOUNS = words("role")
# People who speak for a body: "a spokeswoman for the ministry said" is the ministry's word.
SPOKESPEOPLE = {"spokesman", "spokeswoman", "spokesperson", "representative", "official"}
_SPEAKER_WORDS = "speaker_words.tsv"
# Definite nouns for a place or a gathering, the subject of an outlet's own summary ("The country
# reaffirmed ..."): no source. Any other definite noun names a source as written.
SUMMARY_NOUNS = words("summary_noun", _SPEAKER_WORDS)
# Words taking a share of a group: "most of the voters", "six in 10" name a source as written.
QUANTIFIERS = words("quantifier", _SPEAKER_WORDS)
# Plurals for people who speak for the body named with them ("FBI officials"), unlike a group
# described by a name ("Labour voters", "Trump supporters").
SPEAKING_FOR = words("speaking_for", _SPEAKER_WORDS)
# Prepositions whose phrase stays with a noun written as a source ("a spokesman for the campaign",
# "members of the council", "nine in 10 voters").
_PHRASE_PREPOSITIONS = {"of", "for", "at", "from", "in", "with", "on", "by"}
# Words that make a role another one: a deputy foreign minister is not the foreign minister.
RANK_WORDS = {"deputy", "vice", "former", "acting", "ex", "assistant", "first", "junior", "state", "shadow"}
# Abbreviated titles written before names ("FM Berg", "Mr Haddad"); not part of a full name.
NAME_TITLES = {"fm", "pm", "mr", "mrs", "ms", "dr", "sir", "dame", "gen", "lt", "col", "sen", "rep", "gov", "prof",
               "hon", "shri", "smt"}
# Nouns for the person who leads a country: "the Ugandan leader", "the Kenyan head of state" name
# whoever the text introduced with that country and a leading office (or as a leader's counterpart).
LEADER_NOUNS = {"leader", "president", "premier", "head", "ruler", "strongman"}
TOP_OFFICES = {"president", "prime", "premier", "chancellor", "king", "queen", "emir", "sultan", "monarch",
               "leader", "ruler"}
# Words of a title's "of"/"for" phrase that say nothing of the office ("Minister of Foreign Affairs"
# is the foreign minister).
FILLER = {"affairs", "affair", "the", "and", "of", "for"}
# Words written with a name that tell a person's gender: honorifics and gendered nouns. English
# usage that no installed package lists; pronouns in the text add to it (`Discourse.learn`).
MALE_WORDS = {"mr", "sir", "lord", "king", "prince", "emir", "sultan", "spokesman", "businessman", "congressman",
              "father", "son", "brother", "husband", "uncle", "grandfather", "duke", "baron", "count"}
FEMALE_WORDS = {"mrs", "ms", "miss", "madam", "madame", "dame", "lady", "queen", "princess", "sheikha",
                "spokeswoman", "businesswoman", "congresswoman", "chairwoman", "mother", "daughter", "sister",
                "wife", "aunt", "grandmother", "duchess", "baroness", "countess"}
MALE_PRONOUNS = {"he", "him", "his", "himself"}
# How many of the latest people in view a pronoun may reach past the nearest to one of its gender.
RECENT_PEOPLE = 3
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
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
# Of those, the ones a news text uses for the body it is about ("the bloc" for ECOWAS, "the agency"
# for a UN agency) when no name it gave has the word: the organisation named most so far.
SALIENT_ORGANISATIONS = {"bloc", "alliance", "union", "organisation", "organization", "body", "agency", "group",
                         "grouping", "coalition", "community", "institution"}
# Nouns for a government as a whole: "Japan's government said" speaks for Japan, "the government said"
# for a government the text may not name.
GOVERNMENT_NOUNS = {"government", "administration", "cabinet", "authority", "junta", "regime", "presidency"}
# Written sources whose author is the speaker ("his report", "a statement from the ministry").
DOCUMENT_NOUNS = {
    "report", "statement", "data", "figure", "estimate", "survey", "study", "document", "filing", "analysis",
    "release", "account", "assessment", "review", "note", "letter", "post", "remark", "comment", "interview",
    "briefing", "website", "record", "calculation", "poll", "communique", "communiqué", "readout", "notice",
}
# Authors a later "the report" is not resolved to: another document ("the report's annex"), or the
# group a quoted speaker belongs to ("our report" in a quotation is the group's, not the speaker's).
_NO_AUTHOR = DOCUMENT_NOUNS | {"we", "our", "us", "ours"}
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
    domain: frozenset[str] = frozenset()  # words of the title's "of"/"for" phrase ("foreign", "affairs")


@dataclass(slots=True)
class _Document:
    """A written source named with its author ("the agency's annual report"), for "the report said" later."""

    sentence: int
    lemma: str
    author: Token
    span: Span
    mentions: Sequence[Mention]
    base: int


@dataclass(slots=True)
class Discourse:
    """What the document has said so far about who is who and who spoke."""

    entities: Sequence[Entity]
    people: list[PersonRole] = field(default_factory=list)
    organisations: list[tuple[int, str]] = field(default_factory=list)  # (sentence, key) in order
    subjects: list[tuple[int, Speaker]] = field(default_factory=list)  # people acting as main subjects
    speakers: list[tuple[int, Speaker]] = field(default_factory=list)  # (sentence, speaker) in order
    claimed: set[str] = field(default_factory=set)  # people a role description has already taken
    genders: dict[str, set[str]] = field(default_factory=dict)  # full name → {"m"} / {"f"} (both: unknown)
    descriptors: dict[str, set[str]] = field(default_factory=dict)  # organisation key → nouns used for it
    documents: list[_Document] = field(default_factory=list)
    plural_bodies: set[str] = field(default_factory=set)  # speakers named by a plural ("officials"), for "they"
    described_people: set[str] = field(default_factory=set)  # one person named by office only ("the Minister")
    _full_names: dict[str, str] = field(default_factory=dict)  # memo: the entity list is fixed
    _mentioned: dict[str, list[PersonRole]] = field(default_factory=dict)  # key → its mentions in order

    # -- reading -------------------------------------------------------------------------------

    def learn(self, index: int, span: Span, mentions: Sequence[Mention], base: int,
              quoted: Callable[[Token], bool] | None = None) -> None:
        """Record the people (with their role words and gender), organisations (with the nouns used
        for them) and written sources with their authors that a sentence mentions."""
        subject = next((c for c in span.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        people_here: dict[str, list[Token]] = {}
        for m in mentions:
            tokens = [t for t in span if m.start <= base + t.idx < m.end]
            if m.kind == ORGANISATION:
                self.organisations.append((index, m.key))
                if tokens:
                    self._learn_descriptor(m.key, tokens, mentions, base)
            if m.kind != PERSON or not tokens:
                continue
            roles, domain, countries = _role_words(tokens, mentions, base)
            person = PersonRole(m.key, index, roles, countries, domain)
            self.people.append(person)
            self._mentioned.setdefault(m.key, []).append(person)
            people_here.setdefault(self._full_name(m.key), []).extend(tokens)
            self._note_gender(self._full_name(m.key), _gender_of_words(roles))
            if subject is not None and subject in tokens and (quoted is None or not quoted(subject)):
                # A subject inside a quotation is the quoted speaker's topic, never a speaker of its own.
                self.subjects.append((index, self.entity_speaker(PERSON, m.key)))
        if len(people_here) == 1:
            # "President Mahama, attending his first summit, said": the only person, as a subject,
            # and pronouns of one gender that refer to a subject of theirs.
            name, tokens = next(iter(people_here.items()))
            if any(t.dep_ in ("nsubj", "nsubjpass") or t.head.dep_ in ("nsubj", "nsubjpass") for t in tokens):
                self._note_gender(name, _pronoun_gender(span, tokens, quoted))
        for token in span:
            if token.lemma_.lower() in DOCUMENT_NOUNS and token.tag_ in ("NN", "NNS"):
                author = document_author(token)
                if author is not None and author.dep_ == "compound":
                    place = mention_at(author, mentions, base)
                    if place is not None and place.kind == COUNTRY:
                        author = None  # "the Honiara communique": where it was issued, not who issued it
                if author is None and token.dep_ == "dobj" and token.head.lemma_.lower() in ISSUING:
                    # "The museum issued a statement": the document is the issuer's
                    author = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
                if author is None and token.dep_ == "pobj" and token.head.lower_ in ("in", "through", "with"):
                    # "The ministry said in a statement", "Leaders ended the summit with a communique":
                    # the document is the subject's
                    author = next((c for c in token.head.head.children if c.dep_ == "nsubj"), None)
                if author is not None:
                    self.documents.append(_Document(index, token.lemma_.lower(), author, span, mentions, base))

    def note_speaker_gender(self, speaker: Speaker, source: Token | None, span: Span, mentions: Sequence[Mention],
                            base: int, quoted: Callable[[Token], bool] | None = None) -> None:
        """ "Paraguay's foreign minister said the deal would turn his country ...": the speaker's own
        pronouns tell their gender when nobody else is named in the sentence."""
        if speaker.kind != PERSON or source is None or source.lower_ in PERSON_PRONOUNS:
            return  # a pronoun speaker's gender is what was guessed, not what the text says
        if any(m.kind == PERSON and self._full_name(m.key) != speaker.name for m in mentions):
            return
        tokens = [source, *(t for m in mentions if m.kind == PERSON for t in span if m.start <= base + t.idx < m.end)]
        self._note_gender(speaker.name, _pronoun_gender(span, tokens, quoted))

    def _note_gender(self, name: str, gender: str | None) -> None:
        if gender is not None:
            self.genders.setdefault(name, set()).add(gender)

    def gender(self, name: str) -> str | None:
        """ "m" or "f" when the document tells it, and tells only one."""
        found = self.genders.get(name, set())
        return next(iter(found)) if len(found) == 1 else None

    def _learn_descriptor(self, key: str, tokens: list[Token], mentions: Sequence[Mention], base: int) -> None:
        """The common noun a text uses for an organisation: "the UN refugee agency (UNHCR)", "ECOWAS,
        the regional bloc,": "agency" and "bloc" later refer to it."""
        first, last = tokens[0], tokens[-1]
        doc = first.doc
        head: Token | None = None
        if first.i >= 2 and doc[first.i - 1].text in "([" and doc[first.i - 2].pos_ == "NOUN":
            head = doc[first.i - 2]  # "the UN refugee agency (UNHCR)"
        else:
            root = next((t for t in tokens if not (first.i <= t.head.i <= last.i) or t.head.i == t.i), last)
            if root.dep_ == "appos" and root.head.pos_ == "NOUN":
                head = root.head  # "the agency, UNHCR,"
            else:
                head = next((c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"), None)
        if head is None or head.tag_ not in ("NN", "NNS") or mention_at(head, mentions, base) is not None:
            return
        self.descriptors.setdefault(key, set()).add(head.lemma_.lower())

    def acted(self, index: int, subject: Token, span: Span, mentions: Sequence[Mention], base: int) -> None:
        """ "The Trade Minister also called on ... He said ...": a title as the main subject
        of a sentence with no speaker makes that person the one a later pronoun may refer to."""
        if subject.tag_ not in ("NN", "NNP") or subject.lemma_.lower() not in ROLE_NOUNS:
            return
        if mention_at(subject, mentions, base) is not None:
            return  # a named person was recorded as a subject when the sentence was read
        if not any(c.dep_ in ("det", "poss") for c in subject.children):
            return
        person = self._by_role(subject, index, mentions, base)
        if person is not None and person.kind == PERSON:
            self.subjects.append((index, person))

    def said(self, index: int, speaker: Speaker) -> None:
        if speaker.name:
            self.speakers.append((index, speaker))

    # -- resolving -----------------------------------------------------------------------------

    def resolve(self, source: Token, index: int, span: Span, mentions: Sequence[Mention], base: int,
                sentence_subject: Token | None = None) -> Speaker | None:
        """The speaker a source phrase names, GROUP for several people, None when it names nobody."""
        return self.resolve_named(source, index, span, mentions, base, sentence_subject)[0]

    def resolve_named(self, source: Token, index: int, span: Span, mentions: Sequence[Mention], base: int,
                      sentence_subject: Token | None = None) -> tuple[Speaker | None, str | None]:
        """`resolve`, with the qualified name of the rule of `SPEAKER_RULES` that decided."""
        found = SPEAKER_RULES.first(self, _Ask(source, index, span, mentions, base, sentence_subject))
        if found is None:
            return None, None
        name, speaker = found
        if _trace is not None:
            _trace.append(name)
        return (None if speaker is NOBODY else speaker), name

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
        if " " not in lower and not name.isupper():
            # "Kamikawa" after "KAMIKAWA Yoko": a family name written first in capitals, whatever kind
            # the entity stage gave the full name ("NATO" is an acronym, never such a family name).
            family = [e for e in self.entities if e.kind in (PERSON, ORGANISATION)
                      and _capital_family_name(e.key) == lower and not set(e.key.split()[1:]) & words("org_word")]
            if len(family) == 1:
                return Speaker(family[0].key, PERSON)
        person = self._full_name(name)
        if person != name:
            return Speaker(person, PERSON)
        return Speaker(name, None)

    def _full_name(self, key: str) -> str:
        """ "Berg" or "FM Berg" → "Anna Berg" when the document has that person."""
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
                # A name extends to the left ("Berg" → "Anna Berg"); one that runs on past the
                # surname is a headline's words glued to it ("Anna Berg Meets Farmers"), not a fuller name.
                _surname(other) == words[-1]
                and len(other) > len(best.split())
                and not set(other) & titles
                and all(w in other or w in titles for w in words)
            ):
                best = e.key
        if best == key and len(words) == 1:
            # "Kamikawa" → "KAMIKAWA Yoko": the family name of a name written family name first
            family = [e.key for e in self.entities if e.kind == PERSON and _capital_family_name(e.key) == words[0]]
            best = family[0] if len(family) == 1 else best
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
        """The person a pronoun refers to: the one most recently speaking or acting as a main subject
        ("He added"), passing over people whom the document gives the other gender."""
        gender = "m" if source.lower_ in MALE_PRONOUNS else "f"
        candidates: list[Speaker] = []
        # People named earlier in the sentence: a possessor ("In Putin's speech, he set out ..."), then
        # the subject of an earlier clause, the nearest first ("After Anna Berg announced her bid, she
        # said ..."), before anyone of the sentences before.
        possessors: list[Speaker] = []
        subjects: list[Speaker] = []
        for m in mentions:
            if m.kind == PERSON and m.end <= base + source.idx:
                deps = {(t.dep_, t.head.i) for t in span if m.start <= base + t.idx < m.end}
                if any(dep == "poss" for dep, _ in deps):
                    possessors.append(self.entity_speaker(PERSON, m.key))
                if any(dep in ("nsubj", "nsubjpass") and head != source.head.i for dep, head in deps):
                    subjects.insert(0, self.entity_speaker(PERSON, m.key))
        candidates += possessors + subjects
        # Speakers and subjects, latest first; a speaker before a subject of the same sentence.
        recent = [(i, 0, s) for i, s in self.speakers
                  if i < index and (s.kind == PERSON or (s.kind is None and s.name in self.described_people))]
        recent += [(i, 1, s) for i, s in self.subjects if i < index]
        recent.sort(key=lambda item: (-item[0], item[1]))
        candidates += [s for _, _, s in recent]
        candidates += [self.entity_speaker(PERSON, p.key) for p in reversed(self.people) if p.sentence < index]
        distinct = list(dict.fromkeys(candidates))
        # Never someone the text gives the other gender. Names the text leaves unmarked are mostly
        # men's in news and official prose, so "he" takes the nearest person not shown to be a woman,
        # while "she" first looks among the last few people for one the text shows to be a woman
        # ("Ms Ruiz", "her office").
        if gender == "f":
            matching = next((c for c in distinct[:RECENT_PEOPLE] if self.gender(c.name) == gender), None)
            if matching is not None:
                return matching
        return next((c for c in distinct if self.gender(c.name) in (None, gender)), None)

    def _thing_pronoun(self, index: int, subject: Token | None, mentions: Sequence[Mention],
                       base: int) -> Speaker | None:
        if subject is not None:  # "Nordgas has signed ..., according to its annual report"
            m = mention_at(subject, mentions, base)
            if m is not None and m.kind in (ORGANISATION, PERSON):  # the tagger takes some firms for people
                return self.entity_speaker(m.kind, m.key)
        for i, speaker in reversed(self.speakers):
            if i <= index and speaker.kind != PERSON:
                return speaker
        return None

    def _organisation_named(self, noun: str, index: int) -> Speaker | None:
        """ "the ministry" → the last organisation named with that word or described with it ("the UN
        refugee agency (UNHCR)"); "the company" → the last one speaking; "the bloc" → the one named most."""
        for i, key in reversed(self.organisations):
            if i <= index and (noun in key.lower().split() or noun in self.descriptors.get(key, ())):
                return self.entity_speaker(ORGANISATION, key)
        for i, key in reversed(self.organisations):
            if i <= index and noun in key.lower():
                return self.entity_speaker(ORGANISATION, key)
        if noun in GENERIC_ORGANISATIONS:
            for i, speaker in reversed(self.speakers):
                if i < index and speaker.kind == ORGANISATION:
                    return speaker
        if noun in SALIENT_ORGANISATIONS:
            counts = Counter(self.entity_speaker(ORGANISATION, key).name for i, key in self.organisations if i <= index)
            if counts:
                last = {self.entity_speaker(ORGANISATION, key).name: i for i, key in self.organisations if i <= index}
                name = max(counts, key=lambda n: (counts[n], last[n]))
                return Speaker(name, ORGANISATION)
        return None

    def _document_named(self, noun: Token, index: int) -> Speaker | None:
        """ "The report found": the author of the report the document named before ("the agency's
        annual report"), else the body that last spoke; "a report" names nobody."""
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in noun.children):
            return None
        lemma = noun.lemma_.lower()
        for d in reversed(self.documents):
            if d.sentence <= index and d.lemma == lemma and d.author.lemma_.lower() not in _NO_AUTHOR:
                found = self.resolve(d.author, d.sentence, d.span, d.mentions, d.base)
                if found is not None and found is not GROUP and (found.kind is not None or d.author.pos_ != "PRON"):
                    return found  # "its report" resolved to a description ("the former aide") names nobody
        for i, speaker in reversed(self.speakers):
            # a body, not a person described without a name ("the former aide")
            if i < index and speaker.kind == ORGANISATION and speaker.name not in self.plural_bodies:
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
        domain_tokens = _domain_tokens(source)
        domain = {t.lemma_.lower() for t in domain_tokens if not mention_at(t, mentions, base)}
        wanted = (modifiers | domain) - FILLER
        countries = {
            m.key
            for t in [*(t for t in source.subtree if t.i < source.i), *domain_tokens]
            if (m := mention_at(t, mentions, base)) and m.kind == COUNTRY
        }

        def fits(person: PersonRole) -> bool:
            if head not in person.roles or not wanted <= person.roles | person.domain:
                return False
            if (person.roles & RANK_WORDS) - modifiers:
                return False
            return not (countries and person.countries and not countries & person.countries)

        fitting = {self._full_name(p.key) for p in self.people if fits(p)}
        if not countries and head not in SPOKESPEOPLE:
            # "The Prime Minister" in a text that also names "the Albanian Prime Minister": the one whose
            # own title names no country is the document's principal, when there is one. A spokesperson
            # is no principal: "the spokesperson" is the one who spoke last.
            plain = {self._full_name(p.key) for p in self.people if p.sentence < index and fits(p) and not p.countries}
            fitting = plain or fitting
        for i, speaker in reversed(self.speakers):
            if i < index and speaker.kind == PERSON and speaker.name in fitting:
                return speaker
        for person in reversed(self.people):
            if person.sentence < index and fits(person) and self._full_name(person.key) in fitting:
                return self.entity_speaker(PERSON, person.key)
        if countries and head in LEADER_NOUNS:
            # "the Ugandan leader": the person introduced with that country and a leading office,
            # else as the counterpart of a leader ("his Ugandan counterpart, Sam Okello").
            for offices in (TOP_OFFICES, {"counterpart"}):
                for person in reversed(self.people):
                    if person.sentence < index and person.countries & countries and person.roles & offices:
                        return self.entity_speaker(PERSON, person.key)
        # Looking forward is for descriptions that say whose they are ("Russia's foreign minister",
        # "Russian foreign minister"); "the minister" refers back to someone already named.
        if not countries and not any(c.dep_ == "poss" and c.pos_ != "PRON" for c in source.children):
            return None
        for person in self.people:
            if person.sentence > index and fits(person):
                self.claimed.add(self._full_name(person.key))
                return self.entity_speaker(PERSON, person.key)
        # "Tavra's point man for the ferry talks said ...": a news lead describes the speaker and
        # introduces them by title later ("Deputy Transport Minister Omar Haddad");
        # take the next person the document introduces with a title, if no other description took them.
        owner = next((c for c in source.children if c.dep_ == "poss"), None)
        owned_by = mention_at(owner, mentions, base) if owner is not None else None
        if owner is not None and (
                (owned_by is not None and owned_by.kind == PERSON) or owner.lemma_.lower() in ROLE_NOUNS):
            return None  # "Cameron's spokesman", "the minister's adviser": someone working for a person
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
    if author is None:
        # "UNHCR estimates", "ECOWAS figures": a name written before the noun is its author.
        author = next((c for c in noun.lefts if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"), None)
    for child in noun.children:
        if author is not None:
            break
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            author = next((c for c in child.children if c.dep_ == "pobj"), None)
            if child.lower_ == "of" and author is not None and author.pos_ != "PROPN":
                author = None  # "a report of the Commission" names its author; "a statement of concern", its tone
        elif child.dep_ == "acl":  # "the report, published by Amnesty International"
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            if agent is not None:
                author = next((c for c in agent.children if c.dep_ == "pobj"), None)
    return author


_CLOSING = {"”", "’", '"', "'", "''", "»"}


def ends_quotation(span: Span, source: Token, start: int, end: int) -> bool:
    """ "…, like the crises of the 1920s,” Doe said.": an attribution right after a closing quotation
    mark speaks for the quotation, however the parse hangs the verb inside the quoted words (as a
    clause of a relative clause there). `start`, `end`: the cue's character span. Noted as the rule
    that decided when its rule is on."""
    if not SPEAKER_RULES.is_on(_ENDS_QUOTATION):
        return False
    doc = span.doc
    verb = next((t for t in span if start <= t.idx < end and t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return False
    first = min(source.left_edge.i, verb.i)
    last = max(source.right_edge.i, verb.i)
    before = first - 1
    while before >= span.start and doc[before].text == ",":
        before -= 1
    after = last + 1
    closes = before >= span.start and doc[before].text in _CLOSING
    ends = after >= span.end or doc[after].is_punct and doc[after].text in ".!;"
    if not (closes and ends):
        return False
    note(SPEAKER_RULES.stage + "." + _ENDS_QUOTATION)
    if _trace is not None:
        _trace.append(SPEAKER_RULES.stage + "." + _ENDS_QUOTATION)
    return True


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
                # A name in apposition to a role is that person's, whatever the tagger made of it;
                # a name in apposition to "the agency" is the agency's ("the UN refugee agency (UNHCR)").
                if m is None or m in candidates:
                    continue
                if m.kind == PERSON or (role and m.kind == ORGANISATION):
                    candidates.insert(0 if role else len(candidates), m)
                elif m.kind == ORGANISATION and child.dep_ == "appos":
                    candidates.insert(0, m)
        elif child.dep_ == "prep" and child.lower_ == "for" and source.lemma_.lower() in SPOKESPEOPLE:
            # "a spokesman for the ministry said": the body speaks through its spokesman
            found = next((m for t in child.subtree if (m := mention_at(t, mentions, base)) is not None
                          and m.kind == ORGANISATION), None)
            if found is not None and found not in candidates:
                candidates.append(found)
        elif child.dep_ == "prep" and role:
            # "Undersecretary for International Economic Relations Claudia Sanhueza said": a long title
            # ending in the holder's name (not "the adviser to Putin", not "the envoy of President Trump").
            held = _name_ending_title(child, mentions, base)
            if held is not None and held not in candidates:
                candidates.insert(0, held)
    people = [m for m in candidates if m.kind == PERSON]
    chosen = people or candidates
    return chosen[0] if chosen else None


def _name_ending_title(prep: Token, mentions: Sequence[Mention], base: int) -> Mention | None:
    """The person whose name ends a title's prepositional phrase, right after a capitalised title word."""
    last = max(prep.subtree, key=lambda t: t.i)
    m = mention_at(last, mentions, base)
    if m is None or m.kind != PERSON:
        return None
    doc = last.doc
    first = next(t for t in prep.subtree if m.start <= base + t.idx)
    before = doc[first.i - 1] if first.i > 0 else None
    if before is None or before.i <= prep.i or not before.text[:1].isupper() or before.pos_ not in ("PROPN", "NOUN"):
        return None
    if before.lemma_.lower() in ROLE_NOUNS or before.lower_ in NAME_TITLES:
        return None  # "the envoy of President Trump": the name has a title of its own
    return m


TITLE_TAGS = ("NNP", "NN", "JJ", "NNPS", "NNS")


def _role_words(
    tokens: list[Token], mentions: Sequence[Mention], base: int
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Role words, domain words and countries written with a person's name: the title before it
    ("Norwegian Trade Minister Anna Berg", "Minister of Foreign Affairs Lena Moritz", "Chile's
    Minister of Foreign Affairs, Omar van Dijk"), in apposition, or "X of"."""
    first = tokens[0]
    root = next((t for t in tokens if not (first.i <= t.head.i <= tokens[-1].i) or t.head.i == t.i), tokens[-1])
    modifiers, domain = _title_before(first, mentions, base)
    # In apposition: "Haddad, a career diplomat", "His chief of staff, Lena Moritz",
    # "Omar van Dijk, Minister of Foreign Affairs of Chile".
    for child in root.children:
        if child.dep_ == "appos":
            modifiers.extend(
                t for t in child.subtree if t.dep_ in ("compound", "amod", "appos", "conj") or t.i == child.i
            )
            modifiers.extend(c for c in child.children if c.dep_ == "poss")
            domain.extend(_domain_tokens(child))
    if root.dep_ == "appos":
        modifiers.extend(t for t in root.head.lefts if t.dep_ in ("compound", "amod", "poss"))
        modifiers.append(root.head)
        domain.extend(_domain_tokens(root.head))
    # "Foreign Minister of Norway Anna Berg": the title parsed as a modifier of the name.
    for child in root.lefts:
        if child.dep_ in ("nmod", "compound") and child.lemma_.lower() in ROLE_NOUNS:
            field = _domain_tokens(child)
            modifiers.extend(t for t in child.subtree if t.dep_ != "prep" and not t.is_punct and t not in field)
            domain.extend(field)
    countries: set[str] = set()
    for t in [*modifiers, *domain]:
        m = mention_at(t, mentions, base)
        if m is not None and m.kind == COUNTRY:
            countries.add(m.key)
    return _words(modifiers), _words(domain) - _words(modifiers), frozenset(countries)


def _words(tokens: Sequence[Token]) -> frozenset[str]:
    words: set[str] = set()
    for t in tokens:
        if t.tag_ in TITLE_TAGS:
            words.update((t.lemma_.lower(), t.lower_))
    return frozenset(words)


def _title_before(first: Token, mentions: Sequence[Mention], base: int) -> tuple[list[Token], list[Token]]:
    """The title written just before a name, as (title words, words of its "of"/"for" phrase).

    Walks left over nouns and adjectives; crosses "of"/"for" between capitalised words ("Minister of
    Foreign Affairs", "Undersecretary for International Economic Relations"), stops at a possessor,
    which it keeps for its country ("Germany's Chancellor"), and crosses one comma to a title in
    apposition when the words before the comma hold a role noun ("Chile's Minister of Foreign
    Affairs, Alberto van Klaveren")."""
    doc, start = first.doc, first.sent.start
    own = mention_at(first, mentions, base)
    title: list[Token] = []
    domain: list[Token] = []
    crossed = False
    title_before_comma: list[Token] = []
    domain_before_comma: list[Token] = []
    i = first.i - 1
    while i >= start:
        t = doc[i]
        other = mention_at(t, mentions, base)
        if other is not None and other.kind == PERSON and other != own:
            break  # another person's name: "Trump envoy Steve Witkoff" keeps "envoy" only
        if t.tag_ in TITLE_TAGS:
            title.append(t)
        elif t.lower_ == "the" and i > start and doc[i - 1].lower_ in ("of", "for") and title:
            pass  # "President of the European Commission"
        elif (
            t.lower_ in ("of", "for") and title and i > start and title[-1].text[:1].isupper()
            and doc[i - 1].tag_ in ("NNP", "NNPS", "NN") and doc[i - 1].text[:1].isupper()
        ):
            domain.extend(title)  # what follows "of" names the office's field
            title = []
        elif t.text == "," and not crossed and not _has_role(title + domain):
            crossed = True
            title_before_comma, domain_before_comma = title, domain
            title, domain = [], []
        elif t.tag_ == "POS" and i > start and (title or domain):
            title.append(doc[i - 1])  # the possessor gives the country
            break
        else:
            break
        i -= 1
    if crossed:
        if _has_role(title + domain):
            return title_before_comma + title, domain_before_comma + domain
        return title_before_comma, domain_before_comma
    return title, domain


def _has_role(tokens: Sequence[Token]) -> bool:
    return any(t.lemma_.lower() in ROLE_NOUNS or t.lower_ in ROLE_NOUNS for t in tokens)


def _domain_tokens(title: Token) -> list[Token]:
    """The words of a title's "of"/"for" phrase: "Minister of Foreign Affairs" → Foreign, Affairs."""
    out: list[Token] = []
    for child in title.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "for"):
            out.extend(t for t in child.subtree if t.i != child.i and not t.is_punct and t.dep_ != "det")
    return out


def _gender_of_words(words: frozenset[str]) -> str | None:
    male, female = bool(words & MALE_WORDS), bool(words & FEMALE_WORDS)
    return "m" if male and not female else "f" if female and not male else None


def _pronoun_gender(span: Span, tokens: Sequence[Token], quoted: Callable[[Token], bool] | None) -> str | None:
    """The gender of the third-person pronouns that refer to the person at `tokens`: pronouns outside
    quotations whose clauses have no other person as subject ("Mahama, attending his first summit")."""
    own = {t.i for t in tokens}
    found: set[str] = set()
    for t in span:
        lower = t.lower_
        if lower not in MALE_PRONOUNS and lower not in FEMALE_PRONOUNS:
            continue
        if own and t.i < min(own):
            continue  # "His chief of staff, Lena Moritz": his is someone named before
        if quoted is not None and quoted(t):
            continue
        if t.dep_ not in ("poss", "nsubj", "nsubjpass") and not lower.endswith("self"):
            continue  # "Trump praised him": an object pronoun is someone else
        if _refers_to(t, own):
            found.add("m" if lower in MALE_PRONOUNS else "f")
    return next(iter(found)) if len(found) == 1 else None


def _refers_to(pronoun: Token, own: set[int]) -> bool:
    """Whether a pronoun refers to the person at `own`: it stands in that person's own phrase
    ("Mahama, attending his first summit") or in a clause under their verb ("X said his country
    would ..."), and no other person-like subject comes between. In the verb's own object it is
    most often someone else ("Roe praised her work")."""
    token, depth, clause = pronoun, 0, False
    while depth < 50:
        for c in token.children:
            if c.dep_ not in ("nsubj", "nsubjpass") or c.i == pronoun.i:
                continue
            if c.i in own or any(t.i in own for t in c.subtree):
                return clause or any(t.i == pronoun.i for t in c.subtree)
            if c.pos_ in ("PRON", "PROPN") or c.lemma_.lower() in ROLE_NOUNS:
                return False  # "Merkel said the president had broken his word": his is not hers
        if token.head.i == token.i:
            return False
        if token.dep_ in ("ccomp", "xcomp", "advcl", "acl", "relcl", "parataxis"):
            clause = True
        token = token.head
        depth += 1
    return False


_NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def _capital_family_name(name: str) -> str | None:
    """The family name of a name written family name first in capitals ("KAMIKAWA Yoko" → "kamikawa"),
    lower-cased; None for a name written otherwise."""
    words = name.split()
    if len(words) < 2 or not (words[0].isupper() and len(words[0]) > 1 and words[0].isalpha()):
        return None
    if not all(w[:1].isupper() and not w.isupper() for w in words[1:]):
        return None  # "UN Women", "NATO Secretary": an acronym before words, not a family name
    return words[0].lower()


def _surname(words: list[str]) -> str:
    """The last word of a lower-cased name, suffixes ("Jr.", "III") left out."""
    kept = [w for w in words if w not in _NAME_SUFFIXES] or words
    return kept[-1]


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


def _anonymous_role(source: Token) -> bool:
    """ "a senior official", "one EU diplomat": a role noun with an indefinite article or "one" and no
    "for"/"of"/"at" phrase naming whom the person speaks for."""
    if source.tag_ != "NN" or source.lemma_.lower() not in ROLE_NOUNS:
        return False
    indefinite = any(
        (c.dep_ == "det" and c.lower_ in ("a", "an")) or (c.dep_ == "nummod" and c.lower_ == "one")
        for c in source.children
    )
    return indefinite and not any(c.dep_ == "prep" for c in source.children)


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
    return text_of(token.doc)[run[0].idx : run[-1].idx + len(run[-1].text)]


_LEADING = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your"}


def _as_written(token: Token) -> str:
    """A source phrase as the text writes it, for a source described rather than named: the noun
    with its modifiers and its "of"/"for"/"in" phrase ("a spokesman for the campaign", "most of the
    nurses", "nine in 10 voters"), without a leading article or pronoun, and cut before a comma,
    an apposition, a relative or participle clause ("a news report published Tuesday")."""
    doc = token.doc
    start = token.left_edge.i
    while start < token.i and (doc[start].lower_ in _LEADING or doc[start].is_punct):
        start += 1
    end = token.i
    for child in token.rights:
        if child.dep_ != "prep" or child.lower_ not in _PHRASE_PREPOSITIONS or child.i != end + 1:
            break
        stop = child.right_edge.i
        for t in doc[child.i + 1 : stop + 1]:
            if t.is_punct or t.dep_ in ("relcl", "acl", "appos", "advcl") or t.lower_ in ("who", "which", "that"):
                stop = t.i - 1
                break
        end = stop
        break
    while end > start and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    text = text_of(doc)
    return " ".join(text[doc[start].idx : doc[end].idx + len(doc[end].text)].split())


# A rule's decision that the phrase names nobody ("the country reaffirmed": the outlet's own summary).
NOBODY = Speaker("", "nobody")


@dataclass(slots=True)
class _Ask:
    """A source phrase to resolve, with what the rules read about it."""

    source: Token
    index: int
    span: Span
    mentions: Sequence[Mention]
    base: int
    subject: Token | None = None
    _mention: list[Mention | None] = field(default_factory=list)
    _named: list[Mention | None] = field(default_factory=list)

    @property
    def lemma(self) -> str:
        return self.source.lemma_.lower()

    @property
    def mention(self) -> Mention | None:
        """The entity mention at the phrase's head."""
        if not self._mention:
            self._mention.append(mention_at(self.source, self.mentions, self.base))
        return self._mention[0]

    @property
    def named(self) -> Mention | None:
        """The mention at the head, else a person or body named in the phrase."""
        if not self._named:
            self._named.append(self.mention or named_in_phrase(self.source, self.mentions, self.base))
        return self._named[0]

    @property
    def definite(self) -> bool:
        return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "another") for c in self.source.children)

    def again(self, source: Token) -> _Ask:
        """The same question about another phrase of the sentence."""
        return _Ask(source, self.index, self.span, self.mentions, self.base, self.subject)


def _written_source(d: Discourse, a: _Ask) -> Speaker | None:
    if a.lemma not in DOCUMENT_NOUNS or a.source.tag_ not in ("NN", "NNS"):
        return None
    author = document_author(a.source)  # "his report", "a statement from the ministry"
    if author is None:
        named = named_in_phrase(a.source, a.mentions, a.base)  # "ECOWAS figures" with ECOWAS tagged a noun
        if named is not None and named.kind in (PERSON, ORGANISATION):
            return d.entity_speaker(named.kind, named.key)
        # "The report found": the one named before; "a news report said", "recent polls show": as written
        return d._document_named(a.source, a.index) or Speaker(_as_written(a.source), None)
    found = d.resolve(author, a.index, a.span, a.mentions, a.base, a.subject)
    if found is not None and found is not GROUP and (found.kind is not None or author.pos_ == "PRON"):
        return found  # "her report", "a statement from the ministry", "Amnesty's report": its author
    # "a June poll", "a report from the hearing": no author the document knows; the document as written
    return Speaker(_as_written(a.source), None)


def _anonymous(d: Discourse, a: _Ask) -> Speaker | None:
    # "one senior EU diplomat said": an unnamed source described, not the body in its description
    return Speaker(_phrase_text(a.source), None) if a.mention is None and _anonymous_role(a.source) else None


def _named_entity(d: Discourse, a: _Ask) -> Speaker | None:
    named = a.named
    if named is not None and named.kind == ORGANISATION and a.mention is None and a.source.pos_ == "PROPN":
        own = [t for t in a.source.lefts if t.dep_ in ("compound", "flat")]
        if not any(mention_at(t, a.mentions, a.base) == named for t in own):
            return None  # "J. Doe, a fellow at the Harbour Institute": the unmarked name, not the body beside it
    if named is not None and named.kind in (PERSON, ORGANISATION):
        return d.entity_speaker(named.kind, named.key)
    return None


def _is_pronoun(a: _Ask) -> bool:
    lower = a.source.lower_
    return a.source.pos_ == "PRON" or lower in PERSON_PRONOUNS | THING_PRONOUNS | GROUP_PRONOUNS


def _person_pronoun(d: Discourse, a: _Ask) -> Speaker | None:
    if _is_pronoun(a) and a.source.lower_ in PERSON_PRONOUNS:
        return d._person_pronoun(a.source, a.index, a.span, a.mentions, a.base) or NOBODY
    return None


def _thing_pronoun(d: Discourse, a: _Ask) -> Speaker | None:
    if _is_pronoun(a) and a.source.lower_ in THING_PRONOUNS:
        return d._thing_pronoun(a.index, a.subject, a.mentions, a.base) or NOBODY
    return None


def _group_pronoun(d: Discourse, a: _Ask) -> Speaker | None:
    return GROUP if _is_pronoun(a) else None


def _unmarked_name(d: Discourse, a: _Ask) -> Speaker | None:
    if a.named is not None or not _looks_like_a_name(a.source):
        return None
    named = d._by_name(_phrase_text(a.source, with_modifiers=False))
    if named.kind is None and a.source.ent_type_ == "PERSON":
        named = Speaker(named.name, PERSON)  # a person the entity stage missed: "he" may refer to them
    return named


def _several_people(d: Discourse, a: _Ask) -> Speaker | None:
    return GROUP if a.source.tag_ in ("NNS", "NNPS") and _several_named(a.source) else None


def _role_holder(d: Discourse, a: _Ask) -> Speaker | None:
    source = a.source
    if source.tag_ in ("NN", "NNP") and a.lemma in ROLE_NOUNS and (a.definite or source.tag_ == "NNP"):
        found = d._by_role(source, a.index, a.mentions, a.base)
        if found is None:
            found = Speaker(_phrase_text(source), None)
            if source.text[:1].isupper() and not source.is_sent_start:
                # "The Secretary-General condemns ... He urges ...": official prose capitalises an office
                # that names one person; news's "the candidate" is someone the text names elsewhere
                d.described_people.add(found.name)
        return found
    return None


def _government(d: Discourse, a: _Ask) -> Speaker | None:
    if a.lemma not in GOVERNMENT_NOUNS or not a.definite:
        return None
    # "Japan's government said": the country, as the text names it; "the government said": as written.
    owner = next((c for c in a.source.children if c.dep_ == "poss"), None)
    owned = mention_at(owner, a.mentions, a.base) if owner is not None else None
    if owner is not None and owned is not None and owned.kind == COUNTRY:
        return Speaker(_phrase_text(owner, with_modifiers=False), None)
    return Speaker(_phrase_text(a.source), None)


def _bare_definite(a: _Ask) -> bool:
    return a.source.tag_ == "NN" and a.definite and not _has_modifiers(a.source)


def _organisation_anaphor(d: Discourse, a: _Ask) -> Speaker | None:
    if _bare_definite(a) and a.lemma in ORG_ANAPHORS:
        return d._organisation_named(a.lemma, a.index) or Speaker(a.lemma, None)
    return None


def _outlet_summary(d: Discourse, a: _Ask) -> Speaker | None:
    # "the country reaffirmed", "the summit stressed": no named source
    return NOBODY if _bare_definite(a) and a.lemma in SUMMARY_NOUNS else None


def _share_of_group(d: Discourse, a: _Ask) -> Speaker | None:
    """ "most of the nurses", "six in 10", "nearly eight in 10 voters": a share of a group, as written."""
    s = a.source
    numbers = [c for c in s.children if c.dep_ in ("nummod", "quantmod")]
    if any(t.lower_ == "in" for c in numbers for t in c.subtree) or any(
            c.dep_ == "quantmod" and c.lower_ == "in" for c in s.children):
        return Speaker(_as_written(s), None)  # "six in 10 (voters)"
    if s.lower_ not in QUANTIFIERS and s.tag_ != "CD":
        return None
    prep = next((c for c in s.rights if c.dep_ == "prep" and c.lower_ in ("of", "in")), None)
    group = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if group is None or group.pos_ == "PRON":
        return None  # "most of them": no group named
    return Speaker(_as_written(s), None)


def _described_group(d: Discourse, a: _Ask) -> Speaker | None:
    """ "Labour voters", "Trump supporters": people described by a name, not the name's bearer; those
    who hold a role or speak for a body ("FBI officials", "Council ministers") are left to the body."""
    s = a.source
    if s.tag_ != "NNS" or a.mention is not None or a.lemma in SPEAKING_FOR or a.lemma in ROLE_NOUNS:
        return None  # "Council ministers", "FBI officials" speak for their body
    named = a.named
    if named is None or named.kind not in (PERSON, ORGANISATION) or any(
            c.dep_ in ("nummod", "det") and c.lower_ in ("two", "three", "both") for c in s.children):
        return None
    return Speaker(_as_written(s), None)


def _possessed_body(d: Discourse, a: _Ask) -> Speaker | None:
    """ "Doe's campaign", "her campaign", "the party's platform": a body or a document of someone's,
    written with the owner's name as the document gives it."""
    s = a.source
    owner = next((c for c in s.children if c.dep_ == "poss"), None)
    if owner is None or s.tag_ not in ("NN", "NNS") or a.lemma in ROLE_NOUNS or a.lemma in SUMMARY_NOUNS:
        return None
    rest = _phrase_text(s)
    if owner.pos_ == "PRON":
        if owner.lower_ not in PERSON_PRONOUNS:
            return None
        person = d._person_pronoun(owner, a.index, a.span, a.mentions, a.base)
        return Speaker(f"{person.name}'s {rest}", None) if person is not None and person.name else None
    found = d.resolve(owner, a.index, a.span, a.mentions, a.base)
    name = found.name if found is not None and found.name else _phrase_text(owner)
    return Speaker(f"{name}'s {rest}", None)


def _described_body(d: Discourse, a: _Ask) -> Speaker | None:
    if a.source.pos_ not in ("NOUN", "PROPN"):
        return None
    body = Speaker(_as_written(a.source), None)  # "health officials", "analysts", "a spokesman for the campaign"
    if a.source.tag_ in ("NNS", "NNPS"):
        d.plural_bodies.add(body.name)
    return body


# The rules that decided while a probe runs (None otherwise).
_trace: list[str] | None = None


def _probe(text: str) -> set[str]:
    """The speaker rules that decided in a text, whether or not a claim kept the speaker: for the rule tests."""
    global _trace
    from extract.explain import extract_text

    _trace = []
    try:
        extract_text(text)
        return set(_trace)
    finally:
        _trace = None


_ENDS_QUOTATION = "attribution-after-a-quotation"

# How a source phrase is resolved: the first rule that decides names the speaker (or NOBODY, or GROUP).
SPEAKER_RULES: RuleTable[Speaker] = RuleTable("speakers", [
    Rule(_ENDS_QUOTATION,
         "\u201cWe know what happens to towns that tried that in the past, like Elm in 1920,\u201d Anna Berg said.",
         lambda *args: None,  # applied where a cue's clause is weighed (`ends_quotation`)
         why="an attribution after a closing mark speaks for the quotation, however the quoted words parse"),
    Rule("written-source", "Amnesty International published a report. The report said 300 people were held.",
         _written_source, why="a report, statement or figure: its author, or the document as written"),
    Rule("anonymous-source", "One senior diplomat said the talks had stalled.", _anonymous,
         why="an unnamed source is kept as described"),
    Rule("share-of-a-group",
         "Most of the striking nurses said they would stay out. Six in 10 say the strike will go on.",
         _share_of_group, why="a share of a group ('most of the nurses', 'six in 10') is the source as written"),
    Rule("described-group", "Anna Berg met voters in Leeds. Berg supporters said the rally would go ahead.",
         _described_group,
         why="people described by a name ('Labour voters') are not the name's bearer"),
    Rule("named-in-the-phrase", "Foreign Minister Anna Berg said the border would stay open.", _named_entity,
         why="a person or body named at or in the source phrase"),
    Rule("person-pronoun", "Anna Berg arrived in Oslo. She said the talks went well.", _person_pronoun,
         why="'he', 'she': the person last speaking or acting, of that gender"),
    Rule("thing-pronoun", "The Nordbank Group cut its forecast. It said demand was weak.", _thing_pronoun,
         why="'it': the body that is the subject or that last spoke"),
    Rule("group-pronoun", "We said from the start that the plan would fail.", _group_pronoun,
         why="'we', 'they', 'both': no single speaker"),
    Rule("unmarked-name", "Sources said the vote would be held in June. KAMIKAWA Yoko arrived. Kamikawa said so.",
         _unmarked_name,
         why="a capitalised name the entity stage did not mark"),
    Rule("several-people", "Anna Berg met Omar Said. The two leaders said the deal was close.", _several_people,
         why="'the two leaders': several people, no single speaker"),
    Rule("role-holder", "Trade Minister Anna Berg arrived. The minister said tariffs would fall.", _role_holder,
         why="a title or role names the person who holds it"),
    Rule("government", "The government said the curfew would be lifted.", _government,
         why="a government speaks as the country the text names, or as written"),
    Rule("organisation-anaphor", "Nordbank cut its forecast. The bank said demand was weak.", _organisation_anaphor,
         why="'the ministry', 'the bank': the organisation named with that noun before"),
    Rule("possessed-body", "Anna Berg's campaign said the rally would go ahead.", _possessed_body,
         why="a body or document of someone's ('her campaign') is written with its owner's name"),
    Rule("outlet-summary", "The country reaffirmed its commitment to the treaty.", _outlet_summary,
         why="a bare definite noun that is no body: the outlet's own summary"),
    Rule("described-body", "Health officials said the outbreak was contained.", _described_body,
         why="an unnamed body kept as described ('analysts', 'health officials')"),
], probe=_probe)
