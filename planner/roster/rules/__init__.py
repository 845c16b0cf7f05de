"""One module per rule; each exposes ``add(ctx: BuildContext) -> None`` (its part of the
model), and each hard rule ``RULES`` (its rule ids) and ``check(worked) -> findings`` (its
independent check of a plan, run by checker.py).

Structural hard rules (absence, qualification, organisation, offered weekday, working-time
law, one shift a day, a well-formed plan) are encoded where the variables are made
(variables.py asks their ``allows``/``link``); their ``add`` has nothing left to do.

The order does not matter for correctness; it is the order of the score table.
"""

from . import (
    absence,
    cover,
    fairness,
    hour_balance,
    max_consecutive,
    max_weekends,
    min_consecutive,
    min_days_off,
    minutes,
    offered_day,
    one_shift_a_day,
    organisation,
    pins,
    qualification,
    requests,
    shift_limits,
    stability,
    succession,
    well_formed,
    working_time,
)

# Encoded by the variable filter (variables.py); checked like every other hard rule.
STRUCTURAL_RULES = (well_formed, one_shift_a_day, absence, qualification, organisation, offered_day,
                    working_time)
HARD_RULES = (
    pins,
    shift_limits,
    minutes,
    max_consecutive,
    min_consecutive,
    min_days_off,
    max_weekends,
    succession,
)
SOFT_RULES = (cover, requests, stability, fairness, hour_balance)
ALL_RULES = HARD_RULES + SOFT_RULES
# Every module with hard rules, in the order the checker reports them (cover: its minimum).
CHECKED_RULES = STRUCTURAL_RULES + HARD_RULES + (cover,)
