"""Builders of what the Planner page shows: heat maps, rosters, coverage, scores, languages.

Pure presentation: they take the planning service's results and return components.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import html

from dashboard.components.charts import accessible_chart, data_table, style_figure
from dashboard.texts.i18n import current_language, fmt_date, fmt_int, t
from dashboard.texts.rule_words import broken_rule, demand_text, rule_name
from dashboard.services.week_planning import duty_counts
from planner.centre import FAIRNESS_DUTIES
from planner.languages import language as language_name
from planner.roster.findings import merge_covers
from planner.roster.heads import in_slot

WEEKDAYS = {"de": ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"), "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
ROLES = ("reception", "counselling", "registration")


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def week_label(monday: dt.date, lang: str | None = None) -> str:
    year, week, _ = monday.isocalendar()
    return t("planner.week_option", lang, week=week, start=fmt_date(monday, lang)[:6],
             end=fmt_date(monday + dt.timedelta(days=4), lang))


def week_options(today: dt.date, before: int = 4, after: int = 8) -> list[dict]:
    monday = today - dt.timedelta(days=today.weekday())
    out = []
    for k in range(-before, after + 1):
        m = monday + dt.timedelta(weeks=k)
        year, week, _ = m.isocalendar()
        out.append({"label": week_label(m), "value": f"{year}-W{week:02d}"})
    return out


def parse_week(value: str) -> tuple[int, int]:
    year, week = value.split("-W")
    return int(year), int(week)


def template_name(template, lang: str | None = None) -> str:
    """A shift template's name in the interface's language (the German one when no English is set)."""
    if (lang or current_language()) == "en" and template.name_en:
        return template.name_en
    return template.name


def _day_label(day: dt.date) -> str:
    lang = current_language()
    return f"{WEEKDAYS[lang][day.weekday()]} {fmt_date(day)[:6]}"


# --- heat maps --------------------------------------------------------------------------

def heatmap(frame: pd.DataFrame, value: str, title: str, chart_id: str, place_label: str, fmt=fmt_int) -> html.Figure:
    """Weekday (rows) by half hour (columns) of one value."""
    if frame.empty:
        return html.P(t("planner.no_plan"))
    data = frame.assign(
        weekday=pd.to_datetime(frame["slot_start"]).dt.day_of_week,
        time=pd.to_datetime(frame["slot_start"]).dt.strftime("%H:%M"),
    )
    grid = data.pivot_table(index="weekday", columns="time", values=value, aggfunc="sum").sort_index()
    names = [WEEKDAYS[current_language()][d] for d in grid.index]
    fig = go.Figure(
        go.Heatmap(
            z=grid.values, x=list(grid.columns), y=names, colorscale="Blues",
            colorbar=dict(title=title), hovertemplate="%{y} %{x}: %{z:.1f}<extra></extra>",
            texttemplate="%{z:.0f}", textfont=dict(size=10),
        )
    )
    fig.update_layout(height=260, xaxis_title=t("planner.slot"), yaxis_title=t("planner.day"),
                      yaxis_autorange="reversed")
    style_figure(fig)
    peak = data.loc[data[value].idxmax()]
    summary = t("planner.heat.summary", what=title, place=place_label,
                day=WEEKDAYS[current_language()][int(peak["weekday"])], time=peak["time"],
                value=f"{peak[value]:.1f}".replace(".", "," if current_language() == "de" else "."),
                total=fmt_int(data[value].sum()))
    rows = [[WEEKDAYS[current_language()][wd], tm, f"{v:.1f}"] for wd, tm, v in
            data[["weekday", "time", value]].itertuples(index=False)]
    return accessible_chart(chart_id, fig, summary, [t("planner.day"), t("planner.slot"), title], rows)


# --- rosters ----------------------------------------------------------------------------

def _shift_text(row, show_person: bool = False) -> str:
    place = t(f"location.{row.place}")
    text = f"{row.starts_at:%H:%M}–{row.ends_at:%H:%M} {place} · {t(f'task.{row.task}')}"
    if show_person:
        text = f"{row.person}: {text}"
    return text


def _lock(row) -> list:
    if not row.locked:
        return []
    return [" ", html.Span("🔒", **{"aria-hidden": "true"}), html.Span(f" ({t('planner.locked')})", className="small")]


def _lock_text(row) -> str:
    return f" 🔒 ({t('planner.locked')})" if row.locked else ""


PERSON_WRAP = tuple(f"d{i}" for i in range(7))


def person_columns(view) -> list[tuple[str, str]]:
    return [("person", t("planner.person"))] + [(f"d{i}", _day_label(d)) for i, d in enumerate(view.week.dates)]


def person_rows(view) -> list[dict]:
    """The week by person: one row each (id: the person), a column per day with the shifts,
    "absent" or "off"."""
    dates = view.week.dates
    cells: dict[tuple[str, dt.date], list] = defaultdict(list)
    for r in view.rows:
        cells[str(r.staff_id), r.day].append(r)
    rows = []
    for m in view.week.members:
        absent = view.week.absences.get(m.id, {})
        row = {"id": m.id, "person": m.name}
        for i, d in enumerate(dates):
            shifts = cells.get((m.id, d), [])
            if shifts:
                row[f"d{i}"] = "\n".join(_shift_text(r) + _lock_text(r) for r in shifts)
            else:
                row[f"d{i}"] = t("planner.absent") if d in absent else t("planner.off")
        rows.append(row)
    return rows


def place_columns(view) -> list[tuple[str, str]]:
    return ([("place", t("planner.place")), ("shift", t("planner.shift"))]
            + [(f"d{i}", _day_label(d)) for i, d in enumerate(view.week.dates)])


def place_rows(view) -> list[dict]:
    """The week by place and time: a row per place, shift time and task (id: those three),
    a column per day with who works it."""
    index = {d: i for i, d in enumerate(view.week.dates)}
    found: dict[tuple, dict] = {}
    for r in sorted(view.rows, key=lambda r: (r.place, r.starts_at, r.ends_at, r.task, r.person)):
        if r.day not in index:
            continue
        key = f"{r.place}|{r.starts_at:%H:%M}|{r.ends_at:%H:%M}|{r.task}"
        row = found.setdefault(key, {"id": key, "place": t(f"location.{r.place}"),
                                     "shift": f"{r.starts_at:%H:%M}–{r.ends_at:%H:%M} {t(f'task.{r.task}')}",
                                     **{f"d{i}": "" for i in range(len(view.week.dates))}})
        cell = f"d{index[r.day]}"
        row[cell] = "\n".join(part for part in (row[cell], r.person + _lock_text(r)) if part)
    return list(found.values())


def row_transaction(before: list[dict], after: list[dict]) -> dict:
    """Only what changed between two versions of a grid's rows (by their "id")."""
    old = {r["id"]: r for r in before}
    new = {r["id"]: r for r in after}
    return {"add": [r for k, r in new.items() if k not in old],
            "update": [r for k, r in new.items() if k in old and old[k] != r],
            "remove": [{"id": k} for k in old if k not in new]}


def roster_by_place(view) -> html.Div:
    """The week by place as plain tables (the print view)."""
    out = []
    for place in ("centre", "infopoint"):
        header = [html.Th(_day_label(d), scope="col") for d in view.week.dates]
        cols = []
        for d in view.week.dates:
            rows = sorted((r for r in view.rows if r.place == place and r.day == d), key=lambda r: (r.starts_at, r.task))
            cols.append(html.Td([html.Div([f"{r.starts_at:%H:%M}–{r.ends_at:%H:%M} {r.person} ({t(f'task.{r.task}')})", *_lock(r)]) for r in rows]))
        out.append(html.H3(t(f"location.{place}"), className="h6 mt-3"))
        out.append(dbc.Table([html.Thead(html.Tr(header)), html.Tbody(html.Tr(cols))], bordered=True, size="sm",
                             responsive=True))
    return html.Div(out)


def findings_panel(view):
    """The hard rules the plan breaks, or that all hold (beside the roster)."""
    broken = hard_rule_messages(view)
    if broken:
        return dbc.Alert([html.Strong(t("planner.hard.broken")), html.Ul([html.Li(m) for m in broken], className="mb-0")],
                         color="danger", className="small")
    return dbc.Alert(["✓ ", t("planner.hard.ok")], color="success", className="small")


GAPS_SHOWN = 12


def gap_lines(view) -> list[str]:
    """The uncovered half hours of the plan, a line per place, role, day and run of slots."""
    frame = coverage_frame(view)
    short = frame[frame.planned < frame.required].sort_values(["day", "place", "role", "minute"])
    lines, run = [], None
    for rec in short.itertuples(index=False):
        missing = int(rec.required - rec.planned)
        key = (rec.day, rec.place, rec.role, missing)
        if run and run[0] == key and run[2] == rec.minute:
            run[2] = rec.minute + 30
            continue
        if run:
            lines.append(_gap_text(*run))
        run = [key, rec.minute, rec.minute + 30]
    if run:
        lines.append(_gap_text(*run))
    return lines


def _gap_text(key, start, end) -> str:
    day, place, role, missing = key
    return t("planner.gaps.item", day=_day_label(day), place=t(f"location.{place}"), role=t(f"task.{role}"),
             start=hhmm(start), end=hhmm(end), missing=fmt_int(missing))


def gaps_panel(view):
    lines = gap_lines(view)
    if not lines:
        return html.P(["✓ ", t("planner.gaps.none")], className="small")
    items = [html.Li(line) for line in lines[:GAPS_SHOWN]]
    more = [html.P(t("planner.gaps.more", n=fmt_int(len(lines) - GAPS_SHOWN)), className="small mb-0")] \
        if len(lines) > GAPS_SHOWN else []
    return html.Div([html.Ul(items, className="small ps-3 mb-1"), *more])


def refusal_lines(refusal) -> list[str]:
    """A refused hand edit's findings in words: who, which day, which rule."""
    lang = current_language()
    start = getattr(refusal.problem, "start_date", None)
    out = []
    for finding in refusal.findings:
        who = ", ".join(refusal.names.get(p, p) for p in finding.people)
        day = _day_label(start + dt.timedelta(days=finding.days[0])) if start and finding.days else ""
        out.append(t("planner.edit.refused.item", person=who, day=day,
                     rule=broken_rules(refusal.problem, [finding])[0] if finding.group is not None
                     else broken_rule(finding.rule, lang)))
    return list(dict.fromkeys(out))


# --- coverage ---------------------------------------------------------------------------

def coverage_frame(view) -> pd.DataFrame:
    """Required and planned heads per place, task and slot of the week."""
    req = view.week.required
    spans: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for r in view.rows:
        spans[r.place, r.task, r.day].append((r.starts_at.hour * 60 + r.starts_at.minute,
                                              r.ends_at.hour * 60 + r.ends_at.minute))
    dates = set(view.week.dates)
    rows = []
    for (place, role, day, minute), need in req.items():
        if role not in ROLES or day not in dates:
            continue
        planned = sum(1 for a, b in spans.get((place, role, day), ()) if in_slot(a, b, (minute, minute + 30)))
        need = max(need, 1) if role == "reception" else need
        rows.append({"place": place, "role": role, "day": day, "minute": minute,
                     "required": need, "planned": planned})
    return pd.DataFrame(rows, columns=["place", "role", "day", "minute", "required", "planned"])


def coverage_chart(view, place: str, role: str, frame: pd.DataFrame | None = None) -> html.Figure | None:
    frame = coverage_frame(view) if frame is None else frame
    frame = frame[(frame.place == place) & (frame.role == role)].sort_values(["day", "minute"])
    if frame.empty or frame.required.sum() == 0:
        return None
    x = [f"{_day_label(d)} {hhmm(m)}" for d, m in zip(frame.day, frame.minute)]
    gap = frame.planned < frame.required
    fig = go.Figure()
    fig.add_bar(x=x, y=frame.required, name=t("planner.coverage.required"), marker_color="#c9d6e8")
    fig.add_scatter(x=x, y=frame.planned, name=t("planner.coverage.planned"), mode="lines+markers",
                    line=dict(color="#1f5fa8", shape="hv"))
    fig.add_scatter(x=[v for v, g in zip(x, gap) if g], y=frame.planned[gap], mode="markers+text",
                    name=t("planner.coverage.gap"), text=[t("planner.coverage.gap")] * int(gap.sum()),
                    textposition="top center", marker=dict(color="#b00020", symbol="x", size=10))
    fig.update_layout(height=280, yaxis_title=t("planner.coverage.planned"), xaxis=dict(showticklabels=False))
    style_figure(fig)
    label_role, label_place = t(f"task.{role}"), t(f"location.{place}")
    summary = t("planner.coverage.summary", role=label_role, place=label_place,
                covered=fmt_int(frame[["planned", "required"]].min(axis=1).sum()),
                required=fmt_int(frame.required.sum()), gaps=fmt_int(gap.sum()))
    # The state in words with a sign: never colour alone.
    rows = [[v, fmt_int(r), fmt_int(p), f"✗ {t('planner.coverage.gap')}" if g else f"✓ {t('planner.coverage.ok')}"]
            for v, r, p, g in zip(x, frame.required, frame.planned, gap)]
    return accessible_chart(f"coverage-{place}-{role}", fig, summary,
                            [t("planner.slot"), t("planner.coverage.required"), t("planner.coverage.planned"),
                             t("planner.coverage.state")], rows)


# --- scores -----------------------------------------------------------------------------



def score_table(report) -> dbc.Table:
    rows = [
        [rule_name(r.rule), t("planner.score.varies") if r.weight is None else fmt_int(r.weight),
         fmt_int(r.violations), fmt_int(r.penalty)]
        for r in report.rows
    ]
    rows.append([t("planner.score.total"), "", "", fmt_int(report.objective)])
    return data_table([t("planner.score.rule"), t("planner.score.weight"), t("planner.score.violations"),
                       t("planner.score.penalty")], rows, table_id="score-table")


def people_table(view) -> dbc.Table:
    summaries = {p.person: p for p in view.report.people}
    carried = view.week.carried
    this_week = duty_counts(view.rows)
    rows = []
    for m in view.week.members:
        s = summaries.get(m.id)
        hours = f"{(s.minutes if s else 0) / 60:.1f}".replace(".", "," if current_language() == "de" else ".")
        wishes = f"{s.requests_granted}/{s.requests_total}" if s and s.requests_total else "–"
        fair = [fmt_int(carried.get(k, {}).get(m.id, 0) + this_week[k].get(m.id, 0)) for k in FAIRNESS_DUTIES]
        rows.append([m.name, fmt_int(s.shifts if s else 0), hours, fmt_int(m.weekly_minutes / 60), wishes, *fair])
    return data_table([t("planner.person"), t("planner.people.shifts"), t("planner.people.hours"),
                       t("planner.people.contract"), t("planner.people.wishes"), t("planner.people.late"),
                       t("planner.people.infopoint"), t("planner.people.friday")], rows, table_id="people-table")


def hard_rule_messages(view) -> list[str]:
    """The hard rules the plan breaks, in the user's language; a day's uncovered slots in one line."""
    lang = current_language()
    names = {m.id: m.name for m in view.week.members}
    violations = view.report.hard_violations
    try:
        grouped = merge_covers(v for v in violations if v.group is not None)
        described = [demand_text(view.problem, f, lang) for f in grouped]
    except Exception:  # noqa: BLE001 - a plan the words cannot describe: fall back to the checker's own words
        described = None
    out = list(described or [])
    for v in violations:
        if v.group is None or described is None:
            who = names.get(v.person, v.person or "")
            day = _day_label(view.week.dates[v.day]) if v.day is not None else ""
            out.append(", ".join(part for part in (who, day) if part) + f": {broken_rule(v.rule, lang)}")
    return list(dict.fromkeys(out))


def broken_rules(problem, violations) -> list[str]:
    """What a changed plan would break, in the user's language: the engine's sentence for a
    violation's group, else the rule's name (a candidate's `broken`, once each)."""
    lang = current_language()
    out = []
    for violation in violations:
        words = None
        if violation.group is not None:
            try:
                words = demand_text(problem, violation, lang)
            except Exception:  # noqa: BLE001 - the checker's own words are the fallback
                words = None
        out.append(words or broken_rule(violation.rule, lang))
    return sorted(set(out))


# --- languages --------------------------------------------------------------------------

def language_table(view) -> dbc.Table | html.P:
    langs = view.demand.languages
    if langs.empty:
        return html.P("–")
    wanted = langs[(langs.cover == "staff") & (langs.expected_visitors >= 0.5)]
    speakers = {m.id: m.languages for m in view.week.members}
    rows = []
    for (place, slot), group in wanted.groupby(["location", "slot_start"]):
        ts = pd.Timestamp(slot)
        minute = ts.hour * 60 + ts.minute
        on_duty = set()
        for r in view.rows:
            if r.place == place and r.day == ts.date() and in_slot(
                    r.starts_at.hour * 60 + r.starts_at.minute, r.ends_at.hour * 60 + r.ends_at.minute,
                    (minute, minute + 30)):
                on_duty |= speakers.get(str(r.staff_id), frozenset())
        for lang_code, expected in zip(group.language, group.expected_visitors):
            name = language_name(lang_code)[0 if current_language() == "de" else 1]
            ok = lang_code in on_duty
            state = f"✓ {t('planner.languages.ok')}" if ok else f"✗ {t('planner.languages.missing')}"
            rows.append([t(f"location.{place}"), f"{_day_label(ts.date())} {ts:%H:%M}", name,
                         f"{expected:.1f}", state])
    missing = [r for r in rows if r[-1].startswith("✗")]
    shown = missing + [r for r in rows if not r[-1].startswith("✗")][:40]
    return data_table([t("planner.place"), t("planner.slot"), t("planner.languages.language"),
                       t("planner.languages.expected"), t("planner.languages.on_duty")], shown,
                      table_id="language-table")
