"""Lemmas on demand.

The extractor asks for the lemma of a few tokens per sentence (verbs that may
report speech, nouns that may name a role or a body), while spaCy's rule
lemmatizer, run as a pipe, works out a lemma for every token. So the pipe is
switched off when the pipeline loads and the same lemmatizer is asked only for
the tokens whose lemma is wanted. The result is what the pipe would have set:
a lemma already given by an earlier pipe (the attribute ruler's exceptions) is
kept, as the pipe keeps it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Token

# The lemmatizer of each loaded pipeline, by its vocabulary (a token knows its vocabulary, not its pipeline).
_lemmatizers: dict[int, object] = {}


def lemmatize_on_demand(nlp: Language) -> None:
    """Switch off `nlp`'s lemmatizer pipe; `lemma_of()` calls it for the tokens asked about instead."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", False):
        return  # another kind of lemmatizer: keep it as a pipe
    nlp.disable_pipe("lemmatizer")
    _lemmatizers[id(nlp.vocab)] = lemmatizer


def lemma_of(token: Token) -> str:
    """The token's lemma, as the pipeline's lemmatizer pipe would have set it."""
    if token.lemma != 0:
        return token.lemma_
    lemmatizer = _lemmatizers.get(id(token.vocab))
    if lemmatizer is None:
        return token.lemma_
    return lemmatizer.lemmatize(token)[0]
