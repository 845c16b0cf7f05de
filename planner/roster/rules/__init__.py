"""One module per rule; each exposes ``add(ctx: BuildContext) -> None``.

The order does not matter for correctness; it is the order of the score table.
"""

from . import (
    cover,
    fairness,
    max_consecutive,
    max_weekends,
    min_consecutive,
    min_days_off,
    minutes,
    pins,
    requests,
    shift_limits,
    stability,
    succession,
)

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
SOFT_RULES = (cover, requests, stability, fairness)
ALL_RULES = HARD_RULES + SOFT_RULES
