"""The re-plan of the rest of a published week after a long absence (issue 20, point 2), through
the service on SQLite and PostgreSQL: what the days lack, few changes, days before the
absence kept, publishing only those changes as a new version with notices and audit lines,
and every forged or stale publication refused."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import delete, func, select

from dashboard.services import replacements, replan
from dashboard.services import week_planning as planning
from dashboard.services.forecast import clear_cache
from dashboard.services.schedule_changes import publish_draft
from data_access.db import dispose_engines, session_scope
from data_access.models import Absence, AuditEvent, ForecastRun, Notice, OpenShift, ReplacementOffer
from data_access.repositories.schedules import ScheduleRepository, compare

YEAR, WEEK = 2026, 51
MON = dt.date(2026, 12, 14)
WED = MON + dt.timedelta(days=2)


@pytest.fixture
def published(filled_url, monkeypatch):
    """Week 51 solved and published; cleaned up afterwards (the PostgreSQL schema is shared)."""
    monkeypatch.setenv("DATABASE_URL", filled_url)
    dispose_engines()
    with session_scope(filled_url) as session:
        last_run = session.scalar(select(func.max(ForecastRun.id))) or 0
        last_audit = session.scalar(select(func.max(AuditEvent.id))) or 0
    planning.plan_week(YEAR, WEEK, by="test", time_limit_s=5)
    publish_draft(YEAR, WEEK, by="test")
    yield filled_url
    with session_scope(filled_url) as session:
        session.execute(delete(Notice))
        session.execute(delete(ReplacementOffer))
        session.execute(delete(OpenShift))
        session.execute(delete(Absence).where(Absence.starts_on >= MON))
        session.execute(delete(AuditEvent).where(AuditEvent.id > last_audit))
        for schedule in ScheduleRepository(session).versions(YEAR, WEEK):
            session.delete(schedule)
        session.flush()
        session.execute(delete(ForecastRun).where(ForecastRun.id > last_run))
    clear_cache()
    planning._week_demand.cache_clear()
    dispose_engines()


def _rows(version=None):
    with session_scope() as session:
        repo = ScheduleRepository(session)
        schedule = repo.latest_published(YEAR, WEEK) if version is None else next(
            s for s in repo.versions(YEAR, WEEK) if s.version == version)
        return repo.rows(schedule.id)


def _absent_from_wednesday():
    """The person with the most shifts from Wednesday on calls in sick until Friday."""
    counts: dict[int, int] = {}
    for r in _rows():
        if r.staff_id is not None and r.day >= WED and r.task in ("reception", "counselling"):
            counts[r.staff_id] = counts.get(r.staff_id, 0) + 1
    person = max(counts, key=lambda p: (counts[p], p))
    call = replacements.record_sick_call(str(person), WED.isoformat(), "", (MON + dt.timedelta(days=4)).isoformat(),
                                         "sick", by="k")
    return person, call.open_shifts


def test_the_rest_of_the_week_is_replanned_with_few_changes_and_published_alone(published):
    person, open_ids = _absent_from_wednesday()
    proposal = replan.propose(open_ids[0], time_limit_s=8, by="koordination")
    assert isinstance(proposal, replan.ReplanProposal), proposal
    assert (proposal.iso_year, proposal.iso_week, proposal.base_version, proposal.keep_until) == (YEAR, WEEK, 1, WED)
    # Without a re-plan the absent person's days lack what they covered; the re-plan lacks no more.
    assert proposal.lacking and all(g.day >= WED for g in proposal.lacking)
    slots = lambda gaps: sum((g.end - g.start) // 30 * g.missing for g in gaps)  # noqa: E731
    assert slots(proposal.still_lacking) <= slots(proposal.lacking), (proposal.status, proposal.relaxed, len(proposal.changes), proposal.still_lacking[:5])
    # Only days from the absence on change; the absent person only loses shifts; few others move.
    assert proposal.changes and all(c.day >= WED for c in proposal.changes)
    assert all(c.after is None and c.absent for c in proposal.changes if c.staff_id == person)
    others = [r for r in _rows() if r.staff_id not in (None, person)]
    moved = {(c.staff_id, c.day) for c in proposal.changes if c.before is not None and c.staff_id != person}
    assert len(moved) / len(others) <= 0.15

    data = replan.as_data(proposal)
    # Forged or stale posts are refused and write nothing.
    assert replan.publish({**data, "version": 7}, by="k") == replacements.Problem("stale", "version", "1")
    assert replan.publish({**data, "changes": []}, by="k") == replacements.Problem("missing", "changes")
    absent_back = {**data, "changes": [{"person": person, "day": WED.isoformat(),
                                        "shift": "centre.FRUEH.counselling"}]}
    refused = replan.publish(absent_back, by="k")
    assert isinstance(refused, replacements.Problem) and refused.code == "rule"
    assert replan.publish({**data, "changes": "x"}, by="k") == replacements.Problem("invalid", "replan")
    assert len(_rows()) == len(_rows(1))

    version = replan.publish(data, by="koordination")
    assert version == 2
    before, after = _rows(1), _rows(2)
    diff = compare(before, after)
    changed = {(r.staff_id, r.day) for r in diff["added"] + diff["removed"]}
    assert changed == {(c.staff_id, c.day) for c in proposal.changes}
    # Every other assignment is copied with its confirmation.
    kept = {r.key(): r.confirmation for r in after}
    assert all(kept[r.key()] == r.confirmation for r in before if (r.staff_id, r.day) not in changed)
    assert not [r for r in after if r.staff_id == person and r.day >= WED]
    with session_scope() as session:
        second = ScheduleRepository(session).latest_published(YEAR, WEEK)
        told = {n.staff_id for n in session.scalars(select(Notice).where(Notice.key == f"publish:{second.id}"))}
        assert told == {staff for staff, _ in changed}
        states = {o.status for o in session.scalars(select(OpenShift).where(OpenShift.id.in_(open_ids)))}
        assert states == {"cancelled"}
        audit = {e.action: json.loads(e.details) for e in session.scalars(select(AuditEvent).where(
            AuditEvent.action.in_(("replan_published", "solve_replan"))))}
    assert audit["replan_published"]["base_version"] == 1 and len(audit["replan_published"]["changes"]) == len(changed)
    assert audit["solve_replan"]["changes"] == len(proposal.changes)
    # The same proposal again is stale now.
    assert replan.publish(data, by="koordination") == replacements.Problem("stale", "version", "2")


def test_a_replan_of_a_closed_or_unknown_open_shift_is_refused(published):
    assert replan.propose("x", by="k") == replacements.Problem("missing", "shift")
    assert replan.propose(999999, by="k") == replacements.Problem("not_found", "shift", "999999")
