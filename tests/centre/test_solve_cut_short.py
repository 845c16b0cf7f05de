"""A solve cut short (stopped by hand or by its time limit) keeps its best plan, marked so."""

from __future__ import annotations

import threading

import pytest

from data_access.db import dispose_engines, session_scope
from data_access.repositories.schedules import ScheduleRepository
from dashboard.services import week_planning as planning
from planner.roster import SolveResult

YEAR, WEEK = 2027, 12


def _result(status: str, wall_time: float) -> SolveResult:
    return SolveResult(status=status, objective=10, best_bound=5.0, gap=0.5, wall_time=wall_time,
                       seconds_to_first=0.1, seconds_to_best=0.2, assignments=())


def test_why_a_solve_ended_early():
    stop = threading.Event()
    assert planning.cut_short(_result("FEASIBLE", 9.6), 10, stop) == "time_limit"
    assert planning.cut_short(_result("FEASIBLE", 3.0), 10, stop) is None  # ended on its own
    stop.set()
    assert planning.cut_short(_result("FEASIBLE", 3.0), 10, stop) == "stopped"
    assert planning.cut_short(_result("OPTIMAL", 3.0), 10, stop) is None  # nothing better to find
    assert planning.cut_short(_result("UNKNOWN", 10.0), 10, stop) is None  # no plan to keep


@pytest.mark.parametrize(("cut", "relaxed", "expected"), [
    ("stopped", False, "FEASIBLE STOPPED"),
    ("time_limit", True, "FEASIBLE TIME_LIMIT RELAXED"),
    (None, False, "FEASIBLE"),
])
def test_the_mark_fits_the_status_column(cut, relaxed, expected):
    status = planning.solver_status(_result("FEASIBLE", 1.0), cut, relaxed)
    assert status == expected and len(status) <= 32


@pytest.fixture
def on_sqlite_demo(filled_sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", filled_sqlite_url)
    dispose_engines()
    yield filled_sqlite_url
    with session_scope(filled_sqlite_url) as session:
        for schedule in ScheduleRepository(session).versions(YEAR, WEEK):
            session.delete(schedule)
    dispose_engines()


def test_a_stopped_solve_saves_its_best_plan_marked_stopped(on_sqlite_demo):
    stop = threading.Event()
    outcome = planning.plan_week(YEAR, WEEK, by="test", time_limit_s=30, stop_event=stop,
                                 on_progress=lambda *_: stop.set())  # stop at the first plan
    assert outcome.result.feasible and outcome.cut_short == "stopped"
    with session_scope() as session:
        schedules = ScheduleRepository(session)
        draft = schedules.draft(YEAR, WEEK)
        assert draft.id == outcome.schedule_id
        assert draft.solver_status.startswith(outcome.result.status) and "STOPPED" in draft.solver_status
        assert len(schedules.rows(draft.id)) == len(outcome.shifts) > 0  # the whole plan, not a part


def test_the_planner_says_when_the_plan_is_the_best_so_far():
    import app  # noqa: F401 - pages register themselves with the app
    from dashboard.planner.solving import solve_message

    def text(node) -> str:
        return str(node.to_plotly_json()) if hasattr(node, "to_plotly_json") else str(node)

    stopped = text(solve_message(_result("FEASIBLE", 2.0), 2.0, (), "stopped")[0])
    assert "Angehalten: Der beste bis dahin gefundene Plan ist als Entwurf gespeichert" in stopped
    timed = text(solve_message(_result("FEASIBLE", 20.0), 20.0, (), "time_limit")[0])
    assert "Zeitlimit erreicht" in timed
    assert "solve-cut-short" not in text(solve_message(_result("OPTIMAL", 2.0), 2.0)[0])
