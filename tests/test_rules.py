"""Named rules: the table mechanics, and every stage's rules run on their own examples.

Each rule carries an invented example of the text it exists for. The stage's probe runs
the stage on that example and says which rules decided; every rule must decide on its own
example, and must stop deciding when it is switched off.
"""

from __future__ import annotations

import pytest

from extract import rules
from extract.rules import Rule, RuleTable, rules_off


def _table(stage: str) -> RuleTable[str]:
    return RuleTable(
        stage,
        [
            Rule("shouting", "LOUD WORDS", lambda text: "loud" if text.isupper() else None),
            Rule("question", "Is it?", lambda text: "asks" if text.endswith("?") else None),
        ],
    )


def test_the_first_rule_that_decides_wins_and_is_named():
    table = _table("test-first")
    assert table.first("WHY?") == ("test-first.shouting", "loud")
    assert table.first("why?") == ("test-first.question", "asks")
    assert table.first("why") is None
    assert table.every("WHY?") == [("test-first.shouting", "loud"), ("test-first.question", "asks")]


def test_a_rule_switched_off_is_skipped(monkeypatch):
    table = _table("test-off")
    with rules_off("test-off.shouting"):
        assert table.first("WHY?") == ("test-off.question", "asks")
        assert not table.is_on("shouting")
    assert table.first("WHY?") == ("test-off.shouting", "loud")
    monkeypatch.setenv(rules.ENV_OFF, "test-off.question, test-off.shouting")
    assert table.first("WHY?") is None


def test_a_table_refuses_two_rules_of_one_name():
    with pytest.raises(ValueError, match="twice"):
        RuleTable("test-twice", [Rule("a", "x", lambda t: 1), Rule("a", "y", lambda t: 2)])


def _stage_rules() -> list[tuple[str, str]]:
    tables = rules.load_tables()
    return [
        (name, rule.example)
        for stage, table in tables.items()
        if not stage.startswith("test-")
        for rule, name in zip(table.rules, table.names, strict=True)
    ]


def test_every_stage_table_can_probe_its_rules():
    for stage, table in rules.load_tables().items():
        if not stage.startswith("test-"):
            assert table.probe is not None, f"rule table {stage} gives no probe to test its rules with"
            assert all(r.example.strip() for r in table.rules), f"a rule of {stage} has no example"


@pytest.mark.slow
@pytest.mark.parametrize(("name", "example"), _stage_rules())
def test_each_rule_decides_on_its_own_example(name, example):
    stage = name.split(".", 1)[0]
    table = rules.TABLES[stage]
    assert table.probe is not None
    assert name in table.probe(example), f"{name} did not decide on its own example: {example!r}"
    with rules_off(name):
        assert name not in table.probe(example)
