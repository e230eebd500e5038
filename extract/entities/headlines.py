"""Headlines in title case: where a name ends and the headline's verb begins.

A headline written in title case capitalises its verb ("Council Adopts Text as Envoy Urges
Calm"), so the model runs the verb into the name before it ("Council Adopts"). A
capitalised word in such a line that is a verb's third-person form ("Adopts", "Urges",
"Meets") right after another capitalised word ends the name there. Verbs come from the
lemmatizer tables the spaCy pipeline ships (`lexicon.verb_bases`); words whose plural reading
is common in names ("Forces", "Nations") are not verbs' forms there, since their base noun
("nation") is no verb, or the word before is no name word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from extract.lexicon import verb_bases, words
from extract.phrases import title_case

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def _third_person_form(word: str) -> bool:
    low = word.lower()
    if not low.endswith("s") or len(low) < 4 or low.endswith("ss"):
        return False
    bases = verb_bases()
    candidates = [low[:-1]]
    if low.endswith("es"):
        candidates.append(low[:-2])
    if low.endswith("ies"):
        candidates.append(low[:-3] + "y")
    return any(base in bases for base in candidates)


def headline_verb(token: Token, span: Span) -> bool:
    """A capitalised verb of a title-case headline right after a name word ("Council Meets")."""
    doc = token.doc
    if token.i <= span.start or not token.text[:1].isupper() or not token.is_alpha:
        return False
    before = doc[token.i - 1]
    if not before.text[:1].isupper() and before.text not in ("’", "'"):
        return False
    if before.lower_ in ("the", "a", "an", "this", "these", "its", "their"):
        return False  # "The Ministers ...": a noun after its determiner
    # A name the model sees ("Roger Ailes"), or a plural noun after an adjective ("Medical Records").
    if token.ent_type_ == "PERSON" or before.tag_ in ("JJ", "JJR", "JJS"):
        return False
    if token.text in words("org_word") or token.text in words("portfolio") or token.text in words("title"):
        return False
    # A headline's verb takes a complement ("Meets in ...", "Adopts 28 Texts"); a plural noun
    # may end the line ("... in Refugee Numbers").
    rest = [t for t in doc[token.i + 1 : span.end] if not t.is_punct]
    return bool(rest) and _third_person_form(token.text) and title_case(span)
