"""Hour accounts: planned work against contract hours, week by week, with a running balance.

Pure: a person's weekly contract minutes, the work minutes of their published shifts per
ISO week, and the weekdays they were absent (leave, sickness: those days count as the
contract's share of a day, so an absence neither builds up nor eats into the balance), and
the public holidays of the centre's state on workdays (the centre is closed: the week's target
is the contract's share of the days left, as for an absence).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WORKDAYS_PER_WEEK = 5


@dataclass(frozen=True)
class WeekHours:
    monday: dt.date
    planned: int  # work minutes of published shifts
    target: int  # the contract's minutes for the days present
    difference: int  # planned - target
    balance: int  # running sum of differences, from the starting balance


def account(weekly_minutes: int, mondays: list[dt.date], planned: dict[dt.date, int],
            absent_days: set[dt.date], start_balance: int = 0,
            holidays: frozenset[dt.date] | set[dt.date] = frozenset()) -> list[WeekHours]:
    """One row per week (mondays in order); `planned` maps a week's Monday to its work minutes.
    A workday that is a public holiday (`holidays`) or absent reduces the week's target."""
    rows = []
    balance = start_balance
    off = set(absent_days) | set(holidays)
    for monday in mondays:
        absent = sum(1 for k in range(WORKDAYS_PER_WEEK) if monday + dt.timedelta(days=k) in off)
        target = round(weekly_minutes * (WORKDAYS_PER_WEEK - absent) / WORKDAYS_PER_WEEK)
        done = planned.get(monday, 0)
        balance += done - target
        rows.append(WeekHours(monday, done, target, done - target, balance))
    return rows
