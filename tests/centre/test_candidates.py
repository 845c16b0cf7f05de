"""Ranked candidates for one open shift."""

from __future__ import annotations

import pytest

from data_access.db import dispose_engines
from dashboard.planner import views
from dashboard.services import week_planning as planning
from dashboard.planner.engine_labels import engine_labels


@pytest.fixture
def planned(filled_sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", filled_sqlite_url)
    dispose_engines()
    yield planning.plan_week(2026, 51, by="test", time_limit_s=5)
    dispose_engines()


def test_candidates_are_free_ranked_by_score_and_say_what_they_break(planned):
    view = planning.evaluate(2026, 51)
    roles = {m.id: m.role for m in view.week.members}
    counsellors = {m for m, r in roles.items() if r in ("social_worker", "language_adviser", "coordination")}
    # A day on which someone who may counsel is free.
    day = next(d for d in view.week.workdays
               if counsellors - {s.person for s in planned.shifts if s.day == d})
    ranking = planning.rank_candidates(2026, 51, "infopoint.VORM.counselling", day, limit=20, labels=engine_labels())
    ranked = ranking.candidates
    busy = {s.person for s in planned.shifts if s.day == day}
    assert ranked and all(c.person not in busy for c in ranked)
    ok = [c for c in ranked if c.hard_ok]
    assert [c.objective for c in ok] == sorted(c.objective for c in ok)
    assert ranked[: len(ok)] == ok  # hard-rule breakers come last ...
    words = {c.person: views.broken_rules(ranking.problem, c.broken) for c in ranked}
    for c in ranked[len(ok):]:
        assert c.broken and words[c.person]  # ... and the page says in words what they would break
    assert {c.person for c in ok} <= counsellors
    assert all(roles[c.person] in ("reception", "citizen_services", "jobcenter_rep", "welfare_rep")
               for c in ranked[len(ok):] if "Qualifikation" in " ".join(words[c.person]))


def test_a_rule_the_plan_breaks_already_is_not_blamed_on_every_candidate(planned, filled_sqlite_url):
    """An absence entered after planning makes the plan break the absence rule; that is not
    the doing of whoever is tried for another shift (issue 20: everyone was "ist abwesend")."""
    from dashboard.services import absences

    view = planning.evaluate(2026, 51)
    roles = {m.id: m.role for m in view.week.members}
    counsellors = {m for m, r in roles.items() if r in ("social_worker", "language_adviser", "coordination")}
    day = next(d for d in view.week.workdays if counsellors - {s.person for s in planned.shifts if s.day == d})
    absent = next(s.person for s in planned.shifts if s.day == day)
    assert absences.add_absence(absent, day.isoformat(), day.isoformat(), "sick", by="test") is None
    after = planning.evaluate(2026, 51)
    assert any(f.rule == "absence" for f in after.report.hard_violations)  # the plan breaks it now
    ranking = planning.rank_candidates(2026, 51, "infopoint.VORM.counselling", day, limit=30, labels=engine_labels())
    assert ranking.candidates
    # Nobody is told "ist abwesend" for someone else's absence: each candidate's broken
    # rules are their own (before the fix every candidate carried the plan's absence finding).
    assert all(f.rule != "absence" and f.people in ((), (c.person,)) for c in ranking.candidates for f in c.broken)


def test_replacements_for_a_colleague_off_sick_are_not_all_marked_absent(planned):
    """A real absence entered after planning (through the absences use case, as the page does):
    the sick colleague's shift is offered to the others, no one is charged with the sick
    colleague's absence (the old ranking marked every proposal "ist abwesend"), and those who
    break nothing themselves are proposed as fitting, first."""
    from dashboard.services import absences

    view = planning.evaluate(2026, 51)
    roles = {m.id: m.role for m in view.week.members}
    counsellors = {m for m, r in roles.items() if r in ("social_worker", "language_adviser", "coordination")}
    away = {(p, d) for p, days in view.week.absences.items() for d in days}
    shifts = [s for s in planned.shifts if s.task == "counselling"
              and counsellors - {o.person for o in planned.shifts if o.day == s.day} - {p for p, d in away if d == s.day}]
    assert shifts
    for sick_shift in shifts[:3]:
        assert absences.add_absence(sick_shift.person, sick_shift.day.isoformat(), sick_shift.day.isoformat(),
                                    "sick", by="test") is None
        entered = next(a.id for a in absences.list_week("2026-W51").absences
                       if a.starts_on == sick_shift.day and a.kind == "sick")
        try:
            ranking = planning.rank_candidates(2026, 51, sick_shift.shift_id, sick_shift.day, limit=50,
                                               labels=engine_labels())
        finally:
            absences.delete("absence", entered, by="test")
        ranked = ranking.candidates
        assert ranked and sick_shift.person not in {c.person for c in ranked}
        # Each candidate is charged only with what the change breaks for them, never with the sick one's absence.
        assert all(set(f.people) == {c.person} for c in ranked for f in c.broken)
        assert all(c.hard_ok == (not c.broken) for c in ranked)
        others_away = {p for p, d in away if d == sick_shift.day}
        for c in ranked:
            words = " ".join(views.broken_rules(ranking.problem, c.broken))
            assert ("abwesend" in words) == (c.person in others_away), (c.name, words)
        fitting = [c for c in ranked if c.hard_ok]
        assert ranked[: len(fitting)] == fitting and {c.person for c in fitting} <= counsellors
