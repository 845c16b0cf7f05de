"""What a page shows someone whose role may not see it."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.texts.i18n import t


def forbidden() -> html.Div:
    return html.Div(
        [
            html.H1(t("forbidden.title"), className="h3"),
            dbc.Alert(t("forbidden.text"), color="warning"),
        ]
    )
