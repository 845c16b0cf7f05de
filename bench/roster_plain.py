"""The plain CP-SAT reference model the engine is measured against.

One Boolean per person, day and shift type, the same rules written in the most direct way,
no symmetry breaking, no hints and CP-SAT's default parameters (only the time limit, the
number of workers and the seed are set). Kept apart from the engine on purpose: it is a
yardstick, not a fallback. It covers the rules the Curtois-Qu instances use.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from planner.roster.model import Assignment, Problem


def solve_plain(problem: Problem, seconds: float, workers: int, seed: int = 0):
    """Returns (plan, objective, bound, status name, seconds to first solution)."""
    m = cp_model.CpModel()
    P, D, S = problem.people, problem.days, problem.shift_types
    x = {(p, d, s): m.new_bool_var(f"x{p}_{d}_{s}")
         for p in range(len(P)) for d in range(D) for s in range(len(S))}
    sid = {s.id: i for i, s in enumerate(S)}
    work = {}
    for p, person in enumerate(P):
        c = person.contract
        for d in range(D):
            work[p, d] = m.new_bool_var(f"w{p}_{d}")
            m.add(sum(x[p, d, s] for s in range(len(S))) == work[p, d])
            if d in person.absences:
                m.add(work[p, d] == 0)
        for s, shift in enumerate(S):
            m.add(sum(x[p, d, s] for d in range(D)) <= c.max_shifts.get(shift.id, D))
        total = sum(x[p, d, s] * S[s].work_minutes for d in range(D) for s in range(len(S)))
        m.add(total >= c.min_minutes)
        if c.max_minutes is not None:
            m.add(total <= c.max_minutes)
        if c.max_consecutive_days is not None:
            k = c.max_consecutive_days
            for d in range(D - k):
                m.add(sum(work[p, e] for e in range(d, d + k + 1)) <= k)
        for need, lits in ((c.min_consecutive_days, [work[p, d] for d in range(D)]),
                           (c.min_consecutive_days_off, [work[p, d].Not() for d in range(D)])):
            for length in range(1, need):
                for start in range(1, D - length):
                    m.add_bool_or([lits[start - 1], lits[start + length]]
                                  + [lit.Not() for lit in lits[start:start + length]])
        if c.max_weekends is not None:
            weekend_flags = []
            for days in problem.weekends():
                flag = m.new_bool_var("")
                m.add_max_equality(flag, [work[p, d] for d in days])
                weekend_flags.append(flag)
            m.add(sum(weekend_flags) <= c.max_weekends)
        for d in range(D - 1):
            for s, shift in enumerate(S):
                for t in shift.forbidden_next:
                    m.add_bool_or([x[p, d, s].Not(), x[p, d + 1, sid[t]].Not()])
    pid = {p.id: i for i, p in enumerate(P)}
    terms = []
    for r in problem.requests:
        var = x[pid[r.person], r.day, sid[r.shift]]
        terms.append(r.weight * (1 - var) if r.on else r.weight * var)
    for i, c in enumerate(problem.covers):
        count = sum(x[p, c.day, sid[c.shift]] for p in range(len(P)))
        under = m.new_int_var(0, len(P), f"u{i}")
        over = m.new_int_var(0, len(P), f"o{i}")
        m.add(under >= c.required - count)
        m.add(over >= count - c.required)
        terms += [c.under_weight * under, c.over_weight * over]
    m.minimize(sum(terms))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    first = []
    started = time.monotonic()

    class _First(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            if not first:
                first.append(time.monotonic() - started)

    status = solver.solve(m, _First())
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return (), None, None, name, None
    plan = tuple(sorted(
        Assignment(P[p].id, d, S[s].id, S[s].place)
        for (p, d, s), var in x.items() if solver.boolean_value(var)))
    return plan, int(round(solver.objective_value)), solver.best_objective_bound, name, \
        (first[0] if first else None)
