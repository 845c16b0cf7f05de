"""The solve API: progress, stop, warm start, and the Curtois-Qu instance 1 optimum."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from ortools.sat.python import cp_model

from planner.benchmarks.curtois_qu import DEFAULT_FOLDER, read
from planner.roster import Assignment, SolveOptions, check, solve
from planner.roster import solver as solver_module
from planner.roster.heuristic import starting_plan

from .roster_factory import need, person, problem
from .test_roster_rows import tight

INSTANCE1 = DEFAULT_FOLDER / "Instance1.txt"


@pytest.mark.skipif(not INSTANCE1.exists(), reason=f"benchmark folder missing: {DEFAULT_FOLDER}")
def test_instance1_is_solved_to_its_proven_optimum():
    p = read(INSTANCE1)
    r = solve(p, SolveOptions(time_limit_s=60, num_workers=2, random_seed=1))
    assert r.status == "OPTIMAL" and r.objective == 607 and r.best_bound == 607
    report = check(p, r.assignments)
    assert report.ok and report.objective == 607
    assert r.gap == 0 and r.seconds_to_first <= r.seconds_to_best <= r.wall_time


def _medium():
    people = [person(c, max_consecutive_days=3, min_consecutive_days=2) for c in "ABCDEF"]
    return problem(14, people, [need(d, required=3, under=5, over=1) for d in range(14)])


def test_progress_reports_objective_bound_and_elapsed():
    seen = []
    r = solve(_medium(), SolveOptions(time_limit_s=10, on_progress=lambda *a: seen.append(a)))
    assert r.verified
    assert seen and all(len(x) == 3 for x in seen)
    assert seen[-1][0] == r.objective
    assert all(obj >= bound for obj, bound, _ in seen)
    assert [e for _, _, e in seen] == sorted(e for _, _, e in seen)


def test_stop_request_ends_the_search_early():
    stop = threading.Event()
    stop.set()
    r = solve(read(DEFAULT_FOLDER / "Instance10.txt") if (DEFAULT_FOLDER / "Instance10.txt").exists()
              else _medium(), SolveOptions(time_limit_s=30, stop_event=stop))
    assert r.wall_time < 10
    assert r.verified or not r.feasible


def test_warm_start_plan_is_returned_when_it_is_optimal():
    p = problem(3, [person(), person("B")], [need(d) for d in range(3)])
    plan = (Assignment("B", 0, "D"), Assignment("A", 1, "D"), Assignment("B", 2, "D"))
    r = solve(p, SolveOptions(time_limit_s=5, warm_start=plan, num_workers=1))
    assert r.objective == 0 and r.status == "OPTIMAL" and r.verified
    assert check(p, r.assignments).ok


def test_solver_parameters_are_set_on_the_parameters_object(monkeypatch):
    from ortools.sat.python import cp_model

    seen = []
    real = cp_model.CpSolver.solve

    def spy(self, model, callback=None):
        seen.append((self.parameters.num_workers, self.parameters.max_time_in_seconds,
                     self.parameters.random_seed))
        return real(self, model, callback)

    monkeypatch.setattr(cp_model.CpSolver, "solve", spy)
    solve(problem(1, [person()], [need(0)]), SolveOptions(time_limit_s=3, num_workers=1,
                                                         random_seed=7))
    # Every CP-SAT call of the search (greedy evaluation, full-model slice, LNS steps) runs
    # on the given workers, within the time limit, seeded from the given seed.
    assert seen and all(w == 1 and 0 < limit <= 3.01 and seed >= 7 for w, limit, seed in seen)
    assert seen[0][2] == 7
    seen.clear()
    solve(problem(1, [person()], [need(0)]), SolveOptions(time_limit_s=3, num_workers=1,
                                                         random_seed=7, neighbourhood_search=False))
    assert seen[-1] == (1, pytest.approx(3, abs=0.5), 7)


def test_engine_imports_no_ui_or_database_code():
    import subprocess
    import sys

    code = ("import sys, planner.roster, planner.benchmarks.curtois_qu; "
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('dash', 'flask', 'sqlalchemy', 'data_access', 'dashboard')]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[2], check=True)
    assert out.stdout.strip() == "[]"


def test_roster_lns_improves_a_poor_incumbent_and_stays_valid():
    import time

    from planner.roster.builder import build
    from planner.roster.lns import LnsState, improve

    p = _medium()
    built = build(p)
    empty = check(p, ())
    assert empty.ok and empty.objective == 14 * 3 * 5
    seen = []
    state = improve(built, LnsState(dict.fromkeys(built.vars.x, 0), empty.objective),
                    time.monotonic() + 3, 1, 0, lambda: False, seen.append)
    assert seen and state.objective < empty.objective
    report = check(p, built.plan_from(state.values))
    assert report.ok and report.objective == state.objective


def test_greedy_start_respects_absences_and_fills_covers():
    from planner.roster import Person
    from planner.roster.heuristic import starting_plan

    p = problem(3, [Person("A", absences={1: "krank"}), person("B")],
                [need(d, required=1) for d in range(3)])
    plan = starting_plan(p)
    assert ("A", 1) not in {(a.person, a.day) for a in plan}
    assert sorted(a.day for a in plan) == [0, 1, 2]


def test_last_weeks_plan_shifted_and_rotated_as_warm_start():
    from planner.roster.warm import rotated, shifted

    last = (Assignment("A", 7, "D"), Assignment("B", 8, "D"), Assignment("C", 2, "D"))
    assert shifted(last, 7, 7) == (Assignment("A", 0, "D"), Assignment("B", 1, "D"))
    turned = rotated(shifted(last, 7, 7), ["A", "B", "C"])
    assert turned == (Assignment("B", 0, "D"), Assignment("C", 1, "D"))
    p = problem(2, [person(), person("B"), person("C")], [need(0), need(1)])
    r = solve(p, SolveOptions(time_limit_s=5, warm_start=turned))
    assert r.objective == 0 and check(p, r.assignments).ok


def test_greedy_start_repairs_short_runs_and_missing_minutes():
    from planner.roster.heuristic import starting_plan

    p = problem(7, [person(min_consecutive_days=3, min_minutes=4 * 480, max_consecutive_days=4)],
                [need(3)])
    plan = starting_plan(p)
    report = check(p, plan)
    # A lone day 3 would be an inner run of 1 and 480 minutes: both get repaired.
    assert report.ok, report.hard_violations
    assert 3 in [a.day for a in plan] and len(plan) >= 4


def test_greedy_start_uses_shifts_only_on_their_weekdays():
    from planner.roster import ShiftType
    from planner.roster.heuristic import starting_plan

    weekday_only = ShiftType("D", 480, weekdays=frozenset(range(5)))
    p = problem(7, [person(), person("B")], [need(d) for d in range(7)], shifts=[weekday_only])
    assert sorted(a.day for a in starting_plan(p)) == [0, 1, 2, 3, 4]


def test_a_plan_without_a_bound_is_returned_with_an_unknown_gap(monkeypatch):
    # On the longest cases the background model can be stopped before it ever starts:
    # the search then has a plan and no bound, and the result must still carry the plan.
    p = tight(14, 1)
    plan = starting_plan(p)
    monkeypatch.setattr(solver_module, "_search", lambda built, *_a, **_k: solver_module._Outcome(
        cp_model.FEASIBLE, plan, 12345, None, 0.1, 0.1))
    result = solve(p, SolveOptions(time_limit_s=1))
    assert result.status == "FEASIBLE" and result.assignments == plan
    assert result.best_bound is None and result.gap is None
