"""The demo's current week is planned and published once, around the partners' agreed turns."""

from __future__ import annotations

import pytest

from dashboard.services import demo_plans
from dashboard.services import week_planning as planning
from data_access.db import dispose_engines, session_scope
from data_access.repositories.schedules import ScheduleRepository
from tests.conftest import DEMO_NOW


@pytest.fixture
def demo(filled_sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", filled_sqlite_url)
    dispose_engines()
    yield filled_sqlite_url
    dispose_engines()


def test_the_demo_week_is_planned_published_and_left_alone_afterwards(demo):
    year, number, _ = DEMO_NOW.date().isocalendar()
    with session_scope() as session:
        schedules = ScheduleRepository(session)
        partner_turns = {(r.day, r.task) for r in schedules.rows(schedules.latest_published(year, number).id)}
    assert demo_plans.only_partner_turns(year, number)
    assert planning.evaluate(year, number).report.hard_violations  # partner turns alone leave desks empty

    done = demo_plans.plan_demo_weeks(DEMO_NOW.date(), weeks=1, seconds=10)
    assert [(y, w) for y, w, _ in done] == [(year, number)]
    view = planning.evaluate(year, number)
    assert (view.version, view.status) == (2, "published")
    assert view.report.ok, [v.rule for v in view.report.hard_violations]
    assert partner_turns <= {(r.day, r.task) for r in view.rows}  # every agreed partner turn still taken

    assert demo_plans.plan_demo_weeks(DEMO_NOW.date(), weeks=1, seconds=5) == []  # once only
    with session_scope() as session:
        assert len(ScheduleRepository(session).versions(year, number)) == 2


def test_a_demo_week_without_a_plan_in_time_is_not_published(demo, monkeypatch):
    from types import SimpleNamespace

    year, number, _ = DEMO_NOW.date().isocalendar()
    # The solve found no plan within its time (a busy machine): its draft holds only the
    # partner turns, and that must not be published as the week's plan.
    published = []
    monkeypatch.setattr(planning, "plan_week", lambda *a, **k: SimpleNamespace(
        schedule_id=99, result=SimpleNamespace(feasible=False, status="UNKNOWN")))
    monkeypatch.setattr(demo_plans.schedule_changes, "publish_draft",
                        lambda *a, **k: published.append(a))
    assert demo_plans.plan_demo_weeks(DEMO_NOW.date(), weeks=1, seconds=5) == []
    assert published == []
    assert demo_plans.only_partner_turns(year, number)  # left for a later start
