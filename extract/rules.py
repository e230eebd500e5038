"""Named rules: the unit that every extraction stage's decisions are made of.

A rule is a record: a name, an invented example of the text it exists for, and either a
predicate (`Rule`) or spaCy token patterns (`PatternRule`, for `Matcher`,
`DependencyMatcher` or `PhraseMatcher` tables). Each stage keeps its rules in an ordered
`RuleTable` and runs the table instead of a chain of `if` branches, and it records the
name of the rule that decided (as blocks record a `reason`), so that:

- `policy-tui explain FILE` can show which rule produced each entity and claim;
- a test can run every rule on its own example (`tests/test_rules.py`);
- `bench.rules` can switch any rule off and measure what it changes.

Rules are switched off by their qualified name (`stage.name`) with the environment
variable `POLICY_TUI_RULES_OFF` (names separated by commas, read when a table is
consulted), or with `rules_off(...)` in a test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")

ENV_OFF = "POLICY_TUI_RULES_OFF"

# Every table, by stage name, so that tests and the ablation benchmark can list them all.
TABLES: dict[str, RuleTable[Any]] = {}

_forced_off: set[str] = set()

# The rules that decided while a `tracing()` block runs (explain, probes); None outside one.
_trace: ContextVar[list[str] | None] = ContextVar("policy_tui_rule_trace", default=None)


@contextmanager
def tracing() -> Iterator[list[str]]:
    """Collect, in order, the qualified names of the rules that decide inside the block."""
    fired: list[str] = []
    token = _trace.set(fired)
    try:
        yield fired
    finally:
        _trace.reset(token)


def note(name: str) -> None:
    """Record that rule `name` decided (tables do it themselves; a matcher-driven stage calls it)."""
    fired = _trace.get()
    if fired is not None:
        fired.append(name)


def switched_off() -> frozenset[str]:
    """The qualified names of the rules switched off in this process."""
    env = {name.strip() for name in os.environ.get(ENV_OFF, "").split(",") if name.strip()}
    return frozenset(env | _forced_off)


@contextmanager
def rules_off(*names: str) -> Iterator[None]:
    """Switch the named rules off for the duration of a `with` block (tests, benchmarks)."""
    added = set(names) - _forced_off
    _forced_off.update(added)
    try:
        yield
    finally:
        _forced_off.difference_update(added)


@dataclass(frozen=True)
class Rule(Generic[T]):
    """A predicate rule: `decide(...)` returns a decision, or None when the rule does not apply."""

    name: str
    example: str  # invented text the rule exists for; tests run the rule's stage on it
    decide: Callable[..., T | None]
    why: str = ""  # the kind of text that needs the rule, in a line


@dataclass(frozen=True)
class PatternRule:
    """A spaCy pattern rule: the match label is the rule's name.

    `patterns` are `Matcher` token patterns, `DependencyMatcher` patterns or
    `PhraseMatcher` phrases, as the table that holds the rule builds them.
    """

    name: str
    example: str
    patterns: tuple[Any, ...]
    why: str = ""
    # What a match means to the stage (a cue class, a label, a role), free-form data.
    meaning: dict[str, Any] = field(default_factory=dict)

    @property
    def decide(self) -> None:  # pattern rules decide through their matcher, not a predicate
        return None


class RuleTable(Generic[T]):
    """An ordered table of named rules that one stage runs.

    `probe`, given by the stage, runs the stage on a text and returns the qualified names
    of the rules that decided something in it; tests use it to check that each rule fires
    on its own example and that switching it off changes the outcome.
    """

    def __init__(
        self, stage: str, rules: Sequence[Rule[T] | PatternRule], *, probe: Callable[[str], set[str]] | None = None
    ):
        names = [r.name for r in rules]
        duplicates = {n for n in names if names.count(n) > 1}
        if duplicates:
            raise ValueError(f"rule table {stage!r} names a rule twice: {sorted(duplicates)}")
        self.stage = stage
        self.rules: tuple[Rule[T] | PatternRule, ...] = tuple(rules)
        self.probe = probe
        TABLES[stage] = self

    def qualified(self, rule: Rule[T] | PatternRule) -> str:
        return f"{self.stage}.{rule.name}"

    @property
    def names(self) -> list[str]:
        return [self.qualified(r) for r in self.rules]

    def active(self) -> list[Rule[T] | PatternRule]:
        """The rules in order, less those switched off."""
        off = switched_off()
        return [r for r in self.rules if self.qualified(r) not in off]

    def is_on(self, name: str) -> bool:
        return f"{self.stage}.{name}" not in switched_off()

    def first(self, *args: Any, **kwargs: Any) -> tuple[str, T] | None:
        """The first active rule whose predicate decides (not None, not False), with its decision."""
        for rule in self.active():
            if not isinstance(rule, Rule):
                continue
            decision = rule.decide(*args, **kwargs)
            if decision is not None and decision is not False:
                name = self.qualified(rule)
                note(name)
                return name, decision
        return None

    def every(self, *args: Any, **kwargs: Any) -> list[tuple[str, T]]:
        """Every active rule that decides, in order, with its decision."""
        out: list[tuple[str, T]] = []
        for rule in self.active():
            if not isinstance(rule, Rule):
                continue
            decision = rule.decide(*args, **kwargs)
            if decision is not None and decision is not False:
                name = self.qualified(rule)
                note(name)
                out.append((name, decision))
        return out

    def __len__(self) -> int:
        return len(self.rules)

    def __repr__(self) -> str:
        return f"RuleTable({self.stage!r}, {len(self.rules)} rules)"


def probe_extraction(text: str) -> set[str]:
    """The rules that decide while the whole extraction runs over `text` (a plain-text document),
    with the default pipeline loaded once per process: the probe of any stage's table."""
    from pathlib import Path

    from extract.nlp import shared_model
    from extract.pipeline import extract
    from extract.reading.files import source_from_bytes

    source = source_from_bytes(text.encode("utf-8"), Path("probe.txt"), "text")
    with tracing() as fired:
        extract(source, shared_model())
    return set(fired)


def load_tables() -> dict[str, RuleTable[Any]]:
    """Every stage's table: the pipeline imports every stage, and each builds its tables on import."""
    import extract.pipeline  # noqa: F401

    return TABLES


def all_rule_names() -> list[str]:
    """The qualified names of every rule of every stage, in stage order."""
    return [name for table in load_tables().values() for name in table.names]
