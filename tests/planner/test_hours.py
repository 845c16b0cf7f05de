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


def test_public_holidays_lower_the_target_once_even_when_absent_too():
    christmas = dt.date(2026, 12, 21)  # Friday 25 December is a holiday in NRW, Thursday 24th is not
    holidays = {dt.date(2026, 12, 25), dt.date(2026, 12, 26)}  # the Saturday is no workday anyway
    rows = account(40 * 60, [christmas], {christmas: 32 * 60}, set(), holidays=holidays)
    assert (rows[0].target, rows[0].balance) == (32 * 60, 0)
    both = account(40 * 60, [christmas], {christmas: 24 * 60}, {dt.date(2026, 12, 25), dt.date(2026, 12, 24)},
                   holidays=holidays)
    assert both[0].target == 24 * 60  # the holiday that is also an absence day counts once


def test_the_accounts_of_the_app_take_the_states_holidays():
    """own_shifts reads the centre's state's holidays (planner/forecast/calendar.py's region)."""
    from planner.forecast.calendar import DEFAULT_HOLIDAY_REGION, public_holidays

    found = public_holidays(dt.date(2026, 12, 21), dt.date(2026, 12, 27), DEFAULT_HOLIDAY_REGION)
    assert set(found) == {dt.date(2026, 12, 25), dt.date(2026, 12, 26)}
