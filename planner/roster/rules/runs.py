"""Forbidden short runs, shared by the min-consecutive rules.

A run of ``length`` days with value ``inside`` that starts on ``start`` is closed on both
sides by days of the other value. Runs touching the horizon's start or end are exempt: the
days outside the horizon may be anything. Forbidding every short closed run by one clause
each is the encoding of OR-Tools' shift_scheduling_sat example; it propagates far better
than counting constraints.
"""

from ortools.sat.python import cp_model


def forbid_short_runs(
    model: cp_model.CpModel,
    day_literals: list[cp_model.IntVar],
    min_length: int,
    guard: list[cp_model.IntVar],
) -> None:
    horizon = len(day_literals)
    for length in range(1, min_length):
        for start in range(1, horizon - length):
            before, after = day_literals[start - 1], day_literals[start + length]
            inside = day_literals[start : start + length]
            clause = [before, after] + [lit.Not() for lit in inside]
            model.add_bool_or(clause).only_enforce_if(guard)
