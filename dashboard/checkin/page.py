"""Check-in desk: record an arrival in three clicks, see the waiting list, call, finish.

The place is preselected (remembered in the user's session). Target group and language
are radio groups drawn as large buttons; choosing the concern records the arrival. All
controls are native buttons and radios, so the desk works with the keyboard alone.
"""

from __future__ import annotations

import functools

import dash
import dash_bootstrap_components as dbc
import flask
from babel import Locale
from dash import ALL, Input, Output, State, callback, clientside_callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.services import checkin_desk as desk
from dashboard.web.auth import allow, current_user, restricted
from dashboard.components.lean_html import element
from dashboard.texts.i18n import CATALOGUE, current_language, t
from dashboard.services.checkin_desk import CONCERNS, OUTCOMES, TARGET_GROUPS, Arrival, CheckinError

dash.register_page(__name__, path="/checkin", order=5, title="MigraDo Ops")

ROLES = ("reception", "coordination", "admin")
SESSION_PLACE = "checkin_location"
REFRESH_MS = 30_000


def language_name(code: str, lang: str | None = None) -> str:
    return _language_name(code, lang or current_language())


@functools.lru_cache(maxsize=512)
def _language_name(code: str, lang: str) -> str:
    # Every row of the desk's lists names a language; babel's lookup is not free.
    return Locale(lang).languages.get(code, code)


def _radio_group(legend: str, radio_id: str, options: list[dict], value=None) -> html.Fieldset:
    return html.Fieldset(
        [
            html.Legend(legend, className="h6 mb-2"),
            dbc.RadioItems(
                # A shared name makes the options one radio group: one Tab stop, arrows choose.
                id=radio_id, name=radio_id, options=options, value=value, inline=True,
                input_class_name="btn-check",
                label_class_name="btn btn-outline-primary btn-lg me-2 mb-2",
                label_checked_class_name="active",
            ),
        ],
        className="mb-3",
    )


def _place_value(places: list[tuple[int, str]]) -> int:
    remembered = flask.session.get(SESSION_PLACE)
    ids = [pid for pid, _ in places]
    return remembered if remembered in ids else ids[0]


@restricted("/checkin")
def layout(**_query):
    places = desk.places()
    place = _place_value(places)
    return html.Div(
        [
            html.H1(t("checkin.title"), className="h3"),
            _radio_group(t("checkin.place"), "checkin-place",
                         [{"label": t(f"location.{code}"), "value": pid} for pid, code in places], place),
            html.Section(
                [
                    html.H2(t("checkin.record.title"), className="h5", id="checkin-record-title"),
                    html.P(t("checkin.record.hint"), className="text-body-secondary"),
                    _radio_group(t("checkin.group"), "checkin-group",
                                 [{"label": t(f"group.{g}"), "value": g} for g in TARGET_GROUPS]),
                    html.Div(id="checkin-languages", children=_language_group(place)),
                    html.Fieldset(
                        [
                            html.Legend(t("checkin.concern"), className="h6 mb-2"),
                            html.Div(
                                [
                                    html.Button(
                                        t(f"checkin.concern.{c}"), id={"type": "checkin-concern", "code": c},
                                        type="button", className="btn btn-primary btn-lg me-2 mb-2",
                                    )
                                    for c in CONCERNS
                                ]
                            ),
                        ],
                        className="mb-3",
                    ),
                ],
                className="mb-4",
                **{"aria-labelledby": "checkin-record-title"},
            ),
            html.Div(id="checkin-message", role="status", **{"aria-live": "polite"}, className="mb-3"),
            html.Section(
                [
                    html.Div(
                        [
                            html.H2(t("checkin.waiting.title"), className="h5 me-3 mb-0"),
                            html.Button(t("checkin.call_next"), id="checkin-call-next", type="button",
                                        className="btn btn-success btn-lg"),
                        ],
                        className="d-flex align-items-center mb-2",
                    ),
                    html.Div(id="checkin-waiting"),
                    html.H2(t("checkin.advice.title"), className="h5 mt-4"),
                    html.Div(id="checkin-advice"),
                ]
            ),
            dcc.Store(id="checkin-changed", data=0),
            dcc.Store(id="checkin-shown"),
            dcc.Interval(id="checkin-tick", interval=REFRESH_MS),
        ]
    )


def _language_group(location_id: int) -> html.Fieldset:
    common = desk.languages(location_id, desk.now().date())
    return _radio_group(t("checkin.language"), "checkin-language",
                        [{"label": language_name(code), "value": code} for code in common])


@callback(
    Output("checkin-languages", "children"),
    Input("checkin-place", "value"),
    prevent_initial_call=True,
)
@allow(*ROLES)
def remember_place(location_id):
    """Keep the desk's place for the next visit of the page; order languages by its visits."""
    if location_id is None:
        raise PreventUpdate
    flask.session[SESSION_PLACE] = int(location_id)
    return _language_group(int(location_id))


@callback(
    Output("checkin-message", "children"),
    Output("checkin-changed", "data"),
    Output("checkin-group", "value"),
    Output("checkin-language", "value"),
    Input({"type": "checkin-concern", "code": ALL}, "n_clicks"),
    State("checkin-place", "value"),
    State("checkin-group", "value"),
    State("checkin-language", "value"),
    State("checkin-changed", "data"),
    prevent_initial_call=True,
)
@allow(*ROLES)
def record_arrival(_clicks, location_id, group, language, changed):
    concern = _clicked("code")
    for field, value in (("target_group", group), ("language", language)):
        if not value:
            return _alert(t(f"checkin.missing.{field}"), "warning"), dash.no_update, dash.no_update, dash.no_update
    at = desk.now()
    try:
        desk.record(current_user().login, Arrival(int(location_id), group, language, concern), at)
    except CheckinError as error:
        return _error(error), dash.no_update, dash.no_update, dash.no_update
    text = t("checkin.recorded", concern=t(f"checkin.concern.{concern}"), language=language_name(language),
             time=at.strftime("%H:%M"))
    return _alert(text, "success"), (changed or 0) + 1, None, None


@callback(
    Output("checkin-message", "children", allow_duplicate=True),
    Output("checkin-changed", "data", allow_duplicate=True),
    Input("checkin-call-next", "n_clicks"),
    Input({"type": "checkin-call", "visit": ALL}, "n_clicks"),
    Input({"type": "checkin-left", "visit": ALL}, "n_clicks"),
    State("checkin-place", "value"),
    State("checkin-changed", "data"),
    prevent_initial_call=True,
)
@allow(*ROLES)
def call_visitor(_next, _calls, _lefts, location_id, changed):
    trigger = ctx.triggered_id
    if not _was_clicked():
        raise PreventUpdate
    user, at = current_user().login, desk.now()
    try:
        if isinstance(trigger, dict) and trigger["type"] == "checkin-left":
            desk.mark_left(user, int(trigger["visit"]))
            return _alert(t("checkin.marked_left", n=_position(trigger["visit"])), "info"), (changed or 0) + 1
        visit_id = int(trigger["visit"]) if isinstance(trigger, dict) else None
        position = _position(visit_id) if visit_id else 1
        called = desk.call(user, visit_id, int(location_id), at)
    except CheckinError as error:
        return _error(error), (changed or 0) + 1
    if called is None:
        return _alert(t("checkin.nobody"), "info"), dash.no_update
    wait = t("checkin.minutes", n=round(called[1]))
    return _alert(t("checkin.called", n=position, wait=wait), "success"), (changed or 0) + 1


@callback(
    Output("checkin-message", "children", allow_duplicate=True),
    Output("checkin-changed", "data", allow_duplicate=True),
    Input({"type": "checkin-finish", "visit": ALL, "outcome": ALL}, "n_clicks"),
    State({"type": "checkin-video", "visit": ALL}, "value"),
    State("checkin-changed", "data"),
    prevent_initial_call=True,
)
@allow(*ROLES)
def finish_visit(_clicks, videos, changed):
    if not _was_clicked():
        raise PreventUpdate
    trigger = ctx.triggered_id
    visit_id, outcome = int(trigger["visit"]), trigger["outcome"]
    video_by_visit = {s["id"]["visit"]: bool(s.get("value")) for s in ctx.states_list[0]}
    try:
        minutes = desk.finish(current_user().login, visit_id, outcome, video_by_visit.get(visit_id, False),
                              desk.now())
    except CheckinError as error:
        return _error(error), (changed or 0) + 1
    return _alert(t("checkin.finished", minutes=t("checkin.minutes", n=round(minutes))), "success"), (changed or 0) + 1


@callback(
    Output("checkin-waiting", "children"),
    Output("checkin-advice", "children"),
    Output("checkin-shown", "data"),
    Input("checkin-place", "value"),
    Input("checkin-changed", "data"),
    Input("checkin-tick", "n_intervals"),
    State("checkin-shown", "data"),
)
@allow(*ROLES)
def show_queue(location_id, _changed, _tick, shown):
    """Draw the lists; on the timer only when another desk changed them.

    Redrawing replaces the buttons and would take the keyboard focus away, so the
    timer alone only updates the waiting minutes (update_waiting_minutes).
    """
    if location_id is None:
        raise PreventUpdate
    now = desk.now()
    state = desk.desk_state(int(location_id), now.date())
    # What the desk sees: the rows drawn (their buttons are the callbacks' inputs), the
    # number waiting in all, and who is in advice.
    signature = [int(location_id), [e.visit_id for e in state.waiting[:WAITING_ROWS]],
                 [e.visit_id for e in state.in_advice], len(state.waiting)]
    if ctx.triggered_id == "checkin-tick" and signature == shown:
        raise PreventUpdate
    return _waiting_table(state.waiting, now), _advice_table(state.in_advice), signature


@callback(
    Output({"type": "checkin-wait", "visit": ALL}, "children"),
    Input("checkin-tick", "n_intervals"),
    prevent_initial_call=True,
)
@allow(*ROLES)
def update_waiting_minutes(_tick):
    ids = [item["id"]["visit"] for item in ctx.outputs_list]
    minutes = desk.waiting_minutes([int(i) for i in ids], desk.now())
    return [t("checkin.minutes", n=minutes.get(int(i), 0)) for i in ids]


# After a call or finish the pressed button leaves the list and the focus would fall back
# to the page start; keyboard users continue at "call the next visitor" instead.
clientside_callback(
    """
    function(changed) {
        var active = document.activeElement;
        if (!active || active === document.body || !document.body.contains(active)) {
            var next = document.getElementById("checkin-call-next");
            if (next) { next.focus(); }
        }
        return window.dash_clientside.no_update;
    }
    """,
    Output("checkin-call-next", "title"),
    Input("checkin-waiting", "children"),
    prevent_initial_call=True,
)


# --- helpers ---------------------------------------------------------------------------
def _was_clicked() -> bool:
    """Dash also fires when new rows bring new buttons (n_clicks None): only real clicks count."""
    return any(item.get("value") for item in ctx.triggered)


def _clicked(key: str):
    if not _was_clicked() or not isinstance(ctx.triggered_id, dict):
        raise PreventUpdate
    return ctx.triggered_id[key]


def _position(visit_id) -> int | str:
    """The row number the desk saw, read back from the rendered list's ids."""
    for group in ctx.inputs_list[1:2]:
        for i, item in enumerate(group, start=1):
            if item["id"].get("visit") == visit_id:
                return i
    return "–"


def _alert(text: str, colour: str) -> dbc.Alert:
    return dbc.Alert(text, color=colour, className="mb-0 py-2")


def _error(error: CheckinError) -> dbc.Alert:
    key = f"checkin.error.{error.code}"
    reason = t(key) if key in CATALOGUE else t("checkin.error.other")
    return _alert(t("checkin.error", reason=reason), "danger")


def _hhmm(value) -> str:
    return value.strftime("%H:%M")


# The desk calls from the top of the list; a busy day's full list (a hundred rows, two
# buttons each) would be slow to redraw at every change and tiring to tab through.
WAITING_ROWS = 25


def _waiting_table(entries, now) -> html.Div:
    if not entries:
        return html.P(t("checkin.waiting.empty"), className="text-body-secondary")
    header = ["checkin.col.position", "checkin.col.arrived", "checkin.col.waiting", "checkin.col.concern",
              "checkin.col.language", "checkin.col.group", "checkin.col.action"]
    shown, hidden = entries[:WAITING_ROWS], len(entries) - WAITING_ROWS
    # Rows as the renderer's JSON (lean_html): they are redrawn after every action of every desk.
    rows = [
        element("Tr", [
            element("Th", str(e.position), scope="row"),
            element("Td", _hhmm(e.arrived_at)),
            element("Td", t("checkin.minutes", n=desk.minutes_since(e.arrived_at, now)),
                    id={"type": "checkin-wait", "visit": e.visit_id}),
            element("Td", _concern(e.concern)),
            element("Td", language_name(e.language)),
            element("Td", t(f"group.{e.target_group}")),
            element("Td", [
                element("Button", t("checkin.call"), id={"type": "checkin-call", "visit": e.visit_id},
                        type="button", className="btn btn-outline-success btn-sm me-2",
                        **{"aria-label": t("checkin.call.label", n=e.position)}),
                element("Button", t("checkin.left"), id={"type": "checkin-left", "visit": e.visit_id},
                        type="button", className="btn btn-outline-secondary btn-sm",
                        **{"aria-label": t("checkin.left.label", n=e.position)}),
            ]),
        ])
        for e in shown
    ]
    more = [html.P(t("checkin.waiting.more", n=hidden), className="text-body-secondary mt-1")] if hidden > 0 else []
    return html.Div(
        [
            html.P(t("checkin.waiting.count", n=len(entries)), id="checkin-waiting-count", className="mb-1"),
            _table(header, rows, "checkin-waiting-table"),
            *more,
        ]
    )


def _advice_table(entries) -> html.Div:
    if not entries:
        return html.P(t("checkin.advice.empty"), className="text-body-secondary")
    header = ["checkin.col.position", "checkin.col.called", "checkin.col.concern", "checkin.col.language",
              "checkin.col.action"]
    rows = [
        element("Tr", [
            element("Th", str(e.position), scope="row"),
            element("Td", _hhmm(e.called_at)),
            element("Td", _concern(e.concern)),
            element("Td", language_name(e.language)),
            element("Td", [
                dbc.Checkbox(id={"type": "checkin-video", "visit": e.visit_id},
                             label=t("checkin.video"), value=False, class_name="mb-1"),
                element("Div", _finish_buttons(e), role="group", **{"aria-label": t("checkin.finish.legend")}),
            ]),
        ])
        for e in entries
    ]
    return _table(header, rows, "checkin-advice-table")


def _finish_buttons(e) -> list[dict]:
    return [
        element("Button", t(f"checkin.outcome.{o}"), id={"type": "checkin-finish", "visit": e.visit_id, "outcome": o},
                type="button", className="btn btn-outline-primary btn-sm me-2",
                **{"aria-label": t("checkin.finish.label", n=e.position, outcome=t(f"checkin.outcome.{o}"))})
        for o in OUTCOMES
    ]


def _concern(code: str) -> str:
    return t(f"checkin.concern.{code}") if code in CONCERNS else code


def _table(header_keys, rows, table_id) -> dbc.Table:
    header = element("Thead", element("Tr", [element("Th", t(k), scope="col") for k in header_keys]))
    return dbc.Table([header, element("Tbody", rows)], id=table_id, striped=True, size="sm", className="align-middle")
