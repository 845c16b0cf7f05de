"""The data of every Trends figure: one function per figure, from dashboard/services/trends.py.

Each returns a `FigureData`: the table the page shows under the chart and the export
writes (so the two cannot differ), a German-first summary sentence, and the points the
chart draws. The service caches the queries (its docstring states for how long).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from dashboard.components.trust import trust_sentences
from dashboard.services import trends
from dashboard.services.forecast import daily_forecast, forecast_accuracy
from dashboard.services.trends import WAIT_BUCKETS, VisitFilter
from dashboard.texts.i18n import CATALOGUE, fmt_date, fmt_datetime, fmt_int, fmt_pct, t
from dashboard.trends.filters import day_label, period_label, period_start
from planner import clock

LAST_YEAR_DAYS = 364  # 52 weeks: the same weekdays a year earlier
HISTORY_DAYS = 56


@dataclass(frozen=True)
class FigureData:
    name: str
    title: str
    header: list[str]
    rows: list[list[Any]]  # labels as text, numbers as numbers (None when there is none)
    summary: str
    points: dict[str, Any] = field(default_factory=dict)  # what the chart draws


# --- labels ------------------------------------------------------------------------------
def value_label(kind: str, code: str) -> str:
    key = {"location": "location.", "target_group": "group.", "concern": "trends.concern.",
           "language": "trends.language."}[kind] + str(code)
    return t(key) if key in CATALOGUE else str(code)


def _share(part: float, whole: float) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


# --- figures -----------------------------------------------------------------------------
def totals(f: VisitFilter) -> FigureData:
    rows_raw = trends.totals(f)
    rows = [[value_label("location", loc), value_label("target_group", grp), n] for loc, grp, n in rows_raw]
    total = sum(n for *_, n in rows_raw)
    rows.append([t("trends.total"), None, total])
    return FigureData(
        "totals", t("trends.totals.title"), [t("col.location"), t("col.group"), t("col.visits")], rows,
        t("trends.totals.summary", start=fmt_date(f.start), end=fmt_date(f.end), total=fmt_int(total)),
        {"total": total, "cells": {(loc, grp): n for loc, grp, n in rows_raw}},
    )


def volume(f: VisitFilter, granularity: str, breakdown: str) -> FigureData:
    per: dict[tuple[dt.date, str], int] = defaultdict(int)
    for day, value, n in trends.daily_counts(f, breakdown):
        per[(period_start(day, granularity), value)] += n
    by_value: dict[str, int] = defaultdict(int)
    by_period: dict[dt.date, int] = defaultdict(int)
    for (p, v), n in per.items():
        by_value[v] += n
        by_period[p] += n
    values = sorted(by_value, key=lambda v: (-by_value[v], v))
    periods = sorted(by_period)
    unit = t(f"trends.granularity.{granularity}")
    # One row per period, one column per value: the table a report would show.
    header = [unit, *(value_label(breakdown, v) for v in values), t("trends.total")]
    rows = [[period_label(p, granularity), *(per.get((p, v), 0) for v in values), by_period[p]] for p in periods]
    summary = t("trends.no_data")
    if periods:
        peak = max(by_period, key=by_period.get)
        total = sum(by_period.values())
        summary = t("trends.volume.summary", total=fmt_int(total), periods=fmt_int(len(periods)),
                    peak=period_label(peak, granularity), peak_n=fmt_int(by_period[peak]),
                    top=value_label(breakdown, values[0]), top_share=fmt_pct(by_value[values[0]] / total))
    series = {value_label(breakdown, v): [per.get((p, v), 0) for p in periods] for v in values}
    return FigureData("volume", t("trends.volume.title", unit=unit), header, rows, summary,
                      {"periods": periods, "series": series, "labels": [r[0] for r in rows]})


def _breakdown_title(breakdown: str) -> str:
    return {"location": t("col.location"), "target_group": t("col.group"), "concern": t("trends.concern"),
            "language": t("trends.language")}[breakdown]


def year_over_year(f: VisitFilter, granularity: str, today: dt.date | None = None) -> FigureData:
    """The range against the same days 52 weeks earlier.

    A range that reaches today ends yesterday: today's count is still growing, and set
    against a whole day a year ago it would read as a drop.
    """
    today = today or clock.today()
    end = min(f.end, today - dt.timedelta(days=1))
    wide = VisitFilter(f.start - dt.timedelta(days=LAST_YEAR_DAYS), end, f.locations, f.target_groups,
                       f.concerns, f.languages)
    current: dict[dt.date, int] = defaultdict(int)
    previous: dict[dt.date, int] = defaultdict(int)
    prev_end = end - dt.timedelta(days=LAST_YEAR_DAYS)
    # One query over both years; a day of the year before counts for the period it moves to.
    for day, _, n in trends.daily_counts(wide, "location"):
        if day >= f.start:
            current[period_start(day, granularity)] += n
        if day <= prev_end:
            previous[period_start(day + dt.timedelta(days=LAST_YEAR_DAYS), granularity)] += n
    periods = sorted(set(current) | set(previous))
    # A year earlier than the first day with data there was no centre (or no records): a
    # period compared with a year only partly recorded would show a growth that never was.
    since = trends.first_day(f.locations)

    def comparable(first_day: dt.date) -> bool:
        return since is not None and since <= first_day - dt.timedelta(days=LAST_YEAR_DAYS)

    rows = [
        [period_label(p, granularity), current.get(p, 0), previous.get(p, 0),
         _change_cell(current.get(p, 0), previous.get(p, 0), comparable(max(p, f.start)))]
        for p in periods
    ]
    cur, prev = sum(current.values()), sum(previous.values())
    change = _change(cur, prev) if comparable(f.start) else None
    if change is not None:
        said = ("+" if change >= 0 else "−") + fmt_pct(abs(change) / 100)
    elif since is not None and prev:
        said = t("trends.yoy.partial", day=fmt_date(since))
    else:
        said = t("trends.yoy.no_previous")
    summary = t("trends.yoy.summary", current=fmt_int(cur), previous=fmt_int(prev), change=said)
    if end < f.end:
        summary += " " + t("trends.yoy.until_yesterday", day=fmt_date(end))
    header = [t(f"trends.granularity.{granularity}"), t("trends.yoy.current"), t("trends.yoy.previous"),
              t("trends.yoy.change") + " (%)"]
    return FigureData("yoy", t("trends.yoy.title"), header, rows, summary,
                      {"periods": periods, "current": [current.get(p, 0) for p in periods],
                       "previous": [previous.get(p, 0) for p in periods],
                       "labels": [period_label(p, granularity) for p in periods]})


def _change(now: int, before: int) -> float | None:
    return round(100.0 * (now / before - 1), 1) if before else None


def _change_cell(now: int, before: int, comparable: bool) -> float | str:
    """The change in per cent, or "new" / a dash where the year before has nothing to compare."""
    change = _change(now, before) if comparable else None
    if change is not None:
        return change
    return t("trends.yoy.new") if now else "–"


def hour_label(hour: int) -> str:
    return t("trends.hour", start=f"{hour:02d}", end=f"{hour + 1:02d}")


def heatmap(f: VisitFilter) -> FigureData:
    per: dict[tuple[int, int], int] = defaultdict(int)
    for (weekday, slot), n in trends.weekday_slot_counts(f).items():
        per[(weekday, slot // 2)] += n
    rows = [[t(f"trends.weekday.{wd}"), hour_label(h), n] for (wd, h), n in sorted(per.items())]
    summary = t("trends.no_data")
    if per:
        busy = max(per, key=per.get)
        quiet = min(per, key=per.get)
        summary = t("trends.heatmap.summary", weekday=t(f"trends.weekday.{busy[0]}"), hour=hour_label(busy[1]),
                    n=fmt_int(per[busy]), quiet_weekday=t(f"trends.weekday.{quiet[0]}"),
                    quiet_hour=hour_label(quiet[1]), quiet_n=fmt_int(per[quiet]))
    return FigureData("heatmap", t("trends.heatmap.title"),
                      [t("trends.col.weekday"), t("trends.col.hour"), t("trends.col.arrivals")], rows, summary,
                      {"cells": dict(per)})


def wait_buckets(f: VisitFilter) -> FigureData:
    counts = trends.wait_buckets(f)
    seen = sum(counts)
    rows = [[t(f"trends.bucket.{i}"), n, _share(n, seen)] for i, n in enumerate(counts)]
    summary = t("trends.no_data")
    if seen:
        summary = t("trends.wait_buckets.summary", share=fmt_pct((counts[0] + counts[1]) / seen),
                    long_share=fmt_pct(counts[3] / seen), seen=fmt_int(seen))
    return FigureData("wait_buckets", t("trends.wait_buckets.title"),
                      [t("trends.col.bucket"), t("trends.col.seen"), t("trends.col.share")], rows, summary,
                      {"counts": counts, "labels": [t(f"trends.bucket.{i}") for i in range(len(WAIT_BUCKETS))]})


def wait_daily(f: VisitFilter) -> FigureData:
    stats = trends.daily_wait_stats(f)
    waits = [(d, n, total) for d, n, total, _ in stats]
    p90 = {d: w for d, *_, w in stats}
    rows = [[day_label(d), round(total / n, 1), p90.get(d)] for d, n, total in waits]
    summary = t("trends.no_data")
    if waits:
        seen = sum(n for _, n, _ in waits)
        mean = sum(total for *_, total in waits) / seen
        peak_day = max(p90, key=p90.get) if p90 else waits[0][0]
        summary = t("trends.wait_daily.summary", mean=fmt_int(mean), days=fmt_int(len(waits)),
                    p90_min=fmt_int(min(p90.values(), default=0)), p90_max=fmt_int(max(p90.values(), default=0)),
                    peak_day=fmt_date(peak_day))
    return FigureData("wait_daily", t("trends.wait_daily.title"),
                      [t("col.day"), t("trends.col.mean_wait"), t("trends.col.p90_wait")], rows, summary,
                      {"days": [d for d, _, _ in waits], "mean": [r[1] for r in rows], "p90": [r[2] for r in rows]})


def service(f: VisitFilter) -> FigureData:
    data = trends.service_by_concern(f)
    data = sorted(data, key=lambda r: -r[2])
    rows = [[value_label("concern", c), n, round(mean, 1)] for c, n, mean in data]
    summary = t("trends.no_data")
    if data:
        summary = t("trends.service.summary", longest=rows[0][0], longest_min=fmt_int(rows[0][2]),
                    shortest=rows[-1][0], shortest_min=fmt_int(rows[-1][2]))
    return FigureData("service", t("trends.service.title"),
                      [t("trends.col.concern"), t("trends.col.served"), t("trends.col.service_minutes")], rows,
                      summary)


def video(f: VisitFilter, granularity: str) -> FigureData:
    seen: dict[dt.date, int] = defaultdict(int)
    with_video: dict[dt.date, int] = defaultdict(int)
    for day, n, v in trends.daily_video(f):
        p = period_start(day, granularity)
        seen[p] += n
        with_video[p] += v
    periods = sorted(seen)
    rows = [[period_label(p, granularity), seen[p], with_video[p], _share(with_video[p], seen[p])] for p in periods]
    total_seen, total_video = sum(seen.values()), sum(with_video.values())
    summary = t("trends.no_data")
    if total_seen:
        summary = t("trends.video.summary", share=fmt_pct(total_video / total_seen), video=fmt_int(total_video),
                    seen=fmt_int(total_seen))
    return FigureData("video", t("trends.video.title"),
                      [t(f"trends.granularity.{granularity}"), t("trends.col.seen"), t("trends.col.video"),
                       t("trends.col.share")], rows, summary,
                      {"periods": periods, "share": [r[3] for r in rows],
                       "labels": [period_label(p, granularity) for p in periods]})


def forecast(place: str, today: dt.date) -> FigureData:
    history = VisitFilter(today - dt.timedelta(days=HISTORY_DAYS), today - dt.timedelta(days=1), locations=(place,))
    actual = [(d, n) for d, _, n in trends.daily_counts(history, "location")]
    run = daily_forecast(today)
    days = [p for p in (run.days if run else []) if p.location == place and p.at >= today]
    header = [t("col.day"), t("trends.col.kind"), t("col.visits"), t("trends.col.expected"),
              t("trends.col.lo80"), t("trends.col.hi80"), t("trends.col.lo95"), t("trends.col.hi95")]
    rows = [[day_label(d), t("trends.kind.actual"), n, None, None, None, None, None] for d, n in actual]
    rows += [[day_label(p.at), t("trends.kind.forecast"), None, *(_round(v) for v in
              (p.expected, p.lo80, p.hi80, p.lo95, p.hi95))] for p in days]
    summary = t("trends.forecast.none")
    note = ""
    if run and days:
        peak = max(days, key=lambda p: p.expected)
        summary = t("trends.forecast.summary", place=t(f"location.{place}"), days=fmt_int(len(days)),
                    total=fmt_int(sum(p.expected for p in days)), peak_day=fmt_date(peak.at),
                    peak=fmt_int(peak.expected), lo=fmt_int(peak.lo80 or 0), hi=fmt_int(peak.hi80 or 0))
        note = t("trends.forecast.note", run=run.run_id, created=fmt_datetime(run.created_at),
                 until=fmt_date(run.history_until))
        summary = " ".join([summary, *trust_sentences(run.trust.get(place, []))])
    accuracy = forecast_accuracy(today).get(place)
    if accuracy:
        summary += " " + t("trends.forecast.accuracy", days=fmt_int(accuracy["days"]), mae=fmt_int(accuracy["mae"]),
                           bias=f"{accuracy['bias']:+.0f}", inside=fmt_pct(accuracy["inside80"]))
    return FigureData("forecast", t("trends.forecast.title"), header, rows, summary,
                      {"actual": actual, "forecast": days, "note": note, "accuracy": accuracy})

def steps(f: VisitFilter) -> FigureData:
    """The walk-in queue's steps per place, desk and queue (from the tickets; none before the queue)."""
    found = trends.step_figures(f)
    rows = [[value_label("location", r.place), r.desk or t("trends.steps.not_called"), r.queue_code, r.steps,
             r.served, r.referred, r.no_show, r.mean_wait_minutes, r.mean_service_minutes, r.parked_minutes]
            for r in found]
    summary = t("trends.steps.none")
    if found:
        waits = [(r.mean_wait_minutes, r.steps) for r in found if r.mean_wait_minutes is not None]
        weight = sum(n for _, n in waits)
        summary = t("trends.steps.summary", steps=fmt_int(sum(r.steps for r in found)),
                    desks=fmt_int(len({(r.place, r.desk) for r in found if r.desk})),
                    served=fmt_int(sum(r.served for r in found)), referred=fmt_int(sum(r.referred for r in found)),
                    no_show=fmt_int(sum(r.no_show for r in found)),
                    wait=fmt_int(sum(w * n for w, n in waits) / weight) if weight else "–")
    header = [t("col.location"), t("trends.col.desk"), t("trends.col.queue"), t("trends.col.steps"),
              t("trends.col.served"), t("trends.col.referred"), t("trends.col.no_show"), t("trends.col.step_wait"),
              t("trends.col.step_service"), t("trends.col.parked")]
    return FigureData("steps", t("trends.steps.title"), header, rows, summary)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


FIGURES = ("totals", "volume", "yoy", "heatmap", "wait_buckets", "wait_daily", "service", "steps", "video",
           "forecast")
