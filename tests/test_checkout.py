"""The test suite itself on a checkout that has only the repository.

The answer-keyed corpus lives beside the repository (`../shared`), not in it, so a
user's clone does not have it: every test that reads it must be marked `corpus`
(skipped there, with its reason) or look for it first and fall back on the bundled
sample.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import NO_CORPUS

TESTS = Path(__file__).resolve().parent
OUTSIDE = {"CORPUS", "SCORER"}  # the names conftest gives the paths beside the checkout


def _marks(decorators: list[ast.expr]) -> set[str]:
    """The names of `pytest.mark.NAME` among decorators (or a module's pytestmark list)."""
    found = set()
    for node in decorators:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Attribute) and sub.value.attr == "mark":
                found.add(sub.attr)
    return found


def _module_marks(tree: ast.Module) -> set[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "pytestmark" for t in node.targets):
            return _marks([node.value])
    return set()


def _reads_outside(function: ast.AST) -> bool:
    """Whether a function uses the corpus paths without checking first that they exist."""
    names = {n.id for n in ast.walk(function) if isinstance(n, ast.Name)}
    if not names & OUTSIDE:
        return False
    checked = any(
        isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr in ("exists", "is_dir", "is_file")
        and getattr(n.func.value, "id", None) in OUTSIDE
        for n in ast.walk(function)
    )
    return not checked


def test_every_test_that_reads_the_corpus_beside_the_checkout_is_marked():
    unmarked = []
    for path in sorted(TESTS.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if "corpus" in _module_marks(tree):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _reads_outside(node):
                if "corpus" not in _marks(node.decorator_list):
                    unmarked.append(f"{path.name}::{node.name}")
    assert unmarked == []


def test_the_corpus_marker_is_registered_with_its_reason(pytestconfig):
    markers = pytestconfig.getini("markers")
    assert any(m.startswith("corpus:") for m in markers)
    assert "../shared" in NO_CORPUS


@pytest.mark.corpus
def test_a_marked_test_runs_only_where_the_corpus_is():
    from .conftest import CORPUS

    assert CORPUS.is_dir()  # skipped, not failed, on a checkout without it
