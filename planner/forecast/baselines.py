"""Simple reference forecasts the benchmark compares the model with.

Both work on the slot matrix of one place (open days by slot) and never look at closed
days: "one week earlier" means the latest open day with the same weekday, so a holiday
last week does not make the seasonal-naive forecast zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def same_weekday_rows(slot_matrix: pd.DataFrame, weekday: int, last: int) -> np.ndarray:
    """The last `last` open days with this weekday, most recent last: (<=last, slots)."""
    rows = slot_matrix[slot_matrix.index.day_of_week == weekday]
    return rows.to_numpy()[-last:]


def seasonal_naive(slot_matrix: pd.DataFrame, future_weekdays: np.ndarray) -> np.ndarray:
    """Each future day repeats the latest open day with its weekday: (days, slots)."""
    return _weekday_mean(slot_matrix, future_weekdays, weeks=1)


def mean_of_weeks(slot_matrix: pd.DataFrame, future_weekdays: np.ndarray, weeks: int = 4) -> np.ndarray:
    """Each future day is the mean of the last `weeks` open days with its weekday."""
    return _weekday_mean(slot_matrix, future_weekdays, weeks=weeks)


def _weekday_mean(slot_matrix: pd.DataFrame, future_weekdays: np.ndarray, weeks: int) -> np.ndarray:
    out = np.zeros((len(future_weekdays), slot_matrix.shape[1]))
    cache: dict[int, np.ndarray] = {}
    for i, w in enumerate(future_weekdays):
        w = int(w)
        if w not in cache:
            rows = same_weekday_rows(slot_matrix, w, weeks)
            cache[w] = rows.mean(axis=0) if len(rows) else np.zeros(slot_matrix.shape[1])
        out[i] = cache[w]
    return out


BASELINES = {
    "seasonal_naive": seasonal_naive,
    "mean4w": mean_of_weeks,
}
