"""A deterministic generator of the centre's visits, calibrated to its first year.

Each of four streams (place x target group) has a daily intensity: a level curve over
time (the spring-2022 surge, then a slow decline or growth), a weekday factor, a
month factor and day-to-day noise. Inside the first year (2022-02-25 to 2023-02-24)
the visits are allocated by a multinomial draw with the exact total of the city's
report, so the four published totals hold for every seed; after it, daily counts are
Poisson. Arrival times follow an intraday profile inside the opening hours; wait and
service times, language, concern, interpreter use and outcome follow mixes typical
for the centre. No visitor is named or identified.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import holidays
import numpy as np
import pandas as pd

from data_access.demo.reference import INFOPOINT_OPEN_TO_ALL, LOCATIONS, OPENED, extra_closures
from data_access.visit_facts import channel_of, slot_of
from planner import clock

FIRST_YEAR_END = dt.date(2023, 2, 24)

# The city's report on the first year (README.md describes the centre).
FIRST_YEAR_TOTALS = {
    ("infopoint", "ukraine"): 20_000,
    ("infopoint", "other"): 6_000,
    ("centre", "ukraine"): 4_100,
    ("centre", "other"): 2_000,
}

WEEKDAY_FACTOR = np.array([1.25, 1.05, 0.95, 1.0, 0.75, 0.0, 0.0])
MONTH_FACTOR = np.array([1.05, 1.0, 1.0, 0.95, 0.95, 0.9, 0.8, 0.85, 1.1, 1.1, 1.05, 0.85])

LANGUAGES = {
    "ukraine": {"uk": 0.57, "ru": 0.37, "en": 0.03, "de": 0.03},
    "other": {
        "ar": 0.18, "tr": 0.10, "ro": 0.10, "bg": 0.08, "fa": 0.08, "en": 0.08, "de": 0.09,
        "pl": 0.06, "ku": 0.05, "fr": 0.05, "ti": 0.04, "so": 0.03, "ru": 0.06,
    },
}
# Languages the team covers itself; for the others a video interpreter is connected.
TEAM_LANGUAGES = {"de", "en", "uk", "ru", "tr", "ku", "fr", "ar", "fa", "pl", "ro", "bg"}

CONCERNS = {
    "infopoint": {
        "orientation": 0.38, "benefits": 0.15, "housing": 0.10, "language_course": 0.14,
        "work": 0.08, "health": 0.07, "school": 0.08,
    },
    "centre": {
        "residence": 0.26, "benefits": 0.20, "housing": 0.10, "language_course": 0.10,
        "work": 0.12, "health": 0.07, "school": 0.07, "registration": 0.08,
    },
}
# Mean minutes of advice per concern at the service centre; the Infopoint is quicker.
SERVICE_MINUTES = {
    "orientation": 8, "residence": 26, "benefits": 22, "housing": 18, "language_course": 14,
    "work": 20, "health": 15, "school": 15, "registration": 20,
}
INFOPOINT_SERVICE_FACTOR = 0.6
PLACE_KINDS = {loc.code: loc.kind for loc in LOCATIONS}  # the channel follows the kind


@dataclass(frozen=True)
class Stream:
    location: str
    target_group: str
    starts: dt.date


STREAMS = (
    Stream("infopoint", "ukraine", OPENED),
    Stream("infopoint", "other", INFOPOINT_OPEN_TO_ALL),
    Stream("centre", "ukraine", OPENED),
    Stream("centre", "other", OPENED),
)


def level(stream: Stream, days_since_opening: np.ndarray) -> np.ndarray:
    """Relative daily intensity of a stream over time (its scale is calibrated later)."""
    t = days_since_opening.astype(float)
    # The surge builds within two weeks and peaks in spring 2022, then ebbs.
    surge = (1 - np.exp(-t / 6)) * np.exp(-np.maximum(t - 25, 0) / 80)
    if (stream.location, stream.target_group) == ("infopoint", "ukraine"):
        return 30 + 25 * np.exp(-t / 700) + 170 * surge
    if (stream.location, stream.target_group) == ("infopoint", "other"):
        since = t - (INFOPOINT_OPEN_TO_ALL - OPENED).days
        # Word spreads: high at the opening, settling over the following year.
        return 60 + 45 * np.exp(-np.maximum(since, 0) / 200)
    if (stream.location, stream.target_group) == ("centre", "ukraine"):
        return 9 + 4 * np.exp(-t / 600) + 20 * surge
    return 7 + 2.5 * t / 365  # other nationalities at the centre grow slowly


def open_days(start: dt.date, end: dt.date) -> pd.DatetimeIndex:
    """Mondays to Fridays that are no NRW public holiday and no configured closure."""
    years = range(start.year, end.year + 1)
    closed = set(holidays.country_holidays("DE", subdiv="NW", years=years))
    closed |= {d for d, _ in extra_closures(years)}
    days = pd.bdate_range(start, end)
    return days[[d not in closed for d in days.date]]


def intraday_weights(opens: dt.time, closes: dt.time) -> tuple[np.ndarray, np.ndarray]:
    """Start minute of each 30-minute slot in which people arrive, and its weight."""
    start = opens.hour * 60 + opens.minute
    # Nobody is let in during the last quarter hour.
    end = closes.hour * 60 + closes.minute - 15
    starts = np.arange(start, end, 30)
    hours_open = (starts - start) / 60
    # A queue at opening, a second wave late morning, a lull at lunch, a quiet afternoon.
    weights = (
        1.6 * np.exp(-hours_open / 1.2)
        + 0.9 * np.exp(-((hours_open - 2.5) ** 2) / 1.5)
        + 0.35
        - 0.15 * ((starts >= 12 * 60) & (starts < 13 * 60))
    )
    return starts, weights / weights.sum()


def _daily_intensity(stream: Stream, days: pd.DatetimeIndex, rng: np.random.Generator) -> np.ndarray:
    t = (days - pd.Timestamp(OPENED)).days.to_numpy()
    lam = level(stream, t) * WEEKDAY_FACTOR[days.day_of_week] * MONTH_FACTOR[days.month - 1]
    # Weather, school holidays, news: demand varies more than Poisson from day to day.
    lam = lam * rng.gamma(shape=40.0, scale=1 / 40.0, size=len(days))
    hours = {loc.code: loc.hours for loc in LOCATIONS}[stream.location]
    lam = lam * np.array([1.0 if wd in hours else 0.0 for wd in days.day_of_week])
    return np.where(days.date >= stream.starts, lam, 0.0)


def _daily_counts(stream: Stream, days: pd.DatetimeIndex, scale: float, rng) -> np.ndarray:
    lam = _daily_intensity(stream, days, rng)
    first_year = days.date <= FIRST_YEAR_END
    counts = np.zeros(len(days), dtype=np.int64)
    total = round(FIRST_YEAR_TOTALS[(stream.location, stream.target_group)] * scale)
    p = lam[first_year] / lam[first_year].sum()
    counts[first_year] = rng.multinomial(total, p)
    # The first year fixes the scale of the level curve for the years after it.
    per_unit = total / lam[first_year].sum()
    counts[~first_year] = rng.poisson(lam[~first_year] * per_unit)
    return counts


def _choice(rng, mix: dict[str, float], size: int) -> np.ndarray:
    keys = np.array(list(mix))
    p = np.array(list(mix.values()), dtype=float)
    return keys[rng.choice(len(keys), size=size, p=p / p.sum())]


def generate_visit_frame(
    seed: int = 1,
    until: dt.date | dt.datetime | None = None,
    scale: float = 1.0,
) -> pd.DataFrame:
    """All visits from the opening to `until` (default: now), one row per visit.

    When `until` is a datetime, visits arriving later are left out and visits still
    waiting or in advice at that moment have no called/finished time yet.
    """
    now = until if isinstance(until, dt.datetime) else None
    if until is None:
        now = clock.now().replace(microsecond=0)
    last_day = now.date() if now else until
    rng = np.random.default_rng(seed)
    # The first year is always drawn whole, so its totals hold for any cut-off date.
    days = open_days(OPENED, max(last_day, FIRST_YEAR_END))
    hours = {loc.code: loc.hours for loc in LOCATIONS}

    frames = []
    for stream in STREAMS:
        counts = _daily_counts(stream, days, scale, rng)
        day_of_visit = np.repeat(days.to_numpy(), counts)
        weekday = np.repeat(days.day_of_week.to_numpy(), counts)
        minute = np.empty(len(day_of_visit), dtype=float)
        for wd, (opens, closes) in hours[stream.location].items():
            sel = weekday == wd
            starts, weights = intraday_weights(opens, closes)
            minute[sel] = starts[rng.choice(len(starts), size=sel.sum(), p=weights)]
        minute += rng.uniform(0, 30, size=len(minute))
        frames.append(
            _visit_attributes(stream, day_of_visit, minute, np.repeat(counts, counts), rng)
        )
    visits = pd.concat(frames, ignore_index=True)
    visits = visits.sort_values("arrived_at", kind="stable").reset_index(drop=True)
    visits = _cut_at(visits, now or dt.datetime.combine(last_day, dt.time.max))
    return visits


def _visit_attributes(stream, day_of_visit, minute, day_count, rng) -> pd.DataFrame:
    n = len(day_of_visit)
    arrived = pd.to_datetime(day_of_visit) + pd.to_timedelta(np.floor(minute), unit="min")
    language = _choice(rng, LANGUAGES[stream.target_group], n)
    concerns = dict(CONCERNS[stream.location])
    if stream.target_group == "ukraine":
        concerns.pop("registration", None)  # registration of EU citizens only
    concern = _choice(rng, concerns, n)

    mean_service = np.array([SERVICE_MINUTES[c] for c in concern], dtype=float)
    if stream.location == "infopoint":
        mean_service *= INFOPOINT_SERVICE_FACTOR
    service = rng.lognormal(np.log(mean_service) - 0.125, 0.5)

    # Busy days and the morning queue mean longer waits.
    typical = {"infopoint": 80.0, "centre": 18.0}[stream.location]
    load = (day_count / typical) ** 1.2
    early = 1.0 + 0.6 * np.exp(-(minute % (24 * 60) - 8 * 60) / 90).clip(0, 2)
    wait = rng.lognormal(np.log(9.0 * load * early) - 0.18, 0.6).clip(0, 240)

    left = rng.random(n) < (0.02 + 0.10 * (wait > 60))
    referred_share = 0.12 if stream.location == "infopoint" else 0.06
    outcome = np.where(left, "left", np.where(rng.random(n) < referred_share, "referred", "served"))
    own_language = np.isin(language, list(TEAM_LANGUAGES))
    video = ~left & (rng.random(n) < np.where(own_language, 0.03, 0.55))

    called = arrived + pd.to_timedelta(np.round(wait), unit="min")
    finished = called + pd.to_timedelta(np.round(service).clip(1), unit="min")
    frame = pd.DataFrame(
        {
            "arrived_at": arrived,
            "called_at": called.where(~left),
            "finished_at": finished.where(~left),
            "location": stream.location,
            "channel": channel_of(PLACE_KINDS[stream.location]),
            "target_group": stream.target_group,
            "language": language,
            "concern": concern,
            "video_interpreter": video,
            "outcome": outcome,
        }
    )
    # Someone who leaves unseen has waited as long as they stayed; we count no wait.
    frame["wait_minutes"] = np.where(left, np.nan, np.round(wait))
    frame["service_minutes"] = np.where(left, np.nan, np.round(service).clip(1))
    frame["day"] = arrived.date
    frame["weekday"] = arrived.day_of_week
    frame["slot"] = slot_of(arrived).astype(int)
    return frame


def _cut_at(visits: pd.DataFrame, now: dt.datetime) -> pd.DataFrame:
    """Visits as the database would hold them at `now`: open ones not yet finished."""
    now_ts = pd.Timestamp(now)
    visits = visits[visits["arrived_at"] <= now_ts].copy()
    not_called = visits["called_at"] > now_ts
    not_finished = visits["finished_at"] > now_ts
    visits.loc[not_called, ["called_at", "wait_minutes"]] = [pd.NaT, np.nan]
    visits.loc[not_finished, ["finished_at", "service_minutes", "outcome"]] = [pd.NaT, np.nan, None]
    visits.loc[not_called, "video_interpreter"] = False
    return visits.reset_index(drop=True)


def summarize(visits: pd.DataFrame) -> dict:
    day = pd.to_datetime(visits["arrived_at"]).dt.date
    first = visits[(day >= OPENED) & (day <= FIRST_YEAR_END)]

    def total(location: str, group: str) -> int:
        sel = (first["location"] == location) & (first["target_group"] == group)
        return int(sel.sum())

    last = max(day) if len(day) else OPENED
    open_dates = set(open_days(OPENED, last).date)
    on_closed = int((~day.isin(open_dates)).sum())
    other_at_infopoint = visits[
        (visits["location"] == "infopoint") & (visits["target_group"] == "other")
    ]
    return {
        "infopoint_ukraine": total("infopoint", "ukraine"),
        "infopoint_other": total("infopoint", "other"),
        "centre_ukraine": total("centre", "ukraine"),
        "centre_other": total("centre", "other"),
        "closed_day_visits": on_closed,
        "infopoint_other_first_date": (
            min(other_at_infopoint["arrived_at"]).date().isoformat()
            if len(other_at_infopoint)
            else None
        ),
        "visits": int(len(visits)),
    }
