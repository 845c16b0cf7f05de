"""Demand forecast: expected arrivals per place and slot, with prediction intervals.

Public API:
    forecast_arrivals(history, horizon_weeks, *, slot_minutes=30, closures=..., opening_hours=...,
                      scenario=..., method="auto") -> ForecastResult
    ForecastResult: .slots, .daily, .groups, .closed tables; .method, .parameters, .run_record()
    Scenario, Multiplier, ClosedDay (re-exported from planner.scenario)

Pure: pandas, numpy and holidays only; no database, no UI.
"""

from planner.forecast.model import METHODS, ForecastResult, OpeningHours, forecast_arrivals
from planner.scenario import ClosedDay, Multiplier, Scenario

__all__ = [
    "METHODS",
    "ClosedDay",
    "ForecastResult",
    "Multiplier",
    "OpeningHours",
    "Scenario",
    "forecast_arrivals",
]
