"""Check-in desk: record an arrival in three clicks, see the waiting list, call, finish.

The place is preselected (remembered in the user's session). Target group and language
are radio groups drawn as large buttons; choosing the concern records the arrival. All
controls are native buttons and radios, so the desk works with the keyboard alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import re
import uuid

import dash
import dash_bootstrap_components as dbc
import flask
from babel import Locale
from dash import ALL, Input, Output, State, callback, clientside_callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.services import checkin_desk as desk
from dashboard.services.errors import DATABASE_ERRORS, is_database_unavailable
from dashboard.web import unavailable
from dashboard.web.auth import allow, current_user, restricted, session_user
from dashboard.components.grid import data_grid
from dashboard.texts.i18n import CATALOGUE, current_language, t
from dashboard.services.checkin_desk import CONCERNS, OUTCOMES, TARGET_GROUPS, Arrival, CheckinError

dash.register_page(__name__, path="/checkin", order=5, title="MigraDo Ops")

ROLES = ("reception", "coordination", "admin")
SESSION_PLACE = "checkin_location"
REFRESH_MS = 30_000
ENTRY_KEY = re.compile(r"^[0-9a-f]{32}$")
PENDING_HOURS = dt.timedelta(hours=12)  # entries older than a working day are not saved any more
MAX_PENDING = 200

# The record callback's outputs (dashboard.web.unavailable finds its requests by them).
RECORD_OUTPUT_MARK = "checkin-pending.data"

log = logging.getLogger(__name__)


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
            html.Div(
                [html.Span(id="checkin-retry-text", className="me-3"),
                 html.Button(t("checkin.retry"), id="checkin-retry", type="button", className="btn btn-danger")],
                id="checkin-retry-area", hidden=True, role="alert", className="alert alert-warning mb-3",
            ),
            # Entries not yet saved (database locked or away), kept in the browser tab until saved.
            dcc.Store(id="checkin-pending", data=[], storage_type="session"),
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
                    html.P(id="checkin-waiting-count", className="mb-1"),
                    _waiting_grid(),
                    html.H2(t("checkin.advice.title"), className="h5 mt-4"),
                    _advice_grid(),
                ]
            ),
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


# The lists of the desk's place: every action that changes them answers with them, so the
# desk sees its change with the action's answer (one round trip, not a second request).
LISTS = (Output("checkin-waiting-table", "rowData", allow_duplicate=True),
         Output("checkin-advice-table", "rowData", allow_duplicate=True),
         Output("checkin-waiting-count", "children", allow_duplicate=True))
UNCHANGED = (dash.no_update,) * len(LISTS)


@callback(
    Output("checkin-message", "children"),
    Output("checkin-group", "value"),
    Output("checkin-language", "value"),
    Output("checkin-pending", "data"),
    Output("checkin-retry-area", "hidden"),
    Output("checkin-retry-text", "children"),
    *LISTS,
    Input({"type": "checkin-concern", "code": ALL}, "n_clicks"),
    Input("checkin-retry", "n_clicks"),
    State("checkin-place", "value"),
    State("checkin-group", "value"),
    State("checkin-language", "value"),
    State("checkin-pending", "data"),
    prevent_initial_call=True,
)
@allow(*ROLES)
def record_arrival(_clicks, _retry, location_id, group, language, pending):
    """Record the chosen arrival; one that could not be saved waits, with its key, for "save again".

    Each entry gets a key when it is first tried. When the database cannot take it (locked by a
    long import, away), the entry stays in the page (checkin-pending, kept in the browser tab)
    with its key and its arrival time, the choice stays selected, and the desk sees why;
    "save again" sends every waiting entry with its own key, so an entry whose first save did
    reach the database is not stored a second time (services.checkin_desk.record).
    """
    pending = _valid_pending(pending)
    keep = dash.no_update
    if ctx.triggered_id == "checkin-retry":
        if not _was_clicked() or not pending:
            raise PreventUpdate
        left, saved, failure = _save(pending)
        lists = _lists(location_id) if saved else UNCHANGED
        if saved and not left:
            return (_tickets_alert(t("checkin.saved_later", n=len(saved)), saved), None, None, [], True, "", *lists)
        message = _error(failure) if isinstance(failure, CheckinError) else _alert(t("checkin.unavailable"), "danger")
        return (message, dash.no_update, dash.no_update, left, not left, t("checkin.unsaved", n=len(left)), *lists)
    concern = _clicked("code")
    for field, value in (("target_group", group), ("language", language)):
        if not value:
            return _alert(t(f"checkin.missing.{field}"), "warning"), keep, keep, keep, keep, keep, *UNCHANGED
    at = desk.now()
    entry = {"key": uuid.uuid4().hex, "place": int(location_id), "group": group, "language": language,
             "concern": concern, "at": at.isoformat()}
    left, saved, failure = _save([entry])
    if isinstance(failure, CheckinError):
        return _error(failure), keep, keep, keep, keep, keep, *UNCHANGED
    if left:  # kept to save again; the choice stays as it was
        waiting = pending + left
        return (_alert(t("checkin.unavailable"), "danger"), dash.no_update, dash.no_update,
                waiting, False, t("checkin.unsaved", n=len(waiting)), *UNCHANGED)
    text = t("checkin.recorded", concern=t(f"checkin.concern.{concern}"), language=language_name(language),
             time=at.strftime("%H:%M"))
    return _ticket_alert(text, saved[0]), None, None, dash.no_update, dash.no_update, dash.no_update, *_lists(location_id)


def _ticket_alert(text: str, recorded: desk.Recorded) -> dbc.Alert:
    """The arrival's number at once, large, and the button to its 80 mm print view (a new tab)."""
    return dbc.Alert(
        [
            html.P(t("checkin.ticket", number=recorded.ticket), className="h2 mb-1", id="checkin-ticket-number"),
            html.P(text, className="mb-2"),
            _print_link(recorded, "checkin-ticket-print"),
        ],
        color="success", className="mb-0 py-2",
    )


def _tickets_alert(text: str, saved: list[desk.Recorded]) -> dbc.Alert:
    """Entries saved on "save again": their numbers, each with its print button."""
    return dbc.Alert([html.P(text, className="mb-2"),
                      html.Div([_print_link(r, None, "me-2 mb-1") for r in saved])],
                     color="success", className="mb-0 py-2")


def _print_link(recorded: desk.Recorded, link_id: str | None, extra: str = "") -> html.A:
    return html.A(t("checkin.ticket.print", number=recorded.ticket), href=f"/ticket/{recorded.token}/druck",
                  target="_blank", rel="noopener", className=f"btn btn-primary {extra}".strip(),
                  **({"id": link_id} if link_id else {}))


def offline_answer(body: dict) -> dict | None:
    """The record callback's answer when the database is away before the callback could run.

    The request's session check reads the database, so the callback never runs then; this
    answer keeps the entry all the same (message, entry kept, "save again" shown), from what
    the request itself carries and the signed cookie's role. Nothing is read or written.
    """
    user = session_user()
    if user is None or user.role not in ROLES or RECORD_OUTPUT_MARK not in str(body.get("output")):
        return None
    values = {f"{item['id']}.{item['property']}": item.get("value") for item in body.get("state") or []
              if isinstance(item, dict) and isinstance(item.get("id"), str) and "property" in item}
    pending = _valid_pending(values.get("checkin-pending.data"))
    changed = str((body.get("changedPropIds") or [""])[0])
    if changed != "checkin-retry.n_clicks":
        try:
            concern = json.loads(changed.rsplit(".", 1)[0])["code"]
            place, group, language = (values.get(f"checkin-{k}.value") for k in ("place", "group", "language"))
            entry = {"key": uuid.uuid4().hex, "place": int(place), "group": group, "language": language,
                     "concern": concern, "at": desk.now().isoformat()}
        except (ValueError, TypeError, KeyError):
            return None
        if group not in TARGET_GROUPS or concern not in CONCERNS or not isinstance(language, str):
            return None
        pending = pending + [entry]
    if not pending:
        return None
    return {"multi": True, "response": {
        "checkin-message": {"children": _alert(t("checkin.unavailable"), "danger")},
        "checkin-pending": {"data": pending[:MAX_PENDING]},
        "checkin-retry-area": {"hidden": False},
        "checkin-retry-text": {"children": t("checkin.unsaved", n=len(pending[:MAX_PENDING]))},
    }}


unavailable.OFFLINE_ANSWERS.append(offline_answer)


def _save(entries: list[dict]) -> tuple[list[dict], list[desk.Recorded], CheckinError | Exception | None]:
    """Save entries in order: (those still waiting, the saved ones' visits and tickets, the last failure)."""
    left, saved, failure = [], [], None
    user = current_user().login
    for entry in entries:
        arrival = Arrival(entry["place"], entry["group"], entry["language"], entry["concern"])
        try:
            recorded = desk.record(user, arrival, dt.datetime.fromisoformat(entry["at"]), key=entry["key"])
        except CheckinError as error:  # the entry itself is wrong: saying so, not keeping it
            failure = error
        except DATABASE_ERRORS as error:
            if not is_database_unavailable(error):
                raise
            log.warning("desk entry kept to save again: %s", error.__class__.__name__)
            left.append(entry)
            failure = error
        else:
            saved.append(recorded)
    return left, saved, failure


def _valid_pending(pending) -> list[dict]:
    """The waiting entries as the browser sent them back, checked (never trusted as they are)."""
    valid = []
    for entry in pending if isinstance(pending, list) else []:
        try:
            at = dt.datetime.fromisoformat(entry["at"])
            if not (isinstance(entry["key"], str) and ENTRY_KEY.match(entry["key"]) and isinstance(entry["place"], int)
                    and all(isinstance(entry[f], str) for f in ("group", "language", "concern"))):
                continue
        except (TypeError, KeyError, ValueError):
            continue
        now = desk.now()
        if now - PENDING_HOURS <= at <= now:  # an entry of another day is not saved as today's
            valid.append(entry)
    return valid[:MAX_PENDING]


@callback(
    Output("checkin-message", "children", allow_duplicate=True),
    *LISTS,
    Input("checkin-call-next", "n_clicks"),
    Input("checkin-waiting-table", "cellRendererData"),
    State("checkin-place", "value"),
    prevent_initial_call=True,
)
@allow(*ROLES)
def call_visitor(_next, pressed, location_id):
    """Call the next visitor, or the one of a row's button; or note that someone left."""
    if not _was_clicked():
        raise PreventUpdate
    row = _pressed(pressed) if ctx.triggered_id == "checkin-waiting-table" else None
    user, at = current_user().login, desk.now()
    try:
        if row is not None and row["type"] == "checkin-left":
            desk.mark_left(user, int(row["visit"]), at)
            return _alert(t("checkin.marked_left", n=row["position"]), "info"), *_lists(location_id)
        called = desk.call(user, int(row["visit"]) if row else None, int(location_id), at)
    except CheckinError as error:  # another desk was quicker, say: the lists as they are now
        return _error(error), *_lists(location_id)
    if called is None:
        return _alert(t("checkin.nobody"), "info"), *UNCHANGED
    wait = t("checkin.minutes", n=round(called[1]))
    return _alert(t("checkin.called", n=row["position"] if row else 1, wait=wait), "success"), *_lists(location_id)


@callback(
    Output("checkin-message", "children", allow_duplicate=True),
    *LISTS,
    Input("checkin-advice-table", "cellRendererData"),
    State("checkin-place", "value"),
    prevent_initial_call=True,
)
@allow(*ROLES)
def finish_visit(pressed, location_id):
    row = _pressed(pressed)
    if row is None or row["type"] != "checkin-finish":
        raise PreventUpdate
    try:
        minutes = desk.finish(current_user().login, int(row["visit"]), row["outcome"], bool(row.get("video")),
                              desk.now())
    except CheckinError as error:
        return _error(error), *_lists(location_id)
    return (_alert(t("checkin.finished", minutes=t("checkin.minutes", n=round(minutes))), "success"),
            *_lists(location_id))


@callback(
    Output("checkin-waiting-table", "rowData"),
    Output("checkin-advice-table", "rowData"),
    Output("checkin-waiting-count", "children"),
    Input("checkin-place", "value"),
    Input("checkin-tick", "n_intervals"),
)
@allow(*ROLES)
def show_queue(location_id, _tick):
    """Fill the lists for the chosen place; the timer refreshes them and the waiting minutes
    (other desks' calls, the ticket machines' arrivals).

    The grids know each row by its visit (getRowId), so a refresh redraws only the cells
    that changed: a button keeps the keyboard focus, a ticked checkbox stays ticked, and
    the user's sorting and filters stay as they were.
    """
    if location_id is None:
        raise PreventUpdate
    return _lists(location_id)


def _lists(location_id) -> tuple:
    """The place's waiting list, those in advice, and the waiting count, as the page shows them
    (left as they are when the post names no place)."""
    try:
        place = int(location_id)
    except (TypeError, ValueError):
        return UNCHANGED
    now = desk.now()
    state = desk.desk_state(place, now.date())
    count = t("checkin.waiting.count", n=len(state.waiting)) if state.waiting else t("checkin.waiting.empty")
    return _waiting_rows(state.waiting, now), _advice_rows(state.in_advice), count


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
    Input("checkin-waiting-table", "rowData"),
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


def _pressed(data) -> dict | None:
    """What a row's button handed to its grid: type, visit, position (and outcome, video)."""
    value = (data or {}).get("value")
    return value if isinstance(value, dict) and value.get("visit") is not None else None


def _alert(text: str, colour: str) -> dbc.Alert:
    return dbc.Alert(text, color=colour, className="mb-0 py-2")


def _error(error: CheckinError) -> dbc.Alert:
    key = f"checkin.error.{error.code}"
    reason = t(key) if key in CATALOGUE else t("checkin.error.other")
    return _alert(t("checkin.error", reason=reason), "danger")


def _hhmm(value) -> str:
    return value.strftime("%H:%M")


def _concern(code: str) -> str:
    return t(f"checkin.concern.{code}") if code in CONCERNS else code


# --- the lists as grids ------------------------------------------------------------------
def _desk_grid(grid_id: str, columns, actions: dict, empty_key: str, **options):
    """A grid of the desk: sortable and filterable, its last column the row's buttons."""
    grid = data_grid(grid_id, columns, [], height="26rem", **options)
    grid.columnDefs = [*grid.columnDefs, {
        "field": "actions", "headerName": t("checkin.col.action"), "cellRenderer": "DeskActions",
        "cellRendererParams": actions, "sortable": False, "filter": False, "autoHeight": True,
        "minWidth": 260, "flex": 2,
    }]
    # Tab walks through the rows' buttons as on any page; the arrow keys still move between cells.
    grid.defaultColDef = {**grid.defaultColDef, "suppressKeyboardEvent": {"function": "params.event.key === 'Tab'"}}
    grid.dashGridOptions = {**grid.dashGridOptions,
                            "localeText": {**grid.dashGridOptions["localeText"], "noRowsToShow": t(empty_key)}}
    grid.getRowId = "String(params.data.visit)"
    return grid


def _waiting_grid():
    columns = [("position", t("checkin.col.position")), ("arrived", t("checkin.col.arrived")),
               ("minutes", t("checkin.col.waiting")), ("concern", t("checkin.col.concern")),
               ("language", t("checkin.col.language")), ("group", t("checkin.col.group"))]
    buttons = [{"type": "checkin-call", "text": t("checkin.call"), "label": t("checkin.call.label", n="{n}"),
                "className": "btn btn-outline-success btn-sm me-2"},
               {"type": "checkin-left", "text": t("checkin.left"), "label": t("checkin.left.label", n="{n}"),
                "className": "btn btn-outline-secondary btn-sm"}]
    grid = _desk_grid("checkin-waiting-table", columns, {"buttons": buttons}, "checkin.waiting.empty",
                      numeric=("position", "minutes"))
    # Minutes sort as numbers and show in words; the words are put in by the browser, so the
    # rows sent at every refresh stay small.
    minutes = {"function": f"{json.dumps(t('checkin.minutes', n='{n}'))}.replace('{{n}}', params.value)"}
    grid.columnDefs = [{**c, "valueFormatter": minutes} if c["field"] == "minutes" else c for c in grid.columnDefs]
    return grid


def _advice_grid():
    columns = [("position", t("checkin.col.position")), ("called", t("checkin.col.called")),
               ("concern", t("checkin.col.concern")), ("language", t("checkin.col.language"))]
    buttons = [{"type": "checkin-finish", "outcome": o, "text": t(f"checkin.outcome.{o}"),
                "label": t("checkin.finish.label", n="{n}", outcome=t(f"checkin.outcome.{o}")),
                "className": "btn btn-outline-primary btn-sm me-2"} for o in OUTCOMES]
    actions = {"buttons": buttons, "video": t("checkin.video"), "group": t("checkin.finish.legend")}
    return _desk_grid("checkin-advice-table", columns, actions, "checkin.advice.empty", numeric=("position",))


def _waiting_rows(entries, now) -> list[dict]:
    return [
        {"visit": e.visit_id, "position": e.position, "arrived": _hhmm(e.arrived_at),
         "minutes": desk.minutes_since(e.arrived_at, now), "concern": _concern(e.concern),
         "language": language_name(e.language), "group": t(f"group.{e.target_group}")}
        for e in entries
    ]


def _advice_rows(entries) -> list[dict]:
    return [
        {"visit": e.visit_id, "position": e.position, "called": _hhmm(e.called_at), "concern": _concern(e.concern),
         "language": language_name(e.language)}
        for e in entries
    ]
