"""Intraday profile: the share of a day's arrivals that falls into each slot.

One profile per weekday from the open days of that weekday in the last `weeks` weeks,
shrunk toward the all-weekday profile of the same period: most of the shape (morning peak,
lunch dip) is common to all days.

Window: on the demo history, with each day's total known, the slot error fell from 10 to
26 to 52 weeks of profile (by 1-3 %); the demo's shape never changes, so longest wins there
by construction. 26 weeks keeps most of that gain and still follows a real centre whose
pattern drifts; changed opening hours are handled apart (`restrict_to_hours`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def intraday_profiles(slot_matrix: pd.DataFrame, *, weeks: int = 26, shrink_days: float = 3.0) -> np.ndarray:
    """(7, n_slots) array of shares summing to 1 per weekday (zeros for weekdays never open).

    `slot_matrix`: open days (DatetimeIndex rows) by slot index (columns) of counts.
    `shrink_days`: weight of the all-weekday profile, in days of the weekday's own data.
    """
    n_slots = slot_matrix.shape[1]
    if slot_matrix.empty:
        return np.zeros((7, n_slots))
    last = slot_matrix.index[-1]
    recent = slot_matrix[slot_matrix.index > last - pd.Timedelta(weeks=weeks)]
    values = recent.to_numpy()
    weekdays = recent.index.day_of_week.to_numpy()
    overall = values.sum(axis=0)
    overall = overall / overall.sum() if overall.sum() > 0 else np.full(n_slots, 1.0 / n_slots)
    profiles = np.zeros((7, n_slots))
    for w in range(7):
        rows = values[weekdays == w]
        days = len(rows)
        if days == 0:
            profiles[w] = overall
            continue
        own = rows.sum(axis=0)
        own = own / own.sum() if own.sum() > 0 else overall
        profiles[w] = (days * own + shrink_days * overall) / (days + shrink_days)
    return profiles


def restrict_to_hours(profile: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """Zero the shares outside `allowed` slots and rescale the rest to sum to 1.

    Rescaling assumes people who would have come in a now-closed slot come at another time
    of the same day, which is what shortened opening hours at a walk-in centre mostly do.
    """
    kept = np.where(allowed, profile, 0.0)
    total = kept.sum()
    if total > 0:
        return kept / total
    n = allowed.sum()
    return allowed / n if n else kept
