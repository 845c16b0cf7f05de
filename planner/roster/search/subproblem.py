"""Solve the roster model with every decision outside a neighbourhood fixed to the incumbent.

The model is cloned once; each step copies the clone and narrows the domains of the fixed
decisions (cheaper than adding one equality per decision) and caps the objective at the
incumbent's, so a step can only return a plan at least as good.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from ..builder import BuiltModel
from ..groups import RELAX_WEIGHT

Values = dict[tuple[int, int, int], int]
BIG = 2 ** 40


@dataclass
class StepResult:
    status: int
    objective: int | None
    values: Values | None
    violations: int
    wall: float
    # Positions (in the order of ``built.ctx.assumptions``) of the groups the plan breaks.
    broken: tuple[int, ...] = ()


class SubSolver:
    """``priced``: the hard-rule groups' enforcement literals (``build(..., assume=True)``)
    are free and each false one costs ``RELAX_WEIGHT``; otherwise they are fixed true."""

    def __init__(self, built: BuiltModel, priced: bool = False) -> None:
        self.keys = list(built.vars.x)
        self.index = [built.vars.x[k].index for k in self.keys]
        base = built.model.clone()
        base.clear_hints()
        lits = list(built.ctx.assumptions.values())
        self.lit_index = [lit.index for lit in lits]
        objective = built.objective
        for i in self.lit_index:
            _fix(base.proto.variables[i].domain, 0 if priced else 1, 1)
        if priced and lits:
            objective = objective + RELAX_WEIGHT * sum(1 - lit for lit in lits)
            base.minimize(objective)
        cap = base.new_int_var(-BIG, BIG, "objective_cap")
        base.add(objective <= cap)
        self.cap_index = cap.index
        self.base = base

    def solve(self, values: Values, free: set[tuple[int, int]], cap: int | None,
              seconds: float, workers: int, seed: int) -> StepResult:
        model = self.base.clone()
        proto = model.proto
        variables = proto.variables
        hint_vars, hint_values = [], []
        for key, i in zip(self.keys, self.index):
            v = values[key]
            if (key[0], key[1]) in free:
                hint_vars.append(i)
                hint_values.append(v)
            else:
                _fix(variables[i].domain, v, v)
        proto.solution_hint.vars.extend(hint_vars)
        proto.solution_hint.values.extend(hint_values)
        if cap is not None:
            _fix(variables[self.cap_index].domain, -BIG, cap)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = workers
        solver.parameters.max_time_in_seconds = max(0.05, seconds)
        solver.parameters.random_seed = seed
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return StepResult(status, None, None, 0, solver.wall_time)
        sol = solver.response_proto.solution
        new = {key: int(sol[i]) for key, i in zip(self.keys, self.index)}
        broken = tuple(j for j, i in enumerate(self.lit_index) if not sol[i])
        return StepResult(status, int(round(solver.objective_value)), new, len(broken),
                          solver.wall_time, broken)


def _fix(domain, low: int, high: int) -> None:
    # The proto's repeated field takes item assignment only (no slices).
    domain[0] = low
    domain[1] = high
