"""The report's summary in full sentences, worded from its figures (German first, English)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from dashboard.services.reports import Period, Report
from dashboard.texts.i18n import CATALOGUE, fmt_date, fmt_int, fmt_pct, t


def month_name(month: int, lang: str) -> str:
    return format_date(dt.date(2000, month, 1), "MMMM", locale="de_DE" if lang == "de" else "en_GB")


def _values(p: Period, lang: str) -> dict:
    return {"year": p.year, "quarter": p.number, "month": month_name(p.number, lang) if p.kind == "month" else ""}


def period_label(p: Period, lang: str) -> str:
    """"November 2025", "4. Quartal 2025", "Jahr 2025", "erstes Jahr (…)"."""
    return t(f"report.label.{p.kind}", lang, **_values(p, lang))


def period_phrase(p: Period, lang: str) -> str:
    """The sentence's start: "Im Jahr 2025", "Im November 2025"."""
    return t(f"report.phrase.{p.kind}", lang, **_values(p, lang))


def _previous(p: Period, lang: str) -> str:
    return t(f"report.previous.{p.kind}", lang, **_values(p, lang))


def signed_pct(change: float | None, lang: str) -> str:
    """A change in percent with its sign ("+4 %", "−12 %"); "neu" without a year before."""
    if change is None:
        return t("report.new", lang)
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    return sign + fmt_pct(abs(change) / 100, lang)


def sentences(report: Report, lang: str) -> list[str]:
    phrase = period_phrase(report.period, lang)
    if not report.total:
        return [t("report.summary.empty", lang, phrase=phrase)]
    out = []
    total, previous = fmt_int(report.total, lang), _previous(report.previous, lang)
    if report.change is None:
        out.append(t("report.summary.total_new", lang, phrase=phrase, total=total))
    else:
        how = "more" if report.change > 0 else "less" if report.change < 0 else "same"
        out.append(t(f"report.summary.total_{how}", lang, phrase=phrase, total=total, previous=previous,
                     pct=fmt_pct(abs(report.change) / 100, lang)))
    cells = {(c.location, c.target_group): c.visits for c in report.cells}
    for place in sorted({c.location for c in report.cells if c.visits},
                        key=lambda loc: -sum(n for (l2, _), n in cells.items() if l2 == loc)):
        out.append(t("report.summary.place", lang, place=t(f"location.{place}", lang),
                     ukraine=fmt_int(cells.get((place, "ukraine"), 0), lang),
                     other=fmt_int(cells.get((place, "other"), 0), lang)))
    if report.weekdays and report.hours and report.busiest_days:
        weekday = max(report.weekdays, key=lambda item: item[1])[0]
        hour = max(report.hours, key=lambda item: item[1])[0]
        day, n = report.busiest_days[0]
        out.append(t("report.summary.busiest", lang, weekday=t(f"report.weekday_adverb.{weekday}", lang), h1=hour, h2=hour + 1, day=fmt_date(day, lang),
                     n=fmt_int(n, lang)))
    w = report.waits
    if w.mean is not None and w.p90 is not None and w.within_target is not None:
        out.append(t("report.summary.waits", lang, mean=fmt_int(w.mean, lang), p90=fmt_int(w.p90, lang),
                     within=fmt_pct(w.within_target, lang), target=fmt_int(w.target_minutes, lang)))
    if report.languages:
        top = report.languages[0].language
        key = f"trends.language.{top}"
        out.append(t("report.summary.languages", lang, languages=fmt_int(len(report.languages), lang),
                     top=t(key, lang) if key in CATALOGUE else top,
                     video=fmt_pct(report.video / report.video_seen if report.video_seen else 0, lang)))
    out.append(t("report.summary.referrals", lang, referred=fmt_int(report.referred, lang),
                 share=fmt_pct(report.referred / report.total, lang)))
    if report.courses:
        out.append(t("report.summary.courses", lang, referred=fmt_int(sum(c.referred for c in report.courses), lang),
                     unmet=fmt_int(sum(c.unmet for c in report.courses), lang)))
    team = report.team
    out.append(t("report.summary.team", lang, start=fmt_int(team.at_start, lang), end=fmt_int(team.at_end, lang),
                 today=fmt_int(team.today, lang)))
    if team.planned_shifts or team.partner_turns:
        out.append(t("report.summary.shifts", lang, hours=fmt_int(team.planned_hours, lang),
                     shifts=fmt_int(team.planned_shifts, lang),
                     kept=fmt_int(sum(p.kept for p in team.partner_turns), lang),
                     declined=fmt_int(sum(p.declined for p in team.partner_turns), lang)))
    else:
        out.append(t("report.summary.no_shifts", lang))
    fc = report.forecast
    if fc is None:
        out.append(t("report.summary.no_forecast", lang))
    else:
        out.append(t("report.summary.forecast", lang, days=fmt_int(fc.days, lang), mae=fmt_int(fc.mean_abs_error, lang),
                     wape=fmt_pct(fc.wape, lang) if fc.wape is not None else t("report.none", lang),
                     within=fmt_pct(fc.within80, lang) if fc.within80 is not None else t("report.none", lang)))
    return out
