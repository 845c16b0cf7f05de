"""The roster engine: domain types, CP-SAT solve, independent checker, explanations.

Where things live:
- model.py: the immutable problem and plan types (shift types, people, contracts, covers
  per shift type or time slot, requests, pins, fairness rules, previous plan).
- law.py: German working-time law on shift types and rest-derived forbidden successors.
- variables.py: the decision variables (filtered by the structural rules) and the build
  context shared by the rules.
- rules/: one module per rule, each ``add(ctx)``; hard rules go through ``ctx.guard`` so
  they can be assumed (for cores) or relaxed, soft rules through ``ctx.penalize``. Each
  hard rule module also has ``RULES`` (its ids) and ``check(worked)``, its independent check.
- heads.py: who counts as a head of a cover and when a shift is in a time slot.
- builder.py: assembles the model; solver.py: ``solve(problem, SolveOptions) ->
  SolveResult``; params.py: the tuned CP-SAT portfolio; heuristic.py: greedy start;
  lns.py: optional roster-shaped LNS; warm.py: warm starts from earlier plans.
- checker.py: independent verification (the rules' checks) and the score table (no CP-SAT).
- findings.py: what the engine reports, as data (rule id, people, places, days, spans,
  values); explain.py: colliding rules as findings. The interface words them
  (dashboard/texts/rule_words.py): the engine writes no sentences.
"""

from .checker import CheckReport, PersonSummary, ScoreRow, Violation, check, check_rule
from .explain import Conflict, explain, find_core
from .findings import Finding, demand, demands
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
    "Assignment", "CheckReport", "Conflict", "Contract", "Cover", "FairnessRule", "Finding", "Person",
    "PersonSummary", "Pin", "Problem", "RelaxedRule", "Request", "RuleGroup", "ScoreRow",
    "ShiftType", "SolveOptions", "SolveResult", "Violation", "check", "check_rule", "demand", "demands",
    "explain", "find_core",
    "forbidden_successors", "rotated", "shifted", "solve", "working_time_issues",
]
