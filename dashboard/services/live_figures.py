"""The live Overview's figures per place: today's queue against the forecast and the plan.

Sources, one hop each: today's visits (LiveStatistics.today), the published plan
(LiveStatistics.on_duty), today's stored forecast run with its staffing requirement
(dashboard.services.forecast) and Erlang C (planner.staffing).

Where a place issues ticket numbers today, its waiting figures come from the walk-in queue
(LiveStatistics.queue_today: per step, so a visitor referred to a second desk waits again),
and so does the estimate: the desks calling in the last DESK_ACTIVE_MINUTES as the
servers, today's mean service per step once MIN_SERVED steps are done. Without tickets the
figures come from the visits as before.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass

import pandas as pd

from dashboard.services.forecast import DailyForecast, daily_forecast
from dashboard.services.unit_of_work import UnitOfWork
from data_access.repositories.statistics import PlaceToday, QueueToday
from planner.staffing import erlang_c, expected_wait

PLACES = ("infopoint", "centre")
SLOT_MINUTES = 30
DESK_ACTIVE_MINUTES = 45  # as the call display's estimate (dashboard/services/queue.py)
MIN_SERVED = 3  # served steps before today's own mean service replaces the forecast's


def refresh_seconds() -> int:
    """How often the Overview refreshes itself (MIGRADO_LIVE_REFRESH_SECONDS, default 30)."""
    try:
        return max(1, int(os.environ.get("MIGRADO_LIVE_REFRESH_SECONDS", "30")))
    except ValueError:
        return 30


@dataclass(frozen=True)
class LivePlace:
    location: str
    arrivals: int
    expected_so_far: float | None  # forecast arrivals from opening to now
    expected_day: float | None  # forecast for the whole day, with its 80 % interval
    expected_day_lo80: float | None
    expected_day_hi80: float | None
    waiting: int
    longest_wait: float | None  # minutes: the longest finished wait or current wait today
    mean_wait: float | None  # minutes: mean of today's finished waits
    planned: bool  # a published plan covers this week
    on_duty: int | None  # people on duty now (None: no plan)
    counselling_on_duty: int | None
    required: int | None  # head-count the forecast requires in the current slot
    required_counselling: float | None
    estimated_wait: float | None  # minutes for someone arriving now; inf: queue keeps growing
    estimate_staff: int | None  # the counselling head-count the estimate assumed
    trust: tuple[dict, ...] = ()  # why today's forecast of this place cannot be trusted (planner.forecast.trust)
    source: str = "visits"  # where the waiting figures come from: "queue" (tickets) or "visits"
    estimate_basis: str | None = None  # "desks" (queue), "plan" or "required"
    estimate_service: float | None = None  # the minutes per consultation the estimate assumed


@dataclass(frozen=True)
class LiveOverview:
    now: dt.datetime
    places: list[LivePlace]
    forecast_run_id: int | None


def live_overview(now: dt.datetime) -> LiveOverview:
    with UnitOfWork() as work:
        live = work.live
        today = live.today(now.date(), now)
        queue = live.queue_today(now.date(), now - dt.timedelta(minutes=DESK_ACTIVE_MINUTES))
        duty = live.on_duty(now.date(), now.time())
    forecast = daily_forecast(now.date())
    places = [_place(code, today.get(code), duty, forecast, now, queue.get(code)) for code in PLACES]
    return LiveOverview(now, places, forecast.run_id if forecast else None)


def _place(code: str, today: PlaceToday | None, duty, forecast: DailyForecast | None, now: dt.datetime,
           queue: QueueToday | None = None) -> LivePlace:
    today = today or PlaceToday(code, 0, 0, None, None, None)
    from_queue = queue is not None and queue.tickets > 0
    if from_queue:  # the queue's steps: a referral waits again, a parked visitor is outside
        today = PlaceToday(code, today.arrivals, queue.waiting, queue.oldest_waiting_since, queue.mean_wait,
                           queue.max_wait)
    so_far, day, lo, hi = _expected(code, forecast, now)
    required, counselling = _required_now(code, forecast, now)
    current_wait = (now - today.oldest_waiting_since).total_seconds() / 60 if today.oldest_waiting_since else None
    longest = max((w for w in (today.max_wait, current_wait) if w is not None), default=None)
    on_duty = counselling_on_duty = None
    if duty is not None:
        on_duty, counselling_on_duty = duty.get(code, (0, 0))
    staff = counselling_on_duty if duty is not None else (math.ceil(counselling - 1e-9) if counselling else None)
    basis = "plan" if duty is not None else "required"
    aht = forecast.service_minutes.get(code) if forecast else None
    if from_queue and queue.desks_calling:
        staff, basis = queue.desks_calling, "desks"
    if from_queue and queue.served >= MIN_SERVED and queue.mean_service:
        aht = queue.mean_service
    arrivals_slot = _slot_expected(code, forecast, now)
    estimate = estimate_wait(today.waiting, staff, aht, arrivals_slot) if staff is not None and aht else None
    return LivePlace(
        code, today.arrivals, so_far, day, lo, hi, today.waiting, longest, today.mean_wait,
        duty is not None, on_duty, counselling_on_duty, required, counselling, estimate, staff,
        tuple(forecast.trust.get(code, ())) if forecast else (),
        "queue" if from_queue else "visits", basis if estimate is not None else None, aht,
    )


def estimate_wait(waiting: int, staff: int, aht_minutes: float, arrivals_per_slot: float,
                  slot_minutes: int = SLOT_MINUTES) -> float:
    """Expected wait in minutes of someone arriving now (M/M/c, `staff` counsellors).

    With people waiting, every counsellor is busy and the newcomer waits for
    `waiting + 1` departures at rate staff / aht: (waiting + 1) * aht / staff. With nobody
    waiting, Erlang C's mean wait for the forecast arrivals of this slot applies. No staff,
    or a load above the head-count with a queue, means the queue keeps growing: inf.
    """
    if staff <= 0:
        return math.inf if waiting > 0 or arrivals_per_slot > 0 else 0.0
    if waiting > 0:
        return (waiting + 1) * aht_minutes / staff
    load = arrivals_per_slot * aht_minutes / slot_minutes
    if load and erlang_c(staff, load) >= 1.0:
        return math.inf
    return expected_wait(staff, arrivals_per_slot, aht_minutes, slot_minutes)


def _expected(code: str, forecast: DailyForecast | None, now: dt.datetime):
    if forecast is None:
        return None, None, None, None
    so_far = 0.0
    for point in forecast.slots:
        if point.location != code:
            continue
        start = point.at
        end = start + dt.timedelta(minutes=SLOT_MINUTES)
        if end <= now:
            so_far += point.expected
        elif start < now:  # the current slot counts by the share of it that has passed
            so_far += point.expected * (now - start) / (end - start)
    day = next((p for p in forecast.days if p.location == code and p.at == now.date()), None)
    if day is None:
        return (so_far if any(p.location == code for p in forecast.slots) else None), None, None, None
    return so_far, day.expected, day.lo80, day.hi80


def _current_slot(now: dt.datetime) -> pd.Timestamp:
    return pd.Timestamp(now).floor(f"{SLOT_MINUTES}min")


def _slot_expected(code: str, forecast: DailyForecast | None, now: dt.datetime) -> float:
    if forecast is None:
        return 0.0
    slot = _current_slot(now).to_pydatetime()
    return next((p.expected for p in forecast.slots if p.location == code and p.at == slot), 0.0)


def _required_now(code: str, forecast: DailyForecast | None, now: dt.datetime) -> tuple[int | None, float | None]:
    if forecast is None or forecast.requirement.empty:
        return None, None
    req = forecast.requirement
    rows = req[(req["location"] == code) & (req["slot_start"] == _current_slot(now))]
    if rows.empty:
        return None, None
    total = math.ceil(float(rows["required"].sum()) - 1e-9)  # fractional parts add up before rounding
    counselling = float(rows.loc[rows["role"] != "reception", "required"].sum())
    return total, counselling
