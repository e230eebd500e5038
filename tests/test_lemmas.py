"""Lemmas on demand give what spaCy's lemmatizer pipe gives, token for token."""

from __future__ import annotations

import spacy

from extract.lemmas import lemma_of
from extract.nlp import default_model

from .conftest import SEEDS


def test_the_lemmatizer_pipe_is_off_and_lemmas_on_demand_match_it(nlp):
    assert "lemmatizer" not in nlp.pipe_names
    with_pipe = spacy.load(default_model())
    assert "lemmatizer" in with_pipe.pipe_names
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    text += "\nThey were gonna sign it, y'all said; the ministers ain't agreed."
    expected = [(t.text, t.lemma_) for t in with_pipe(text)]
    got = [(t.text, lemma_of(t)) for t in nlp(text)]
    assert len(got) > 1000
    assert got == expected
