"""Plotly figures of the Trends page, drawn from a FigureData (German axes and tooltips).

Figures are plain dicts in plotly's JSON schema: building graph objects validates every
point in Python, which costs more than the query behind a long daily series.
Colour never carries meaning alone: series are named in the legend and the tooltip, the
heat map writes its numbers into the cells, and the intervals are named bands.
"""

from __future__ import annotations

import functools

import plotly.io as pio

from dashboard.texts.i18n import current_language, t
from dashboard.trends.data import FigureData
from dashboard.trends.export import display

PALETTE = ("#1f5fa8", "#b4581b", "#2f7d32", "#6a3d9a", "#8c564b", "#00796b", "#ad1457", "#5d4037",
           "#455a64", "#9e7700", "#1565c0", "#6d4c41", "#37474f", "#827717", "#4527a0")
DATE_FORMAT = {"day": "%d.%m.%Y", "week": "%d.%m.%Y", "month": "%m/%Y"}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


@functools.lru_cache(maxsize=1)
def _template() -> dict:
    return pio.templates["plotly_white"].to_plotly_json()


def _iso(days) -> list[str]:
    """Dates as ISO text: plotly reads them as dates, and they serialise fastest."""
    return [d.isoformat() for d in days]


def figure_dict(traces: list[dict], x_title: str, y_title: str, height: int = 340, **layout) -> dict:
    lang = current_language()
    base = {
        "template": _template(),
        "separators": ",." if lang == "de" else ".,",
        "margin": {"l": 50, "r": 20, "t": 30, "b": 40},
        "legend": {"orientation": "h", "y": -0.2},
        "font": {"family": FONT, "size": 13},
        "height": height,
        "hovermode": "closest",
        "xaxis": {"title": {"text": x_title}},
        "yaxis": {"title": {"text": y_title}},
    }
    for key, value in layout.items():
        base[key] = {**base.get(key, {}), **value} if isinstance(value, dict) else value
    return {"data": traces, "layout": base}


def volume(data: FigureData, granularity: str) -> dict:
    x = _iso(data.points["periods"])
    traces = [
        {"type": "bar", "x": x, "y": counts, "name": name, "marker": {"color": PALETTE[i % len(PALETTE)]},
         "customdata": data.points["labels"],
         "hovertemplate": "%{customdata}: %{y:,} " + t("col.visits") + "<extra>" + name + "</extra>"}
        for i, (name, counts) in enumerate(data.points["series"].items())
    ]
    return figure_dict(traces, t(f"trends.granularity.{granularity}"), t("col.visits"), barmode="stack",
                   xaxis={"tickformat": DATE_FORMAT[granularity]})


def year_over_year(data: FigureData, granularity: str) -> dict:
    p = data.points
    traces = [
        {"type": "scatter", "x": _iso(p["periods"]), "y": p[key], "name": name, "mode": "lines+markers",
         "line": {"color": colour, "dash": dash}, "customdata": p["labels"],
         "hovertemplate": "%{customdata}: %{y:,} " + t("col.visits") + "<extra>" + name + "</extra>"}
        for key, name, colour, dash in (("current", t("trends.yoy.current"), PALETTE[0], "solid"),
                                        ("previous", t("trends.yoy.previous"), PALETTE[1], "dash"))
    ]
    return figure_dict(traces, t(f"trends.granularity.{granularity}"), t("col.visits"),
                   xaxis={"tickformat": DATE_FORMAT[granularity]})


def heatmap(data: FigureData) -> dict:
    cells = data.points["cells"]
    weekdays = sorted({wd for wd, _ in cells}) or list(range(5))
    hours = list(range(min((h for _, h in cells), default=8), max((h for _, h in cells), default=16) + 1))
    trace = {
        "type": "heatmap",
        "z": [[cells.get((wd, h), 0) for h in hours] for wd in weekdays],
        "x": [f"{h:02d}" for h in hours],
        "y": [t(f"trends.weekday.{wd}") for wd in weekdays],
        "colorscale": "Blues", "texttemplate": "%{z:,}", "colorbar": {"title": {"text": t("trends.col.arrivals")}},
        "hovertemplate": "%{y}, %{x} " + t("trends.col.hour") + ": %{z:,} " + t("trends.col.arrivals")
        + "<extra></extra>",
    }
    return figure_dict([trace], t("trends.col.hour"), t("trends.col.weekday"), height=300,
                   yaxis={"autorange": "reversed"})


def wait_buckets(data: FigureData) -> dict:
    trace = {
        "type": "bar", "x": data.points["labels"], "y": data.points["counts"], "marker": {"color": PALETTE[0]},
        "text": [f"{display(r[2])} %" if r[2] is not None else "" for r in data.rows],
        "hovertemplate": "%{x}: %{y:,} " + t("trends.col.seen") + "<extra></extra>",
    }
    return figure_dict([trace], t("trends.col.bucket"), t("trends.col.seen"), height=300)


def wait_daily(data: FigureData) -> dict:
    p = data.points
    traces = [
        {"type": "scatter", "x": _iso(p["days"]), "y": p[key], "name": name, "mode": "lines",
         "line": {"color": colour, "dash": dash},
         "hovertemplate": "%{x|%d.%m.%Y}: %{y:.1f} min<extra>" + name + "</extra>"}
        for key, name, colour, dash in (("mean", t("trends.col.mean_wait"), PALETTE[0], "solid"),
                                        ("p90", t("trends.col.p90_wait"), PALETTE[1], "dot"))
    ]
    return figure_dict(traces, t("col.day"), t("trends.col.wait_axis"), xaxis={"tickformat": "%d.%m.%Y"})


def service(data: FigureData) -> dict:
    trace = {
        "type": "bar", "orientation": "h", "y": [r[0] for r in data.rows], "x": [r[2] for r in data.rows],
        "marker": {"color": PALETTE[2]}, "hovertemplate": "%{y}: %{x:.1f} min<extra></extra>",
    }
    return figure_dict([trace], t("trends.col.service_minutes"), t("trends.col.concern"), height=320,
                   yaxis={"autorange": "reversed"})


def video(data: FigureData, granularity: str) -> dict:
    p = data.points
    trace = {
        "type": "scatter", "x": _iso(p["periods"]), "y": p["share"], "mode": "lines+markers",
        "line": {"color": PALETTE[3]}, "name": t("trends.col.video"), "customdata": p["labels"],
        "hovertemplate": "%{customdata}: %{y:.1f} %<extra></extra>",
    }
    return figure_dict([trace], t(f"trends.granularity.{granularity}"), t("trends.col.share"),
                   xaxis={"tickformat": DATE_FORMAT[granularity]})


def forecast(data: FigureData) -> dict:
    actual = data.points["actual"]
    days = data.points["forecast"]
    x = _iso(p.at for p in days)
    traces = []
    for level, colour in (("95", "rgba(31,95,168,0.15)"), ("80", "rgba(31,95,168,0.30)")):
        traces.append({"type": "scatter", "x": x, "y": [getattr(p, f"hi{level}") for p in days], "mode": "lines",
                       "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"})
        traces.append({"type": "scatter", "x": x, "y": [getattr(p, f"lo{level}") for p in days], "mode": "lines",
                       "line": {"width": 0}, "fill": "tonexty", "fillcolor": colour,
                       "name": t(f"trends.band{level}"), "hoverinfo": "skip"})
    traces.append({"type": "scatter", "x": x, "y": [p.expected for p in days], "mode": "lines+markers",
                   "name": t("trends.kind.forecast"), "line": {"color": PALETTE[0], "dash": "dash"},
                   "hovertemplate": "%{x|%d.%m.%Y}: %{y:,.0f} " + t("trends.col.expected") + "<extra></extra>"})
    traces.append({"type": "scatter", "x": _iso(d for d, _ in actual), "y": [n for _, n in actual],
                   "mode": "lines+markers", "name": t("trends.kind.actual"), "line": {"color": PALETTE[1]},
                   "hovertemplate": "%{x|%d.%m.%Y}: %{y:,} " + t("col.visits") + "<extra></extra>"})
    return figure_dict(traces, t("col.day"), t("col.visits"), xaxis={"tickformat": "%d.%m.%Y"})
