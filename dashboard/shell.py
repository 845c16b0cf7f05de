"""The frame around every page: skip link, navigation, language switch."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, clientside_callback, dcc, html

from dashboard.web.auth import session_user
from dashboard.texts.i18n import current_language, t

NAV_ITEMS = (
    ("/", "nav.overview"),
    ("/trends", "nav.trends"),
    ("/planner", "nav.planner"),
    ("/staff", "nav.staff"),
    ("/ausfall", "nav.replacements"),
    ("/meine-schichten", "nav.own_shifts"),
    ("/partner", "nav.partner"),
    ("/checkin", "nav.checkin"),
    ("/aufruf", "nav.queue"),
    ("/courses", "nav.courses"),
    ("/reports", "nav.reports"),
    ("/admin", "nav.admin"),
)


def shell_layout() -> html.Div:
    lang = current_language()
    user = session_user()
    items = [(path, key) for path, key in NAV_ITEMS if user and user.may_open(path)]
    return html.Div(
        [
            html.A(t("skip.content"), href="#main", className="visually-hidden-focusable btn btn-light m-2"),
            dcc.Location(id="url"),
            dbc.Navbar(
                dbc.Container(
                    [
                        dbc.NavbarBrand(
                            [html.Img(src=dash.get_asset_url("logo.svg"), alt="", height="28", className="me-2"),
                             t("app.title")],
                            href="/",
                        ),
                        html.Button(
                            html.Span(className="navbar-toggler-icon"),
                            id="nav-toggler",
                            className="navbar-toggler",
                            type="button",
                            **{"aria-label": t("nav.label"), "aria-controls": "nav-collapse"},
                        ),
                        dbc.Collapse(
                            [
                                html.Nav(
                                    dbc.Nav(
                                        [dbc.NavItem(dbc.NavLink(t(key), href=path, active="exact")) for path, key in items],
                                        navbar=True,
                                    ),
                                    **{"aria-label": t("nav.label")},
                                ),
                                # html.Button: dbc.Button takes neither lang nor data-* attributes.
                                html.Button(
                                    t("lang.switch"),
                                    id="language-switch",
                                    type="button",
                                    className="btn btn-light btn-sm ms-lg-auto",
                                    lang="en" if lang == "de" else "de",
                                    title=t("lang.switch.label"),
                                    **{"data-target-lang": "en" if lang == "de" else "de"},
                                ),
                                _user_menu(user),
                            ],
                            id="nav-collapse",
                            navbar=True,
                        ),
                    ],
                    fluid=True,
                ),
                color="dark",
                dark=True,
                expand="lg",
                className="mb-3",
            ),
            dbc.Container(html.Main(dash.page_container, id="main", tabIndex="-1"), fluid=True),
        ]
    )


def _user_menu(user) -> html.Form | None:
    if user is None:
        return None
    return html.Form(
        [
            html.Span(
                t("signed_in_as", login=user.login, role=t(f"role.{user.role}")),
                className="navbar-text small me-2 ms-lg-3 text-light",
            ),
            html.Button(t("logout"), type="submit", className="btn btn-outline-light btn-sm"),
        ],
        method="post",
        action="/logout",
        className="d-flex align-items-center",
    )


# The language is a cookie, so the server renders each page (and <html lang>) in it.
clientside_callback(
    """
    function(n) {
        if (!n) { return window.dash_clientside.no_update; }
        var target = document.getElementById("language-switch").dataset.targetLang;
        document.cookie = "lang=" + target + "; path=/; max-age=31536000; SameSite=Lax";
        window.location.reload();
        return window.dash_clientside.no_update;
    }
    """,
    Output("language-switch", "n_clicks"),
    Input("language-switch", "n_clicks"),
    prevent_initial_call=True,
)

clientside_callback(
    "function(n, open) { return n ? !open : open; }",
    Output("nav-collapse", "is_open"),
    Input("nav-toggler", "n_clicks"),
    dash.State("nav-collapse", "is_open"),
    prevent_initial_call=True,
)
