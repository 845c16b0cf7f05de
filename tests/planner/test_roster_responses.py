"""The walk of best responses with ties broken at random (planner/roster/search/responses.py)."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest

from planner.roster import Contract, Cover, Person, Problem, Request, ShiftType, check
from planner.roster.search import concurrent, responses
from planner.roster.search.responses import walked
from planner.roster.search.rows import INF, Row, RowCosts, RowPlan, swept
from planner.roster.solver import _build

from .test_roster_columns import first_values, with_requests


def test_the_row_plan_prices_each_person_and_the_plan_as_the_model_and_checker_do():
    p = with_requests(seed=4)
    built = _build(p)
    values = first_values(built, p)
    plan = RowPlan(built).load(values)
    costs = RowCosts(built)
    for person in range(len(p.people)):
        ours, theirs = plan.table(person), costs.table(values, person)
        assert np.array_equal(ours >= INF / 2, theirs >= INF / 2)
        assert np.allclose(ours[ours < INF / 2], theirs[theirs < INF / 2])
    assert plan.objective() == check(p, built.plan_from(values)).objective
    assert plan.values() == values


def plateau() -> Problem:
    """One day, two covers of one each. A may work either shift and works E; B may work E
    only and is off. No one alone can better the plan (A's two rows cost alike, E is full
    for B): A must first move to L at no gain for B to fill E."""
    shifts = (ShiftType("E", 480), ShiftType("L", 480))
    people = (Person("A"), Person("B", contract=Contract(max_shifts={"L": 0})))
    covers = (Cover(day=0, shift="E", required=1, under_weight=100, over_weight=1),
              Cover(day=0, shift="L", required=1, under_weight=100, over_weight=1))
    return Problem(days=1, shift_types=shifts, people=people, covers=covers,
                   rest_minutes=None, working_time_law=False)


def test_the_walk_crosses_a_plateau_that_the_sweep_of_best_responses_cannot_leave():
    p = plateau()
    built = _build(p)
    values = {key: 0 for key in built.vars.x}
    values[0, 0, 0] = 1  # A works E; L is short
    assert check(p, built.plan_from(values)).objective == 100
    stuck, replaced = swept(built, values, 0, time.monotonic() + 10)
    assert replaced == 0 and stuck == values
    walked_values, objective = walked(built, values, 0, time.monotonic() + 10, lambda: False,
                                      patience=50)
    report = check(p, built.plan_from(walked_values))
    assert report.ok and report.objective == objective == 0


def valley() -> Problem:
    """One day, two covers of one each. A works E, which A asked for; B may work E only and
    is off; L is short (100). The way down goes up first: A moves to L and misses the
    request (101), then B fills E (1)."""
    p = plateau()
    return replace(p, requests=(Request("A", 0, "E", 1, True),))


@pytest.mark.parametrize("temperature, reached", [(0.0, 100), (responses.TEMPERATURE, 1)])
def test_annealing_takes_a_step_up_that_the_walk_of_steps_down_never_takes(
        monkeypatch, temperature, reached):
    p = valley()
    built = _build(p)
    values = {key: 0 for key in built.vars.x}
    values[0, 0, 0] = 1
    assert check(p, built.plan_from(values)).objective == 100
    monkeypatch.setattr(responses, "TEMPERATURE", temperature)
    # Noise that proposes A's row L at times: what is taken of it is the question.
    monkeypatch.setattr(responses, "NOISE", 3.0)
    out, objective = walked(built, values, 0, time.monotonic() + 10, lambda: False,
                            patience=200)
    report = check(p, built.plan_from(out))
    assert report.ok and report.objective == objective == reached


def test_the_annealed_walk_returns_and_tells_the_best_plan_it_passed_not_the_last(monkeypatch):
    """Noise that proposes nearly any row and a heat that takes it to the walk's end: the
    walk ends far from where it began; what it returns and tells is still the best it
    passed, priced as the checker prices it."""
    p = with_requests(seed=9)
    built = _build(p)
    values = first_values(built, p)
    before = check(p, built.plan_from(values)).objective
    monkeypatch.setattr(responses, "NOISE", 200.0)
    monkeypatch.setattr(responses, "TEMPERATURE", 50.0)
    monkeypatch.setattr(responses, "COLD_SHARE", 0.0)
    monkeypatch.setattr(responses, "REPORT_EVERY", 0.0)
    told: list[tuple[dict, int]] = []
    out, objective = walked(built, values, 5, time.monotonic() + 3, lambda: False,
                            on_better=lambda v, o: told.append((v, o)), patience=400)
    report = check(p, built.plan_from(out))
    assert report.ok and report.objective == objective <= before
    for told_values, told_objective in told:
        assert check(p, built.plan_from(told_values)).objective == told_objective
    if told:
        assert told[-1][1] == objective


def test_a_row_on_offer_replaces_the_plans_only_where_it_costs_less_or_no_more():
    """The plateau: A's row E and the row L cost A alike (either cover is left short); B's
    row E costs more than B's day off while A holds E (E would be over)."""
    p = plateau()
    built = _build(p)
    values = {key: 0 for key in built.vars.x}
    values[0, 0, 0] = 1
    plan = RowPlan(built).load(values)
    as_late = Row((1,), 0.0, 0)
    table = plan.table(0)
    assert plan.offer(0, table, as_late, strictly=True) is None
    assert plan.rows[0, 0] == 0  # a tie is no gain for the sweep
    assert plan.offer(0, table, as_late, strictly=False) == 0.0
    assert plan.rows[0, 0] == 1 and plan.objective() == 100  # the walk takes the tie
    plan.load(values)
    assert plan.offer(1, plan.table(1), Row((0,), 0.0, 0), strictly=False) is None
    assert plan.rows[1, 0] == -1 and plan.objective() == 100
    assert plan.offer(1, plan.table(1), Row((None,), 0.0, 0), strictly=False) == 0.0


def short_and_long(max_minutes: int | None = 720) -> Problem:
    """One day, one person, an eight-hour and a twelve-hour cover of one each: the person's
    two rows cost alike (either cover is left short); the covers ask 1200 minutes."""
    shifts = (ShiftType("E", 480), ShiftType("X", 720))
    covers = (Cover(day=0, shift="E", required=1, under_weight=100, over_weight=1),
              Cover(day=0, shift="X", required=1, under_weight=100, over_weight=1))
    person = Person("A", contract=Contract(max_minutes=max_minutes))
    return Problem(days=1, shift_types=shifts, people=(person,), covers=covers,
                   rest_minutes=None, working_time_law=False)


@pytest.mark.parametrize("max_minutes, leans", [(720, True), (1200, False), (None, False)])
def test_where_hours_are_scarce_the_walk_leans_to_the_row_of_equal_cost_that_works_more(
        max_minutes, leans):
    import random

    p = short_and_long(max_minutes)
    built = _build(p)
    lean = responses.hours_lean(built)
    assert (lean is not None) == leans
    values = {key: 0 for key in built.vars.x}
    values[0, 0, 0] = 1  # A works the eight-hour shift; the twelve-hour one is short
    taken = set()
    for seed in range(30):
        plan = RowPlan(built).load(values)
        assert responses.responded(plan, 0, random.Random(seed), lean=lean) == 0.0
        taken.add(int(plan.rows[0, 0]))
    # Without the lean the tie is drawn at random; with it the longer shift is always taken.
    assert taken == ({1} if leans else {0, 1})


def test_the_lean_is_larger_on_weekend_days_where_weekends_are_capped():
    from dataclasses import replace

    from .test_roster_search import generated

    plenty = generated(days=14, staff=6)
    scarce = replace(plenty, people=tuple(replace(q, contract=replace(
        q.contract, max_minutes=480 * 2, min_minutes=0)) for q in plenty.people))
    lean = responses.hours_lean(_build(scarce))
    weekend = sorted(d for days in scarce.weekends() for d in days)
    weekday = [d for d in range(scarce.days) if d not in weekend]
    assert weekend and np.allclose(lean[weekend] - lean[weekday[0]], responses.WEEKEND_LEAN)
    assert np.allclose(lean[weekday], lean[weekday[0]])
    uncapped = replace(scarce, people=tuple(replace(q, contract=replace(
        q.contract, max_weekends=None)) for q in scarce.people))
    assert np.allclose(responses.hours_lean(_build(uncapped)), lean[weekday[0]])
    assert responses.hours_lean(_build(plenty)) is None


def test_the_walk_never_makes_the_plan_worse_keeps_every_rule_and_tells_only_better_plans():
    p = with_requests(seed=9)
    built = _build(p)
    values = first_values(built, p)
    before = check(p, built.plan_from(values)).objective
    told: list[int] = []
    out, objective = walked(built, values, 3, time.monotonic() + 5, lambda: False,
                            on_better=lambda v, o: told.append(o), patience=200)
    report = check(p, built.plan_from(out))
    assert report.ok and report.objective == objective <= before
    assert told == sorted(told, reverse=True) and all(o < before for o in told)
    # A stop ends it at once, on the plan it was given.
    assert walked(built, values, 3, time.monotonic() + 5, lambda: True) == (values, before)


def test_the_walk_takes_the_searchs_plan_when_that_one_is_better(monkeypatch):
    p = plateau()
    built = _build(p)
    worse = {key: 0 for key in built.vars.x}  # no one works: both covers short, 200
    better = dict(worse)
    better[0, 0, 1] = 1
    better[1, 0, 0] = 1  # 0
    monkeypatch.setattr(responses, "REPORT_EVERY", 0.0)
    told: list[int] = []
    _, objective = walked(built, worse, 0, time.monotonic() + 5, lambda: False,
                          incumbent=lambda: (better, 0), on_better=lambda v, o: told.append(o),
                          patience=20)
    assert objective == 0 and told == []  # nothing better than the search's own to tell


@pytest.mark.parametrize("walk", [True, False])
def test_the_split_search_walks_after_the_dive_and_its_plans_reach_the_search(monkeypatch, walk):
    from planner.roster import SolveOptions, solve
    from .test_roster_search import generated

    monkeypatch.setattr(concurrent, "WALK", walk)
    calls: list[int] = []
    real = concurrent.walked

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(concurrent, "walked", counted)
    p = generated(days=35, staff=8, seed=2)
    result = solve(p, SolveOptions(time_limit_s=6, num_workers=2, search="split"))
    assert result.feasible and result.verified
    assert bool(calls) == walk


def test_a_walk_with_a_lent_core_steps_on_both_threads_and_never_makes_the_plan_worse(
        monkeypatch):
    import threading

    p = with_requests(seed=9)
    built = _build(p)
    values = first_values(built, p)
    before = check(p, built.plan_from(values)).objective
    threads: set[str] = set()
    real = responses.responded

    def recorded(plan, person, rng, lock=None, lean=None, slack=0.0):
        assert lock is not None  # a shared plan is only touched under its lock
        threads.add(threading.current_thread().name)
        return real(plan, person, rng, lock, lean, slack)

    monkeypatch.setattr(responses, "responded", recorded)
    lent = threading.Event()
    lent.set()
    out, objective = walked(built, values, 3, time.monotonic() + 3, lambda: False,
                            helping=lent)
    report = check(p, built.plan_from(out))
    assert report.ok and report.objective == objective <= before
    assert len(threads) == 2
    # Not lent: the walk's own thread alone.
    threads.clear()
    lent.clear()
    walked(built, values, 3, time.monotonic() + 1, lambda: False, helping=lent)
    assert threads == {threading.current_thread().name}


def test_the_lns_thread_lends_the_walk_its_core_only_while_the_walk_pays_more():
    pays = concurrent._Pays()
    # Nothing measured yet, or no walk: the LNS keeps its core.
    assert not pays.lend(True, 1)
    pays.walked(True, 0, 0.0)
    pays.walked(True, 300, 3.0)  # the walk: 100 per second on its own core
    pays.searched(True, 60, 2.0)  # the LNS: 30 per second
    assert pays.lend(True, 1) and not pays.lend(False, 1)
    assert not pays.lend(True, concurrent.LEND_LOOK)  # every LEND_LOOK-th round: LNS
    pays.lent(1.0)
    pays.walked(True, 300, 4.0)  # a lent round that paid nothing: 300 over 5 core-seconds
    pays.searched(True, 400, 2.0)  # the LNS: 460 over 4 s
    assert not pays.lend(True, 1)
    # LNS rounds while nothing walks are not counted.
    before = (pays.lns_gain, pays.lns_seconds)
    pays.searched(False, 10_000, 1.0)
    assert (pays.lns_gain, pays.lns_seconds) == before
    # A walk's first burst does not buy it the rest of the run: looks that gain nothing
    # weigh it down, however large the burst was.
    burst = concurrent._Pays()
    burst.walked(True, 0, 0.0)
    burst.walked(True, 10_000, 1.0)
    burst.searched(True, 100, 1.0)
    assert burst.lend(True, 1)
    for at in range(2, 40):
        burst.walked(True, 10_000, float(at))
        burst.searched(True, 100, 1.0)
    assert not burst.lend(True, 1)
