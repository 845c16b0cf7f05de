"""The decision variables: one Boolean per person, day and shift type the person may work."""

from __future__ import annotations

from ortools.sat.python import cp_model

from .groups import RELAX_WEIGHT, RuleGroup
from .law import lawful_shift_ids
from .model import Person, Problem, ShiftType
from .rules import (
    absence,
    offered_day,
    one_shift_a_day,
    organisation,
    qualification,
    shift_limits,
    working_time,
)


def may_work(problem: Problem, person: Person, shift: ShiftType, lawful: frozenset[str]) -> bool:
    """Whether a person can ever work a shift type: the filters of the rules on working-time
    law, qualification, organisation and a contract's limit of zero."""
    return (working_time.allows(shift, lawful) and qualification.allows(person, shift)
            and organisation.allows(person, shift) and shift_limits.allows(person, shift))


class RosterVars:
    """``x[p, d, s]`` exists only where person p may work shift s on day d (the filters of
    the structural rules, rules/__init__.py); ``work[p, d]`` is their sum. Indexes are
    positions in ``problem.people`` and ``problem.shift_types``."""

    def __init__(self, problem: Problem, model: cp_model.CpModel) -> None:
        self.problem = problem
        self.model = model
        lawful = lawful_shift_ids(problem)
        self.x: dict[tuple[int, int, int], cp_model.IntVar] = {}
        self.work: dict[tuple[int, int], cp_model.IntVar] = {}
        self.person_index = {p.id: i for i, p in enumerate(problem.people)}
        self.shift_index = {s.id: i for i, s in enumerate(problem.shift_types)}
        # Each person's shifts of a day as (shift index, variable), kept as they are made:
        # the rules ask for them per day, and asking the dictionary for every shift type
        # cost seconds on a year of 240 people.
        self.day_shifts: dict[tuple[int, int], list[tuple[int, cp_model.IntVar]]] = {}
        # The shift types offered on each day, asked once per day, not per person.
        offered = [frozenset(s for s, shift in enumerate(problem.shift_types)
                             if offered_day.allows(problem, shift, d))
                   for d in range(problem.days)]
        for p, person in enumerate(problem.people):
            allowed = [
                s for s, shift in enumerate(problem.shift_types)
                if may_work(problem, person, shift, lawful)
            ]
            for d in range(problem.days):
                day_shifts = self.day_shifts[p, d] = []
                if absence.allows(person, d):
                    for s in allowed:
                        if s not in offered[d]:
                            continue
                        var = model.new_bool_var(f"x[{person.id},{d},{problem.shift_types[s].id}]")
                        self.x[p, d, s] = var
                        day_shifts.append((s, var))
                work = model.new_bool_var(f"work[{person.id},{d}]")
                self.work[p, d] = work
                one_shift_a_day.link(model, [var for _, var in day_shifts], work)

    def get(self, p: int, d: int, s: int) -> cp_model.IntVar | None:
        return self.x.get((p, d, s))

    def shifts_of(self, p: int, d: int) -> list[tuple[int, cp_model.IntVar]]:
        """``p``'s (shift index, variable) pairs of day ``d``, in shift order (not to be
        changed by the caller)."""
        return self.day_shifts.get((p, d), [])


class BuildContext:
    """What every rule module needs: the problem, the model, the variables, a place to put
    penalty terms, and ``guard`` for switching hard rule groups on and off.

    In plain mode hard rules are unconditional. With ``assume`` every group gets an
    enforcement literal used as an assumption (for infeasibility cores). Groups in
    ``relaxed`` get a free literal whose falsehood costs ``RELAX_WEIGHT``.
    """

    def __init__(
        self,
        problem: Problem,
        model: cp_model.CpModel,
        variables: RosterVars,
        assume: bool = False,
        relaxed: frozenset[RuleGroup] = frozenset(),
        relax_weight: int = 0,
    ) -> None:
        self.problem = problem
        self.model = model
        self.vars = variables
        self.assume = assume
        self.relaxed = relaxed
        self.relax_weight = relax_weight
        self.assumptions: dict[RuleGroup, cp_model.IntVar] = {}
        self.relax_literals: dict[RuleGroup, cp_model.IntVar] = {}
        # (rule name, weight, linear expression): the objective is the weighted sum.
        self.penalties: list[tuple[str, int, cp_model.LinearExprT]] = []
        # With ``assume``: (variable, weight per unit) of how far a minimum rule's group falls
        # short of its minimum. Not in the objective; the construction prices them beside the
        # groups' literals, so that a step that closes part of a shortfall counts
        # (search/subproblem.py).
        self.shortfalls: list[tuple[cp_model.IntVar, int]] = []
        # Each cover's heads (decision variables), by the cover's index in the problem: set
        # by rules/cover.py, read by the search's walk and neighbourhoods.
        # Each cover's heads as (person, day, shift) keys of ``vars.x`` (rules/cover.py).
        self.cover_heads: list[list[tuple[int, int, int]]] = []

    def guard(self, group: RuleGroup) -> list[cp_model.IntVar]:
        if group in self.relaxed:
            lit = self.relax_literals.get(group)
            if lit is None:
                lit = self.model.new_bool_var(f"keep[{group}]")
                self.relax_literals[group] = lit
                self.penalize(f"relaxed: {group.rule}", self.relax_weight, 1 - lit)
            return [lit]
        if self.assume:
            lit = self.assumptions.get(group)
            if lit is None:
                lit = self.model.new_bool_var(f"assume[{group}]")
                self.assumptions[group] = lit
            return [lit]
        return []

    def shortfall(self, expr: cp_model.LinearExprT, minimum: int, name: str) -> None:
        """With ``assume``: record how far ``expr`` falls short of ``minimum``, priced so
        that the whole shortfall costs about RELAX_WEIGHT (the group's own literal)."""
        if not self.assume or minimum <= 0:
            return
        short = self.model.new_int_var(0, minimum, f"short[{name}]")
        self.model.add(expr + short >= minimum)
        self.shortfalls.append((short, max(1, RELAX_WEIGHT // minimum)))

    def penalize(self, rule: str, weight: int, expr: cp_model.LinearExprT) -> None:
        if weight:
            self.penalties.append((rule, weight, expr))
