"""Choose the forecast per place and level by a rolling backtest on the history before it.

Daily totals: the candidates are the model ("ets"), seasonal naive, the mean of the last four
same weekdays ("mean4w") and the mean of the model and mean4w ("ets_mean4w"; an equal-weight
combination is the most robust combination known, and the two err differently: the model
follows trend and season, the mean is robust to one odd day). Every candidate forecasts from
every origin of the last `window` open days; the one with the smallest MAE over steps
1..`select_steps` wins. Nothing is set per data set: the same candidates compete on each
series, and the series decides.

Slots: the chosen day total is spread by a shape; candidates are the weekday profile, the
shape of last week's same weekday, of the last four, and the mean of the profile and the
four-week shape; chosen the same way on slot MAE (weekly origins). Slot forecasts therefore
sum to the day's forecast, so every page shows the same day total.

Intervals (`conformal_pools`): the chosen forecast's own log-ratio errors per horizon week.
"""

from __future__ import annotations

import numpy as np

# Backtest origins before this many open days are not evidence (the model's first state is
# made from the first 20 days, the four-week mean needs four weeks); with fewer than
# MIN_EVIDENCE origins after it, nothing is chosen and the four-week mean stands.
EVIDENCE_FROM = 28
MIN_EVIDENCE = 10
DAILY_CANDIDATES = ("ets", "seasonal_naive", "mean4w", "ets_mean4w")
SHAPE_CANDIDATES = ("profile", "seasonal_naive", "mean4w", "profile_mean4w")
# With equal evidence the earlier candidate wins: the more robust one first.
PREFERENCE = {name: i for i, name in enumerate(("ets_mean4w", "ets", "mean4w", "seasonal_naive"))}
SHAPE_PREFERENCE = {name: i for i, name in enumerate(("profile_mean4w", "profile", "mean4w", "seasonal_naive"))}


def weekday_means(values: np.ndarray, weekdays: np.ndarray, origins: np.ndarray, weeks: int) -> np.ndarray:
    """(len(origins), 7, columns): mean of the last `weeks` rows of each weekday at or before each origin.

    NaN where a weekday has no row yet. `values` is (T, columns) over consecutive open days.
    """
    values = np.asarray(values, dtype=float)
    out = np.full((len(origins), 7, values.shape[1]), np.nan)
    for w in range(7):
        pos = np.flatnonzero(weekdays == w)
        if not len(pos):
            continue
        csum = np.vstack([np.zeros((1, values.shape[1])), np.cumsum(values[pos], axis=0)])
        have = np.searchsorted(pos, origins, side="right")
        k = np.minimum(weeks, have)
        ok = k > 0
        out[ok, w] = (csum[have[ok]] - csum[have[ok] - k[ok]]) / k[ok, None]
    return out


def step_table(per_origin_weekday: np.ndarray, weekdays: np.ndarray, origins: np.ndarray, horizon: int) -> np.ndarray:
    """(origins, horizon, columns): the value for the weekday of each target open day; NaN past the end."""
    T = len(weekdays)
    n, _, cols = per_origin_weekday.shape
    out = np.full((n, horizon, cols), np.nan)
    for h in range(1, horizon + 1):
        ok = origins + h < T
        out[ok, h - 1] = per_origin_weekday[np.flatnonzero(ok), weekdays[origins[ok] + h]]
    return out


def actual_table(values: np.ndarray, origins: np.ndarray, horizon: int) -> np.ndarray:
    """(origins, horizon, columns) of what came, NaN past the end of the history."""
    T = len(values)
    out = np.full((len(origins), horizon, values.shape[1]), np.nan)
    for h in range(1, horizon + 1):
        ok = origins + h < T
        out[ok, h - 1] = values[origins[ok] + h]
    return out


# The combination (first in the preference) stays unless another candidate beats it by this
# share of its error: the model's backtest runs on smoothing parameters tuned on the same
# window, so its errors there are a little optimistic (on the Melbourne series the model led
# mean4w by 15 % in that backtest and tied it on the weeks after).
MARGIN = 0.03


def choose(errors: dict[str, np.ndarray], preference: dict[str, int], margin: float = MARGIN) -> tuple[str, dict[str, float]]:
    """The candidate with the smallest mean absolute error, unless the robust default is
    within `margin` of it; the choice and everyone's score."""
    scores = {}
    for name, err in errors.items():
        finite = err[np.isfinite(err)]
        scores[name] = float(finite.mean()) if len(finite) else float("inf")
    best = min(scores, key=lambda n: (round(scores[n], 9), preference.get(n, 99)))
    default = min(scores, key=lambda n: preference.get(n, 99))
    if np.isfinite(scores[default]) and scores[best] >= scores[default] * (1 - margin):
        return default, scores
    return best, scores


def daily_candidates(
    total: np.ndarray, weekdays: np.ndarray, origins: np.ndarray, horizon: int, ets_backtest: np.ndarray,
    ets_future: np.ndarray, future_weekdays: np.ndarray,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Backtests (origins, horizon) and future day totals of each daily candidate."""
    values = total[:, None]
    last = np.array([len(total) - 1])
    backtests = {"ets": ets_backtest}
    future = {"ets": ets_future}
    for name, weeks in (("seasonal_naive", 1), ("mean4w", 4)):
        backtests[name] = step_table(weekday_means(values, weekdays, origins, weeks), weekdays, origins, horizon)[:, :, 0]
        at_end = weekday_means(values, weekdays, last, weeks)[0, :, 0]
        future[name] = np.nan_to_num(at_end[future_weekdays], nan=float(np.nanmean(at_end)) if np.isfinite(at_end).any() else 0.0)
    backtests["ets_mean4w"] = (backtests["ets"] + backtests["mean4w"]) / 2
    future["ets_mean4w"] = (future["ets"] + future["mean4w"]) / 2
    return backtests, future


def _normalise(rows: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    kept = np.where(allowed, np.nan_to_num(rows, nan=0.0), 0.0)
    total = kept.sum(axis=-1, keepdims=True)
    uniform = allowed / np.maximum(allowed.sum(axis=-1, keepdims=True), 1)
    return np.where(total > 0, kept / np.where(total > 0, total, 1.0), uniform)


def shape_candidates(
    slot_values: np.ndarray, weekdays: np.ndarray, origins: np.ndarray, profiles: np.ndarray, allowed: np.ndarray,
) -> dict[str, np.ndarray]:
    """(len(origins), 7, slots) shares per candidate, each summing to 1 over a weekday's open slots."""
    shapes = {"profile": np.broadcast_to(_normalise(profiles, allowed), (len(origins), *profiles.shape))}
    for name, weeks in (("seasonal_naive", 1), ("mean4w", 4)):
        means = weekday_means(slot_values, weekdays, origins, weeks)
        shapes[name] = np.where(np.isnan(means).all(axis=-1, keepdims=True), shapes["profile"], _normalise(means, allowed))
    shapes["profile_mean4w"] = (shapes["profile"] + shapes["mean4w"]) / 2
    return shapes


def log_ratio(actual: np.ndarray, forecast: np.ndarray, rng: np.random.Generator | None = None) -> np.ndarray:
    """log((y + 1) / (f + 1)); with `rng`, y is spread over [y - 1/2, y + 1/2) so that the
    quantiles of small whole counts are continuous (integer bounds would over-cover)."""
    y = actual if rng is None else actual + rng.uniform(-0.5, 0.5, size=actual.shape)
    return np.log(np.maximum(y + 1.0, 0.5) / (forecast + 1.0))


def conformal_pools(ratios: np.ndarray, steps_per_week: int, weeks: int, min_pool: int = 30) -> list[np.ndarray]:
    """Errors per horizon week 1..weeks from (origins, steps, ...) log ratios; a thin week borrows the one before."""
    every = ratios[np.isfinite(ratios)]
    pools: list[np.ndarray] = []
    for k in range(weeks):
        pool = ratios[:, k * steps_per_week : (k + 1) * steps_per_week]
        pool = pool[np.isfinite(pool)]
        if len(pool) < min_pool:
            pool = pools[-1] if pools else every
        pools.append(pool if len(pool) else np.zeros(1))
    return pools


def bounds(expected: np.ndarray, pools: list[np.ndarray], week_index: np.ndarray, levels: dict[str, float]) -> dict[str, np.ndarray]:
    """Interval bounds from log-ratio pools; `expected` is (days,) or (days, slots)."""
    out = {name: np.zeros_like(expected, dtype=float) for name in levels}
    qs = np.array(list(levels.values()))
    for k in np.unique(week_index):
        rows = week_index == k
        q = np.quantile(pools[min(int(k), len(pools) - 1)], qs)
        for name, value in zip(levels, q):
            out[name][rows] = np.maximum((expected[rows] + 1.0) * np.exp(value) - 1.0, 0.0)
    out["lo80"] = np.minimum(out["lo80"], expected)
    out["hi80"] = np.maximum(out["hi80"], expected)
    out["lo95"] = np.minimum(out["lo95"], out["lo80"])
    out["hi95"] = np.maximum(out["hi95"], out["hi80"])
    return out
