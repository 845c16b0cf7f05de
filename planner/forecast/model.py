"""`forecast_arrivals`: expected arrivals per place and slot with prediction intervals.

"auto" (the default) chooses per place and level among the model, the two baselines and
the model averaged with the four-week mean by a rolling backtest on the history
(`planner.forecast.selection`, `_forecast_place_auto`). The model ("ets") is a decomposition:

1. daily totals per place and target group by damped-trend exponential smoothing with
   weekday factors on open days only (`planner.forecast.ets`); one series per group, so a
   group a place starts serving later (the Infopoint's "other" group from December 2022)
   is a series of its own from its first visit on instead of a level shift in the total,
   and a scenario can scale one group; each series is fitted with and without a
   time-of-year index (`planner.forecast.annual`) and keeps the variant with the smaller
   backtest error;
2. times the intraday profile of the place and weekday (`planner.forecast.profile`);
3. intervals from the model's own errors over the last year (`planner.forecast.intervals`).

Why this and not a library: see docs/benchmarks.md (forecast section). In short, on the
demo history it beats the seasonal-naive and 4-week-mean baselines on every place and
level, its 80 % intervals are calibrated, and it fits both places for 6 weeks from 4
years of history in about 0.3 s with numpy alone. statsforecast was ruled out without a
benchmark because numba's JIT compilation costs seconds at first use (issue 4 forbids
that at app start); statsmodels was not benchmarked.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from planner.forecast import intervals, selection
from planner.forecast.annual import annual_index, seasonal_ratios
from planner.forecast.baselines import BASELINES
from planner.forecast.calendar import DEFAULT_HOLIDAY_REGION, future_days, normalise_closures, usual_weekdays
from planner.forecast.ets import fit_ets
from planner.forecast.history import SlotHistory, slot_history
from planner.forecast.profile import intraday_profiles, restrict_to_hours
from planner.forecast.trust import trust_flags
from planner.scenario import ClosedDay, Scenario

METHODS = ("auto", "ets", *BASELINES)
SLOT_COLUMNS = ["location", "slot_start", "expected", "lo80", "hi80", "lo95", "hi95"]
DAILY_COLUMNS = ["location", "day", "expected", "lo80", "hi80", "lo95", "hi95"]
GROUP_COLUMNS = ["location", "target_group", "day", "expected"]

# Opening hours: place -> weekday (0 = Monday) -> (opens, closes). A weekday missing
# from a place's mapping means closed that weekday.
OpeningHours = Mapping[str, Mapping[int, tuple[dt.time, dt.time]]]


@dataclass(frozen=True)
class ForecastResult:
    """A forecast run, in tidy tables plus what is needed to store and reproduce it.

    slots:  location, slot_start (datetime64), expected, lo80, hi80, lo95, hi95; one row per
            open slot of every open day in the horizon.
    daily:  location, day (datetime64), expected and the same bounds for daily totals.
    groups: location, target_group, day, expected (after the scenario).
    closed: location, day, reason for every closed day in the horizon.
    method, parameters (JSON-safe), history_until, start, horizon_weeks, slot_minutes,
    scenario, fit_seconds.
    """

    slots: pd.DataFrame
    daily: pd.DataFrame
    groups: pd.DataFrame
    closed: pd.DataFrame
    method: str
    parameters: dict[str, Any]
    history_until: dt.date
    start: dt.date
    horizon_weeks: int
    slot_minutes: int
    scenario: Scenario = field(default_factory=Scenario)
    fit_seconds: float = 0.0

    def run_record(self) -> dict[str, Any]:
        """The fields of a stored forecast run (see data_access.models.ForecastRun)."""
        return {
            "history_until": self.history_until,
            "horizon_weeks": self.horizon_weeks,
            "method": self.method,
            "parameters": self.parameters,
            "scenario": self.scenario.to_dict(),
        }


def forecast_arrivals(
    history: pd.DataFrame | pd.Series,
    horizon_weeks: int = 1,
    *,
    slot_minutes: int = 30,
    start: dt.date | None = None,
    history_until: dt.date | None = None,
    closures: Iterable[ClosedDay | dt.date | str] | None = None,
    opening_hours: OpeningHours | None = None,
    scenario: Scenario | None = None,
    method: str = "auto",
    holiday_region: tuple[str, str | None] | None = DEFAULT_HOLIDAY_REGION,
    time_col: str = "arrived_at",
    count_col: str | None = None,
    location_col: str = "location",
    group_col: str = "target_group",
    profile_weeks: int = 26,
    interval_window_days: int = 260,
    draws: int = 1000,
) -> ForecastResult:
    """Forecast arrivals per place and slot for `horizon_weeks` weeks.

    history: one row per arrival (`time_col`, optional `location_col`, `group_col`), one
        row per slot with `count_col`, or a Series of counts indexed by time. Days on which
        a place has no rows are closed days of that place.
    horizon_weeks: 1 to 6 (more works, with growing intervals). The horizon runs from
        `start` (default: the day after the history) for 7 * horizon_weeks days.
    history_until: ignore history after this day (backtests; and pass yesterday when the
        history holds today's arrivals so far, or the partial day drags the level down).
    closures: planned closed days (dates close every place; `ClosedDay` names one).
    opening_hours: restricts the slots per place and weekday; without it a place's slots
        are those between the first and last slot with arrivals in the last 10 weeks.
    profile_weeks: weeks of history behind the intraday profile.
    scenario: multipliers and extra closed days laid over the forecast.
    method: "auto" (chosen per place and level by a rolling backtest, see selection.py), "ets"
        (the model), "seasonal_naive" or "mean4w" (baselines, no intervals).
    holiday_region: (country, subdivision) for public holidays, None for none.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose from {METHODS}")
    if horizon_weeks < 1:
        raise ValueError("horizon_weeks must be at least 1")
    started = time.perf_counter()
    scenario = scenario or Scenario()
    hist = slot_history(
        history,
        slot_minutes=slot_minutes,
        time_col=time_col,
        count_col=count_col,
        location_col=location_col,
        group_col=group_col,
        history_until=history_until,
    )
    until = hist.history_until
    first = until + dt.timedelta(days=1)
    start = start or first
    if start < first:
        raise ValueError("start lies inside the history")
    last = start + dt.timedelta(days=7 * horizon_weeks - 1)
    closures_ = normalise_closures(closures)
    method_name = method

    params: dict[str, Any] = {
        "slot_minutes": slot_minutes,
        "holiday_region": list(holiday_region) if holiday_region else None,
        "profile_weeks": profile_weeks,
        "interval_window_days": interval_window_days,
        "draws": draws,
        "locations": {},
    }
    slot_frames, daily_frames, group_frames, closed_rows = [], [], [], []
    for loc in hist.locations:
        weekdays = usual_weekdays(hist.open_days[loc], until)
        open_days, closed = future_days(
            loc, first, last, weekdays, closures=closures_, scenario=scenario, holiday_region=holiday_region
        )
        closed_rows += [(loc, d, r) for d, r in closed if d >= start]
        params["locations"][loc] = {"weekdays": sorted(weekdays)}
        if not open_days:
            continue
        slots_df, daily_df, groups_df, loc_params = _forecast_place(
            hist, loc, open_days, first, start, weekdays, horizon_weeks, method_name, scenario,
            opening_hours, profile_weeks, interval_window_days, draws,
        )
        params["locations"][loc].update(loc_params)
        slot_frames.append(slots_df)
        daily_frames.append(daily_df)
        group_frames.append(groups_df)

    return ForecastResult(
        slots=_frame(slot_frames, SLOT_COLUMNS),
        daily=_frame(daily_frames, DAILY_COLUMNS),
        groups=_frame(group_frames, GROUP_COLUMNS),
        closed=pd.DataFrame(closed_rows, columns=["location", "day", "reason"]).assign(
            day=lambda f: pd.to_datetime(f["day"])
        ),
        method=method_name,
        parameters=params,
        history_until=until,
        start=start,
        horizon_weeks=horizon_weeks,
        slot_minutes=slot_minutes,
        scenario=scenario,
        fit_seconds=time.perf_counter() - started,
    )


def _forecast_place(
    hist: SlotHistory,
    loc: str,
    open_days: list[dt.date],
    first: dt.date,
    start: dt.date,
    weekdays: frozenset[int],
    horizon_weeks: int,
    method_name: str,
    scenario: Scenario,
    opening_hours: OpeningHours | None,
    profile_weeks: int,
    interval_window_days: int,
    draws: int,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Slots, daily totals, group totals and fitted parameters of one place."""
    slot_minutes = hist.slot_minutes
    loc_params: dict[str, Any] = {}
    fut_wd = np.array([d.weekday() for d in open_days])
    # Errors grow with the distance from the end of the history, not from `start`.
    week_index = np.array([(d - first).days // 7 for d in open_days])
    slot_matrix = hist.slot_matrix(loc)
    profiles = intraday_profiles(slot_matrix, weeks=profile_weeks)
    allowed = _allowed_slots(profiles, opening_hours, loc, slot_minutes, slot_matrix)
    open_slots = np.array([allowed[w] for w in fut_wd])
    shares = np.array([restrict_to_hours(profiles[w], allowed[w]) for w in fut_wd])

    if method_name == "auto":
        return _forecast_place_auto(
            hist, loc, open_days, first, start, weekdays, horizon_weeks, scenario, slot_matrix, profiles, allowed,
            interval_window_days,
        )
    if method_name == "ets":
        by_group, pools, loc_params["groups"], _ = _ets_daily(
            hist, loc, open_days, len(weekdays), horizon_weeks, interval_window_days
        )
    else:
        base = BASELINES[method_name](slot_matrix, fut_wd)
        by_group = _split_by_recent_group_share(hist, loc, base.sum(axis=1))
    scaled = {g: v * np.array([scenario.factor(loc, g, d) for d in open_days]) for g, v in by_group.items()}
    expected_day = np.sum(list(scaled.values()), axis=0) if scaled else np.zeros(len(open_days))
    day_index = pd.DatetimeIndex(pd.to_datetime(open_days))

    if method_name == "ets":
        dbounds = intervals.daily_bounds(expected_day, pools, week_index)
        recent = slot_matrix.iloc[-130:]
        inv_k = intervals.slot_dispersion(recent.to_numpy(), profiles[recent.index.day_of_week.to_numpy()])
        loc_params["slot_inv_k"] = round(inv_k, 6)
        sbounds = intervals.slot_bounds(expected_day, shares, pools, week_index, inv_k, draws=draws)
        slot_expected = expected_day[:, None] * shares
    else:
        # Baselines keep their own slot shape; scenario factors scale it as a whole.
        raw_total = base.sum(axis=1)
        scale = np.divide(expected_day, raw_total, out=np.ones_like(expected_day), where=raw_total > 0)
        slot_expected = base * scale[:, None] * open_slots
        dbounds = {k: np.full(len(open_days), np.nan) for k in intervals.LEVELS}
        sbounds = {k: np.full(slot_expected.shape, np.nan) for k in intervals.LEVELS}

    slots, daily, groups = _place_frames(loc, day_index, start, expected_day, dbounds, scaled, open_slots,
                                         slot_expected, sbounds, slot_minutes)
    return slots, daily, groups, loc_params


def _place_frames(loc, day_index, start, expected_day, dbounds, scaled, open_slots, slot_expected, sbounds,
                  slot_minutes):
    """One place's forecast as tables from `start` on: daily totals, per target group, per open slot."""
    keep = day_index >= pd.Timestamp(start)
    daily = pd.DataFrame({"location": loc, "day": day_index, "expected": expected_day, **dbounds})[keep]
    groups = _frame(
        [pd.DataFrame({"location": loc, "target_group": g, "day": day_index, "expected": v})[keep] for g, v in scaled.items()],
        GROUP_COLUMNS,
    )
    d_idx, s_idx = np.nonzero(open_slots & keep[:, None])
    slots = pd.DataFrame(
        {
            "location": loc,
            "slot_start": day_index[d_idx] + pd.to_timedelta(s_idx * slot_minutes, unit="min"),
            "expected": slot_expected[d_idx, s_idx],
            **{k: v[d_idx, s_idx] for k, v in sbounds.items()},
        }
    )
    return slots, daily, groups


def _frame(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    if not frames:
        # Typed even when empty, so callers can use .dt and numeric operations blindly.
        return pd.DataFrame(
            {
                c: pd.Series(dtype=str if c in ("location", "target_group") else "datetime64[ns]" if c in ("day", "slot_start") else float)
                for c in columns
            }
        )
    return pd.concat(frames, ignore_index=True)[columns]


def _ets_daily(
    hist: SlotHistory,
    loc: str,
    open_days: list[dt.date],
    steps_per_week: int,
    horizon_weeks: int,
    window: int,
) -> tuple[dict[str, np.ndarray], list[np.ndarray], dict[str, Any]]:
    """Per-group daily forecasts, the location's log-ratio error pools and fitted parameters.

    Each group is fitted twice, on its counts and on its counts divided by the time-of-year
    index; the variant with the smaller 1-10-step backtest error over the last `window`
    open days wins.
    """
    daily = hist.daily(loc)
    wd = daily.index.day_of_week.to_numpy()
    fut_wd = np.array([d.weekday() for d in open_days])
    T = len(daily)
    steps_per_week = max(steps_per_week, 1)
    # Backtest whole weeks, so the error pool of a horizon week does not depend on where
    # the requested horizon happens to end.
    weeks = max(horizon_weeks, -(-len(fut_wd) // steps_per_week))
    horizon = weeks * steps_per_week
    origins = np.arange(max(0, T - 1 - window), T - 1)
    backtest = np.zeros((len(origins), horizon))
    by_group: dict[str, np.ndarray] = {}
    group_params: dict[str, Any] = {}
    total = daily.to_numpy().sum(axis=1)
    ratios = seasonal_ratios(pd.Series(total, index=daily.index))
    season_hist = annual_index(ratios, daily.index)
    season_fut = annual_index(ratios, pd.DatetimeIndex(pd.to_datetime(open_days)))
    for g in daily.columns:
        y = daily[g].to_numpy()
        nonzero = np.flatnonzero(y > 0)
        if len(nonzero) == 0:
            continue
        t0 = int(nonzero[0])
        candidates = []
        for use_annual in (False, True):
            scale = season_hist[t0:] if use_annual else np.ones(T - t0)
            fit = fit_ets(y[t0:] / scale, wd[t0:])
            candidates.append((_backtest_mae(fit, scale, window), use_annual, fit, scale))
        mae, use_annual, fit, scale = min(candidates, key=lambda c: (c[0], c[1]))
        by_group[g] = fit.forecast(fut_wd) * (season_fut if use_annual else 1.0)
        local = origins - t0
        ok = local >= 0
        if ok.any():
            bt = fit.backtest(local[ok], horizon)
            targets = np.minimum(local[ok][:, None] + np.arange(1, horizon + 1)[None, :], len(scale) - 1)
            backtest[ok] += np.nan_to_num(bt * scale[targets], nan=0.0)
        group_params[g] = {k: round(v, 4) for k, v in fit.parameters.items()} | {
            "annual": use_annual,
            "first_day": daily.index[t0].date().isoformat(),
            "backtest_mae": round(float(mae), 4),
        }
    actual = np.full((len(origins), horizon), np.nan)
    for h in range(1, horizon + 1):
        ok = origins + h < T
        actual[ok, h - 1] = total[origins[ok] + h]
    pools = intervals.log_ratio_pools(actual, backtest, steps_per_week, weeks)
    evidence = {"origins": origins, "backtest": backtest, "actual": actual, "total": total, "weekdays": wd,
                "steps_per_week": steps_per_week, "weeks": weeks, "horizon": horizon}
    return by_group, pools, group_params, evidence


def _backtest_mae(fit, scale: np.ndarray, window: int, horizon: int = 10) -> float:
    """MAE on the original scale of 1..horizon-step forecasts from the last `window` origins."""
    T = len(fit.y)
    origins = np.arange(max(0, T - 1 - window), T - 1)
    if len(origins) == 0:
        return float("inf")
    bt = fit.backtest(origins, horizon)
    targets = origins[:, None] + np.arange(1, horizon + 1)[None, :]
    ok = targets < T
    t = np.where(ok, targets, 0)
    actual = fit.y[t] * scale[t]
    err = np.abs(actual - bt * scale[t])[ok & np.isfinite(bt)]
    return float(err.mean()) if len(err) else float("inf")


def _split_by_recent_group_share(hist: SlotHistory, loc: str, totals: np.ndarray) -> dict[str, np.ndarray]:
    daily = hist.daily(loc).iloc[-20:]
    sums = daily.sum()
    shares = sums / sums.sum() if sums.sum() > 0 else sums * 0 + 1.0 / max(len(sums), 1)
    return {g: totals * float(shares[g]) for g in daily.columns}


def _allowed_slots(
    profiles: np.ndarray,
    opening_hours: OpeningHours | None,
    loc: str,
    slot_minutes: int,
    slot_matrix: pd.DataFrame,
) -> np.ndarray:
    """(7, n_slots) booleans: the slots a place serves on each weekday."""
    n_slots = profiles.shape[1]
    if opening_hours is not None and loc in opening_hours:
        allowed = np.zeros((7, n_slots), dtype=bool)
        for w, (opens, closes) in opening_hours[loc].items():
            first = (opens.hour * 60 + opens.minute) // slot_minutes
            end = -(-(closes.hour * 60 + closes.minute) // slot_minutes)
            allowed[int(w), first:end] = True
        return allowed
    # Without configured hours, a slot is open on a weekday when it saw arrivals lately;
    # slots between the first and last such slot count too (a quiet lunch slot stays open).
    last = slot_matrix.index[-1] if len(slot_matrix) else None
    allowed = np.zeros((7, n_slots), dtype=bool)
    if last is None:
        return allowed
    for w in range(7):
        rows = slot_matrix[(slot_matrix.index.day_of_week == w) & (slot_matrix.index > last - pd.Timedelta(weeks=10))]
        if rows.empty:
            rows = slot_matrix[slot_matrix.index > last - pd.Timedelta(weeks=10)]
        seen = np.flatnonzero(rows.to_numpy().sum(axis=0) > 0)
        if len(seen):
            allowed[w, seen[0] : seen[-1] + 1] = True
    return allowed


def _forecast_place_auto(
    hist: SlotHistory,
    loc: str,
    open_days: list[dt.date],
    first: dt.date,
    start: dt.date,
    weekdays: frozenset[int],
    horizon_weeks: int,
    scenario: Scenario,
    slot_matrix: pd.DataFrame,
    profiles: np.ndarray,
    allowed: np.ndarray,
    window: int,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """The forecast chosen per level by the rolling backtest of `planner.forecast.selection`."""
    slot_minutes = hist.slot_minutes
    fut_wd = np.array([d.weekday() for d in open_days])
    week_index = np.array([(d - first).days // 7 for d in open_days])
    # Whole weeks of backtest, at least two: the choice must not depend on the horizon asked for.
    ets_groups, _, group_params, ev = _ets_daily(hist, loc, open_days, len(weekdays), max(horizon_weeks, 2), window)
    spw, horizon, origins, total, wd = ev["steps_per_week"], ev["horizon"], ev["origins"], ev["total"], ev["weekdays"]
    ets_future = np.sum(list(ets_groups.values()), axis=0) if ets_groups else np.zeros(len(open_days))
    backtests, futures = selection.daily_candidates(total, wd, origins, horizon, ev["backtest"], ets_future, fut_wd)
    select_steps = 2 * spw
    actual = ev["actual"]
    # Origins inside the model's start-up window are no evidence: its first state is made from
    # those very days. With too few origins left, the four-week mean (which needs no fit) stands.
    usable = origins >= selection.EVIDENCE_FROM
    daily_err = {n: np.abs(actual[usable, :select_steps] - bt[usable, :select_steps]) for n, bt in backtests.items()}
    daily_choice, daily_scores = selection.choose(daily_err, selection.PREFERENCE)
    if usable.sum() < selection.MIN_EVIDENCE:
        daily_choice = "mean4w"
    chosen_total = futures[daily_choice]
    # Groups keep the model's split of the day (each group has its own level and start).
    share = np.divide(np.array(list(ets_groups.values())), ets_future, out=None, where=ets_future > 0) if ets_groups else None
    by_group = (
        {g: chosen_total * share[i] if share is not None else chosen_total / len(ets_groups) for i, g in enumerate(ets_groups)}
        if ets_groups
        else _split_by_recent_group_share(hist, loc, chosen_total)
    )
    if share is not None:
        by_group = {g: np.where(ets_future > 0, v, chosen_total / len(ets_groups)) for g, v in by_group.items()}
    scaled = {g: v * np.array([scenario.factor(loc, g, d) for d in open_days]) for g, v in by_group.items()}
    expected_day = np.sum(list(scaled.values()), axis=0)
    daily_ratio = selection.log_ratio(actual, backtests[daily_choice])
    daily_pools = selection.conformal_pools(daily_ratio, spw, ev["weeks"])

    # Slots: the chosen day total spread by the shape with the smallest slot error.
    values = slot_matrix.to_numpy()
    weekly = origins[::spw] if len(origins) else origins
    shapes = selection.shape_candidates(values, wd, weekly, profiles, allowed)
    day_bt = backtests[daily_choice][::spw][:, :, None] if len(origins) else np.zeros((0, horizon, 1))
    y_slots = selection.actual_table(values, weekly, horizon)
    served = np.zeros(y_slots.shape, dtype=bool)
    for h in range(1, horizon + 1):
        ok = weekly + h < len(wd)
        served[ok, h - 1] = allowed[wd[weekly[ok] + h]]
    served |= np.nan_to_num(y_slots) > 0
    slot_fc = {n: day_bt * selection.step_table(s, wd, weekly, horizon) for n, s in shapes.items()}
    weekly_usable = weekly >= selection.EVIDENCE_FROM
    slot_err = {
        n: np.where(served, np.abs(y_slots - f), np.nan)[weekly_usable, :select_steps] for n, f in slot_fc.items()
    }
    shape_choice, shape_scores = selection.choose(slot_err, selection.SHAPE_PREFERENCE)
    if usable.sum() < selection.MIN_EVIDENCE:
        shape_choice = "mean4w"
    at_end = selection.shape_candidates(values, wd, np.array([len(wd) - 1]), profiles, allowed)[shape_choice][0]
    open_slots = np.array([allowed[w] for w in fut_wd])
    shares = np.array([restrict_to_hours(at_end[w], allowed[w]) for w in fut_wd])
    slot_expected = expected_day[:, None] * shares
    rng = np.random.default_rng(20220225)
    slot_ratio = np.where(served, selection.log_ratio(y_slots, slot_fc[shape_choice], rng), np.nan)
    slot_pools = selection.conformal_pools(slot_ratio, spw, ev["weeks"])

    dbounds = selection.bounds(expected_day, daily_pools, week_index, intervals.LEVELS)
    sbounds = selection.bounds(slot_expected, slot_pools, np.broadcast_to(week_index[:, None], slot_expected.shape), intervals.LEVELS)
    day_index = pd.DatetimeIndex(pd.to_datetime(open_days))
    slots, daily, groups = _place_frames(loc, day_index, start, expected_day, dbounds, scaled, open_slots,
                                         slot_expected, sbounds, slot_minutes)
    params = {
        "groups": group_params,
        "chosen": {
            "daily": daily_choice,
            "slot": shape_choice,
            "daily_backtest_mae": round(daily_scores[daily_choice], 4),
            "slot_backtest_mae": round(shape_scores[shape_choice], 4),
            "daily_scores": {k: round(v, 4) for k, v in daily_scores.items()},
            "slot_scores": {k: round(v, 4) for k, v in shape_scores.items()},
            "backtest_origins": int(usable.sum()),
            "enough_evidence": bool(usable.sum() >= selection.MIN_EVIDENCE),
            "select_steps": int(select_steps),
        },
        "trust": trust_flags(
            hist.daily(loc).index,
            {g: p["first_day"] for g, p in group_params.items()},
            total,
        ),
    }
    return slots, daily, groups, params
