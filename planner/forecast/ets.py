"""Damped-trend exponential smoothing with multiplicative weekday factors, on open days only.

The series is the daily arrival count of one place and target group, indexed by open day
(closed days are skipped, not zero): a holiday neither drags the level down nor counts as
a step of the trend. State: level l, trend b, one factor per weekday s[w].

    forecast(t + h) = (l_t + (phi + ... + phi^h) * b_t) * s_t[weekday(t + h)]

The smoothing parameters are chosen from a fixed grid by the mean absolute error of
1..`select_horizon`-step-ahead forecasts over the last `select_window` open days, which
is the error the planner cares about (a week or two ahead), not the one-step error ETS
usually minimises. All grid points run at once as numpy vectors, so the whole selection
for four years of history costs tens of milliseconds.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

ALPHAS = (0.02, 0.03, 0.045, 0.06, 0.08, 0.1, 0.15, 0.25, 0.4)
BETAS = (0.0, 0.01, 0.03)
PHIS = (0.9, 0.98)
GAMMAS = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2)
_EPS = 1e-9


def _grid() -> np.ndarray:
    rows = [
        (a, b, p, g)
        for a, b, p, g in itertools.product(ALPHAS, BETAS, PHIS, GAMMAS)
        # Without a trend, phi changes nothing: keep one copy.
        if b > 0 or p == PHIS[-1]
    ]
    return np.array(rows, dtype=float)


GRID = _grid()


@dataclass(frozen=True)
class EtsFit:
    """States after each open day for one chosen parameter set."""

    alpha: float
    beta: float
    phi: float
    gamma: float
    level: np.ndarray  # (T,)
    trend: np.ndarray  # (T,)
    season: np.ndarray  # (T, 7)
    weekdays: np.ndarray  # (T,)
    y: np.ndarray  # (T,)
    selection_mae: float

    @property
    def parameters(self) -> dict[str, float]:
        return {"alpha": self.alpha, "beta": self.beta, "phi": self.phi, "gamma": self.gamma}

    def _phisum(self, h: np.ndarray) -> np.ndarray:
        if self.phi == 1.0:
            return h.astype(float)
        return self.phi * (1 - self.phi**h) / (1 - self.phi)

    def forecast(self, weekdays: np.ndarray) -> np.ndarray:
        """Forecast the next len(weekdays) open days after the end of the history."""
        h = np.arange(1, len(weekdays) + 1)
        base = self.level[-1] + self._phisum(h) * self.trend[-1]
        return np.maximum(base, 0.0) * self.season[-1, np.asarray(weekdays, dtype=int)]

    def backtest(self, origins: np.ndarray, horizon: int) -> np.ndarray:
        """Forecasts made after each origin index for steps 1..horizon: (len(origins), horizon).

        Steps that fall beyond the history get NaN.
        """
        T = len(self.y)
        out = np.full((len(origins), horizon), np.nan)
        for h in range(1, horizon + 1):
            ok = origins + h < T
            o = origins[ok]
            base = self.level[o] + self._phisum(np.array(h)) * self.trend[o]
            out[ok, h - 1] = np.maximum(base, 0.0) * self.season[o, self.weekdays[o + h]]
        return out


def _initial_state(y: np.ndarray, wd: np.ndarray) -> tuple[float, np.ndarray]:
    head = min(len(y), 20)
    level = float(y[:head].mean())
    season = np.ones(7)
    if level > _EPS:
        for w in range(7):
            mask = wd[:head] == w
            if mask.any():
                season[w] = max(y[:head][mask].mean() / level, 0.05)
    return level, season


def _run(y: np.ndarray, wd: np.ndarray, params: np.ndarray):
    """Filter all parameter sets at once; returns level (T,P), trend (T,P), season (T,7,P)."""
    alpha, beta, phi, gamma = (params[:, i] for i in range(4))
    P, T = len(params), len(y)
    l0, s0 = _initial_state(y, wd)
    level = np.full(P, l0)
    trend = np.zeros(P)
    season = np.repeat(s0[:, None], P, axis=1)
    L = np.empty((T, P))
    B = np.empty((T, P))
    S = np.empty((T, 7, P))
    for t in range(T):
        w = wd[t]
        sw = season[w]
        base = level + phi * trend
        new_level = np.maximum(alpha * (y[t] / np.maximum(sw, _EPS)) + (1 - alpha) * base, 0.0)
        trend = beta * (new_level - level) + (1 - beta) * phi * trend
        # A weekday factor cannot be learnt while the level is zero (a group not yet served).
        ok = new_level > _EPS
        season[w] = np.where(ok, gamma * y[t] / np.maximum(new_level, _EPS) + (1 - gamma) * sw, sw)
        level = new_level
        L[t], B[t], S[t] = level, trend, season
    return L, B, S


def fit_ets(
    y: np.ndarray,
    weekdays: np.ndarray,
    *,
    select_horizon: int = 10,
    select_window: int = 260,
    grid: np.ndarray = GRID,
) -> EtsFit:
    """Fit the model to daily counts `y` of consecutive open days with their `weekdays`."""
    y = np.asarray(y, dtype=float)
    wd = np.asarray(weekdays, dtype=int)
    if len(y) == 0:
        raise ValueError("empty series")
    L, B, S = _run(y, wd, grid)
    T = len(y)
    start = max(0, T - select_window - select_horizon)
    total = np.zeros(len(grid))
    n = 0
    for h in range(1, select_horizon + 1):
        o = np.arange(start, T - h)
        if len(o) == 0:
            continue
        phi = grid[:, 2]
        phisum = phi * (1 - phi**h) / (1 - phi)
        fc = np.maximum(L[o] + phisum * B[o], 0.0) * S[o, wd[o + h], :]
        total += np.abs(y[o + h, None] - fc).sum(axis=0)
        n += len(o)
    best = int(np.argmin(total)) if n else int(np.argmin(np.abs(grid[:, 0] - 0.25) + grid[:, 1]))
    a, b, p, g = grid[best]
    return EtsFit(
        alpha=float(a),
        beta=float(b),
        phi=float(p),
        gamma=float(g),
        level=L[:, best].copy(),
        trend=B[:, best].copy(),
        season=S[:, :, best].copy(),
        weekdays=wd,
        y=y,
        selection_mae=float(total[best] / n) if n else float("nan"),
    )
