"""Demand forecast: expected arrivals per place and slot, with prediction intervals.

Public API:

    forecast_arrivals(history, horizon_weeks=1, *, slot_minutes=30, start=None,
                      history_until=None, closures=None, opening_hours=None, scenario=None,
                      method="auto", holiday_region=("DE", "NW"), time_col="arrived_at",
                      count_col=None, location_col="location", group_col="target_group")
        -> ForecastResult

    ForecastResult
        .slots   location, slot_start, expected, lo80, hi80, lo95, hi95  (one row per open slot)
        .daily   location, day, expected, lo80, hi80, lo95, hi95
        .groups  location, target_group, day, expected  (after the scenario)
        .closed  location, day, reason  (weekends, public holidays, closures, scenario)
        .method, .parameters (JSON-safe), .history_until, .start, .horizon_weeks,
        .slot_minutes, .scenario, .fit_seconds
        .run_record()  the fields of a stored forecast run (data_access.models.ForecastRun)

    Scenario(multipliers=(Multiplier(factor, from_day, location=None, target_group=None,
             until_day=None), ...), closed_days=(ClosedDay(day, location=None, reason=""), ...))

    compare_with_actuals(forecast, history) -> (joined slots with `actual`, summary per place
        and level: n, mae, bias, coverage80, coverage95)
    reforecast_rest_of_day(slots, arrivals_so_far, now) -> today's slots, the rest of the
        day scaled by how it runs so far

Example:

    visits = generate_visit_frame()            # or a query result with the same columns
    result = forecast_arrivals(visits, 6, history_until=yesterday,
                               scenario=Scenario(multipliers=(Multiplier(1.3, next_monday),)))
    heat = result.slots.assign(weekday=result.slots.slot_start.dt.day_of_week,
                               time=result.slots.slot_start.dt.time)

method="auto" (the default) chooses per place and level by a rolling backtest
(planner/forecast/selection.py) and records the choice, its backtest error and trust flags in
`.parameters["locations"][place]` ("chosen", "trust"). Files: planner/forecast/reading.py.

Pure: pandas, numpy and holidays only; no database, no UI. The method and the evidence for
it: planner/forecast/model.py and docs/benchmarks.md.
"""

from planner.forecast.actuals import compare_with_actuals, reforecast_rest_of_day
from planner.forecast.model import METHODS, ForecastResult, OpeningHours, forecast_arrivals
from planner.scenario import ClosedDay, Multiplier, Scenario

__all__ = [
    "METHODS",
    "ClosedDay",
    "ForecastResult",
    "Multiplier",
    "OpeningHours",
    "Scenario",
    "compare_with_actuals",
    "forecast_arrivals",
    "reforecast_rest_of_day",
]
