"""Every refusal the sick-call, swap, leave and wish use cases return has its sentence in both languages."""

from __future__ import annotations

import pytest

from dashboard.texts.i18n import CATALOGUE
from planner.replacements import RULES

REPLACEMENT_PROBLEMS = [
    ("missing", "person"), ("not_found", "person"), ("missing", "from"), ("invalid", "from"), ("invalid", "time"),
    ("order", "to"), ("missing", "people"), ("too_many", "people"), ("not_found", "people"), ("not_found", "shift"),
    ("not_open", "shift"), ("missing", "shift"), ("not_pending", "request"), ("missing", "request"),
    ("not_waiting", "swap"), ("conflict", "swap"),
]
OWN_PROBLEMS = [
    ("taken", "offer"), ("not_found", "offer"), ("missing", "offer"), ("conflict", "offer"), ("missing", "from"),
    ("invalid", "from"), ("missing", "to"), ("invalid", "to"), ("order", "to"), ("past", "from"), ("too_long", "note"),
    ("missing", "day"), ("invalid", "day"), ("invalid", "kind"), ("past", "day"), ("planned", "day"),
    ("not_found", "shift"), ("already", "shift"), ("nobody", "shift"), ("not_found", "colleague"),
]


@pytest.mark.parametrize("code, field", REPLACEMENT_PROBLEMS)
def test_coordination_refusals_are_worded(code, field):
    assert all(CATALOGUE[f"rep.problem.{code}.{field}"])


@pytest.mark.parametrize("code, field", OWN_PROBLEMS)
def test_team_member_refusals_are_worded(code, field):
    assert all(CATALOGUE[f"own.problem.{code}.{field}"])


@pytest.mark.parametrize("rule", RULES)
def test_every_hard_rule_of_a_take_over_is_named_in_words(rule):
    assert all(CATALOGUE[f"rep.rule.{rule}"])


@pytest.mark.parametrize("kind", ["asked", "taken", "replaced", "given", "published"])
def test_every_notice_has_its_sentence_and_subject(kind):
    assert all(CATALOGUE[f"notice.{kind}"]) and all(CATALOGUE[f"notice.{kind}.subject"])
