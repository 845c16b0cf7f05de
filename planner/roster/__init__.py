"""The roster engine: domain types, CP-SAT solve, independent checker, explanations."""

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

__all__ = [
    "Assignment", "CheckReport", "Conflict", "Contract", "Cover", "FairnessRule", "Person",
    "PersonSummary", "Pin", "Problem", "RelaxedRule", "Request", "RuleGroup", "ScoreRow",
    "ShiftType", "SolveOptions", "SolveResult", "Violation", "check", "explain", "find_core",
    "forbidden_successors", "solve", "working_time_issues",
]
