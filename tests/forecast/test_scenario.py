"""Scenario data: what applies where, and the stored form."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.scenario import ClosedDay, Multiplier, Scenario


def test_multipliers_apply_by_date_place_and_group_and_multiply():
    s = Scenario(
        multipliers=(
            Multiplier(1.3, dt.date(2026, 12, 7)),
            Multiplier(0.5, dt.date(2026, 12, 1), location="infopoint", target_group="ukraine", until_day=dt.date(2026, 12, 10)),
        )
    )
    assert s.factor("centre", "other", dt.date(2026, 12, 6)) == 1.0
    assert s.factor("centre", "other", dt.date(2026, 12, 7)) == pytest.approx(1.3)
    assert s.factor("infopoint", "ukraine", dt.date(2026, 12, 8)) == pytest.approx(0.65)
    assert s.factor("infopoint", "other", dt.date(2026, 12, 8)) == pytest.approx(1.3)
    assert s.factor("infopoint", "ukraine", dt.date(2026, 12, 11)) == pytest.approx(1.3)


def test_closed_days_and_round_trip():
    s = Scenario(
        name="Christmas",
        multipliers=(Multiplier(1.1, "2026-12-01", location="centre"),),
        closed_days=(ClosedDay("2026-12-24", location="infopoint", reason="Heiligabend"),),
    )
    assert s.is_closed("infopoint", dt.date(2026, 12, 24))
    assert not s.is_closed("centre", dt.date(2026, 12, 24))
    assert Scenario.from_dict(s.to_dict()) == s
    assert Scenario.from_dict(None).is_empty


def test_invalid_multipliers():
    with pytest.raises(ValueError):
        Multiplier(-1, dt.date(2026, 1, 1))
    with pytest.raises(ValueError):
        Multiplier(1.2, dt.date(2026, 2, 1), until_day=dt.date(2026, 1, 1))
