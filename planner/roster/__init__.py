"""The roster engine: domain types, CP-SAT solve, independent checker, explanations.

Where things live:
- model.py: the immutable problem and plan types (shift types, people, contracts, covers
  per shift type or time slot, requests, pins, fairness rules, previous plan).
- law.py: German working-time law on shift types and rest-derived forbidden successors.
- variables.py: the decision variables and the build context shared by the rules.
- rules/: one module per rule, each ``add(ctx)``; hard rules go through ``ctx.guard`` so
  they can be assumed (for cores) or relaxed, soft rules through ``ctx.penalize``.
- builder.py: assembles the model; solver.py: ``solve(problem, SolveOptions) ->
  SolveResult``; params.py: the tuned CP-SAT portfolio; heuristic.py: greedy start;
  lns.py: optional roster-shaped LNS; warm.py: warm starts from earlier plans.
- checker.py: independent verification and the score table (no CP-SAT).
- explain.py and words.py: colliding rules in German and English.
"""

from .checker import CheckReport, PersonSummary, ScoreRow, Violation, check
from .explain import Conflict, explain, find_core
from .groups import RuleGroup
from .law import forbidden_successors, working_time_issues
from .model import (
    Assignment,
    Contract,
    Cover,
    FairnessRule,
    Person,
    Pin,
    Problem,
    Request,
    ShiftType,
)
from .solver import RelaxedRule, SolveOptions, SolveResult, solve
from .warm import rotated, shifted

__all__ = [
    "Assignment", "CheckReport", "Conflict", "Contract", "Cover", "FairnessRule", "Person",
    "PersonSummary", "Pin", "Problem", "RelaxedRule", "Request", "RuleGroup", "ScoreRow",
    "ShiftType", "SolveOptions", "SolveResult", "Violation", "check", "explain", "find_core",
    "forbidden_successors", "rotated", "shifted", "solve", "working_time_issues",
]
