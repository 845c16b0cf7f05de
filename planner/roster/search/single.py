"""The single search's start: a plan from the rows before the full model runs.

The full model alone (``single``) finds its first plan after presolve and a first
solution of its own: on the 64-person four-week centre case 3.8 s from the start, worth
20,020 (2026-12-05). The greedy plan with the rule-breakers' rows replaced by their best
rows (construction.first_from_rows) keeps every hard rule there 2.3 s from the start,
worth 14,866; it is the first plan, and the full model is hinted with its decisions.
Where covers and requests are the whole objective, column generation over the rows and its
dive (columns.py) follow, and the full model is hinted with the dive's plan when better.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..builder import BuiltModel
from .columns import dived_plan
from .construction import first_from_rows
from .subproblem import SubSolver

# Off: the full model starts from the greedy plan's hint alone, as before 2026-12-05.
ROWS_START = True
# The most of the time limit the start may take before the full model runs.
START_SHARE = 0.25
# Column generation and its dive (columns.py) from the start, up to this share of the time
# from the solve's start; the full model is hinted with its plan when that is better.
# 2026-12-05, 60 s, 2 workers: at half the time the dive on instance 8 was cut short
# (1509-1601 after the full model); at three quarters it ended at 1401-1403 (best known
# 1300; without it 1505-1625), 10 at its best known 4631, 9 at 442.
COLUMNS_START = True
COLUMNS_SHARE = 0.75
# From a closed LP the dive goes again while its share lasts (columns.dived_plan's
# ``redive``), the cheapest plan kept. Instance 8 (60 s, 2 workers, seeds 0-5, 2026-12-08):
# 1307 / 1306 / 1307 / 1304 / 1306 / 1303 against 1404 / 1307 / 1304 / 1402 (seeds 0-3)
# with one dive; each person's row drawn by its share (randomised rounding) in place of the
# order with noise: dives of 1522-2030 after a first at 1405.
REDIVE = True


@dataclass
class Start:
    values: dict
    objective: int
    first: float  # seconds from the solve's start to the start's first plan
    best: float | None = None  # ... to this plan (None: the first)
    # No plan costs less (column generation's closed LP; None: nothing proven).
    bound: int | None = None
    # Objective gained by each part after the first plan of the start.
    gains: dict[str, int] = field(default_factory=dict)


def rows_start(built: BuiltModel, options, started: float, deadline: float, plan) -> Start | None:
    """The greedy plan, or its rows' repair, when it keeps every hard rule: reported through
    ``on_progress``, the full model hinted with its decisions. None (and the hint left
    alone) when it breaks a rule still."""
    if not ROWS_START or not plan:
        return None
    out: list[Start] = []

    def accept(values, objective: int, _part: str, _full) -> None:
        elapsed = time.monotonic() - started
        out.append(Start(values, objective, elapsed))
        if options.on_progress is not None:
            options.on_progress(objective, 0.0, elapsed)

    strict = SubSolver(built)
    priced = SubSolver(built, priced=True, shared=strict.shared)
    until = started + START_SHARE * (deadline - started)
    # No sweep, and only the decisions hinted, as the greedy plan was: with the swept plan
    # (a plan of best responses), or every variable of the repaired one, the full model
    # did worse on the shared four-week instances (60 s, 2 workers, 2026-12-05: 9 461,
    # 10 4738-4967, 11 3670-3679 against 445, 4731, 3443 with the decisions hinted); the
    # 64-person case ended within 0.27 % of the bound at 120 s (0.34-0.54 % hinted in full,
    # 0.85 % with the greedy plan's hint).
    first_from_rows(built, strict, priced, plan, until, options.random_seed, accept,
                    sweep=False)
    if not out:
        return None
    if COLUMNS_START:
        _columns(built, strict, options, started, deadline, out, accept)
    built.hint(built.plan_from(out[-1].values))
    return out[-1]


def _columns(built: BuiltModel, strict: SubSolver, options, started: float, deadline: float,
             out: list[Start], accept) -> None:
    """The dive's plan after the start's, when it is better (reported the same way)."""
    def stopped() -> bool:
        return options.stop_event is not None and options.stop_event.is_set()

    held = out[-1]
    bounds: list[int] = []
    # Nothing else runs yet: the other workers' cores price beside it.
    plan = dived_plan(built, held.values, started + COLUMNS_SHARE * (deadline - started),
                      stopped, on_bound=bounds.append,
                      helping=lambda: options.num_workers > 1, redive=REDIVE,
                      seed=options.random_seed)
    held.bound = bounds[0] if bounds else None
    if plan is None:
        return
    step = strict.solve(plan, set(), None, max(0.5, deadline - time.monotonic()),
                        options.num_workers, options.random_seed)
    if step.values is not None and step.objective < held.objective:
        accept(step.values, step.objective, "columns", None)
        found = out[-1]
        found.best, found.first = found.first, held.first
        found.gains = {"columns": held.objective - step.objective}
        found.bound = held.bound
