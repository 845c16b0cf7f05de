"""The walk over one person's row (planner/roster/search/rows.py) against CP-SAT and the
checker, and the construction's row repair."""

from __future__ import annotations

import random
import time
from dataclasses import replace

import numpy as np
import pytest
from ortools.sat.python import cp_model

from planner.roster import Assignment, Contract, Person, Problem, ShiftType, check
from planner.roster.builder import build
from planner.roster.heuristic import starting_plan
from planner.roster.search.construction import rows_repaired, values_of
from planner.roster.search import rows
from planner.roster.search.rows import INF, RowCosts, _walk, best_row
from planner.roster.search.subproblem import SubSolver
from planner.roster.solver import _build

from .test_roster_search import generated


def one_person(rng: random.Random, days: int) -> Problem:
    """One person with random runs, days off, minutes, successions and absences; three
    shift types of two lengths."""
    shifts = (ShiftType("E", 480, forbidden_next=frozenset()),
              ShiftType("L", 600, forbidden_next=frozenset({"E"})),
              ShiftType("N", 480, forbidden_next=frozenset({"E", "L"})))
    lo = rng.randint(0, days // 2) * 480
    contract = Contract(
        min_minutes=lo, max_minutes=lo + rng.choice([0, 480, 1200, 3000]),
        max_consecutive_days=rng.choice([None, 3, 4, 6]),
        min_consecutive_days=rng.randint(1, 3), min_consecutive_days_off=rng.randint(1, 3))
    absences = {d: "frei" for d in rng.sample(range(days), rng.randint(0, 3))}
    return Problem(days=days, shift_types=shifts, people=(Person("A", contract=contract, absences=absences),),
                   rest_minutes=None, working_time_law=False,
                   start_weekday=rng.randrange(7))


def with_contract(p: Problem, **changes) -> Problem:
    """``p`` with its one person's contract changed."""
    person = p.people[0]
    return replace(p, people=(replace(person, contract=replace(person.contract, **changes)),))


def cp_sat_row(p: Problem, cost: np.ndarray) -> tuple[int, float | None]:
    built = build(p)
    terms = [int(cost[d, s]) * var for (_, d, s), var in built.vars.x.items()]
    built.model.minimize(sum(terms))
    built.model.clear_hints()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = 20
    status = solver.solve(built.model)
    return status, solver.objective_value if status == cp_model.OPTIMAL else None


def plan_of(p: Problem, shifts) -> tuple[Assignment, ...]:
    return tuple(Assignment(p.people[0].id, d, p.shift_types[s].id, None)
                 for d, s in enumerate(shifts) if s is not None)


def assert_best_row_is_cp_sats(p: Problem, rng: random.Random, exact: bool = False) -> None:
    """Under random costs, best_row finds CP-SAT's optimum (or both find no row), and the
    checker accepts the row."""
    built = build(p)
    cost = RowCosts(built).table({k: 0 for k in built.vars.x}, 0)
    allowed = cost < INF / 2
    cost[allowed] = np.asarray([rng.randint(-20, 20) for _ in range(int(allowed.sum()))])
    status, optimum = cp_sat_row(p, cost)
    row = best_row(built, 0, cost, exact=exact)
    if status == cp_model.INFEASIBLE:
        assert row is None
        return
    assert status == cp_model.OPTIMAL
    assert row is not None and row.broken == 0
    assert row.cost == optimum
    report = check(p, plan_of(p, row.shifts))
    assert report.ok, report.hard_violations


@pytest.mark.parametrize("seed", range(30))
def test_the_walk_finds_the_cheapest_row_the_rules_allow(seed):
    rng = random.Random(seed)
    p = one_person(rng, days=rng.randint(7, 18))
    assert_best_row_is_cp_sats(p, rng)


@pytest.mark.parametrize("seed", range(20))
def test_the_walk_counting_weekends_finds_the_cheapest_row_that_keeps_them(seed):
    rng = random.Random(1000 + seed)
    p = one_person(rng, days=rng.randint(9, 21))
    p = with_contract(p, max_weekends=rng.randint(0, 2))
    limited = p.people[0].contract
    built = build(p)
    cost = RowCosts(built).table({k: 0 for k in built.vars.x}, 0)
    allowed = cost < INF / 2
    cost[allowed] = np.asarray([rng.randint(-20, 20) for _ in range(int(allowed.sum()))])
    status, optimum = cp_sat_row(p, cost)
    walked = _walk(p, limited, cost, 0.0, list(p.shift_types), count_weekends=True)
    if status == cp_model.INFEASIBLE:
        assert walked is None
        return
    assert status == cp_model.OPTIMAL and walked is not None
    assert sum(cost[d, s] for d, s in enumerate(walked) if s is not None) == optimum
    report = check(p, plan_of(p, walked))
    assert report.ok, report.hard_violations


def by_week(rng: random.Random, days: int) -> Problem:
    """``one_person`` with the centre's kind of contract: minutes limited per calendar week
    only (a full week's minimum, every week's maximum)."""
    p = one_person(rng, days)
    low = rng.randint(0, 3) * 480
    return with_contract(p, min_minutes=0, max_minutes=None,
                         min_minutes_per_week=low if rng.random() < 0.75 else None,
                         max_minutes_per_week=(low + rng.choice([0, 480, 1080])
                                               if rng.random() < 0.75 else None))


@pytest.mark.parametrize("seed", range(12))
def test_the_compiled_walk_gives_the_numpy_walks_rows(seed, monkeypatch):
    """The same rows, ties included, from the compiled forward pass (walk_jit.py) and the
    numpy one: runs and minutes, weekends counted, weekly minutes, counted per-type maxima,
    under costs with fractions (as column generation's duals give them)."""
    from planner.roster.search import walk_jit

    assert walk_jit.forward is not None  # numba is a dependency
    rng = random.Random(500 + seed)
    kind = seed % 3
    p = by_week(rng, days=rng.randint(14, 28)) if kind == 0 else one_person(rng, rng.randint(9, 28))
    if kind == 1:
        p = with_contract(p, max_weekends=rng.randint(0, 2))
    if kind == 2:
        p = with_contract(p, max_shifts={"N": rng.randint(0, 3), "L": rng.randint(1, 4)})
    built = build(p)
    cost = RowCosts(built).table({k: 0 for k in built.vars.x}, 0)
    allowed = cost < INF / 2
    cost[allowed] = np.asarray([rng.randint(-20, 20) + rng.choice([0, 0.25, 0.5])
                                for _ in range(int(allowed.sum()))])
    found = {}
    for compiled in (True, False):
        monkeypatch.setattr(rows, "JIT", compiled)
        found[compiled] = [best_row(built, 0, cost, exact=exact) for exact in (False, True)]
    assert found[True] == found[False]


@pytest.mark.parametrize("seed", range(20))
def test_the_walk_keeps_weekly_minutes_and_finds_the_cheapest_row(seed):
    rng = random.Random(2000 + seed)
    p = by_week(rng, days=rng.randint(9, 24))
    assert_best_row_is_cp_sats(p, rng)


@pytest.mark.parametrize("seed", range(10))
def test_a_row_that_breaks_a_weeks_limit_beside_total_limits_says_so(seed):
    rng = random.Random(3000 + seed)
    p = one_person(rng, days=rng.randint(14, 24))
    # Total limits in the walk's state, a week's maximum only judged afterwards.
    p = with_contract(p, max_minutes_per_week=rng.choice([480, 960, 1440]))
    built = build(p)
    cost = RowCosts(built).table({k: 0 for k in built.vars.x}, 0)
    cost[cost < INF / 2] = -5.0  # every shift wanted: the week's maximum is pressed
    row = best_row(built, 0, cost)
    if row is None:
        return
    report = check(p, plan_of(p, row.shifts))
    assert report.ok == (row.broken == 0), report.hard_violations


def early_late(max_weekends: int | None):
    """One person over four weeks, earlies limited to three: the problem, its model and a
    zero cost table to fill."""
    shifts = (ShiftType("E", 480), ShiftType("L", 480))
    contract = Contract(max_shifts={"E": 3, "L": 28}, min_minutes=480 * 12,
                        max_minutes=480 * 16, max_consecutive_days=5,
                        min_consecutive_days=2, min_consecutive_days_off=2,
                        max_weekends=max_weekends)
    p = Problem(days=28, shift_types=shifts, people=(Person("A", contract=contract),),
                rest_minutes=None, working_time_law=False)
    built = build(p)
    return p, built, RowCosts(built).table({k: 0 for k in built.vars.x}, 0)


def test_the_walk_prices_per_type_maxima_and_weekends_until_the_row_keeps_them():
    p, built, cost = early_late(max_weekends=1)
    cost[:, 0] = -10.0  # every early shift is wanted, so is every weekend day
    cost[:, 1] = 0.0
    row = best_row(built, 0, cost)
    assert row is not None and row.broken == 0
    assert sum(1 for s in row.shifts if s == 0) <= 3
    report = check(p, plan_of(p, row.shifts))
    assert report.ok, report.hard_violations


def test_the_walk_counts_a_small_per_type_maximum_and_uses_the_type_up_to_its_limit():
    # Every early shift is worth 10, every late one 1: the cheapest row works three
    # earlies, the limit. No single price gives that row (at any price the earlies are
    # all dearer or all cheaper than the lates): the walk counts them.
    p, built, cost = early_late(max_weekends=2)
    cost[:, 0] = -10.0
    cost[:, 1] = -1.0
    row = best_row(built, 0, cost, exact=True)
    assert row is not None and row.broken == 0
    assert sum(1 for s in row.shifts if s == 0) == 3
    assert row.cost == cp_sat_row(p, cost)[1]


@pytest.mark.parametrize("seed", range(20))
def test_the_walk_counting_per_type_maxima_finds_the_cheapest_row_that_keeps_them(
        seed, monkeypatch):
    monkeypatch.setattr(rows, "COUNT_GROWTH", 10 ** 6)  # every maximum counted
    rng = random.Random(5000 + seed)
    p = one_person(rng, days=rng.randint(9, 21))
    p = with_contract(p, max_shifts={"N": rng.randint(0, 3), "L": rng.randint(1, 4)},
                      max_weekends=rng.choice([None, 1, 2]))
    assert_best_row_is_cp_sats(p, rng, exact=True)


def test_the_walk_lowers_a_per_type_price_again_to_use_the_type_up_to_its_limit(monkeypatch):
    # With the maximum priced, not counted: earlies are worth 2-20 (by day), lates 1; a
    # price of the largest cost, where the walk stopped before, leaves no early at all.
    monkeypatch.setattr(rows, "COUNT_GROWTH", 1)
    p, built, cost = early_late(max_weekends=None)
    cost[:, 0] = -2.0 - (np.arange(28) * 7 % 19)
    cost[:, 1] = -1.0
    row = best_row(built, 0, cost, exact=True)
    assert row is not None and row.broken == 0
    assert 1 <= sum(1 for s in row.shifts if s == 0) <= 3
    first = best_row(built, 0, cost)
    assert sum(1 for s in first.shifts if s == 0) == 0
    assert row.cost < first.cost


def wanted_nights(built, rng: random.Random) -> np.ndarray:
    """Random costs of the one person's allowed cells, nights cheaper by 15: their
    maximum binds."""
    cost = RowCosts(built).table({k: 0 for k in built.vars.x}, 0)
    allowed = cost < INF / 2
    cost[allowed] = np.asarray([rng.randint(-20, 5) for _ in range(int(allowed.sum()))])
    cost[:, 2][allowed[:, 2]] -= 15
    return cost


@pytest.mark.parametrize("seed", range(12))
def test_lowering_the_prices_again_never_gives_a_dearer_row(seed, monkeypatch):
    monkeypatch.setattr(rows, "COUNT_GROWTH", 1)
    rng = random.Random(4000 + seed)
    p = one_person(rng, days=rng.randint(14, 21))
    p = with_contract(p, max_shifts={"N": rng.randint(0, 3)},
                      max_weekends=rng.choice([None, 1]))
    built = build(p)
    cost = wanted_nights(built, rng)
    refined = best_row(built, 0, cost, exact=True)
    first = best_row(built, 0, cost)
    if first is None or first.broken:
        return
    assert refined is not None and refined.broken == 0
    assert refined.cost <= first.cost
    assert check(p, plan_of(p, refined.shifts)).ok
    status, optimum = cp_sat_row(p, cost)
    assert status == cp_model.OPTIMAL and refined.cost >= optimum


@pytest.mark.parametrize("seed", range(16))
@pytest.mark.parametrize("growth", [1, 10 ** 6])  # the maxima priced, or all counted
def test_no_row_that_keeps_the_rules_costs_less_than_the_walks_floor(seed, growth, monkeypatch):
    monkeypatch.setattr(rows, "COUNT_GROWTH", growth)
    rng = random.Random(7000 + seed)
    p = one_person(rng, days=rng.randint(9, 21))
    p = with_contract(p, max_shifts={"N": rng.randint(0, 3), "L": rng.randint(1, 4)},
                      max_weekends=rng.choice([None, 1, 2]))
    built = build(p)
    cost = wanted_nights(built, rng)
    row = best_row(built, 0, cost, exact=True)
    status, optimum = cp_sat_row(p, cost)
    if status == cp_model.INFEASIBLE:
        return
    assert row is not None and row.floor > -INF / 2
    assert row.floor <= optimum + 1e-9
    if growth > 1:  # every maximum and the weekends counted: the floor is the optimum
        assert row.floor == pytest.approx(optimum)

def tight(days: int, seed: int) -> Problem:
    """The generated case with each minimum two shifts below the maximum: the day-by-day
    greedy leaves most people short of their minimum. (One shift below, some rows cannot
    keep every rule at all: the walk counting weekends finds none for exactly those.)"""
    p = generated(days=days, staff=10, seed=seed)
    return replace(p, people=tuple(
        replace(q, contract=replace(q.contract, min_minutes=q.contract.max_minutes - 2 * 480))
        for q in p.people))


@pytest.mark.parametrize("days, seed", [(28, 2), (84, 1)])
def test_row_repair_makes_a_greedy_plan_that_breaks_minimum_minutes_keep_every_rule(days, seed):
    p = tight(days, seed)
    greedy = starting_plan(p)
    assert not check(p, greedy).ok  # the case is only worth it if the greedy breaks a rule
    built = _build(p)
    priced = SubSolver(built, priced=True)
    first = priced.solve(values_of(built, greedy), set(), None, 10, 1, 0)
    assert first.violations > 0
    repaired = rows_repaired(built, priced, first, time.monotonic() + 20, 1, 0)
    assert repaired.violations == 0
    report = check(p, built.plan_from(repaired.values))
    assert report.ok, report.hard_violations


def test_row_repair_falls_back_to_a_row_without_the_covers_when_the_priced_row_breaks_a_rule(
        monkeypatch):
    # Prices of the maxima and weekends that do not settle within their rounds: simulated
    # by a walk that returns a rule-breaking row whenever the covers or requests cost
    # anything. The repair must still give every rule-breaker a row that keeps the rules.
    p = tight(28, 2)
    walk = rows.best_row

    def unsettled(built, person, cost, exact=False):
        row = walk(built, person, cost, exact)
        finite = cost[cost < INF / 2]
        if row is not None and finite.any():
            return rows.Row(row.shifts, row.cost, 1)
        return row

    monkeypatch.setattr(rows, "best_row", unsettled)
    built = _build(p)
    priced = SubSolver(built, priced=True)
    first = priced.solve(values_of(built, starting_plan(p)), set(), None, 10, 1, 0)
    assert first.violations > 0
    repaired = rows_repaired(built, priced, first, time.monotonic() + 20, 1, 0)
    assert repaired.violations == 0
    assert check(p, built.plan_from(repaired.values)).ok


def test_row_costs_follow_the_covers_and_requests_around_the_person():
    from planner.roster import Cover, Request

    shifts = (ShiftType("E", 480),)
    people = tuple(Person(i) for i in "AB")
    covers = (Cover(day=0, shift="E", required=1, under_weight=100, over_weight=3),
              Cover(day=1, shift="E", required=2, under_weight=100, over_weight=3))
    requests = (Request("A", 2, None, 7, False),)
    p = Problem(days=3, shift_types=shifts, people=people, covers=covers, requests=requests,
                rest_minutes=None, working_time_law=False)
    built = build(p)
    values = {k: 0 for k in built.vars.x}
    values[1, 0, 0] = 1  # B covers day 0 already
    values[1, 1, 0] = 1  # and one of day 1's two
    cost = RowCosts(built).table(values, 0)
    assert cost[0, 0] == 3  # one too many on day 0
    assert cost[1, 0] == -100  # day 1 is still one short
    assert cost[2, 0] == 7  # A asked for day 2 off


def test_split_search_takes_the_repaired_rows_as_its_first_plan(monkeypatch):
    # The full model gets no time for a first plan and the LNS construction is switched
    # off: the plan can only come from the rows.
    from planner.roster import SolveOptions, solve
    from planner.roster.search import concurrent

    p = tight(56, 1)
    monkeypatch.setattr(concurrent, "FULL_FIRST_HELD", False)
    monkeypatch.setattr(concurrent, "construct", lambda *a, **k: pytest.fail("constructed"))
    result = solve(p, SolveOptions(time_limit_s=6, num_workers=2, search="split"))
    assert result.feasible and result.verified
    assert "construction" not in result.gains  # the first plan is not a gain
    assert result.seconds_to_first < 6


def test_the_walk_sees_no_row_when_the_minimum_cannot_be_reached():
    shifts = (ShiftType("E", 480),)
    contract = Contract(min_minutes=480 * 6, max_minutes=480 * 7, max_consecutive_days=2,
                        min_consecutive_days_off=2)
    p = Problem(days=7, shift_types=shifts, people=(Person("A", contract=contract),),
                rest_minutes=None, working_time_law=False)
    built = build(p)
    cost = RowCosts(built).table({k: 0 for k in built.vars.x}, 0)
    assert best_row(built, 0, cost) is None
    assert cp_sat_row(p, cost)[0] == cp_model.INFEASIBLE
    # Loosened to what two runs of two days allow, it finds one.
    looser = replace(p, people=(Person("A", contract=replace(contract, min_minutes=480 * 4)),))
    built = build(looser)
    assert best_row(built, 0, RowCosts(built).table({k: 0 for k in built.vars.x}, 0))


def test_the_walk_keeps_pins_to_a_shift_and_to_a_day_off():
    from planner.roster.model import Pin

    shifts = (ShiftType("E", 480), ShiftType("L", 480))
    contract = Contract(min_minutes=480 * 3, max_minutes=480 * 5, max_consecutive_days=5)
    p = Problem(days=7, shift_types=shifts, people=(Person("A", contract=contract),),
                pins=(Pin("A", 1, "L"), Pin("A", 2, None)),
                rest_minutes=None, working_time_law=False)
    built = build(p)
    cost = RowCosts(built).table({k: 0 for k in built.vars.x}, 0)
    cost[cost < INF / 2] = -5.0  # working anywhere is wanted
    assert cost[1, 0] >= INF / 2 and cost[1, 1] == -5.0 and (cost[2] >= INF / 2).all()
    row = best_row(built, 0, cost)
    assert row.shifts[1] == 1 and row.shifts[2] is None
    assert check(p, plan_of(p, row.shifts)).ok


def test_row_neighbourhood_frees_where_the_best_row_differs_and_its_step_gains_that_much():
    import random as _random

    from planner.roster.search.neighbourhoods import Neighbourhoods

    # The greedy plan keeps every rule here, and its rows are the greedy's, not best rows.
    p = generated(days=28, staff=16, seed=2)
    built = _build(p)
    strict = SubSolver(built)
    plan = strict.solve(values_of(built, starting_plan(p)), set(), None, 10, 1, 0)
    values, objective = plan.values, plan.objective
    hoods = Neighbourhoods(built, _random.Random(0), 50.0)
    costs = RowCosts(built)
    for _ in range(20):
        cells = hoods._row(values)
        if cells:
            break
    assert cells, "no person's best row is better than the plan's"
    (person,) = {q for q, _ in cells}
    hint = hoods.take_hint()
    assert hoods.take_hint() is None  # a proposal is taken once
    key_of = {var.index: key for key, var in built.vars.x.items()}
    assert all(key_of[i][:2] in cells for i in hint if i in key_of)
    # The covers are the objective here: the best row's cost against the present row's,
    # both under the same marginal costs, is the gain the step must reach at least.
    table = costs.table(values, person)
    row = best_row(built, person, table)
    present = sum(table[d, s] for (q, d, s) in costs.keys_of[person] if values[q, d, s])
    step = strict.solve(values, cells, objective, 10, 1, 0, plan.full, hint)
    assert step.objective is not None
    assert step.objective <= objective + (row.cost - present) < objective
    assert check(p, built.plan_from(step.values)).ok


def test_the_single_search_starts_from_the_rows_plan_hinted_in_full():
    from planner.roster import SolveOptions
    from planner.roster.search.single import rows_start

    p = tight(28, 2)
    greedy = starting_plan(p)
    assert not check(p, greedy).ok
    built = _build(p)
    started = time.monotonic()
    start = rows_start(built, SolveOptions(time_limit_s=30), started, started + 30, greedy)
    assert start is not None
    report = check(p, built.plan_from(start.values))
    assert report.ok and report.objective == start.objective
    # The full model is hinted with the repaired plan's decisions, not the greedy plan's.
    hint = dict(zip(built.model.proto.solution_hint.vars, built.model.proto.solution_hint.values))
    assert {key: hint[var.index] for key, var in built.vars.x.items()} == start.values
    assert start.values != values_of(built, greedy)


def test_the_single_search_reports_only_plans_better_than_the_one_in_hand():
    from planner.roster import SolveOptions, solve

    p = tight(28, 2)
    seen = []
    result = solve(p, SolveOptions(time_limit_s=4, num_workers=2, search="single",
                                   on_progress=lambda objective, _b, _e: seen.append(objective)))
    assert result.verified
    assert seen and all(later < earlier for earlier, later in zip(seen, seen[1:]))
    assert seen[-1] == result.objective


@pytest.mark.parametrize("greedy_keeps", [True, False])
def test_the_first_plan_from_the_rows_is_priced_once_at_the_checkers_objective(greedy_keeps):
    from planner.roster.search.construction import first_from_rows

    # A fixed plan priced on the model with the hard rules priced costs what it costs on
    # the strict one when it breaks nothing: the strict model is not asked first.
    p = generated(days=28, staff=16, seed=2) if greedy_keeps else tight(28, 2)
    greedy = starting_plan(p)
    assert check(p, greedy).ok == greedy_keeps
    built = _build(p)
    strict = SubSolver(built)
    priced = SubSolver(built, priced=True, shared=strict.shared)
    strict.solve = lambda *a, **k: pytest.fail("the strict model priced a plan")
    plans = []
    found = first_from_rows(built, strict, priced, greedy, time.monotonic() + 30, 0,
                            lambda values, objective, part, full: plans.append((values, objective)),
                            sweep=False)
    assert found == ("greedy" if greedy_keeps else "rows")
    values, objective = plans[0]
    report = check(p, built.plan_from(values))
    assert report.ok and report.objective == objective
