"""The CP-SAT parameters of the engine's full model (planner/roster/params.py)."""

from __future__ import annotations

import re

from ortools.sat.python import cp_model

from planner.roster import SolveOptions, check, solve
from planner.roster import solver as solver_module
from planner.roster.params import (FEASIBILITY_SUBSOLVERS, ROOT_LP_ITERATIONS,
                                   tuned_parameters, with_plan_in_hand, with_root_lp)
from planner.roster.search import single
from planner.roster.solver import _build

from .test_roster_rows import tight


def _interleaved(configure) -> set[str]:
    """The interleaved subsolvers CP-SAT starts on a small roster model with 2 workers."""
    built = _build(tight(14, 1))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = 2
    solver.parameters.log_search_progress = True
    solver.parameters.log_to_stdout = False
    configure(solver.parameters, 2)
    lines: list[str] = []
    solver.log_callback = lines.append
    solver.solve(built.model)
    found = next(line for line in lines if "interleaved subsolvers" in line)
    return set(re.findall(r"[a-z_/]+", found.split(":", 1)[1]))


def test_the_single_search_solves_its_root_lp_past_cp_sats_default_cap():
    params = cp_model.CpSolver().parameters
    default = params.root_lp_iterations
    tuned_parameters(params, 2)
    assert params.root_lp_iterations == default  # the split search keeps CP-SAT's cap
    params = cp_model.CpSolver().parameters
    with_root_lp(tuned_parameters)(params, 2)
    assert params.root_lp_iterations > default
    assert list(params.subsolvers) == ["max_lp"] and params.linearization_level == 2


def test_a_plan_in_hand_leaves_the_feasibility_subsolvers_out():
    with_tuned = _interleaved(tuned_parameters)
    in_hand = _interleaved(with_plan_in_hand(tuned_parameters))
    # The names are CP-SAT's own: they run with the tuned portfolio, and not with a plan.
    assert set(FEASIBILITY_SUBSOLVERS) <= with_tuned
    assert not set(FEASIBILITY_SUBSOLVERS) & in_hand
    assert in_hand and in_hand <= with_tuned
    # The tuned settings stay.
    params = cp_model.CpSolver().parameters
    with_plan_in_hand(tuned_parameters)(params, 2)
    assert params.linearization_level == 2 and list(params.subsolvers) == ["max_lp"]


def test_the_single_search_leaves_them_out_after_the_rows_start_and_the_baseline_keeps_them(
        monkeypatch):
    seen: list[tuple[set[str], int]] = []
    default = cp_model.CpSolver().parameters.root_lp_iterations
    run = solver_module.run_cp_sat

    def recording(built, options, seconds, started, configure=None):
        params = cp_model.CpSolver().parameters
        if configure is not None:
            configure(params, options.num_workers)
        seen.append((set(params.ignore_subsolvers), params.root_lp_iterations))
        return run(built, options, seconds, started, configure)

    monkeypatch.setattr(solver_module, "run_cp_sat", recording)
    # The start may take the whole limit (it returns at its first plan), so the rows' plan
    # is in hand however loaded the machine is; under make test's load a quarter of 3 s was
    # not always enough.
    monkeypatch.setattr(single, "START_SHARE", 1.0)
    monkeypatch.setattr(single, "COLUMNS_START", False)
    p = tight(28, 2)
    result = solve(p, SolveOptions(time_limit_s=3, num_workers=2, search="single"))
    assert check(p, result.assignments).ok
    # The rows' plan was in hand; the root LP runs past the default cap.
    assert seen == [(set(FEASIBILITY_SUBSOLVERS), ROOT_LP_ITERATIONS)]
    assert ROOT_LP_ITERATIONS > default
    seen.clear()
    solve(p, SolveOptions(time_limit_s=2, num_workers=2, search="single", tuned=False))
    assert seen == [(set(), default)]
