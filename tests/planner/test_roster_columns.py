"""Column generation over the people's rows and its dive (planner/roster/search/columns.py)."""

from __future__ import annotations

import math
import random
import time
from dataclasses import replace

import numpy as np
import pytest

from planner.roster import SolveOptions, check, solve
from planner.roster.heuristic import starting_plan
from planner.roster.model import FairnessRule, Request
from planner.roster.search import columns as columns_module
from planner.roster.search.columns import Columns, dived_plan
from planner.roster.search.construction import construct
from planner.roster.search.rows import RowCosts, _kept_row, swept
from planner.roster.solver import _build

from .test_roster_search import generated


def with_requests(seed: int):
    """The generated instance with requests on and off (the rows' own costs)."""
    p = generated(days=14, staff=6, seed=seed)
    rng = random.Random(seed)
    requests = tuple(
        Request(person=rng.choice(p.people).id, day=rng.randrange(p.days),
                shift=rng.choice(["E", "L", None]), weight=rng.randint(1, 3),
                on=rng.random() < 0.5)
        for _ in range(12))
    return replace(p, requests=requests)


def first_values(built, p):
    made = construct(built, starting_plan(p), time.monotonic() + 20, 1, 0, lambda: False, 30.0)
    assert made is not None and made.violations == 0
    return made.values


def test_the_rows_lp_closes_below_the_best_plan_and_prices_the_start_plans_rows_as_the_model(
        monkeypatch):
    monkeypatch.setattr(columns_module, "MAX_ROUND_SHARE", 1.0)  # a loaded machine: no giving up
    p = with_requests(seed=7)
    built = _build(p)
    values = first_values(built, p)
    columns = Columns(built, RowCosts(built))
    columns.add_plan(values)
    # The start plan alone: the LP's value is that plan's covers and requests.
    value, *_ = columns.master()
    start = check(p, built.plan_from(values))
    assert abs(value - start.objective) < 1e-6
    assert columns.generate(time.monotonic() + 30, lambda: False)
    best = solve(p, SolveOptions(time_limit_s=20, num_workers=2, search="single"))
    assert best.feasible
    # Every plan is a choice of one row per person: the LP of all rows is a lower bound.
    assert columns.value <= best.objective + 1e-6
    assert columns.value < start.objective


def test_a_rows_cost_in_the_master_is_the_weight_of_its_persons_requests_it_leaves_unmet():
    p = with_requests(seed=3)
    built = _build(p)
    values = first_values(built, p)
    costs = RowCosts(built)
    columns = Columns(built, costs)
    columns.add_plan(values)
    assert any(costs.requests_of.values())
    for person in range(len(p.people)):
        row = np.full(p.days, -1)
        for _, d, s in costs.keys_of.get(person, ()):
            if values[person, d, s]:
                row[d] = s
        assert columns.row_cost[person] == [pytest.approx(costs.unmet(person, row))]


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_the_closed_lps_bound_is_its_value_and_no_plan_costs_less(seed, monkeypatch):
    monkeypatch.setattr(columns_module, "MAX_ROUND_SHARE", 1.0)
    p = with_requests(seed=seed)
    built = _build(p)
    values = first_values(built, p)
    columns = Columns(built, RowCosts(built))
    columns.add_plan(values)
    assert columns.bound is None
    assert columns.generate(time.monotonic() + 30, lambda: False)
    # Exact pricing under the closing prices: the Lagrangian bound is the LP's value.
    assert columns.bound is not None
    assert columns.bound == pytest.approx(columns.value, abs=1e-3)
    heard = []
    dived_plan(built, values, time.monotonic() + 30, lambda: False, on_bound=heard.append)
    assert heard == [math.ceil(columns.bound - columns_module.BOUND_TOLERANCE)]
    best = solve(p, SolveOptions(time_limit_s=20, num_workers=2, search="single"))
    assert best.feasible and best.best_bound >= heard[0]
    assert heard[0] <= best.objective


def test_the_dive_gives_a_plan_that_keeps_every_hard_rule(monkeypatch):
    monkeypatch.setattr(columns_module, "MAX_ROUND_SHARE", 1.0)
    for seed in (3, 5, 11):
        p = with_requests(seed)
        built = _build(p)
        plan = dived_plan(built, first_values(built, p), time.monotonic() + 30, lambda: False)
        assert plan is not None
        report = check(p, built.plan_from(plan))
        assert report.ok, report.hard_violations


def test_a_released_dive_gives_back_the_closed_lp_of_every_row(monkeypatch):
    monkeypatch.setattr(columns_module, "MAX_ROUND_SHARE", 1.0)
    p = with_requests(seed=7)
    built = _build(p)
    columns = Columns(built, RowCosts(built))
    columns.add_plan(first_values(built, p))
    assert columns.generate(time.monotonic() + 30, lambda: False)
    closed = columns.value
    assert columns.dive(time.monotonic() + 30, lambda: False) is not None
    assert len(columns.fixed) == len(p.people)
    columns.release()
    assert columns.fixed == {} and not any(columns.forced)
    value, *_ = columns.master()
    # The dive's rows joined the pool; none beats the closed LP.
    assert value == pytest.approx(closed, abs=1e-6)


def test_dives_again_from_a_closed_lp_until_its_bound_or_patience_and_keeps_the_cheapest(
        monkeypatch):
    monkeypatch.setattr(columns_module, "MAX_ROUND_SHARE", 1.0)
    dives = []
    real = Columns.dive

    def recorded(self, *args, **kwargs):
        plan = real(self, *args, **kwargs)
        dives.append(check(p, built.plan_from(plan)).objective)
        return plan

    monkeypatch.setattr(Columns, "dive", recorded)
    bettered = 0
    for seed in range(1, 17):
        p = with_requests(seed)
        built = _build(p)
        dives.clear()
        heard = []
        plan = dived_plan(built, first_values(built, p), time.monotonic() + 3, lambda: False,
                          on_bound=heard.append, redive=True, seed=seed)
        report = check(p, built.plan_from(plan))
        assert report.ok, report.hard_violations
        assert report.objective == min(dives)
        if dives[0] == heard[0]:
            assert len(dives) == 1  # nothing is cheaper than the bound
        else:
            assert len(dives) > 1
        # The last dives found nothing cheaper (patience), unless the last reached the bound.
        if dives[-1] > heard[0]:
            last = dives.index(min(dives))
            assert len(dives) - 1 - last == columns_module.REDIVE_PATIENCE
        bettered += min(dives) < dives[0]
        dives.clear()
        dived_plan(built, first_values(built, p), time.monotonic() + 3, lambda: False)
        assert len(dives) == 1
    # 2026-12-08: three of these sixteen found a cheaper plan than their first dive's.
    assert bettered >= 1


def test_column_generation_gives_up_when_a_round_would_take_too_much_of_its_window(monkeypatch):
    p = generated(days=28, staff=30, seed=2)
    built = _build(p)
    values = first_values(built, p)
    monkeypatch.setattr(columns_module, "MAX_ROUND_SHARE", 1e-9)
    started = time.monotonic()
    assert dived_plan(built, values, started + 30, lambda: False) is None
    assert time.monotonic() - started < 5


def test_a_stop_ends_column_generation_without_a_plan():
    p = with_requests(seed=3)
    built = _build(p)
    assert dived_plan(built, first_values(built, p), time.monotonic() + 30, lambda: True) is None


def test_column_generation_stays_out_where_its_lp_would_not_price_the_whole_objective():
    p = with_requests(seed=3)
    floors = (replace(p.covers[0], minimum=1),) + p.covers[1:]
    for changed in (replace(p, covers=floors),
                    replace(p, fairness=(FairnessRule(name="late", shifts=frozenset({"L"}),
                                                      weight=2),))):
        built = _build(changed)
        assert not columns_module.priced_in_full(built)
        assert dived_plan(built, first_values(built, changed), time.monotonic() + 30,
                          lambda: False) is None
    assert columns_module.priced_in_full(_build(p))


def test_the_master_kept_between_solves_equals_one_built_anew():
    """New rows and a fixed person change the kept GLOP model as they would a new one."""
    p = with_requests(seed=5)
    built = _build(p)
    columns = Columns(built, RowCosts(built))
    columns.add_plan(first_values(built, p))
    _, pi, mu = columns.master()
    entered = sum(columns.price_one(q, pi, mu) for q in range(columns.n_people))
    assert entered > 0
    columns.fix(0, len(columns.rows[0]) - 1)
    kept, *_ = columns.master()
    fresh = Columns(built, RowCosts(built))
    for q, rows in enumerate(columns.rows):
        for shifts in rows:
            fresh.add(q, shifts)
    fresh.fix(0, columns.fixed[0])
    anew, *_ = fresh.master()
    assert abs(kept - anew) < 1e-6


def test_the_split_search_dives_on_the_background_worker_and_keeps_every_rule(monkeypatch):
    """The dive runs in the background model's thread (the LNS goes on meanwhile), and its
    plan, when taken, keeps every hard rule."""
    import threading

    from planner.roster.search import concurrent

    p = generated(days=28, staff=12, seed=4)
    threads = []

    told = []

    dived = []
    sweeps = []

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread() is not threading.main_thread())
        dived.append(dived_plan(*args, **kwargs))
        return dived[-1]

    def lean(self, *args):
        told.append(self)

    def sweep(built, values, *args):
        # The dive's own plan is swept, in the background thread.
        sweeps.append((values is dived[-1],
                       threading.current_thread() is not threading.main_thread()))
        return swept(built, values, *args)

    monkeypatch.setattr(concurrent, "dived_plan", recorded)
    monkeypatch.setattr(concurrent, "swept", sweep)
    monkeypatch.setattr(concurrent.Neighbourhoods, "lean", lean)
    result = solve(p, SolveOptions(time_limit_s=8, num_workers=2, search="split"))
    assert threads == [True]
    assert dived[0] is not None and sweeps == [(True, True)]
    # The LP's leaning goes to the LNS thread's neighbourhoods.
    assert told and all(isinstance(h, concurrent.Neighbourhoods) for h in told)
    assert result.feasible
    assert check(p, result.assignments).ok


def test_the_lns_thread_lends_its_core_to_pricing_and_takes_it_back_after(monkeypatch):
    """While column generation prices in the background thread, the LNS thread lends it
    its core; once generation and the dive end, the core is the LNS thread's again."""
    from planner.roster.search import concurrent

    p = generated(days=28, staff=12, seed=4)
    lent: list[bool] = []
    asked = []

    def pricing(*args, helping, **kwargs):
        asked.append(helping)
        until = time.monotonic() + 5
        while not helping() and time.monotonic() < until:
            time.sleep(0.01)
        lent.append(helping())
        return None

    monkeypatch.setattr(concurrent, "dived_plan", pricing)
    result = solve(p, SolveOptions(time_limit_s=4, num_workers=2, search="split"))
    assert lent == [True]
    assert not asked[0]()
    assert result.feasible and check(p, result.assignments).ok


def priced_once(seed: int):
    """The start plan's rows and one pass of pricing under their duals: an LP that has
    not closed yet."""
    p = with_requests(seed)
    built = _build(p)
    columns = Columns(built, RowCosts(built))
    columns.add_plan(first_values(built, p))
    _, pi, mu = columns.master()
    for q in range(columns.n_people):
        columns.price_one(q, pi, mu)
    return p, built, columns


def test_the_dive_by_days_keeps_every_hard_rule_and_every_day_it_fixed(monkeypatch):
    monkeypatch.setattr(columns_module, "MAX_ROUND_SHARE", 1.0)
    for seed in (3, 5, 11):
        p, built, columns = priced_once(seed)
        plan = columns.dive_cells(time.monotonic() + 30, lambda: False)
        assert plan is not None
        report = check(p, built.plan_from(plan))
        assert report.ok, report.hard_violations
        assert any(columns.forced)  # the dive fixed days, not only whole rows
        for q, forced in enumerate(columns.forced):
            for d, s in forced.items():
                worked = [key[2] for key in columns.costs.keys_of.get(q, ())
                          if key[1] == d and plan[key]]
                assert worked == ([] if s is None else [s])


def test_a_fixed_day_closes_the_rows_that_differ_and_pricing_keeps_it():
    p, built, columns = priced_once(seed=5)
    _, pi, mu = columns.master()
    # A day of a person fixed against the LP's choice: to what an unused row of theirs has
    # there, unlike the row of their largest share.
    person, day, shift = next(
        (q, d, row[d])
        for q in range(columns.n_people)
        for top in [columns.rows[q][max(range(len(columns.rows[q])),
                                        key=columns.shares(q).__getitem__)]]
        for j, row in enumerate(columns.rows[q]) if columns.shares(q)[j] < 1e-9
        for d in range(p.days) if row[d] != top[d])
    known = len(columns.rows[person])
    columns.force(person, day, shift)
    entered = 0
    for _ in range(3):
        _, pi, mu = columns.master()
        shares = columns.shares(person)
        assert all(v < 1e-9 for v, row in zip(shares, columns.rows[person]) if row[day] != shift)
        entered += columns.price_one(person, pi, mu)
    # Pricing found rows that keep the fixed day (the walk sees it), and only those.
    assert entered > 0
    assert all(row[day] == shift for row in columns.rows[person][known:])
    other = next(s for s in [None, *range(len(p.shift_types))] if s != shift)
    assert not columns.add(person, tuple(other if d == day else s
                                         for d, s in enumerate(columns.rows[person][-1])))


def test_the_searchs_best_plan_enters_the_master_before_it_is_solved(monkeypatch):
    monkeypatch.setattr(columns_module, "MAX_ROUND_SHARE", 1.0)
    p = with_requests(seed=3)
    built = _build(p)
    columns = Columns(built, RowCosts(built))
    start = first_values(built, p)
    columns.add_plan(start)
    other = solve(p, SolveOptions(time_limit_s=5, num_workers=2, search="single"))
    from planner.roster.search.construction import values_of

    better = values_of(built, other.assignments)
    columns.incumbent = lambda: better
    columns.generate(time.monotonic() + 0.01, lambda: False)
    for q in range(columns.n_people):
        row = tuple(next((key[2] for key in columns.costs.keys_of.get(q, ())
                          if key[1] == d and better[key]), None) for d in range(p.days))
        assert row in columns.seen[q]


def test_an_lp_that_does_not_close_in_its_share_dives_by_days(monkeypatch):
    monkeypatch.setattr(columns_module, "MAX_ROUND_SHARE", 1.0)
    calls = []
    for closes in (True, False):
        p = with_requests(seed=11)
        built = _build(p)
        if not closes:
            monkeypatch.setattr(Columns, "generate", lambda self, *a, **k: (
                setattr(self, "passes", 1) or bool(self.master()) and False))
        for name in ("dive", "dive_cells"):
            real = getattr(Columns, name)
            monkeypatch.setattr(Columns, name, lambda self, *a, _real=real, _name=name, **k: (
                calls.append(_name) or _real(self, *a, **k)))
        assert dived_plan(built, first_values(built, p), time.monotonic() + 10,
                          lambda: False) is not None
        monkeypatch.undo()
        monkeypatch.setattr(columns_module, "MAX_ROUND_SHARE", 1.0)
    assert calls[0] == "dive" and calls[-1] == "dive_cells"


def test_smoothed_pricing_closes_the_lp_at_the_same_value_as_pricing_at_the_true_duals(
        monkeypatch):
    """Smoothing changes where pricing looks, never where the LP closes: only a pass under
    the master's true duals that finds nothing may close it."""
    monkeypatch.setattr(columns_module, "MAX_ROUND_SHARE", 1.0)
    p = with_requests(seed=7)
    built = _build(p)
    values = first_values(built, p)
    closed_at = {}
    for smoothing in (0.0, 0.5, 0.9):
        monkeypatch.setattr(columns_module, "SMOOTHING", smoothing)
        columns = Columns(built, RowCosts(built))
        columns.add_plan(values)
        assert columns.generate(time.monotonic() + 60, lambda: False)
        closed_at[smoothing] = columns.value
    assert abs(closed_at[0.5] - closed_at[0.0]) < 1e-6
    assert abs(closed_at[0.9] - closed_at[0.0]) < 1e-6


def test_pricing_two_at_a_time_on_a_lent_core_closes_the_lp_at_the_same_value(monkeypatch):
    """While the caller lends a core, two people are walked at once (the second on the
    pool's thread); the LP closes where pricing one at a time closes it."""
    import threading

    monkeypatch.setattr(columns_module, "MAX_ROUND_SHARE", 1.0)
    p = with_requests(seed=7)
    built = _build(p)
    values = first_values(built, p)
    walked_on: list[set[int]] = []
    walk = Columns._walked

    def recorded(self, *args):
        walked_on[-1].add(threading.get_ident())
        return walk(self, *args)

    monkeypatch.setattr(Columns, "_walked", recorded)
    closed_at = {}
    for lent in (False, True):
        walked_on.append(set())
        with Columns(built, RowCosts(built)) as columns:
            columns.helping = lambda lent=lent: lent
            columns.add_plan(values)
            assert columns.generate(time.monotonic() + 60, lambda: False)
        closed_at[lent] = columns.value
    assert walked_on[0] == {threading.get_ident()}
    assert len(walked_on[1]) == 2
    assert abs(closed_at[True] - closed_at[False]) < 1e-6


def test_walks_beside_a_slow_master_enter_its_rows_and_the_lp_closes_at_the_same_value(
        monkeypatch):
    """Where a master solve outlasts a walk and a core is lent, the next people are
    walked on the pool thread while GLOP solves; the LP closes where it closes without."""
    import threading

    monkeypatch.setattr(columns_module, "MAX_ROUND_SHARE", 1.0)
    p = with_requests(seed=7)
    built = _build(p)
    values = first_values(built, p)
    master = Columns.master

    def slow(self):
        solved = master(self)
        time.sleep(3 * (self.walk_time or 0.0) + 0.002)  # a master longer than a walk
        return solved

    monkeypatch.setattr(Columns, "master", slow)
    during: list[int] = []
    walk = Columns._walked

    def recorded(self, *args):
        if self._solving.is_set() and threading.current_thread() is not threading.main_thread():
            during.append(1)
        return walk(self, *args)

    monkeypatch.setattr(Columns, "_walked", recorded)
    closed_at = {}
    for ahead in (False, True):
        monkeypatch.setattr(columns_module, "WALK_AHEAD", ahead)
        during.clear()
        with Columns(built, RowCosts(built)) as columns:
            columns.helping = lambda: True
            columns.add_plan(values)
            assert columns.generate(time.monotonic() + 60, lambda: False)
        closed_at[ahead] = columns.value
        assert bool(during) == ahead
    assert abs(closed_at[True] - closed_at[False]) < 1e-6


def test_the_lps_leaning_is_the_plan_when_the_plan_is_its_only_row():
    p = with_requests(seed=5)
    built = _build(p)
    values = first_values(built, p)
    columns = Columns(built, RowCosts(built))
    columns.add_plan(values)
    columns.master()
    lean, share = columns.leaning()
    for (q, d, s), v in values.items():
        if v:
            assert lean[q, d] == s
    worked = {(q, d) for (q, d, _), v in values.items() if v}
    assert all(lean[q, d] == -1 for q in range(len(p.people)) for d in range(p.days)
               if (q, d) not in worked)
    assert np.allclose(share, 1.0)


def test_column_generation_tells_its_leaning_and_the_dive_does_not(monkeypatch):
    monkeypatch.setattr(columns_module, "MAX_ROUND_SHARE", 1.0)
    monkeypatch.setattr(columns_module, "LEANING_SECONDS", 0.0)
    p = with_requests(seed=3)
    built = _build(p)
    told = []
    generated_until = []

    real_dive = Columns.dive_cells, Columns.dive

    def marked(kind):
        def dive(self, *args):
            generated_until.append(len(told))
            return real_dive[kind](self, *args)
        return dive

    monkeypatch.setattr(Columns, "dive_cells", marked(0))
    monkeypatch.setattr(Columns, "dive", marked(1))
    plan = dived_plan(built, first_values(built, p), time.monotonic() + 30, lambda: False,
                      on_leaning=lambda lean, share: told.append((lean.copy(), share.copy())))
    assert plan is not None and told
    # Nothing told once the dive began (its LPs answer its own fixings).
    assert generated_until == [len(told)]
    lean, share = told[-1]
    assert lean.shape == share.shape == (len(p.people), p.days)
    assert ((share > 0) & (share <= 1 + 1e-9)).all()


def test_a_sweep_replaces_rows_only_where_they_cost_less_and_keeps_every_rule():
    """Two people on rows that keep their rules but ignore the covers: the sweep puts
    better rows in, the plan's objective falls, every hard rule still holds, and a sweep
    of the swept plan does not make it worse."""
    p = with_requests(seed=7)
    built = _build(p)
    values = dict(first_values(built, p))
    costs = RowCosts(built)
    built.row_costs = costs
    for person in (0, 1):
        table = costs.table(values, person)
        costs.apply(values, person, _kept_row(built, person, table))
    before = check(p, built.plan_from(values))
    assert before.ok
    # A stop (the caller's, or the background model retired) ends the sweep at once.
    assert swept(built, values, 0, time.monotonic() + 30, 3, lambda: True) == (values, 0)
    after_values, replaced = swept(built, values, seed=0, until=time.monotonic() + 30)
    after = check(p, built.plan_from(after_values))
    assert replaced >= 1
    assert after.ok and after.objective < before.objective
    again, _ = swept(built, after_values, seed=1, until=time.monotonic() + 30, passes=1)
    assert check(p, built.plan_from(again)).objective <= after.objective
