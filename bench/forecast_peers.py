"""Library peers for the forecast benchmark: statsforecast's AutoETS, AutoTheta and MSTL on
daily totals of open days (the season is the number of open weekdays), spread over slots by
the same weekday profile the model uses. Optional (extra `forecast-peers`): numba compiles
on first use, which is why none of this is on the app's import path.
"""

from __future__ import annotations

import numpy as np

TRAIN_DAYS = 730  # two years is enough for a weekly season and keeps each fit short


def available() -> bool:
    try:
        import statsforecast.models  # noqa: F401
    except ImportError:
        return False
    return True


def peer_models(season: int) -> dict:
    from statsforecast.models import MSTL, AutoETS, AutoTheta

    season = max(int(season), 2)
    return {
        "AutoETS": AutoETS(season_length=season),
        "AutoTheta": AutoTheta(season_length=season),
        "MSTL": MSTL(season_length=[season], trend_forecaster=AutoETS(model="ZZN")),
    }


def forecast_daily(y: np.ndarray, season: int, steps: int) -> dict[str, np.ndarray]:
    """Each peer's forecast of the next `steps` open days from the open-day series `y`."""
    y = np.asarray(y, dtype=float)[-TRAIN_DAYS:]
    out = {}
    for name, model in peer_models(season).items():
        if len(y) < 2 * max(season, 2) + 2:
            continue
        try:
            out[name] = np.maximum(model.forecast(y=y, h=steps)["mean"], 0.0)
        except Exception:  # noqa: BLE001 - a peer that fails on a series simply does not compete there
            continue
    return out
