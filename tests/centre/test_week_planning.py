"""Planning a week against the database: solve, draft, lock, re-solve, publish, versions."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from data_access.db import dispose_engines, session_scope
from data_access.models import Assignment, ForecastRun
from sqlalchemy import delete, func, select
from data_access.repositories.schedules import PublishConflict, ScheduleRepository, compare
from dashboard.services import week_planning as planning
from dashboard.services.forecast import DEMAND, clear_cache

YEAR, WEEK = 2026, 51


@pytest.fixture
def on_demo(filled_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", filled_url)
    dispose_engines()
    with session_scope(filled_url) as session:
        last_run = session.scalar(select(func.max(ForecastRun.id))) or 0
    yield filled_url
    # The PostgreSQL demo schema is shared by the session: leave it as it was.
    with session_scope(filled_url) as session:
        for schedule in ScheduleRepository(session).versions(YEAR, WEEK):
            session.delete(schedule)
        session.flush()
        session.execute(delete(ForecastRun).where(ForecastRun.id > last_run))
    # The runs are gone: so must be every process cache that names them.
    clear_cache()
    planning._week_demand.cache_clear()
    dispose_engines()


def test_plan_lock_resolve_publish(on_demo):
    first = planning.plan_week(YEAR, WEEK, by="test", time_limit_s=10)
    assert first.result.feasible and first.result.check.ok
    assert first.result.seconds_to_first < 5
    view = planning.evaluate(YEAR, WEEK)
    assert view.status == "draft" and view.version == 1
    with session_scope() as session:
        from data_access.repositories.forecasts import ForecastRepository

        schedule = ScheduleRepository(session).get(first.schedule_id)
        run = ForecastRepository(session).get(schedule.forecast_run_id)
        assert run is not None and run.method == DEMAND.method_label  # the plan names its stored forecast
        assert ForecastRepository(session).slots(run.id, dt.datetime(2026, 12, 14), dt.datetime(2026, 12, 19))
    assert view.report.ok and view.report.objective == first.result.objective  # score recomputed from the plan

    # Lock one assignment by hand, solve again: the lock holds and little else moves.
    with session_scope() as session:
        schedules = ScheduleRepository(session)
        row = next(r for r in schedules.rows(first.schedule_id) if r.task == "counselling")
        schedules.set_locked(row.id, True)
    second = planning.plan_week(YEAR, WEEK, by="test", time_limit_s=10)
    assert second.schedule_id == first.schedule_id  # the working draft is replaced, not multiplied
    with session_scope() as session:
        rows = ScheduleRepository(session).rows(second.schedule_id)
    kept = [r for r in rows if r.key() == row.key()]
    assert kept and kept[0].locked
    before = {(s.person, s.day): s.shift_id for s in first.shifts}
    after = {(s.person, s.day): s.shift_id for s in second.shifts}
    assert sum(after.get(k) == v for k, v in before.items()) / len(before) >= 0.9

    with session_scope() as session:
        published = ScheduleRepository(session).publish(second.schedule_id, by="test")
        assert published.status == "published" and published.version == 1
    # A second publisher of the same draft is told, and nothing changes.
    with pytest.raises(PublishConflict):
        with session_scope() as session:
            ScheduleRepository(session).publish(second.schedule_id, by="other")
    # A published version is immutable: edits go to a new draft, version 2.
    with session_scope() as session:
        schedules = ScheduleRepository(session)
        with pytest.raises(PublishConflict):
            schedules.set_locked(kept[0].id, False)
        draft = schedules.start_draft_from(published.id, by="test")
        assert draft.version == 2 and draft.status == "draft"
        assert len(schedules.rows(draft.id)) == len(rows)


def test_publishing_again_keeps_confirmations_of_unchanged_shifts(on_demo):
    outcome = planning.plan_week(YEAR, WEEK, by="test", time_limit_s=5)
    with session_scope() as session:
        schedules = ScheduleRepository(session)
        v1 = schedules.publish(outcome.schedule_id, by="test")
        rows = schedules.rows(v1.id)
        partner = [r for r in rows if r.task in ("jobcenter", "registration")]
        for r in partner:
            session.get(Assignment, r.id).confirmation = "confirmed"
        declined = session.get(Assignment, partner[-1].id)
        declined.confirmation, declined.decline_reason = "declined", "Fortbildung an dem Tag"
        draft = schedules.start_draft_from(v1.id, by="test")
        changed = next(r for r in schedules.rows(draft.id) if r.key() == partner[0].key())
        schedules.replace_assignment(changed.id, None)  # one partner shift removed
        v2 = schedules.publish(draft.id, by="test")
        new_rows = schedules.rows(v2.id)
    diff = compare(rows, new_rows)
    assert [r.key() for r in diff["removed"]] == [partner[0].key()] and diff["added"] == []
    confirmed = {r.key() for r in new_rows if r.confirmation == "confirmed"}
    assert confirmed == {r.key() for r in partner[1:-1]}
    with session_scope() as session:
        still_declined = [session.get(Assignment, r.id) for r in new_rows if r.key() == partner[-1].key()]
        assert still_declined[0].confirmation == "declined"
        assert still_declined[0].decline_reason == "Fortbildung an dem Tag"


def test_stop_request_keeps_the_best_plan_so_far(on_demo):
    stop = threading.Event()
    seen = []

    def progress(objective, bound, elapsed):
        seen.append(objective)
        stop.set()  # stop at the first plan found

    outcome = planning.plan_week(YEAR, WEEK, by="test", time_limit_s=30, stop_event=stop, on_progress=progress)
    assert seen and outcome.result.feasible
    assert outcome.result.wall_time < 15
    assert outcome.schedule_id is not None
