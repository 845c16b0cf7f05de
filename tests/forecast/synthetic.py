"""Synthetic arrival histories with known structure, so tests do not depend on the demo data."""

from __future__ import annotations

import datetime as dt

import holidays
import numpy as np
import pandas as pd

WEEKDAY_FACTOR = np.array([1.2, 1.0, 1.0, 0.9, 0.8, 0.0, 0.0])
# 16 half-hour slots from 08:00: a queue at opening, a quieter afternoon.
SLOT_WEIGHTS = np.array([6, 4, 3, 3, 3, 3, 2, 1, 1, 2, 2, 2, 2, 2, 1, 1], dtype=float)
SLOT_WEIGHTS /= SLOT_WEIGHTS.sum()


def open_days(start: dt.date, end: dt.date) -> pd.DatetimeIndex:
    closed = set(holidays.country_holidays("DE", subdiv="NW", years=range(start.year, end.year + 1)))
    days = pd.bdate_range(start, end)
    return days[[d not in closed for d in days.date]]


def synthetic_visits(
    start: dt.date = dt.date(2024, 1, 1),
    end: dt.date = dt.date(2026, 6, 30),
    *,
    levels: dict[tuple[str, str], float] | None = None,
    group_starts: dict[tuple[str, str], dt.date] | None = None,
    shift: tuple[dt.date, float] | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """One row per arrival: Poisson daily counts with weekday factors, 08:00-16:00.

    levels: mean arrivals on an average weekday per (location, group).
    group_starts: a (location, group) stream begins on that day (a place opening to a group).
    shift: from that day on every stream is multiplied by the factor (a level shift).
    """
    levels = levels or {("a", "x"): 30.0, ("a", "y"): 12.0, ("b", "x"): 10.0}
    group_starts = group_starts or {}
    rng = np.random.default_rng(seed)
    days = open_days(start, end)
    frames = []
    for (loc, group), level in levels.items():
        lam = level * WEEKDAY_FACTOR[days.day_of_week]
        if shift is not None:
            lam = np.where(days >= pd.Timestamp(shift[0]), lam * shift[1], lam)
        if (loc, group) in group_starts:
            lam = np.where(days >= pd.Timestamp(group_starts[(loc, group)]), lam, 0.0)
        counts = rng.poisson(lam)
        day = np.repeat(days.to_numpy(), counts)
        slot = rng.choice(len(SLOT_WEIGHTS), size=len(day), p=SLOT_WEIGHTS)
        minute = 8 * 60 + slot * 30 + rng.integers(0, 30, size=len(day))
        frames.append(
            pd.DataFrame(
                {
                    "arrived_at": pd.to_datetime(day) + pd.to_timedelta(minute, unit="min"),
                    "location": loc,
                    "target_group": group,
                }
            )
        )
    return pd.concat(frames, ignore_index=True).sort_values("arrived_at", ignore_index=True)
