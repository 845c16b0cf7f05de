"""The roster engine's sentences name places, roles and shifts as the interface does, in the
user's language: the centre's configuration gives the engine display names for its codes."""

from __future__ import annotations

import re

from dashboard.planner.engine_labels import engine_labels
from planner.centre import LockedShift, build_week_problem
from planner.roster import groups as g
from planner.roster.explain import explain
from planner.roster.words import describe_group, describe_groups
from tests.centre.factory import MONDAY, members, week

CODES = re.compile(r"(?<!Service )\b(centre|infopoint|reception|counselling|registration|FRUEH|SPAET|VORM|NACHM)\b")


def _cover(problem, place: str, skill: str) -> int:
    return next(i for i, c in enumerate(problem.covers) if c.place == place and c.skill == skill and c.minimum)


def test_conflicts_and_rule_sentences_use_display_names_in_both_languages():
    person = next(m for m in members() if m.role == "reception")
    problem = build_week_problem(week(labels=engine_labels(),
                                      locked=(LockedShift(person.id, MONDAY, "centre.FRUEH.reception"),)))
    conflict = explain(problem, (g.RuleGroup(g.COVER_MINIMUM, cover=_cover(problem, "centre", "reception")),))
    assert "mindestens 1 Person mit der Rolle Empfang am Standort Servicezentrum gebraucht" in conflict.german
    assert "haben die Rolle Empfang" in conflict.german
    assert "at least 1 person with the role Reception at Service centre from" in conflict.english
    assert "have the role Reception" in conflict.english
    pin_de, pin_en = describe_group(problem, g.RuleGroup(g.PIN, person=person.id, day=0))
    assert "fest für Frühdienst (Empfang) eingeplant" in pin_de
    assert "is locked to Early shift (Reception) on Monday, 30/11/2026" in pin_en
    infopoint = describe_group(problem, g.RuleGroup(g.COVER_MINIMUM, cover=_cover(problem, "infopoint", "reception")))
    assert "am Standort Infopoint" in infopoint[0] and "at Infopoint" in infopoint[1]
    for text in (conflict.german, conflict.english, pin_de, pin_en, *infopoint):
        assert not CODES.search(text), text


def test_without_display_names_the_engine_shows_its_codes():
    """The default, as in the benchmark configuration: a code is its own name."""
    problem = build_week_problem(week())
    de, en = describe_group(problem, g.RuleGroup(g.COVER_MINIMUM, cover=_cover(problem, "centre", "reception")))
    assert "mit der Rolle reception am Standort centre" in de
    assert "with the role reception at centre" in en
    assert problem.label("centre.FRUEH.reception") == ("Frühdienst (reception)", "Early shift (reception)")


def test_a_day_without_reception_reads_as_one_line_with_its_time_spans():
    problem = build_week_problem(week(labels=engine_labels()))
    monday = [i for i, c in enumerate(problem.covers)
              if c.day == 0 and c.place == "centre" and c.skill == "reception" and c.minimum and c.slot]
    tuesday = next(i for i, c in enumerate(problem.covers)
                   if c.day == 1 and c.place == "centre" and c.skill == "reception" and c.minimum and c.slot)
    assert len(monday) > 4
    # Monday's slots broken apart from one in the middle, Tuesday's first, and a person's rule between them.
    broken = [*monday[:2], *monday[3:], tuesday]
    person = next(m for m in members() if m.role == "reception")
    groups = [g.RuleGroup(g.COVER_MINIMUM, cover=i) for i in broken]
    groups.insert(1, g.RuleGroup(g.WEEKLY_MINUTES, person=person.id, week=0))
    lines = describe_groups(problem, groups)
    assert len(lines) == 3
    slots = [problem.covers[i].slot for i in monday]
    first, gap, last = slots[0], slots[2], slots[-1]

    def hhmm(minutes):
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    de, en = lines[0]
    assert de.startswith("Am Montag, 30.11.2026 wird von ")
    assert f"{hhmm(first[0])}-{hhmm(gap[0])} und {hhmm(gap[1])}-{hhmm(last[1])}" in de
    assert f"from {hhmm(first[0])}-{hhmm(gap[0])} and {hhmm(gap[1])}-{hhmm(last[1])}" in en
    assert "mindestens 1 Person mit der Rolle Empfang am Standort Servicezentrum gebraucht" in de
    assert lines[1] == describe_group(problem, groups[1])  # other rules as before, in their place
    assert lines[2][0].startswith("Am Dienstag, 01.12.2026 wird von ")
