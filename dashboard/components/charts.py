"""Charts with their text alternative: a German summary and the data as a table."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.texts.i18n import current_language, t


def style_figure(fig: go.Figure, lang: str | None = None) -> go.Figure:
    lang = lang or current_language()
    fig.update_layout(
        separators=",." if lang == "de" else ".,",
        margin=dict(l=50, r=20, t=30, b=40),
        legend=dict(orientation="h", y=-0.2),
        template="plotly_white",
        font=dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size=13),
    )
    return fig


def graph_config(lang: str | None = None, filename: str = "migrado-ops") -> dict:
    """Every graph's toolbar: in the interface's language (plotly's German locale is served from
    assets/vendor/plotly-locale-de.js), no Plotly logo, no link to any outside service (plotly.js
    offers "Share chart" to its cloud unless told not to: visitor figures stay on the city's
    servers), and the PNG download kept."""
    return {
        "displaylogo": False,
        "responsive": True,
        "locale": "de" if (lang or current_language()) == "de" else "en",
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "plotlyServerURL": "",
        "showLink": False,
        "modeBarButtonsToRemove": ["sendDataToCloud", "sendChartToCloud", "editInChartStudio"],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }


def accessible_chart(
    chart_id: str, fig: go.Figure, summary: str, header: list[str], rows: list[list[str]]
) -> html.Figure:
    """A graph, a sentence that says what it shows, and its data as a keyboard-reachable table."""
    return html.Figure(
        [
            dcc.Graph(id=chart_id, figure=fig, config=graph_config(filename=chart_id)),
            html.Figcaption(summary, className="small text-body-secondary", id=f"{chart_id}-summary"),
            html.Details(
                [
                    html.Summary(t("chart.table")),
                    markdown_table(header, rows, f"{chart_id}-data"),
                ],
                className="mt-1",
            ),
        ],
        className="mb-4",
    )


def markdown_table(header: list[str], rows: list[list[str]], table_id: str) -> dcc.Markdown:
    """A table as one Markdown string the browser turns into a <table> with header cells.

    Hundreds of html.Td components keep the browser busy for a long time when Dash renders
    them (the Planner's coverage tables froze the page for minutes); one string does not.
    """
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |",
             "|" + "|".join(":---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return dcc.Markdown("\n".join(lines), id=table_id, className="data-table small")


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\|*_`[]<>#"})


def _cell(value) -> str:
    return str(value).replace("\n", " ").translate(_MARKDOWN_SPECIAL) or " "


def data_table(header: list[str], rows: list[list[str]], table_id: str | None = None) -> dbc.Table:
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
            html.Tbody([html.Tr([html.Td(c) for c in row]) for row in rows]),
        ],
        bordered=False,
        striped=True,
        size="sm",
        className="w-auto",
        **({"id": table_id} if table_id else {}),
    )
