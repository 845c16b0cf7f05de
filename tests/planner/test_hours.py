"""Hour accounts (planner/hours.py)."""

from __future__ import annotations

import datetime as dt

from planner.hours import account

MON = dt.date(2026, 11, 2)
WEEKS = [MON + dt.timedelta(weeks=k) for k in range(3)]


def test_planned_against_contract_with_a_running_balance():
    rows = account(39 * 60, WEEKS, {WEEKS[0]: 40 * 60, WEEKS[1]: 36 * 60}, set(), start_balance=-120)
    assert [r.difference for r in rows] == [60, -180, -39 * 60]
    assert [r.balance for r in rows] == [-60, -240, -240 - 39 * 60]


def test_days_absent_lower_the_target_instead_of_the_balance():
    absent = {WEEKS[1] + dt.timedelta(days=k) for k in range(2)} | {WEEKS[1] + dt.timedelta(days=5)}  # Saturday ignored
    rows = account(30 * 60, WEEKS[:2], {WEEKS[0]: 30 * 60, WEEKS[1]: 18 * 60}, absent)
    assert [r.target for r in rows] == [30 * 60, 18 * 60]
    assert rows[-1].balance == 0
