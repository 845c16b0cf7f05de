"""A page a later release fills: says plainly what it will hold, shows no numbers."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.texts.i18n import t


def not_yet_available(title_key: str, future_key: str) -> html.Div:
    return html.Div(
        [
            html.H1(t(title_key), className="h3"),
            dbc.Alert(
                [
                    dbc.Badge(t("not_yet.badge"), color="secondary", className="me-2"),
                    html.Span(t("not_yet.text")),
                    html.P(t(future_key), className="mb-0 mt-2"),
                ],
                color="light",
                className="border",
            ),
        ]
    )


def forbidden() -> html.Div:
    return html.Div(
        [
            html.H1(t("forbidden.title"), className="h3"),
            dbc.Alert(t("forbidden.text"), color="warning"),
        ]
    )
