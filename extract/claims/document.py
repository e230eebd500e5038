"""Claims: which sentences assert something, who says so, with which cue and numbers.

Per sentence, the reporting cues come from the parse (`cues`), the quantities from
the number entities (`quantities`). The speaker of a cue is resolved against the
whole document as it is read (`speakers.Discourse`): names to entity keys,
pronouns to the last speaker, titles and roles to the person named with them. A cue
inside a relative clause speaks for its clause only ("the deal, which Biden said
would create jobs"), except in a where/when clause that reports a statement ("...
camps near Goma, where the Red Cross warned that food would run out").
Two document-level rules then attribute sentences with no cue of their own: a
sentence wholly inside a quotation takes the speaker of its quotation (or of the
quotation just before it), and a paragraph of first-person statements followed
by a line that only names a person ("Anna Berg, High Representative for ...",
"Dr. K. Lindqvist, Minister of Trade", honorifics and initials allowed)
is that person's. A title as the main subject of a sentence with no speaker ("The
Trade Minister also called on ...") keeps that person in view for "he".
Questions, calls to action, lead-ins ending in a colon and attribution lines assert
nothing and get no claim, except a question or an imperative quoted with its speaker named
('She asked, "Will it reopen?"'), which is reported speech. A cue whose source names no single
speaker ("they said", "it was revealed", a "Q:" label) stays on the claim with no speaker: the
sentence is attributed, to no one the text names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract.claims.cues import Cue, find_cues
from extract.claims.quantities import find_quantities
from extract.claims.quotes import Quoted, is_quoted, opens_with_quote, quoted_paragraph, wholly_quoted
from extract.claims.speakers import GROUP, NAME_TITLES, ROLE_NOUNS, Discourse, Speaker, ends_quotation, mention_at
from extract.lexicon import words
from extract.phrases import span_text, text_of
from extract.records import COUNTRY, ORGANISATION, PERSON, Claim, Entity, Mention, Sentence
from extract.rules import Rule, RuleTable, probe_extraction

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_DASHES = ("–", "—", "-")
# Styles of address written before an office holder's name ("The Honourable", "The Right Honourable").
_HONOURS = {"honourable", "honorable", "right", "rt", "excellency"}
FIRST_PERSON = {"i", "me", "my", "we", "us", "our", "ours"}
FINITE_TAGS = {"VBZ", "VBP", "VBD", "MD"}


@dataclass(slots=True)
class _Reading:
    """What the first pass learns about one sentence."""

    sentence: Sentence
    span: Span
    base: int  # document offset of the parsed text's first character
    mentions: list[Mention]
    quoted: list[Quoted]
    cues: list[Cue]
    asserts: bool
    attribution_line: str | None  # person key when the sentence only names a speaker
    inside: Callable[[Token], bool]  # whether a token of the sentence is inside a quotation
    speaker: Speaker | None = None
    cue: Cue | None = None
    speaker_rule: str | None = None  # the rule that decided the speaker
    label_cue: tuple[int, int] | None = None  # the colon of a transcript label that opens the sentence
    label_end: int | None = None  # where a turn's label ends (at its colon), asserting or not
    unnamed_cue: Cue | None = None  # a cue of the sentence's own whose source names no single speaker


def find_claims(
    sentences: Sequence[tuple[Sentence, Span]], entities: Sequence[Entity], mentions: Sequence[Mention],
    labels: list[tuple[int, int]] | None = None,
) -> list[Claim]:
    """One claim per asserting sentence, in document order; `labels`, when given, receives the
    (start, end) of every speaker label that opens a turn."""
    by_sentence: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_sentence[m.sentence].append(m)
    discourse = Discourse(entities)
    readings = _read(sentences, by_sentence, discourse)
    for i, r in enumerate(readings):
        if not r.asserts:
            continue
        subject = _main_subject(r.span)
        for cue in r.cues:
            if _negated(cue, r.inside):
                continue
            if cue.source is None:
                if r.unnamed_cue is None and not cue.embedded:
                    r.unnamed_cue = cue
                continue
            speaker, rule = discourse.resolve_named(cue.source, i, r.span, r.mentions, r.base, sentence_subject=subject)
            if speaker is None or speaker is GROUP:
                if r.unnamed_cue is None and not cue.embedded:
                    r.unnamed_cue = cue  # "they said", "the organiser told them": attributed, to no one named
                continue
            if cue.embedded and not _speaks_for_sentence(speaker, subject, discourse, i, r) and not _reports_at_place(
                cue.source
            ) and not ends_quotation(r.span, cue.source, cue.start, cue.end):
                continue  # "The deal, which Biden said would create jobs, was signed": not Biden's sentence
            r.speaker, r.cue, r.speaker_rule = speaker, cue, rule
            discourse.said(i, speaker)
            discourse.note_speaker_gender(speaker, cue.source, r.span, r.mentions, r.base, r.inside)
            break
        if r.speaker is None and subject is not None and not r.inside(subject):
            discourse.acted(i, subject, r.span, r.mentions, r.base)
    for step in ATTRIBUTION.active():
        if isinstance(step, Rule):  # the table holds predicate rules only
            step.decide(readings, discourse, ATTRIBUTION.qualified(step))
    if labels is not None:
        labels.extend((r.sentence.start, r.label_end) for r in readings if r.label_end is not None)
    claims = []
    for r in readings:
        if not r.asserts:
            continue
        cue_start = cue_end = None
        cue_text = cue_rule = None
        if r.cue is not None and r.speaker is not None:
            cue_start, cue_end = r.base + r.cue.start, r.base + r.cue.end
            cue_text = text_of(r.span.doc)[r.cue.start : r.cue.end]
            cue_rule = r.cue.rule
        elif r.label_cue is not None and (r.speaker is not None or ATTRIBUTION.is_on("unnamed-source")):
            cue_start, cue_end = r.label_cue
            cue_text, cue_rule = ":", _LABEL_RULE
        elif r.speaker is None and r.unnamed_cue is not None and ATTRIBUTION.is_on("unnamed-source"):
            cue = r.unnamed_cue
            cue_start, cue_end = r.base + cue.start, r.base + cue.end
            cue_text = text_of(r.span.doc)[cue.start : cue.end]
            cue_rule = cue.rule
            if _fired is not None:
                _fired.append("attribution.unnamed-source")
        speaker = r.speaker if r.speaker is not None and r.speaker.name else None
        claims.append(
            Claim(
                r.sentence.index,
                speaker.name if speaker else None,
                speaker.kind if speaker else None,
                cue_text,
                cue_start,
                cue_end,
                find_quantities(r.span, r.base),
                speaker_rule=r.speaker_rule if speaker else None,
                cue_rule=cue_rule,
            )
        )
    return claims


def _read(
    sentences: Sequence[tuple[Sentence, Span]], by_sentence: dict[int, list[Mention]], discourse: Discourse
) -> list[_Reading]:
    """First pass: quotations, cues and people with their roles, for every sentence."""
    quoted: list[list[Quoted]] = []
    segment = 0
    paragraphs: list[tuple[int, int]] = []  # (first, end) sentence of each paragraph
    i = 0
    while i < len(sentences):
        j = i
        while j < len(sentences) and sentences[j][0].block == sentences[i][0].block:
            j += 1
        paragraphs.append((i, j))
        i = j
    runs_on = False
    across = ATTRIBUTION.is_on("quotation-across-paragraphs")
    for k, (i, j) in enumerate(paragraphs):
        # A quotation left open runs on into the next paragraph when that one opens with a mark.
        next_opens = across and k + 1 < len(paragraphs) and opens_with_quote(sentences[paragraphs[k + 1][0]][0].text)
        per_sentence, runs_on = quoted_paragraph([s.text for s, _ in sentences[i:j]], first_segment=segment,
                                                 continued=runs_on, next_opens=next_opens)
        segment = 1 + max([segment - 1, *(p.segment for ps in per_sentence for p in ps)])
        quoted.extend(per_sentence)
        if runs_on and _fired is not None:
            _fired.append("attribution.quotation-across-paragraphs")
    readings = []
    for index, ((sentence, span), own) in enumerate(zip(sentences, quoted, strict=True)):
        raw = span_text(span)
        lead = len(raw) - len(raw.lstrip())
        base = sentence.start - span.start_char - lead
        ms = sorted(by_sentence.get(sentence.index, []), key=lambda m: m.start)

        def inside(token: Token, own: list[Quoted] = own, base: int = base, start: int = sentence.start) -> bool:
            return is_quoted(own, base + token.idx - start)

        discourse.learn(index, span, ms, base, inside)
        cues = find_cues(span, inside)
        line = _attribution_line(span, ms, base)
        asserts = line is None and _asserts(sentence.text, span, cues, own)
        readings.append(_Reading(sentence, span, base, ms, own, cues, asserts, line, inside))
    return readings


# Greetings and thanks that open a turn or a speech ("Good afternoon, everyone.", "Thank you all."):
# courtesy, not a statement; short, so that "Thanks to the new law, exports rose" is not one.
# ("So thank you all", and not "Thanks to the new law, ...", a cause).
_COURTESY = re.compile(
    r"^(?:(?:so|and|again),?\s+)?(?:good (?:morning|afternoon|evening|day)|hello|hi|thanks(?! to\b)|thank you"
    r"|many thanks|happy [\w’'-]+(?: [\w’'-]+)?|welcome(?: back)?(?: to| everyone| all|,))\b[^.!?;:]{0,60}[.!]?$",
    re.IGNORECASE)
# Words that hold a turn without saying anything ("Okay.", "All right, Matt.", "So, Jamie.").
_TURN_HOLDERS = {"okay", "ok", "so", "well", "right", "all", "alright", "sure", "great"}
MAX_TURN_HOLDER_WORDS = 4


# A transcript's label opening the sentence ("MS BERG:", "Minister Anna Berg:"), before its words.
_OPENING_LABEL = re.compile(r"^(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*:\s+")


def _without_label(text: str, span: Span) -> tuple[str, list[Token]]:
    """The sentence's text and words after a transcript label that opens it, if one does."""
    text = text.strip()
    label = _OPENING_LABEL.match(text)
    if label is None:
        return text, [t for t in span if t.is_alpha]
    cut = span.start_char + (len(span.text) - len(span.text.lstrip())) + label.end()
    return text[label.end():], [t for t in span if t.is_alpha and t.idx >= cut]


def _courtesy(text: str, span: Span) -> bool | None:
    return True if _COURTESY.match(_without_label(text, span)[0]) else None


def _stage_direction(text: str, span: Span) -> bool | None:
    """ "(Laughter.)", "(Applause)": what the transcriber heard, in brackets, in three words at most."""
    inner = text.strip()
    return True if inner.startswith("(") and inner.rstrip(".").endswith(")") and len(inner.split()) <= 3 else None


def _turn_holder(text: str, span: Span) -> bool | None:
    _, words = _without_label(text, span)
    if not words or len(words) > MAX_TURN_HOLDER_WORDS or words[0].lower_ not in _TURN_HOLDERS:
        return None
    return True if not any(t.pos_ in ("VERB", "AUX", "NOUN", "NUM") for t in words) else None


# Sentences that assert nothing whatever their cues, in order; each decides True.
NO_CLAIM: RuleTable[bool] = RuleTable("no-claim", [
    Rule("courtesy", "Good afternoon, everyone.", _courtesy,
         why="briefings and speeches open with greetings and thanks, which state nothing"),
    Rule("stage-direction", "(Laughter.)", _stage_direction,
         why="transcripts note in brackets what the room did"),
    Rule("turn-holder", "All right, Anna.", _turn_holder,
         why="a speaker's 'Okay.' or 'So, Anna.' holds or passes the turn"),
], probe=probe_extraction)


# Words that may open a call to action before its verb ("Please sign here", "So, yeah, go ahead").
_BEFORE_AN_IMPERATIVE = {"please", "so", "yeah", "yes", "okay", "ok", "well", "now", "and", "then", "all", "right"}


def _asserts(text: str, span: Span, cues: list[Cue], pieces: list[Quoted]) -> bool:
    """False for questions, calls to action, lead-ins that only announce a list, and the
    sentences of `NO_CLAIM` (greetings, stage directions)."""
    if NO_CLAIM.first(text, span) is not None:
        return False
    end = text.rstrip().rstrip("\"'”’»)]").rstrip()
    quoted = wholly_quoted(text, pieces)
    if end.endswith("?"):
        # 'She asked, "Will the border reopen?"' reports a question: the sentence is the report.
        reported = bool(cues) and is_quoted(pieces, len(end) - 1) and ATTRIBUTION.is_on("reported-question")
        if reported and _fired is not None:
            _fired.append("attribution.reported-question")
        return reported
    if end.endswith(":") and not cues:
        return False
    if not quoted and not any(c.source is not None for c in cues):
        # '"Follow us," she said': an imperative quoted, with its speaker named, is reported speech
        root = span.root
        words = [t for t in span if t.is_alpha]
        if (
            root.tag_ == "VB"
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "aux") for c in root.children)
            and words
            and all(w.lower_ in _BEFORE_AN_IMPERATIVE or w.tag_ == "UH" for w in words if w.i < root.i)
        ):
            return False  # "Sign up here.", "Visit the meeting page"
    return True


def _attribution_line(span: Span, mentions: list[Mention], base: int) -> str | None:
    """The person a verbless line such as "Anna Berg, High Representative for ..." names, if it is one."""
    if any(t.tag_ in FINITE_TAGS for t in span):
        return None
    tokens = [t for t in span if not t.is_space]
    # A quote block's attribution may open with a dash ("– Anna Berg, Minister of Trade").
    while tokens and tokens[0].text in _DASHES:
        tokens = tokens[1:]
    # Honorifics and initials before the name ("Dr. K. Lindqvist", "H.E. Anna Berg", "The Honourable Anna Berg").
    while len(tokens) > 1 and mention_at(tokens[0], mentions, base) is None and (
        _honorific(tokens[0]) or (tokens[0].lower_ == "the" and _honorific(tokens[1]))
    ):
        tokens = tokens[1:]
    if not tokens:
        return None
    first = mention_at(tokens[0], mentions, base)
    if first is None:
        return _name_before_role(tokens, mentions, base)
    if first.kind != PERSON:
        return None
    after = next((t for t in tokens if base + t.idx >= first.end), None)
    if after is None or after.text not in (",", *_DASHES):
        return None
    return first.key


def _name_before_role(tokens: list[Token], mentions: list[Mention], base: int) -> str | None:
    """ "Anna Berg, Minister of Trade" where the entity stage marked no person: the name as written.

    The name is two to four capitalised words that name no place or body, and a capitalised
    role follows the comma.
    """
    comma = next((k for k, t in enumerate(tokens) if t.text == ","), None)
    if comma is None or not 2 <= comma <= 4 or comma + 1 >= len(tokens):
        return None
    name = tokens[:comma]
    if not all(t.text[:1].isupper() and t.text.replace("-", "").replace("'", "").isalpha() for t in name):
        return None
    if any((m := mention_at(t, mentions, base)) is not None and m.kind != PERSON for t in name):
        return None
    if not tokens[comma + 1].text[:1].isupper():
        return None
    return " ".join(t.text for t in name)


def _honorific(token: Token) -> bool:
    """ "Dr.", "H.E.", "S.", "Mr", "Honourable": a title or initial written before a name."""
    word = token.text.rstrip(".")
    if word.lower() in NAME_TITLES or word.lower() in _HONOURS:
        return True
    letters = word.replace(".", "")
    return token.text.endswith(".") and letters.isalpha() and letters[:1].isupper() and len(letters) <= 3


# Cues that stay someone's statement when negated: "did not respond to a request for comment".
_SPOKEN_WHEN_NEGATED = {"cues.no-reply-to-a-request", "cues.refusal-to-speak"}


def _negated(cue: Cue, quoted: Callable[[Token], bool]) -> bool:
    """ "State media did not report the launch": a report denied is nobody's statement (a "not" inside a
    quotation before the verb, '"Not at all," she said', negates nothing of it)."""
    source = cue.source
    if source is None or source.dep_ not in ("nsubj", "nsubjpass") or cue.rule in _SPOKEN_WHEN_NEGATED:
        return False
    verb = source.head
    inside = cue.start <= verb.idx < cue.end
    return inside and any(c.dep_ == "neg" and not quoted(c) for c in verb.children)


def _speaks_for_sentence(speaker: Speaker, subject: Token | None, discourse: Discourse, i: int, r: _Reading) -> bool:
    """Whether the speaker of a cue in a relative clause is also the sentence's own subject
    ("He was referring to ..., where he noted that ...")."""
    if subject is None:
        return False
    main = discourse.resolve(subject, i, r.span, r.mentions, r.base)
    return main is not None and main.name == speaker.name


def _reports_at_place(source: Token | None) -> bool:
    """ "... camps around Cox's Bazar, where the WFP warned that rations could be halved": a statement
    in a where/when clause carries the sentence's news, unlike "the deal, which Biden said would ..."."""
    if source is None:
        return False
    verb = source.head
    return (
        verb.dep_ == "relcl"
        and any(c.dep_ == "advmod" and c.lower_ in ("where", "when") for c in verb.children)
        and any(c.dep_ == "ccomp" for c in verb.children)
    )


def _main_subject(span: Span) -> Token | None:
    return next((c for c in span.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _segment_speakers(readings: list[_Reading]) -> dict[int, Speaker]:
    """The speaker of each quotation that a sentence with a cue of its own attributes."""
    speaker_of: dict[int, Speaker] = {}
    for r in readings:
        if r.speaker is not None and (r.cue is not None or r.speaker_rule == _LABEL_RULE):
            for piece in r.quoted:
                speaker_of.setdefault(piece.segment, r.speaker)
    return speaker_of


def _unattributed_quote(r: _Reading) -> bool:
    return r.speaker is None and r.asserts and wholly_quoted(r.sentence.text, r.quoted)


def _in_first_person(paragraph: Sequence[_Reading], unquoted: bool = False) -> bool:
    """Whether the sentences say "we" or "I" (outside quotation marks, when `unquoted`)."""
    return any(t.lower_ in FIRST_PERSON and not (unquoted and x.inside(t)) for x in paragraph for t in x.span)


def _in_own_voice(r: _Reading) -> bool:
    """No cue of the sentence names a source but the speaker's own "I" or "we" ("We know these are
    your values"): within a labelled turn or a statement, the sentence is the passage's speaker's."""
    return not any(c.source is not None and c.source.lower_ not in FIRST_PERSON for c in r.cues)


def _attribute(r: _Reading, speaker: Speaker, rule: str) -> None:
    r.speaker, r.speaker_rule = speaker, rule


def _quotation_speaker(readings: list[_Reading], discourse: Discourse, rule: str) -> None:
    """A wholly quoted sentence speaks with the voice of its quotation, wherever in the quotation
    (before, after or between its sentences, or in another paragraph) the attribution stands."""
    speaker_of = _segment_speakers(readings)
    for r in readings:
        if _unattributed_quote(r):
            found = next((speaker_of[p.segment] for p in r.quoted if p.segment in speaker_of), None)
            if found is not None:
                _attribute(r, found, rule)


def _quotation_after_its_speaker(readings: list[_Reading], discourse: Discourse, rule: str) -> None:
    """ "“...,” said the envoy. “...”": a second quotation right after, by the speaker just quoted."""
    for i, r in enumerate(readings):
        if i == 0 or not _unattributed_quote(r):
            continue
        prev = readings[i - 1]
        if prev.quoted and prev.speaker is not None and r.sentence.block - prev.sentence.block <= 1:
            _attribute(r, prev.speaker, rule)


def _signed_paragraphs(readings: list[_Reading], discourse: Discourse, rule: str) -> None:
    """Statements in the first person followed by a line naming a person are that person's."""
    for i, r in enumerate(readings):
        if r.attribution_line is None or i == 0:
            continue
        block = readings[i - 1].sentence.block
        if block == r.sentence.block:
            continue
        paragraph = [x for x in readings[:i] if x.sentence.block == block]
        speech = any(x.quoted for x in paragraph) or _in_first_person(paragraph)
        if not speech:
            continue
        for x in paragraph:
            if x.speaker is None and x.asserts and not x.cues:
                _attribute(x, discourse.entity_speaker(PERSON, r.attribution_line), rule)


def _transcript_labels(readings: list[_Reading], discourse: Discourse, rule: str) -> None:
    """ "Q:", "SPOKESPERSON:", "Minister Berg:" opening a paragraph: the labelled speaker says what
    follows. In a transcript (two labels or more) the label holds for every sentence until the next
    label or heading; a single label (a headline's "Berg: ...") holds for its own paragraph."""
    labels = [(i, found) for i, r in enumerate(readings)
              if (i == 0 or readings[i - 1].sentence.block != r.sentence.block)  # a label opens its paragraph
              and (found := _label(r, discourse)) is not None]
    transcript = False
    if len(labels) >= 3:
        # A transcript labels most turns; an article with a few "Name: topic" subheads does not.
        blocks = {r.sentence.block for r in readings[labels[0][0] : labels[-1][0] + 1]}
        transcript = len(labels) >= _TURN_SHARE * len(blocks)
    if len(labels) >= 2 and any(_turn_label(readings[i]) for i, _ in labels):
        # "MR BERG:", "QUESTION:", "Q:": labels set in a transcript's own style, never a subhead's
        transcript = True
    for k, (i, (speaker, colon)) in enumerate(labels):
        readings[i].label_end = colon[0]
        if speaker is None:
            if readings[i].asserts and readings[i].speaker is None:
                readings[i].label_cue = colon  # "Q:", "A:": a turn, by a speaker the label does not name
            continue
        stop = labels[k + 1][0] if k + 1 < len(labels) else len(readings)
        first = readings[i]
        if first.speaker is None and first.asserts:
            _attribute(first, speaker, rule)
            first.label_cue = colon
        for r in readings[i + 1 : stop]:
            if r.sentence.section != first.sentence.section:
                break
            if not transcript and r.sentence.block != first.sentence.block:
                break
            if r.speaker is None and r.asserts and _in_own_voice(r):
                _attribute(r, speaker, rule)


# The opening of a briefing's transcript that names who gives it ("The following is a near-verbatim
# transcript of today's noon briefing by Anna Berg, Spokesperson for ...").
_TRANSCRIPT_OPENING = re.compile(r"\btranscript\b|\bbriefing\b", re.IGNORECASE)
# The heading of a speech, remarks or a statement given by someone ("Press remarks by Minister Anna
# Berg after the meeting"): a monologue when what follows speaks in the first person.
_SPEECH_OPENING = re.compile(r"\b(?:remarks|speech|address|statement|message)\s+by\b", re.IGNORECASE)
# A transcript's opening stands this near the top.
MAX_OPENING_SENTENCE = 6
# How many sentences after a speech's heading must show its first person ("we", "I").
_FIRST_PERSON_WITHIN = 3


def _briefing_by(readings: list[_Reading], discourse: Discourse, rule: str) -> None:
    """A transcript opened by a line naming who briefs ("... transcript of the briefing by Anna Berg")
    and with no labelled turns is that person's monologue: every later sentence with no speaker or
    source of its own is theirs. So are remarks, a speech or a statement headed as given by someone
    ("Remarks by Minister Anna Berg at the summit") when the text after the heading says "we" or "I"."""
    for i, r in enumerate(readings[:MAX_OPENING_SENTENCE]):
        if not _TRANSCRIPT_OPENING.search(r.sentence.text) and not (
                _SPEECH_OPENING.search(r.sentence.text)
                and _in_first_person(readings[i + 1 : i + 1 + _FIRST_PERSON_WITHIN], unquoted=True)):
            continue  # remarks are a monologue when they speak as "we" or "I" outside any quotation
        by = next((m for m in r.mentions if m.kind == PERSON and _after_by(r, m)), None)
        if by is None:
            continue
        if any(later.speaker_rule == _LABEL_RULE and not _opens_a_monologue(later) for later in readings[i + 1 :]):
            return  # labelled turns say who speaks (a headline's "Council: Remarks by ..." is no turn)
        speaker = discourse.entity_speaker(PERSON, by.key)
        for later in readings[i + 1 :]:
            if later.speaker is None and later.asserts and _in_own_voice(later):
                _attribute(later, speaker, rule)
        return


def _opens_a_monologue(r: _Reading) -> bool:
    """Whether a line names a transcript, briefing, speech, remarks or statement."""
    return bool(_TRANSCRIPT_OPENING.search(r.sentence.text) or _SPEECH_OPENING.search(r.sentence.text))


def _after_by(r: _Reading, m: Mention) -> bool:
    """Whether a mention is the object of "by" (the one who gives the briefing): parsed so, or written
    right after "by" and its title ("speech by Trade Minister Anna Berg", a headline the parser
    often reads as a sentence whose verb is the name)."""
    first = next((t for t in r.span if r.base + t.idx >= m.start), None)
    if first is None:
        return False
    token = first
    while token.dep_ in ("compound", "flat") and token.head.i > token.i:
        token = token.head
    if token.dep_ == "pobj" and token.head.lower_ == "by":
        return True
    before = first.i - 1
    while before >= r.span.start and (r.span.doc[before].text[:1].isupper() or r.span.doc[before].lower_ == "the"):
        before -= 1
    return before >= r.span.start and r.span.doc[before].lower_ == "by"


def _lead_in_block(readings: list[_Reading], discourse: Discourse, rule: str) -> None:
    """ "The minister issued the following statement:" or "A spokesperson said:" closing a paragraph:
    what follows is that speaker's: a quotation opening the next paragraph, to its end; an unquoted
    statement, its first paragraph and the paragraphs after it that speak in the first person ("we",
    "our"), to the end of the section or the next lead-in (narration resumes in the third person)."""
    by_block: dict[int, list[_Reading]] = defaultdict(list)
    for r in readings:
        by_block[r.sentence.block].append(r)
    for i, r in enumerate(readings[:-1]):
        nxt = readings[i + 1]
        if r.speaker is None or r.cue is None or nxt.sentence.block == r.sentence.block:
            continue
        if not r.sentence.text.rstrip().endswith(":"):
            continue
        quotation = opens_with_quote(nxt.sentence.text)
        if not quotation and not _announces_a_statement(r) and not _in_first_person(by_block[nxt.sentence.block]):
            continue  # "... tweeted the exchange for context:" over narration: what it announced is not here
        for later in readings[i + 1 :]:
            if later.sentence.section != r.sentence.section or later.sentence.text.rstrip().endswith(":"):
                break
            if quotation != wholly_quoted(later.sentence.text, later.quoted):
                break  # the quotation has ended, or a quotation starts within the statement: its own voice
            paragraph = by_block[later.sentence.block]
            if not quotation and later.sentence.block != nxt.sentence.block and later is paragraph[0] and (
                    not _in_first_person(paragraph)):
                break
            if later.speaker is None and later.asserts and _in_own_voice(later):
                _attribute(later, r.speaker, rule)


# Words that keep a source unnamed on purpose ("speaking on condition of anonymity").
ANONYMITY = words("anonymity", "speaker_words.tsv")
# Office nouns that any titled person fits: "a senior official" may be an Assistant Secretary-General.
_ANY_OFFICE = {"official", "officer", "chief", "head"}
# How near after the lead its described speaker is introduced, in sentences.
_NAMED_WITHIN = 2
_NAMED_RULE = "speakers.named-in-the-phrase"
# Honorifics written before a name ("Sheikh"): a form of address, not an office.
_HONORIFICS = {w.lower() for w in words("name_title")}


def _lead_named_next(readings: list[_Reading], discourse: Discourse, rule: str) -> None:
    """ "The top United Nations envoy for the region warned on Monday ...", then "Anna Berg,
    Assistant Secretary-General for Political Affairs, told the Council ...": news and meeting coverage open with
    a speaker described by office and name them right after. An office that speaks before anyone is
    named is the person whom the next attribution introduces, titled with that office or with none;
    the same office speaking later ("the minister said") is that person too. A source kept anonymous
    on purpose ("speaking on condition of anonymity") stays as described."""
    for at, lead in enumerate(readings):
        if any(m.kind == PERSON for m in lead.mentions):
            return  # someone is named: a description after this may be anyone
        cue, speaker = lead.cue, lead.speaker
        if cue is None or cue.source is None or speaker is None or speaker.kind is not None or not speaker.name:
            continue
        source = cue.source
        if source.tag_ != "NN" or source.lemma_.lower() not in ROLE_NOUNS:
            continue
        if not cue.start <= lead.span.root.idx < cue.end:
            continue  # the lead's own main verb reports ("... today condemned"), not a clause of it
        index = next((k for k in range(at + 1, min(at + 1 + _NAMED_WITHIN, len(readings)))
                      if readings[k].speaker is not None), None)
        if index is None:
            continue
        nxt = readings[index]
        if nxt.speaker is None or nxt.speaker.kind != PERSON or nxt.speaker_rule != _NAMED_RULE:
            continue
        if any(t.lower_ in ANONYMITY for r in (lead, nxt) for t in r.span):
            continue
        head = source.lemma_.lower()
        introduced = [p for p in discourse.people if p.sentence == index
                      and discourse.entity_speaker(PERSON, p.key) == nxt.speaker
                      and discourse._mentioned[p.key][0].sentence == index]
        if not introduced:
            continue
        roles = (introduced[0].roles & ROLE_NOUNS) - _HONORIFICS
        if roles and head not in roles and head not in _ANY_OFFICE:
            continue  # introduced with another office
        described: set[Speaker] = set()
        for r in readings[at:]:
            said = r.cue.source if r.cue is not None else None
            if r.speaker is not None and r.speaker.kind is None and said is not None and said.lemma_.lower() == head:
                described.add(r.speaker)
        for r in readings[at:]:
            if r.speaker in described:  # the office as written, or "he" resolved to it
                r.speaker, r.speaker_rule = nxt.speaker, rule
        return


def _announces_a_statement(r: _Reading) -> bool:
    """A lead-in whose cue ends at its colon ("A spokesperson said:") or that announces what follows
    ("issued the following statement on Monday:")."""
    assert r.cue is not None
    tail = text_of(r.span.doc)[r.cue.end :].strip()
    return tail == ":" or any(t.lower_ == "following" for t in r.span)


def _turn_label(r: _Reading) -> bool:
    """Whether a paragraph opens with a label only a transcript writes: a turn word ("Q:", "QUESTION:")
    or a label in capitals ("MR BERG:", "SPOKESPERSON:")."""
    head = r.sentence.text.lstrip().split(":", 1)[0]
    words = [w for w in head.replace(".", " ").split() if w.isalpha()]
    return bool(words) and (
        (len(words) == 1 and words[0].lower() in _TURN_WORDS) or all(w.isupper() and len(w) > 1 for w in words))


_LABEL_WORDS = {"moderator", "interviewer", "host", "spokesperson", "spokesman", "spokeswoman", "speaker"}
# Labels of a turn that do not say who speaks it: they end the turn before them.
_TURN_WORDS = {"q", "a", "question", "answer"}
# The share of a transcript's paragraphs that open with a label, at least.
_TURN_SHARE = 0.4


def _label(r: _Reading, discourse: Discourse) -> tuple[Speaker | None, tuple[int, int]] | None:
    """The speaker a label at the start of a paragraph names, and the colon's span, if it opens one."""
    tokens = [t for t in r.span if not t.is_space]
    colon = next((k for k, t in enumerate(tokens[:14]) if t.text == ":"), None)
    if colon is None or colon == 0:
        return None
    if any(t.is_punct is False and not t.is_alpha for t in tokens[colon + 1 :]) and not any(
            t.is_alpha for t in tokens[colon + 1 :]):
        return None  # "10:30" and the like
    label = tokens[:colon]
    if not label[0].text[:1].isupper() or any(t.tag_ in FINITE_TAGS or t.text in "\"“”«»" for t in label):
        return None
    people = [m for m in r.mentions if m.kind == PERSON and m.end <= r.base + label[-1].idx + len(label[-1].text)]
    organisations = [m for m in r.mentions if m.kind == ORGANISATION
                     and m.end <= r.base + label[-1].idx + len(label[-1].text)]
    if any(m.kind == COUNTRY and m.end <= r.base + label[-1].idx + len(label[-1].text) for m in r.mentions) and not (
            people or organisations):
        return None  # "KYIV:" is a dateline, never a speaker
    words = [t for t in label if t.is_alpha]
    colon_span = (r.base + tokens[colon].idx, r.base + tokens[colon].idx + 1)
    if len(words) == 1 and words[0].lower_ in _TURN_WORDS:
        return None, colon_span
    titled = _titled_label(words, discourse)
    if titled is not None:
        return titled, colon_span
    if people:
        return discourse.entity_speaker(PERSON, people[0].key), colon_span
    if organisations:
        return discourse.entity_speaker(ORGANISATION, organisations[0].key), colon_span
    if len(words) == 1 and (words[0].lower_ in _LABEL_WORDS or (words[0].text.isupper() and len(words[0].text) > 2)):
        return Speaker(words[0].text, None), colon_span
    if 1 <= len(words) <= 4 and all(t.text[:1].isupper() for t in words) and any(t.pos_ == "PROPN" for t in words):
        return discourse._by_name(" ".join(t.text for t in label)), colon_span
    return None


def _titled_label(words: list[Token], discourse: Discourse) -> Speaker | None:
    """ "SECRETARY HADDAD:", "MINISTER BERG:": a title and a family name in capitals name the person
    the document introduces in full ("Secretary of Transport Omar Haddad")."""
    rest = list(words)
    while len(rest) > 1 and (rest[0].lower_.rstrip(".") in NAME_TITLES or rest[0].lower_ in ROLE_NOUNS):
        rest = rest[1:]
    if len(rest) == len(words):
        return None
    name = " ".join(t.text.capitalize() if t.text.isupper() else t.text for t in rest)
    person = discourse._full_name(name)
    if person != name:
        return Speaker(person, PERSON)
    found = discourse._by_name(name)
    return found if found.kind == PERSON else None


# Rules that acted without naming a speaker, noted while a probe runs (None otherwise).
_fired: list[str] | None = None


def _probe(text: str) -> set[str]:
    """The attribution rules that decided in a text: for the rule tests."""
    global _fired
    from extract.explain import extract_text

    _fired = []
    try:
        claims = extract_text(text).claims
        return {c.speaker_rule for c in claims if c.speaker_rule} | set(_fired)
    finally:
        _fired = None


# Document-level attribution, run in order after each sentence's own cues: sentences with no cue of
# their own take a speaker from a label, a quotation or a signature line.
ATTRIBUTION: RuleTable[None] = RuleTable("attribution", [
    Rule("transcript-label",
         "Q: Will the border reopen?\n\nSPOKESPERSON: The border stays closed. Talks go on.\n\nQ: When?\n\n"
         "SPOKESPERSON: Soon. We expect news.",
         _transcript_labels, why="press briefings and interviews label each speaker's turn"),
    Rule("lead-named-next",
         "A senior United Nations official on Monday deplored the shelling of ferry ports in the north.\n\nAnna "
         "Berg, Assistant Secretary-General for Political Affairs, told the Council that the fighting had spread.",
         _lead_named_next, why="meeting coverage describes its first speaker by office, then names them"),
    Rule("quotation-across-paragraphs",
         "\u201cThe harvest failed. Prices will rise.\n\n\u201cWe need imports,\u201d the minister said.",
         lambda *args: None,  # applied while quotations are read (`_read`), before any speaker is known
         why="news style runs a quotation over paragraphs, reopening each with a mark"),
    Rule("quotation-speaker",
         "\u201cThe harvest failed. Prices will rise,\u201d the minister said. \u201cWe need imports.",
         _quotation_speaker, why="every sentence of a quotation has the quotation's speaker"),
    Rule("quotation-after-its-speaker",
         "\u201cThe harvest failed,\u201d said Anna Berg.\n\n\u201cWe will need imports.\u201d",
         _quotation_after_its_speaker, why="a quotation right after one by a named speaker continues it"),
    Rule("reported-question", "The envoy arrived late. Anna Berg asked, \u201cWill the border reopen?\u201d",
         lambda *args: None,  # applied as sentences are read (`_asserts`): the report of a question asserts
         why="a question inside a quotation, with its cue outside, is reported speech"),
    Rule("unnamed-source", "They said the bridge would reopen in May.",
         lambda *args: None,  # applied as claims are written (`find_claims`): the cue stays, the speaker is unknown
         why="'they said', 'it was revealed', 'Q:': attributed, though to no one the text names"),
    Rule("signed-paragraph",
         "\u201cWe will keep the border open.\u201d\n\n\u2013 Anna Berg, Minister of Trade",
         _signed_paragraphs, why="a statement in the first person signed by a line that names its author"),
    Rule("briefing-by",
         "The following is a transcript of the noon briefing by Anna Berg, Spokesperson for the Council.\n\n"
         "The Council meets at 3 p.m. It will hear the envoy.",
         _briefing_by, why="a briefing transcript without labelled turns is its spokesperson's monologue"),
    Rule("lead-in-block",
         "Foreign Minister Anna Berg issued the following statement:\n\nThe border stays open. Talks go on.",
         _lead_in_block, why="releases introduce a statement with a line ending in a colon, then give it unquoted"),
], probe=_probe)
_LABEL_RULE = "attribution.transcript-label"


def without_label_names(labels: Sequence[tuple[int, int]], mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions less the people named only in a turn's label ("MINISTER BERG:"): a label says
    who speaks, it mentions nobody (the turn's claims keep the speaker)."""
    return [m for m in mentions
            if m.kind != PERSON or not any(start <= m.start and m.end <= end for start, end in labels)]
