"""From the page's controls to a VisitFilter; date presets; days rolled up to weeks and months."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from dashboard.texts.i18n import current_language, t
from dashboard.services.trends import FIRST_YEAR_END, OPENED, VisitFilter

PRESETS = ("last4w", "this_year", "first_year", "all", "custom")
GRANULARITIES = ("day", "week", "month")
PLACES = ("infopoint", "centre")
GROUPS = ("ukraine", "other")
ALL = "all"


def preset_range(preset: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The inclusive day range of a preset; None for "custom"."""
    if preset == "last4w":
        return today - dt.timedelta(days=27), today
    if preset == "this_year":
        return dt.date(today.year, 1, 1), today
    if preset == "first_year":
        return OPENED, FIRST_YEAR_END
    if preset == "all":
        return OPENED, today
    return None


def parse_day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def visit_filter(start, end, places, groups, concern, language) -> VisitFilter | None:
    """The filter the controls describe; None when the range is not valid."""
    first, last = parse_day(start), parse_day(end)
    if first is None or last is None or first > last:
        return None
    return VisitFilter(
        first,
        last,
        locations=_chosen(places, PLACES),
        target_groups=_chosen(groups, GROUPS),
        concerns=() if not concern or concern == ALL else (concern,),
        languages=() if not language or language == ALL else (language,),
    )


def _chosen(values, every: tuple[str, ...]) -> tuple[str, ...]:
    """A checklist with everything (or, as a courtesy, nothing) ticked means no filter."""
    picked = tuple(v for v in every if v in (values or ()))
    return () if len(picked) in (0, len(every)) else picked


def period_start(day: dt.date, granularity: str) -> dt.date:
    if granularity == "week":
        return day - dt.timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    return day


def day_label(day: dt.date, lang: str | None = None) -> str:
    """dd.mm.yyyy (German) or dd/mm/yyyy, as i18n.fmt_date, without babel's cost per call:
    a table of every day since the opening formats over a thousand dates."""
    return f"{day:%d.%m.%Y}" if (lang or current_language()) == "de" else f"{day:%d/%m/%Y}"


def period_label(start: dt.date, granularity: str, lang: str | None = None) -> str:
    lang = lang or current_language()
    if granularity == "week":
        year, week, _ = start.isocalendar()
        return t("trends.week_label", lang, week=week, year=year)
    if granularity == "month":
        return format_date(start, "MMMM yyyy", locale="de_DE" if lang == "de" else "en_GB")
    return day_label(start, lang)
