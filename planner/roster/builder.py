"""Assemble the CP-SAT model of a roster problem from the rule modules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from .groups import CHANGES, RELAX_WEIGHT, RuleGroup
from .model import Assignment, Problem
from .rules import ALL_RULES
from .variables import BuildContext, RosterVars


@dataclass
class BuiltModel:
    problem: Problem
    model: cp_model.CpModel
    vars: RosterVars
    ctx: BuildContext
    # The covers' and requests' index of the rows' walk (search/rows.py), made once.
    row_costs: Any = field(default=None, repr=False, compare=False)

    @property
    def objective(self) -> cp_model.LinearExprT:
        return sum(weight * expr for _, weight, expr in self.ctx.penalties)

    def assignments(self, value) -> tuple[Assignment, ...]:
        """Read the plan; ``value`` maps a variable to its value (solver or callback)."""
        problem = self.problem
        out = []
        for (p, d, s), var in self.vars.x.items():
            if value(var):
                shift = problem.shift_types[s]
                out.append(Assignment(problem.people[p].id, d, shift.id, shift.place))
        return tuple(sorted(out))

    def plan_from(self, values: dict[tuple[int, int, int], int]) -> tuple[Assignment, ...]:
        return self.assignments(lambda var: values[self._key_of[var.index]])

    @property
    def _key_of(self) -> dict[int, tuple[int, int, int]]:
        cached = self.__dict__.get("_keys")
        if cached is None:
            cached = {var.index: key for key, var in self.vars.x.items()}
            self.__dict__["_keys"] = cached
        return cached

    def hint(self, plan: tuple[Assignment, ...]) -> None:
        """Suggest a plan as the starting point; cells the plan leaves empty are hinted off."""
        self.model.clear_hints()
        chosen = {
            (self.vars.person_index.get(a.person), a.day, self.vars.shift_index.get(a.shift))
            for a in plan
        }
        working = {(p, d) for p, d, s in chosen if (p, d, s) in self.vars.x}
        # Extended in bulk: a call of add_hint per decision took 5 s on a year of 240 people.
        hint = self.model.proto.solution_hint
        hint.vars.extend([var.index for var in self.vars.x.values()])
        hint.values.extend([int(key in chosen) for key in self.vars.x])
        hint.vars.extend([var.index for var in self.vars.work.values()])
        hint.values.extend([int(cell in working) for cell in self.vars.work])


def build(
    problem: Problem,
    assume: bool = False,
    relaxed: frozenset[RuleGroup] = frozenset(),
    relax_weight: int = RELAX_WEIGHT,
) -> BuiltModel:
    model = cp_model.CpModel()
    variables = RosterVars(problem, model)
    ctx = BuildContext(problem, model, variables, assume, relaxed, relax_weight)
    for rule in ALL_RULES:
        rule.add(ctx)
    built = BuiltModel(problem, model, variables, ctx)
    if problem.objective_cap is not None:
        # A re-plan's tolerance: everything but the changes stays within the cap.
        model.add(sum(w * e for rule, w, e in ctx.penalties if rule != CHANGES) <= problem.objective_cap)
    model.minimize(built.objective)
    return built
