"""Long and large roster cases made from a benchmark instance, to see how the search scales.

``stretched`` repeats an instance in time (covers, requests and absences recur with the
instance's period; a period of whole weeks keeps the weekdays) and copies its staff
(covers scaled with the copies). Horizon-wide limits scale with the horizon: maxima round
up, minima round down, so a plan of the original repeated stays within them.
"""

from __future__ import annotations

import math
from dataclasses import replace

from planner.roster.model import Contract, Cover, Person, Problem, Request


def _scaled(c: Contract, factor: float, weeks_factor: float) -> Contract:
    return replace(
        c,
        max_shifts={k: math.ceil(v * factor) for k, v in c.max_shifts.items()},
        min_minutes=math.floor(c.min_minutes * factor),
        max_minutes=None if c.max_minutes is None else math.ceil(c.max_minutes * factor),
        max_weekends=None if c.max_weekends is None else math.ceil(c.max_weekends * weeks_factor),
    )


def stretched(problem: Problem, days: int, copies: int = 1) -> Problem:
    if days <= 0 or copies <= 0:
        raise ValueError("days and copies must be positive")
    period = problem.days
    factor = days / period
    weeks = max(1, len(problem.weekends()))
    repeats = range(math.ceil(days / period))
    people, requests, covers = [], [], []
    for k in range(copies):
        suffix = "" if k == 0 else f"~{k}"
        for p in problem.people:
            absences = {d + r * period: why for d, why in p.absences.items() for r in repeats
                        if d + r * period < days}
            people.append(replace(p, id=p.id + suffix, absences=absences,
                                  contract=_scaled(p.contract, factor, 0)))
        for q in problem.requests:
            requests += [Request(q.person + suffix, q.day + r * period, q.shift, q.weight, q.on)
                         for r in repeats if q.day + r * period < days]
    for c in problem.covers:
        covers += [replace(c, day=c.day + r * period, required=c.required * copies,
                           minimum=c.minimum * copies)
                   for r in repeats if c.day + r * period < days]
    out = Problem(days=days, shift_types=problem.shift_types, people=tuple(people),
                  covers=tuple(covers), requests=tuple(requests),
                  start_weekday=problem.start_weekday, rest_minutes=problem.rest_minutes,
                  working_time_law=problem.working_time_law,
                  name=f"{problem.name or 'instance'} x{days}d x{copies}")
    # Weekends: scale with the weekends the longer horizon holds.
    weekend_factor = len(out.weekends()) / weeks
    people = tuple(replace(p, contract=replace(p.contract, max_weekends=(
        None if q.contract.max_weekends is None
        else math.ceil(q.contract.max_weekends * weekend_factor))))
        for p, q in zip(out.people, [q for _ in range(copies) for q in problem.people]))
    return replace(out, people=people)
