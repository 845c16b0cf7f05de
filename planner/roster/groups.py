"""Names of the rules and the groups in which hard rules can be switched off.

A group is the unit of infeasibility explanation and relaxation: one rule for one person
(or one person and day, one person and week, one cover).
"""

from __future__ import annotations

from dataclasses import dataclass

PIN = "pin"
MAX_SHIFTS = "max shifts of a type"
TOTAL_MINUTES = "total minutes"
WEEKLY_MINUTES = "weekly minutes"
MAX_CONSECUTIVE = "max consecutive days"
MIN_CONSECUTIVE = "min consecutive days"
MIN_DAYS_OFF = "min consecutive days off"
MAX_WEEKENDS = "max weekends"
SUCCESSION = "rest between shifts"
COVER_MINIMUM = "minimum cover"

# Facts that are never relaxed: they describe what is possible at all.
ONE_SHIFT_A_DAY = "one shift a day"
ABSENCE = "absence"
QUALIFICATION = "qualification"
ORGANISATION = "organisation"
WORKING_TIME = "working-time law"
UNKNOWN = "unknown person, shift or day"
PLACE = "place of shift"
OFFERED_DAY = "shift offered on that weekday"

SHIFT_ON = "shift-on request"
SHIFT_OFF = "shift-off request"
UNDER_COVER = "under-cover"
OVER_COVER = "over-cover"
LANGUAGE_UNDER = "language under-cover"
LANGUAGE_OVER = "language over-cover"
CHANGES = "change to previous plan"
HOUR_BALANCE = "hour balance"
RELAXED_PREFIX = "relaxed: "

# A relaxed hard rule costs this much per violated group: far above any soft term of a
# realistic week, so the solver breaks as few groups as it can.
RELAX_WEIGHT = 100_000


@dataclass(frozen=True, order=True)
class RuleGroup:
    rule: str
    person: str | None = None
    day: int | None = None
    week: int | None = None
    shift: str | None = None
    cover: int | None = None


def fairness_rule(name: str) -> str:
    return f"fairness: {name}"
