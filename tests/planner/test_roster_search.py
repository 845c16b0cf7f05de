"""The engine's search (planner/roster/search/) and the stretched test cases."""

from __future__ import annotations

import random
import time

import numpy as np
import pytest

from planner.benchmarks.curtois_qu import read
from planner.benchmarks.stretch import stretched
from planner.roster import Assignment, Contract, Cover, Person, Problem, ShiftType, check
from planner.roster.heuristic import starting_plan
from planner.roster.search.construction import construct, values_of
from planner.roster.search import neighbourhoods as hoods_module
from planner.roster.search.lns import Incumbent, improve
from planner.roster.search.neighbourhoods import Neighbourhoods
from planner.roster.search.subproblem import SubSolver
from planner.roster.solver import _build

from .test_curtois_qu_reader import TEXT


def generated(days: int = 14, staff: int = 8, seed: int = 3) -> Problem:
    """A random instance with the benchmark's rules: minimum minutes and runs that the
    day-by-day greedy cannot see coming, successions, weekends, uneven covers."""
    rng = random.Random(seed)
    shifts = (ShiftType("E", 480, forbidden_next=frozenset()),
              ShiftType("L", 480, forbidden_next=frozenset({"E"})))
    people = tuple(
        Person(f"P{i}", contract=Contract(
            max_shifts={"E": days, "L": days // 2}, min_minutes=480 * (days // 2),
            max_minutes=480 * (days * 5 // 7), max_consecutive_days=5,
            min_consecutive_days=2, min_consecutive_days_off=2, max_weekends=days // 14 + 1),
            absences={rng.randrange(days): "frei"})
        for i in range(staff))
    covers = tuple(Cover(day=d, shift=s, required=rng.randint(1, staff // 3),
                         under_weight=100, over_weight=1)
                   for d in range(days) for s in ("E", "L"))
    return Problem(days=days, shift_types=shifts, people=people, covers=covers,
                   rest_minutes=None, working_time_law=False)


def test_construction_gives_a_checker_valid_plan_from_the_greedy_start():
    p = generated()
    built = _build(p)
    plan = starting_plan(p)
    made = construct(built, plan, time.monotonic() + 20, 1, 0, lambda: False, 30.0)
    assert made is not None and made.violations == 0
    found = built.plan_from(made.values)
    report = check(p, found)
    assert report.ok, report.hard_violations
    assert report.objective == made.objective


def test_lns_never_returns_a_worse_plan_than_its_start_and_improves_a_poor_one():
    p = generated(seed=5)
    built = _build(p)
    made = construct(built, starting_plan(p), time.monotonic() + 20, 1, 0, lambda: False, 30.0)
    assert made is not None
    strict = SubSolver(built)
    start = made.objective
    hoods = Neighbourhoods(built, random.Random(1), 20.0)
    seen = []
    state = improve(strict, hoods, Incumbent(dict(made.values), start, full=made.full),
                    time.monotonic() + 4, 1, 0, lambda: False, seen.append, step_seconds=0.5)
    assert state.objective <= start and state.steps > 0
    assert all(a.objective >= b.objective for a, b in zip(seen, seen[1:]))
    report = check(p, built.plan_from(state.values))
    assert report.ok and report.objective == state.objective


def test_sub_problem_keeps_every_decision_outside_the_neighbourhood():
    p = generated(seed=7)
    built = _build(p)
    made = construct(built, starting_plan(p), time.monotonic() + 20, 1, 0, lambda: False, 30.0)
    strict = SubSolver(built)
    free = {(0, d) for d in range(p.days)} | {(q, 3) for q in range(len(p.people))}
    step = strict.solve(made.values, free, made.objective, 5, 1, 0, made.full)
    assert step.objective is not None and step.objective <= made.objective
    changed = {(k[0], k[1]) for k in made.values if made.values[k] != step.values[k]}
    assert changed <= free
    # The sub-model is changed in place and reset after each step: a second step around
    # other cells must again keep everything else, and match a step on a fresh solver.
    other = {(q, d) for q in (1, 2) for d in range(p.days)}
    again = strict.solve(step.values, other, step.objective, 5, 1, 0, step.full)
    assert again.objective is not None and again.objective <= step.objective
    moved = {(k[0], k[1]) for k in step.values if step.values[k] != again.values[k]}
    assert moved <= other
    fresh = SubSolver(built).solve(step.values, other, step.objective, 5, 1, 0, step.full)
    assert fresh.objective == again.objective
    assert check(p, built.plan_from(again.values)).objective == again.objective


def test_whole_model_steps_kept_between_calls_match_a_fresh_solver():
    # The whole model is changed in place (only the decisions whose fixing changed are
    # written): each call must answer as a new solver would, whatever came before it.
    p = generated(seed=5)
    built = _build(p)
    first = values_of(built, starting_plan(p))
    second = {key: 0 if key[0] in (0, 3) else v for key, v in first.items()}
    kept = SubSolver(built, priced=True)
    calls = [(first, set(), None), (second, set(), None),
             (first, {(q, d) for q in (0, 1) for d in range(p.days)}, None),
             (second, {(2, d) for d in range(5)}, None), (first, set(), None)]
    for values, free, cap in calls:
        step = kept.solve(values, free, cap, 5, 1, 0)
        fresh = SubSolver(built, priced=True).solve(values, free, cap, 5, 1, 0)
        assert step.objective is not None
        assert (step.objective, step.violations) == (fresh.objective, fresh.violations)
        changed = {(k[0], k[1]) for k in values if values[k] != step.values[k]}
        assert changed <= free
    assert kept.solve(second, set(), None, 5, 1, 0).values == second


def test_neighbourhoods_follow_their_target_size_and_stay_on_the_grid():
    p = generated(days=28, staff=10)
    built = _build(p)
    hoods = Neighbourhoods(built, random.Random(0), 40.0)
    values = values_of(built, starting_plan(p))
    for _ in range(40):
        op, cells = hoods.pick(values)
        assert cells and all(0 <= q < 10 and 0 <= d < 28 for q, d in cells)
        assert len(cells) <= 4 * 40 + 2 * 28, op
    hoods.grow(100.0)
    assert hoods.cells == 280
    # Each operator keeps its own size: shrinking one leaves the others alone.
    hoods.grow(0.01, "block")
    assert hoods.sizes["block"] == 4.0 and hoods.sizes["days"] == 280
    op, cells = hoods.pick(values)
    assert len(cells) <= 280
    op, cells = hoods.pick(values, focus=[3])
    assert op == "focus" and {q for q, _ in cells} >= {3}
    # Day windows free the same days for everyone, blocks a rectangle of people and days.
    hoods.grow(0.2, "days")
    for _ in range(10):
        cells = hoods._days(values)
        days = {d for _, d in cells}
        assert cells == {(q, d) for q in range(10) for d in days}
        assert sorted(days) == list(range(min(days), max(days) + 1))
        cells = hoods._block(values)
        people, days = {q for q, _ in cells}, {d for _, d in cells}
        assert cells == {(q, d) for q in people for d in days}
    # Shrunk, the people who break a rule are freed over a window, not the whole horizon.
    hoods.grow(0.05, "focus")
    for _ in range(20):
        op, cells = hoods.pick(values, focus=[3, 7])
        people = {q for q, _ in cells}
        days = sorted({d for _, d in cells})
        assert op == "focus" and people & {3, 7} and len(people) <= 3
        assert len(days) < 28 and days == list(range(days[0], days[-1] + 1))


def test_stretched_instance_repeats_covers_and_keeps_a_repeated_plan_valid(tmp_path):
    path = tmp_path / "Tiny7.txt"
    path.write_text(TEXT)
    base = read(path)
    long = stretched(base, 21, copies=2)
    assert long.days == 21 and len(long.people) == 2 * len(base.people)
    assert len({q.id for q in long.people}) == len(long.people)
    assert len(long.covers) == 3 * len(base.covers)
    assert {c.required for c in long.covers} == {2 * c.required for c in base.covers}
    # Any valid plan of the original, repeated for every copy and period, stays valid.
    plan = (Assignment("A", 2, "E"), Assignment("A", 3, "E"))
    assert check(base, plan).ok
    repeated = tuple(Assignment(a.person + suffix, a.day + 7 * r, a.shift)
                     for a in plan for r in range(3) for suffix in ("", "~1"))
    report = check(long, repeated)
    assert report.ok, report.hard_violations


def test_hybrid_search_returns_a_checked_plan_and_a_bound_below_it():
    from planner.roster import SolveOptions, solve

    p = generated(days=21, staff=9, seed=11)
    result = solve(p, SolveOptions(time_limit_s=6, num_workers=1, neighbourhood_search=True))
    assert result.feasible and result.verified
    assert result.best_bound is not None and result.best_bound <= result.objective + 1e-6
    assert result.seconds_to_first is not None and result.seconds_to_first <= result.wall_time


@pytest.mark.parametrize("search", ["concurrent", "split"])
def test_concurrent_searches_return_a_checked_plan_and_a_bound_below_it(search):
    from planner.roster import SolveOptions, solve

    p = generated(days=21, staff=9, seed=11)
    result = solve(p, SolveOptions(time_limit_s=6, num_workers=2, search=search))
    assert result.feasible and result.verified
    assert result.best_bound is not None and result.best_bound <= result.objective + 1e-6
    assert result.seconds_to_first is not None and result.seconds_to_first <= result.wall_time
    assert result.wall_time < 6 + 3


def test_split_search_constructs_a_plan_when_the_full_model_finds_none_in_its_share(monkeypatch):
    # The full model gets a share of the time for the first plan; here it gets almost
    # none, so the first plan must come from the greedy plan repaired by LNS.
    from planner.roster import SolveOptions, solve
    from planner.roster.search import concurrent

    p = generated(days=28, staff=10, seed=5)
    monkeypatch.setattr(concurrent, "FIRST_SHARE", 0.0)
    result = solve(p, SolveOptions(time_limit_s=8, num_workers=2, search="split"))
    assert result.feasible and result.verified


@pytest.mark.parametrize("share, retired", [(0.0, True), (10.0, False)])
def test_split_search_retires_a_background_model_that_does_not_pay(monkeypatch, share, retired):
    # Retired (no improving plan within the share), the background model's worker goes
    # to the LNS steps, and its end does not end the search: it runs to the time limit.
    from planner.roster import SolveOptions, solve
    from planner.roster.search import concurrent

    workers_used: list[int] = []
    solve_step = SubSolver.solve

    def spy(self, values, free, cap, seconds, workers, seed, full=None, hint=None):
        workers_used.append(workers)
        return solve_step(self, values, free, cap, seconds, workers, seed, full, hint)

    monkeypatch.setattr(SubSolver, "solve", spy)
    monkeypatch.setattr(concurrent, "RETIRE_SHARE", share)
    p = generated(days=28, staff=12, seed=2)
    result = solve(p, SolveOptions(time_limit_s=5, num_workers=2, search="split"))
    assert result.feasible and result.verified
    assert result.best_bound is not None and result.best_bound <= result.objective + 1e-6
    assert (2 in workers_used) == retired
    if retired:
        assert result.wall_time >= 4.5


def test_auto_search_follows_the_horizon_and_the_model_size():
    from planner.roster.solver import AUTO_SPLIT_DAYS, AUTO_SPLIT_DECISIONS, auto_search

    four_weeks = generated(days=AUTO_SPLIT_DAYS, staff=4)
    longer = generated(days=AUTO_SPLIT_DAYS + 7, staff=4)
    assert auto_search(four_weeks, 500) == "single"
    assert auto_search(longer, 500) == "split"
    assert auto_search(four_weeks, AUTO_SPLIT_DECISIONS + 1) == "split"


def test_default_search_is_split_beyond_four_weeks_and_single_within(monkeypatch):
    from planner.roster import SolveOptions, solve, solver
    from planner.roster.solver import AUTO_SPLIT_DAYS

    calls: list[bool] = []
    real = solver.concurrent_search

    def spy(*args, first_from_full=False, **kwargs):
        calls.append(first_from_full)
        return real(*args, first_from_full=first_from_full, **kwargs)

    monkeypatch.setattr(solver, "concurrent_search", spy)
    within = solve(generated(days=AUTO_SPLIT_DAYS, staff=4), SolveOptions(time_limit_s=2))
    assert within.feasible and calls == []
    longer = solve(generated(days=AUTO_SPLIT_DAYS + 7, staff=4), SolveOptions(time_limit_s=2))
    assert longer.feasible and longer.verified and calls == [True]


def test_concurrent_search_stops_on_request():
    import threading

    from planner.roster import SolveOptions, solve

    p = generated(days=28, staff=12, seed=2)
    stop = threading.Event()
    timer = threading.Timer(1.5, stop.set)
    timer.start()
    began = time.monotonic()
    result = solve(p, SolveOptions(time_limit_s=60, num_workers=2, search="concurrent",
                                   stop_event=stop))
    timer.cancel()
    assert time.monotonic() - began < 15
    if result.feasible:
        assert result.verified


def test_constraint_index_names_every_cell_a_constraint_touches():
    # The small sub-model keeps exactly the constraints around the freed cells: every
    # constraint on a cell's variables must be listed for that cell.
    p = generated(days=14, staff=6, seed=4)
    built = _build(p)
    strict = SubSolver(built)
    strict._ensure_index()
    cell_of = {var.index: (q, d) for (q, d, _), var in built.vars.x.items()}
    cell_of.update({var.index: cell for cell, var in built.vars.work.items()})
    proto = built.model.proto
    for ci, c in enumerate(proto.constraints):
        refs = list(c.enforcement_literal)
        if c.has_linear():
            refs += list(c.linear.vars)
        elif c.has_bool_or():
            refs += list(c.bool_or.literals)
        elif c.has_at_most_one():
            refs += list(c.at_most_one.literals)
        elif c.has_exactly_one():
            refs += list(c.exactly_one.literals)
        for r in refs:
            cell = cell_of.get(r if r >= 0 else -r - 1)
            if cell is not None:
                assert ci in strict.cell_cons[cell] or ci in strict.always


def test_cover_day_frees_everyone_around_a_short_cover_and_its_candidates_over_the_horizon():
    p = generated(days=28, staff=10, seed=3)
    built = _build(p)
    hoods = Neighbourhoods(built, random.Random(2), 60.0)
    # Every cover met exactly where it can be, one cover left empty: the costly covers are
    # that one and those with fewer candidates than required.
    values = dict.fromkeys(built.vars.x, 0)
    short = next(c for c, keys in hoods.covers if c.required >= 2 and len(keys) >= c.required)
    for cover, keys in hoods.covers:
        if cover is not short:
            for k in keys[:cover.required]:
                values[k] = 1
    costly = [(c, {k[0] for k in keys}) for c, keys in hoods.covers
              if sum(values[k] for k in keys) != c.required]
    assert short in [c for c, _ in costly]
    for _ in range(10):
        cells = hoods._cover_day(values)
        everyone = {d for d in range(p.days)
                    if all((q, d) in cells for q in range(len(p.people)))}
        whole = {q for q in range(len(p.people)) if all((q, d) in cells for d in range(p.days))}
        assert whole and everyone
        # Some costly cover's day is freed for everyone, and the people freed over the
        # whole horizon could fill it.
        assert any(c.day in everyone and whole <= who for c, who in costly)
    # With every cover met there is nothing to aim at.
    met = dict(values)
    for cover, keys in hoods.covers:
        for k in keys:
            met[k] = 0
        for k in keys[:cover.required]:
            met[k] = 1
    if all(len(keys) >= c.required for c, keys in hoods.covers):
        assert hoods._cover_day(met) == set()


def test_weekends_free_two_or_more_whole_weekends_for_everyone_where_weekends_are_capped(monkeypatch):
    from dataclasses import replace

    p = generated(days=28, staff=10)
    built = _build(p)
    hoods = Neighbourhoods(built, random.Random(0), 40.0)
    assert "weekends" in hoods.weights
    values = values_of(built, starting_plan(p))
    weekends = [set(days) for days in p.weekends()]
    for _ in range(10):
        cells = hoods._weekends(values)
        days = {d for _, d in cells}
        assert cells == {(q, d) for q in range(10) for d in days}
        assert days == set().union(*[w for w in weekends if w <= days])  # whole weekends only
        assert sum(1 for w in weekends if w <= days) >= 2
    monkeypatch.setattr(hoods_module, "WEEKENDS", False)
    assert "weekends" not in Neighbourhoods(built, random.Random(0), 40.0).weights
    monkeypatch.setattr(hoods_module, "WEEKENDS", True)
    uncapped = replace(p, people=tuple(replace(q, contract=replace(q.contract, max_weekends=None))
                                       for q in p.people))
    assert "weekends" not in Neighbourhoods(_build(uncapped), random.Random(0), 40.0).weights


@pytest.mark.parametrize("on", [False, True])
def test_cover_day_is_drawn_only_with_its_switch(monkeypatch, on):
    from planner.roster.search import neighbourhoods

    monkeypatch.setattr(neighbourhoods, "COVER_DAY", on)
    p = generated(days=28, staff=10)
    built = _build(p)
    hoods = Neighbourhoods(built, random.Random(0), 40.0)
    values = values_of(built, starting_plan(p))
    drawn = {hoods.pick(values)[0] for _ in range(200)}
    assert ("cover_day" in drawn) == on


def test_transfer_frees_the_short_day_and_the_over_full_day_of_someone_who_could_move():
    p = generated(days=28, staff=10, seed=3)
    built = _build(p)
    hoods = Neighbourhoods(built, random.Random(4), 60.0)
    values = dict.fromkeys(built.vars.x, 0)
    # One short cover, and on another day one cover over-full by a person who could fill
    # the short one: every other cover empty (short too, but nobody works anywhere else).
    pairs = [(s, o, {k[0] for k in s_keys} & {k[0] for k in o_keys}, o_keys)
             for s, s_keys in hoods.covers for o, o_keys in hoods.covers
             if s.required >= 1 and o.day != s.day and o.over_weight > 0
             and len(o_keys) > o.required]
    short, over, movers, over_keys = next(x for x in pairs if x[2])
    mover = sorted(movers)[0]
    working = [k for k in over_keys if k[0] == mover]
    working += [k for k in over_keys if k[0] != mover][:over.required]
    for k in working:
        values[k] = 1
    hits = 0
    for _ in range(60):
        # Empty when the short cover drawn has none of the over-full cover's workers among
        # the people who could fill it.
        cells = hoods._transfer(values)
        if not cells:
            continue
        everyone = {d for d in range(p.days) if all((q, d) in cells for q in range(len(p.people)))}
        # Everyone on some short day, and only the over-full cover's workers beyond it.
        assert everyone
        beyond = {q for (q, d) in cells if d not in everyone}
        assert beyond <= {k[0] for k in working}
        hits += any((q, over.day) in cells for q in beyond)
    assert hits > 0
    # Nothing over-full: no shift to move.
    for k in working[over.required:]:
        values[k] = 0
    if all(sum(values[k] for k in keys) <= c.required for c, keys in hoods.covers):
        assert hoods._transfer(values) == set()


def test_spare_frees_whole_rows_of_people_with_hours_left_and_of_people_who_could_fill_a_short_cover():
    from dataclasses import replace

    from planner.roster.search.scarcity import hours_scarce

    plenty = generated(days=28, staff=10, seed=3)
    assert not hours_scarce(plenty)
    assert "spare" not in Neighbourhoods(_build(plenty), random.Random(0), 40.0).weights
    # Five shifts each: the covers ask for more hours than that.
    p = replace(plenty, people=tuple(replace(q, contract=replace(
        q.contract, max_minutes=480 * 5, min_minutes=0)) for q in plenty.people))
    assert hours_scarce(p)
    built = _build(p)
    hoods = Neighbourhoods(built, random.Random(2), 84.0)
    assert "spare" in hoods.weights
    values = dict.fromkeys(built.vars.x, 0)
    # Everyone works E from the first day up to their maximum minutes but person 0, who
    # works two days: only 0 has hours left.
    for q, person in enumerate(p.people):
        open_days = [d for d in range(p.days) if (q, d, 0) in values]
        for d in open_days[:2 if q == 0 else person.contract.max_minutes // 480]:
            values[q, d, 0] = 1
    could_fill_short = {k[0] for c, keys in hoods.covers for k in keys
                        if sum(values[j] for j in keys) < c.required}
    for _ in range(20):
        cells = hoods._spare(values)
        people = {q for q, _ in cells}
        assert cells == {(q, d) for q in people for d in range(p.days)}  # whole rows
        assert 0 in people and len(people) >= 2
        assert people - {0} <= could_fill_short
    # Nobody with hours left: nothing to repack.
    open_days = [d for d in range(p.days) if (0, d, 0) in values]
    for d in open_days[:p.people[0].contract.max_minutes // 480]:
        values[0, d, 0] = 1
    assert all(sum(480 for (q, _, _), v in values.items() if v and q == i)
               == person.contract.max_minutes for i, person in enumerate(p.people))
    assert hoods._spare(values) == set()
    # Smaller than whole rows: the same days around the short cover for everyone chosen.
    values[0, open_days[0], 0] = 0  # 0 has hours left again
    # Hours left are counted per decision, whatever order the plan's keys come in.
    left = hoods.hours_left(values)
    assert left[0] == 480 and not left[1:].any()
    assert (hoods.hours_left(dict(reversed(list(values.items())))) == left).all()
    small = Neighbourhoods(built, random.Random(5), 20.0)
    for _ in range(20):
        cells = small._spare(values)
        people = {q for q, _ in cells}
        days = sorted({d for _, d in cells})
        assert 0 in people and len(days) < p.days
        assert days == list(range(days[0], days[-1] + 1))
        assert cells == {(q, d) for q in people for d in days}
    uncapped = replace(p, people=tuple(replace(q, contract=replace(q.contract, max_minutes=None))
                                       for q in p.people))
    assert not hours_scarce(uncapped)
    assert "spare" not in Neighbourhoods(_build(uncapped), random.Random(0), 40.0).weights


def test_hours_scarce_and_hours_left_count_the_same_allowed_minutes():
    """Both count a weekly maximum per calendar week the horizon touches, and the lesser
    of the weekly and the horizon's maximum where a contract has both."""
    from dataclasses import replace

    from planner.roster.search.scarcity import HoursLeft, allowed_minutes, hours_scarce

    base = generated(days=28, staff=10, seed=3)
    # Starting on a Thursday, 28 days touch five calendar weeks.
    p = replace(base, start_weekday=3, people=tuple(
        replace(q, contract=replace(q.contract, max_minutes=None, min_minutes=0,
                                    max_minutes_per_week=480 * (1 + i % 3)))
        for i, q in enumerate(base.people)))
    assert len(p.weeks()) == 5
    allowed = allowed_minutes(p)
    assert list(allowed) == [480 * (1 + i % 3) * 5 for i in range(len(p.people))]
    built = _build(p)
    assert (HoursLeft(built)(dict.fromkeys(built.vars.x, 0)) == allowed).all()
    # A horizon's maximum below the weekly ones is the one that holds.
    capped = replace(p, people=tuple(replace(q, contract=replace(q.contract, max_minutes=480))
                                     for q in p.people))
    assert (allowed_minutes(capped) == 480).all()
    built = _build(capped)
    assert (HoursLeft(built)(dict.fromkeys(built.vars.x, 0)) == 480).all()
    asked = sum(c.required * next(t.work_minutes for t in p.shift_types if t.id == c.shift)
                for c in p.covers)
    assert hours_scarce(capped) == (asked > 480 * len(p.people))
    assert hours_scarce(p) == (asked > allowed.sum())


def test_priced_construction_counts_a_partly_closed_shortfall_of_minimum_minutes():
    # One person, five shifts short of the minimum; every shift worked is one too many for
    # its cover. Only the shortfall's own price makes one more shift worth it: the group
    # stays broken after the step.
    shift = ShiftType("D", 480, forbidden_next=frozenset())
    person = Person("P", contract=Contract(min_minutes=480 * 7, max_consecutive_days=7,
                                           min_consecutive_days=1,
                                           min_consecutive_days_off=1))
    p = Problem(days=10, shift_types=(shift,), people=(person,),
                covers=tuple(Cover(day=d, shift="D", required=0, under_weight=100,
                                   over_weight=1) for d in range(10)),
                rest_minutes=None, working_time_law=False)
    built = _build(p)
    priced = SubSolver(built, priced=True)
    plan = (Assignment("P", 0, "D"), Assignment("P", 1, "D"))
    values = values_of(built, plan)
    evaluated = priced.solve(values, set(), None, 5.0, 1, 0)
    assert evaluated.violations == 1
    (short, weight), = built.ctx.shortfalls
    assert weight == 100_000 // (480 * 7)
    assert evaluated.objective == 2 + 100_000 + weight * 480 * 5
    step = priced.solve(evaluated.values, {(0, 4)}, evaluated.objective, 5.0, 1, 0,
                        full=evaluated.full)
    assert step.values[(0, 4, 0)] == 1 and step.violations == 1
    assert step.objective == evaluated.objective - weight * 480 + 1
    # The strict model does not price shortfalls: its objective is the plan's.
    strict = SubSolver(built)
    full_plan = values_of(built, tuple(Assignment("P", d, "D") for d in range(7)))
    assert strict.solve(full_plan, set(), None, 5.0, 1, 0).objective == 7


def test_the_lp_neighbourhood_frees_where_the_plan_disagrees_with_the_lp_and_hints_the_lp():
    p = generated(days=28, staff=10, seed=3)
    built = _build(p)
    values = values_of(built, starting_plan(p))
    hoods = Neighbourhoods(built, random.Random(0), 6.0)
    assert "lp" not in hoods.weights  # not drawn before the LP has told its leaning
    assert hoods._lp(values) == set()
    lean = np.full((10, 28), -1, dtype=np.int64)
    for (q, d, s), v in values.items():
        if v:
            lean[q, d] = s
    share = np.ones((10, 28))
    hoods.lean(lean.copy(), share)
    assert ("lp" in hoods.weights) == hoods_module.LP
    assert hoods._lp(values) == set()  # the plan is the LP's leaning: nothing to free
    n_types = len(p.shift_types)
    apart = {(1, 3): (lean[1, 3] + 1) % n_types, (4, 10): -1 if lean[4, 10] >= 0 else 0,
             (7, 25): (lean[7, 25] + 1) % n_types}
    weak = (2, 4)  # a disagreement the LP is not sure of is left alone
    changed = lean.copy()
    for (q, d), s in apart.items():
        changed[q, d] = s
    changed[weak] = (lean[weak] + 1) % n_types
    share = np.ones((10, 28))
    share[weak] = hoods_module.LP_SHARE / 2
    hoods.lean(changed, share)
    cells = hoods._lp(values)
    assert cells and cells <= set(apart)
    hint = hoods.take_hint()
    key_of = {var.index: key for key, var in built.vars.x.items()}
    work_of = {var.index: key for key, var in built.vars.work.items()}
    for i, v in hint.items():
        q, d = key_of[i][:2] if i in key_of else work_of[i]
        assert (q, d) in cells
        wanted = changed[q, d]
        assert v == (int(wanted == key_of[i][2]) if i in key_of else int(wanted >= 0))
    hoods.sizes["lp"] = 100.0
    assert hoods._lp(values) == set(apart)


def test_hours_left_counts_the_horizons_maximum_and_each_weeks():
    from dataclasses import replace

    from planner.roster.search.scarcity import HoursLeft

    base = generated(days=14, staff=3, seed=4)
    weekly = Contract(max_minutes_per_week=480 * 5, max_consecutive_days=7,
                      min_consecutive_days=1, min_consecutive_days_off=1)
    people = (replace(base.people[0], contract=weekly),
              # Both: the horizon's maximum is the lesser here.
              replace(base.people[1], contract=replace(weekly, max_minutes=480 * 9)),
              replace(base.people[2], contract=replace(weekly, max_minutes_per_week=None)))
    p = replace(base, people=people, pins=(), requests=())
    built = _build(p)
    values = dict.fromkeys(built.vars.x, 0)
    weeks = [days for _, days in sorted(p.weeks().items())]
    length = {i: s.work_minutes for i, s in enumerate(p.shift_types)}
    worked = [[0] * len(weeks) for _ in people]
    # Each person works (at most) three days of the first week and five of the second.
    for q in range(len(people)):
        for w, (days, n) in enumerate(zip(weeks, (3, 5))):
            cells = [next((q, d, s) for s in length if (q, d, s) in values) for d in days
                     if any((q, d, s) in values for s in length)]
            for key in cells[:n]:
                values[key] = 1
                worked[q][w] += length[key[2]]
    assert all(sum(row) for row in worked)
    left = HoursLeft(built)(values)
    under_weeks = [sum(max(0, 480 * 5 - m) for m in worked[q]) for q in range(2)]
    assert left[0] == under_weeks[0]  # only weekly maxima: the weeks' room summed
    assert left[1] == 480 * 9 - sum(worked[1]) < under_weeks[1]
    assert left[2] == 0  # no maximum at all: nothing counted
