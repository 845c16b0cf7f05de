"""Leadership's report of a period (a month, a quarter, a year, the centre's first year).

`gather_report` collects every figure of the report as plain data in one unit of work:
consultations per place and target group against the same period a year earlier, the
busiest weekdays, hours and days, waits and service times per concern, languages and the
video-interpreter share, referrals, the team and its planned hours, partner turns, and
the accuracy of the stored forecasts. It reads the same repository methods as the Trends
page wherever Trends shows the same figure (totals, heat map, waits, video share, service
times), so the two cannot disagree. Wording (the summary's sentences, labels) is the
report feature's job (dashboard/reports), not this module's.

The delivery of the last month's report (dashboard/reports/delivery.py) records each
attempt here as an audit line (`record_delivery`), which the report page shows to admins.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import defaultdict
from dataclasses import dataclass

import holidays

from dashboard.services.cache import cached
from dashboard.services.stats_rollup import ensure_rollup
from dashboard.services.unit_of_work import UnitOfWork
from data_access.demo.reference import OPENED
from data_access.demo.visits import FIRST_YEAR_END
from data_access.repositories.statistics import VisitFilter, VisitMix
from planner import clock

PERIOD_KINDS = ("month", "quarter", "year", "first_year")
FIRST_YEAR_KEY = "first-year"
DEFAULT_TARGET_MINUTES = 20.0  # the planner's default service level: seen within 20 minutes
BUSIEST_DAYS = 5
DELIVERY_ACTION = "report_mail"


# --- periods ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """An inclusive range of days with its kind and a key for URLs ("2025", "2025-Q4",
    "2025-11", "first-year")."""

    kind: str
    key: str
    start: dt.date
    end: dt.date
    year: int
    number: int | None = None  # the month (1-12) or the quarter (1-4)

    def year_before(self) -> Period:
        """The same days a year earlier (a calendar year, quarter or month back)."""
        start, end = _years_back(self.start, 1), _years_back(self.end, 1)
        if self.kind == "month":
            end = _month_end(start.year, start.month)
        key = self.key if self.kind == "first_year" else _key(self.kind, self.year - 1, self.number)
        return Period(self.kind, key, start, end, self.year - 1, self.number)


def _years_back(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _key(kind: str, year: int, number: int | None) -> str:
    if kind == "month":
        return f"{year}-{number:02d}"
    if kind == "quarter":
        return f"{year}-Q{number}"
    return str(year)


def period(kind: str, year: int, number: int | None = None) -> Period:
    """The period of a kind; raises ValueError for an unknown kind or number."""
    if kind == "first_year":
        return Period(kind, FIRST_YEAR_KEY, OPENED, FIRST_YEAR_END, OPENED.year)
    if kind == "year":
        return Period(kind, str(year), dt.date(year, 1, 1), dt.date(year, 12, 31), year)
    if kind == "quarter":
        if number not in (1, 2, 3, 4):
            raise ValueError(f"quarter {number!r} is not 1 to 4")
        first = dt.date(year, 3 * number - 2, 1)
        return Period(kind, _key(kind, year, number), first, _month_end(year, 3 * number), year, number)
    if kind == "month":
        if number is None or not 1 <= number <= 12:
            raise ValueError(f"month {number!r} is not 1 to 12")
        return Period(kind, _key(kind, year, number), dt.date(year, number, 1), _month_end(year, number), year,
                      number)
    raise ValueError(f"unknown period kind {kind!r}")


def parse_period(key: str) -> Period:
    """The period of a key ("2025", "2025-Q4", "2025-11", "first-year"); ValueError otherwise."""
    text = (key or "").strip()
    try:
        if text == FIRST_YEAR_KEY:
            return period("first_year", OPENED.year)
        if len(text) == 4:
            return period("year", int(text))
        year, _, rest = text.partition("-")
        if rest.upper().startswith("Q"):
            return period("quarter", int(year), int(rest[1:]))
        return period("month", int(year), int(rest))
    except (TypeError, ValueError):
        raise ValueError(f"unknown report period {key!r}") from None


def last_month(today: dt.date) -> Period:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return period("month", first.year, first.month)


def first_working_day(year: int, month: int) -> dt.date:
    """The month's first day that is neither a weekend nor a public holiday in NRW."""
    closed = holidays.country_holidays("DE", subdiv="NW", years=year)
    day = dt.date(year, month, 1)
    while day.weekday() >= 5 or day in closed:
        day += dt.timedelta(days=1)
    return day


def years_with_data(*, uow: UnitOfWork | None = None) -> list[int]:
    with uow or UnitOfWork() as work:
        first, last = work.statistics.first_and_last_day()
    if first is None:
        return [clock.today().year]
    return list(range(first.year, max(last.year, first.year) + 1))


# --- the report's figures -----------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    location: str
    target_group: str
    visits: int
    previous: int
    change: float | None  # percent against the year before; None when it had none ("neu")


@dataclass(frozen=True)
class ConcernRow:
    concern: str
    visits: int
    seen: int
    mean_wait: float | None
    p90_wait: float | None
    within_target: float | None  # share of the seen, 0..1
    served: int
    mean_service: float | None
    referred: int


@dataclass(frozen=True)
class Waits:
    seen: int
    mean: float | None
    p90: float | None
    within_target: float | None  # share, 0..1
    target_minutes: float
    buckets: tuple[int, ...]  # the Trends buckets (0-10, 10-20, 20-40, 40+ minutes)


@dataclass(frozen=True)
class LanguageRow:
    language: str
    visits: int
    seen: int
    video: int


@dataclass(frozen=True)
class TeamRow:
    role: str
    organisation: str
    organisation_kind: str
    at_start: int
    at_end: int


@dataclass(frozen=True)
class PartnerTurns:
    organisation: str
    kept: int  # confirmed
    declined: int
    open: int  # pending: not answered (yet)


@dataclass(frozen=True)
class Team:
    at_start: int
    at_end: int
    today: int
    rows: tuple[TeamRow, ...]
    planned_shifts: int
    planned_hours: float
    hours_by_organisation: tuple[tuple[str, float], ...]
    partner_turns: tuple[PartnerTurns, ...]


@dataclass(frozen=True)
class ForecastAccuracy:
    days: int  # place-days with a forecast made before them
    actual: int
    expected: float
    mean_abs_error: float  # visits per place and day
    wape: float | None  # sum of absolute errors / actual visits
    within80: float | None  # share of place-days inside the 80 % interval
    by_place: tuple[tuple[str, int, int, float, float | None], ...]  # (place, days, actual, expected, wape)


@dataclass(frozen=True)
class CourseNeed:
    kind: str | None  # the course type referred to or needed; None where not said
    referred: int
    unmet: int  # "nothing suitable" outcomes


@dataclass(frozen=True)
class Report:
    period: Period
    previous: Period
    generated_on: dt.date
    cells: tuple[Cell, ...]
    total: int
    previous_total: int
    change: float | None
    weekdays: tuple[tuple[int, int], ...]  # (weekday 0 = Monday, visits)
    hours: tuple[tuple[int, int], ...]  # (hour of day, visits)
    busiest_days: tuple[tuple[dt.date, int], ...]
    open_days: int
    waits: Waits
    concerns: tuple[ConcernRow, ...]
    languages: tuple[LanguageRow, ...]
    video_seen: int
    video: int
    referred: int
    left_unseen: int
    team: Team
    forecast: ForecastAccuracy | None
    courses: tuple[CourseNeed, ...] = ()  # language-course referrals and unmet needs by type


def change(now: int, before: int) -> float | None:
    """Percent change; None against nothing (a place or group that was not there yet)."""
    return round(100.0 * (now / before - 1), 1) if before else None


def percentile(histogram, q: float = 0.9) -> float | None:
    """The smallest value that at least q of the counted items do not exceed ("inverted_cdf",
    as the Trends page's daily 90th percentile). `histogram`: (value, count) ascending."""
    total = sum(n for _, n in histogram)
    if not total:
        return None
    rank = math.ceil(q * total - 1e-9)
    seen = 0
    for value, n in histogram:
        seen += n
        if seen >= rank:
            return value
    return histogram[-1][0]


def gather_report(p: Period, *, today: dt.date, target_minutes: float = DEFAULT_TARGET_MINUTES,
                  uow: UnitOfWork | None = None) -> Report:
    """Every figure of a period's report, from one unit of work (read only)."""
    before = p.year_before()
    f, f_before = VisitFilter(p.start, p.end), VisitFilter(before.start, before.end)
    with uow or UnitOfWork() as work:
        stats, extra = work.statistics, work.report_statistics
        now_cells = {(loc, grp): n for loc, grp, n in stats.totals(f)}
        before_cells = {(loc, grp): n for loc, grp, n in stats.totals(f_before)}
        slots = stats.weekday_slot_counts(f)
        place_days = {(loc, day): n for day, loc, n in stats.daily_counts(f, "location")}
        daily_waits = stats.daily_waits(f)
        buckets = stats.wait_buckets(f)
        video_days = stats.daily_video(f)
        service = {c: (n, mean) for c, n, mean in stats.service_by_concern(f)}
        histograms = extra.wait_histograms(f)
        mix = extra.visit_mix(f)
        team = _team(extra, p, today)
        forecasts = extra.forecasts_before(p.start, p.end)
        unmet: dict[str | None, int] = defaultdict(int)
        for _, _, kind, n in work.courses.unmet_by_month(p.start, p.end, "kind"):
            unmet[kind] += n
        course_referrals = work.courses.referrals_by_kind(p.start, p.end)

    per_day: dict[dt.date, int] = defaultdict(int)
    for (_, day), n in place_days.items():
        per_day[day] += n
    keys = sorted(set(now_cells) | set(before_cells))
    cells = tuple(Cell(loc, grp, now_cells.get((loc, grp), 0), before_cells.get((loc, grp), 0),
                       change(now_cells.get((loc, grp), 0), before_cells.get((loc, grp), 0))) for loc, grp in keys)
    total, previous_total = sum(now_cells.values()), sum(before_cells.values())
    weekdays: dict[int, int] = defaultdict(int)
    hours: dict[int, int] = defaultdict(int)
    for (weekday, slot), n in slots.items():
        weekdays[weekday] += n
        hours[slot // 2] += n
    busiest = sorted(per_day.items(), key=lambda item: (-item[1], item[0]))[:BUSIEST_DAYS]
    referred_by: dict[str, int] = defaultdict(int)
    visits_by: dict[str, int] = defaultdict(int)
    for m in mix:
        visits_by[m.concern] += m.visits
        if m.outcome == "referred":
            referred_by[m.concern] += m.visits
    return Report(
        period=p, previous=before, generated_on=today, cells=cells, total=total, previous_total=previous_total,
        change=change(total, previous_total), weekdays=tuple(sorted(weekdays.items())),
        hours=tuple(sorted(hours.items())), busiest_days=tuple(busiest),
        open_days=sum(1 for n in per_day.values() if n),
        waits=_waits(daily_waits, histograms, buckets, target_minutes),
        concerns=_concerns(histograms, visits_by, service, referred_by, target_minutes),
        languages=_languages(mix),
        video_seen=sum(n for _, n, _ in video_days), video=sum(v for *_, v in video_days),
        referred=sum(referred_by.values()), left_unseen=sum(m.visits for m in mix if m.outcome == "left"),
        team=team, forecast=_accuracy(forecasts, place_days),
        courses=tuple(CourseNeed(kind, course_referrals.get(kind, 0), unmet.get(kind, 0))
                      for kind in sorted(set(course_referrals) | set(unmet), key=lambda k: (k is None, k or ""))),
    )


def _within(histogram, target_minutes: float) -> int:
    return sum(n for w, n in histogram if w <= target_minutes)


def _waits(daily_waits, histograms: dict, buckets, target_minutes: float) -> Waits:
    seen = sum(n for _, n, _ in daily_waits)
    wait_sum = sum(total for *_, total in daily_waits)
    merged: dict[float, int] = defaultdict(int)
    for histogram in histograms.values():
        for w, n in histogram:
            merged[w] += n
    combined = sorted(merged.items())
    counted = sum(n for _, n in combined)
    return Waits(seen, wait_sum / seen if seen else None, percentile(combined),
                 _within(combined, target_minutes) / counted if counted else None, target_minutes, tuple(buckets))


def _concerns(histograms: dict, visits_by: dict[str, int], service: dict[str, tuple[int, float]],
              referred_by: dict[str, int], target_minutes: float) -> tuple[ConcernRow, ...]:
    rows = []
    for concern in set(visits_by) | set(histograms):
        histogram = histograms.get(concern, ())
        seen = sum(n for _, n in histogram)
        served, mean_service = service.get(concern, (0, None))
        rows.append(ConcernRow(
            concern, visits_by.get(concern, 0), seen,
            sum(w * n for w, n in histogram) / seen if seen else None, percentile(histogram),
            _within(histogram, target_minutes) / seen if seen else None, served, mean_service,
            referred_by.get(concern, 0)))
    return tuple(sorted(rows, key=lambda row: (-row.visits, row.concern)))


def _languages(mix: list[VisitMix]) -> tuple[LanguageRow, ...]:
    visits: dict[str, int] = defaultdict(int)
    seen: dict[str, int] = defaultdict(int)
    video: dict[str, int] = defaultdict(int)
    for m in mix:
        visits[m.language] += m.visits
        if m.seen:
            seen[m.language] += m.visits
            video[m.language] += m.visits if m.video else 0
    return tuple(LanguageRow(lang, visits[lang], seen[lang], video[lang])
                 for lang in sorted(visits, key=lambda lang: (-visits[lang], lang)))


def _team(extra, p: Period, today: dt.date) -> Team:
    start = {(r, o): (k, n) for r, o, k, n in extra.head_count(p.start)}
    end = {(r, o): (k, n) for r, o, k, n in extra.head_count(p.end)}
    now = extra.head_count(today)
    rows = tuple(
        TeamRow(role, org, (start.get((role, org)) or end[(role, org)])[0], start.get((role, org), ("", 0))[1],
                end.get((role, org), ("", 0))[1])
        for role, org in sorted(set(start) | set(end))
    )
    shifts = extra.published_shifts(p.start, p.end)
    hours: dict[str, float] = defaultdict(float)
    turns: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    planned = 0
    for s in shifts:
        minutes = _minutes(s.ends_at) - _minutes(s.starts_at) - s.break_minutes
        if s.confirmation != "declined":
            hours[s.organisation] += s.shifts * minutes / 60.0
            planned += s.shifts
        if s.organisation_kind == "partner":
            turns[s.organisation][s.confirmation] += s.shifts
    return Team(
        at_start=sum(n for _, n in start.values()), at_end=sum(n for _, n in end.values()),
        today=sum(n for *_, n in now), rows=rows, planned_shifts=planned,
        planned_hours=round(sum(hours.values()), 2),
        hours_by_organisation=tuple(sorted((o, round(h, 2)) for o, h in hours.items())),
        partner_turns=tuple(PartnerTurns(o, c.get("confirmed", 0), c.get("declined", 0), c.get("pending", 0))
                            for o, c in sorted(turns.items())),
    )


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def _accuracy(forecasts, place_days: dict[tuple[str, dt.date], int]) -> ForecastAccuracy | None:
    """Stored daily forecasts against what came, per place and day; a day without visits
    (closed) counts as 0 arrivals."""
    if not forecasts:
        return None
    per_place: dict[str, list[tuple[int, float]]] = defaultdict(list)
    inside = with_interval = 0
    for fc in forecasts:
        actual = place_days.get((fc.location, fc.day), 0)
        per_place[fc.location].append((actual, fc.expected))
        if fc.lo80 is not None and fc.hi80 is not None:
            with_interval += 1
            inside += fc.lo80 <= actual <= fc.hi80
    pairs = [pair for rows in per_place.values() for pair in rows]
    actual = sum(a for a, _ in pairs)
    errors = sum(abs(a - e) for a, e in pairs)
    by_place = tuple(
        (place, len(rows), sum(a for a, _ in rows), sum(e for _, e in rows),
         sum(abs(a - e) for a, e in rows) / sum(a for a, _ in rows) if sum(a for a, _ in rows) else None)
        for place, rows in sorted(per_place.items())
    )
    return ForecastAccuracy(len(pairs), actual, sum(e for _, e in pairs), errors / len(pairs),
                            errors / actual if actual else None,
                            inside / with_interval if with_interval else None, by_place)


# --- for the entry points ----------------------------------------------------------------
@cached(seconds=60)  # a report may be a minute old: the page and its downloads share one gathering
def period_report(p: Period, today: dt.date) -> Report:
    """The report of `p` from the database DATABASE_URL names (rollup kept current first)."""
    ensure_rollup(today)
    return gather_report(p, today=today)


@dataclass(frozen=True)
class Delivery:
    at: dt.datetime
    period: str
    ok: bool
    recipients: int
    error: str | None


def record_delivery(period_key: str, *, ok: bool, recipients: int, error: str | None = None,
                    uow: UnitOfWork | None = None) -> None:
    """One audit line per attempt to mail a report (shown to admins on the report page
    and in the audit log)."""
    with uow or UnitOfWork() as work:
        work.audit.record("system", DELIVERY_ACTION if ok else DELIVERY_ACTION + "_failed", "report", None,
                          period=period_key, recipients=recipients, error=error)
        work.commit()


def deliveries(limit: int = 10, *, uow: UnitOfWork | None = None) -> list[Delivery]:
    """The latest delivery attempts, newest first."""
    with uow or UnitOfWork() as work:
        events = work.audit.latest_of(DELIVERY_ACTION, limit)
        out = []
        for e in events:
            details = json.loads(e.details or "{}")
            out.append(Delivery(e.at, str(details.get("period", "")), e.action == DELIVERY_ACTION,
                                int(details.get("recipients") or 0), details.get("error")))
        return out


def delivered(period_key: str, *, uow: UnitOfWork | None = None) -> bool:
    """Whether the report of this period was mailed successfully already."""
    return any(d.ok and d.period == period_key for d in deliveries(50, uow=uow))
