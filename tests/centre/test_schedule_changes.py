"""Publishing and hand edits through the service the Planner page calls (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.services import schedule_changes
from data_access.db import dispose_engines, session_scope
from data_access.repositories.audit import AuditRepository
from data_access.repositories.schedules import ScheduleRepository
from tests.plans import draft_of_three

YEAR, WEEK = 2027, 12
MONDAY = dt.date.fromisocalendar(YEAR, WEEK, 1)


@pytest.fixture
def on_demo(filled_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", filled_url)
    dispose_engines()
    yield filled_url
    with session_scope(filled_url) as session:  # the PostgreSQL demo schema is shared: clean up
        for schedule in ScheduleRepository(session).versions(YEAR, WEEK):
            session.delete(schedule)
    dispose_engines()


def _draft_of_three() -> int:
    return draft_of_three(None, YEAR, WEEK)


def _versions() -> list[tuple[int, str, int]]:
    with session_scope() as session:
        schedules = ScheduleRepository(session)
        return [(s.version, s.status, len(schedules.rows(s.id))) for s in schedules.versions(YEAR, WEEK)]


def _rows(status: str):
    with session_scope() as session:
        schedules = ScheduleRepository(session)
        schedule = schedules.draft(YEAR, WEEK) if status == "draft" else schedules.latest_published(YEAR, WEEK)
        return schedules.rows(schedule.id)


def test_publishing_says_what_changes_against_the_previous_version(on_demo):
    assert schedule_changes.publish_preview(YEAR, WEEK) is None
    assert schedule_changes.publish_draft(YEAR, WEEK, by="anna") is None  # no draft: nothing to publish
    _draft_of_three()
    assert schedule_changes.publish_preview(YEAR, WEEK) == schedule_changes.PublishChanges(1, None)
    assert schedule_changes.publish_draft(YEAR, WEEK, by="anna") == schedule_changes.PublishChanges(1, None)

    removed = _rows("published")[0]
    assert schedule_changes.edit_assignment(YEAR, WEEK, "remove", by="anna", assignment=str(removed.id),
                                            shift=None, person=None, day=None) is None
    # The published version stays whole; the edit went into a fresh draft copied from it.
    assert _versions() == [(1, "published", 3), (2, "draft", 2)]
    assert schedule_changes.publish_preview(YEAR, WEEK) == schedule_changes.PublishChanges(2, 1, 0, 1)
    assert schedule_changes.publish_draft(YEAR, WEEK, by="ben") == schedule_changes.PublishChanges(2, 1, 0, 1)
    with session_scope() as session:
        actions = [(e.actor, e.action) for e in AuditRepository(session).latest(3)]
    assert ("ben", "publish") in actions and ("anna", "edit:edit-remove") in actions


def test_a_lock_on_a_published_week_lands_on_the_copy_of_that_assignment(on_demo):
    _draft_of_three()
    schedule_changes.publish_draft(YEAR, WEEK, by="anna")
    chosen = _rows("published")[1]
    assert schedule_changes.edit_assignment(YEAR, WEEK, "lock", by="anna", assignment=str(chosen.id),
                                            shift=None, person=None, day=None) is None
    locked = [r.key() for r in _rows("draft") if r.locked]
    assert locked == [chosen.key()]
    assert not any(r.locked for r in _rows("published"))


def _absent_days(person: int) -> set[dt.date]:
    """The days the roster problem has the person away (absences and closed days, e.g. Good Friday)."""
    from dashboard.services import week_planning

    view = week_planning.evaluate(YEAR, WEEK)
    return {view.week.dates[i] for i in view.problem.person(str(person)).absences}


def test_moving_an_assignment_to_another_day_keeps_its_shift_and_person(on_demo):
    _draft_of_three()
    row = _rows("draft")[0]
    free = next(MONDAY + dt.timedelta(days=i) for i in (3, 4) if MONDAY + dt.timedelta(days=i) not in
                _absent_days(row.staff_id))
    assert schedule_changes.edit_assignment(YEAR, WEEK, "apply", by="anna", assignment=str(row.id),
                                            shift=None, person=None, day=free) is None
    moved = [r for r in _rows("draft") if r.day == free]
    assert [(r.staff_id, r.place, r.template, r.task) for r in moved] == [(row.staff_id, row.place, row.template,
                                                                            row.task)]


def test_an_edit_that_breaks_a_hard_rule_is_refused_naming_rule_and_person(on_demo):
    """Moving a shift onto a day the person is absent: refused, with the rule and the person; nothing written."""
    from data_access.repositories.planning import PlanningRepository

    _draft_of_three()
    row = _rows("draft")[0]
    away = MONDAY + dt.timedelta(days=3)
    with session_scope() as session:  # a real absence on that Thursday
        absence = PlanningRepository(session).add_absence(row.staff_id, away, away, "sick")
        session.flush()
        absence_id = absence.id
    try:
        _refused_on(row, away)
    finally:
        with session_scope() as session:
            PlanningRepository(session).delete_absence(absence_id)


def _edit_lines() -> int:
    with session_scope() as session:
        return len([e for e in AuditRepository(session).latest(1000) if e.action.startswith("edit:")])


def _refused_on(row, away):
    before = [(r.id, r.day) for r in _rows("draft")]
    logged = _edit_lines()
    refusal = schedule_changes.edit_assignment(YEAR, WEEK, "apply", by="anna", assignment=str(row.id),
                                               shift=None, person=None, day=away)
    assert isinstance(refusal, schedule_changes.RuleRefusal)
    assert [(f.rule, f.people) for f in refusal.findings] == [("absence", (str(row.staff_id),))]
    assert refusal.names[str(row.staff_id)] == row.person
    assert [(r.id, r.day) for r in _rows("draft")] == before  # nothing written ...
    assert _edit_lines() == logged  # ... nor logged

    from dashboard.planner.views import refusal_lines
    from app import app

    with app.server.test_request_context(headers={"Cookie": "lang=de"}):
        lines = refusal_lines(refusal)
    assert any(row.person in line and "Do" in line and "abwesend" in line.lower() for line in lines), lines


def test_a_refused_edit_writes_nothing(on_demo):
    nothing = dict(shift=None, person=None, day=None)
    assert schedule_changes.edit_assignment(YEAR, WEEK, "lock", by="anna", assignment="1", **nothing) == "no_plan"
    _draft_of_three()
    schedule_changes.publish_draft(YEAR, WEEK, by="anna")
    # No assignment chosen, or one of another week: refused before any draft is started.
    assert schedule_changes.edit_assignment(YEAR, WEEK, "remove", by="anna", assignment=None, **nothing) == "none"
    assert schedule_changes.edit_assignment(YEAR, WEEK, "lock", by="anna", assignment="-5", **nothing) == "none"
    # Adding needs shift, person and day.
    assert schedule_changes.edit_assignment(YEAR, WEEK, "add", by="anna", assignment=None,
                                            shift="centre.VORM.counselling", person=None, day=MONDAY) == "none"
    assert _versions() == [(1, "published", 3)]
    with pytest.raises(ValueError, match="unknown edit action"):
        schedule_changes.edit_assignment(YEAR, WEEK, "publish", by="anna", assignment=None, **nothing)
