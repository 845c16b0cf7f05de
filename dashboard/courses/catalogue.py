"""Kursverzeichnis: the coordination team keeps the course catalogue. Every course in a
sortable, filterable grid (dash-ag-grid, virtualised); choosing a row fills the form below
for a change, "new course" empties it; providers' lists come in through /courses/import."""

from __future__ import annotations

import datetime as dt

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.courses.parts import CATALOGUE_ROLES, guarded, subnav
from dashboard.services import courses as service
from dashboard.texts.i18n import CATALOGUE as _KNOWN, fmt_int, t
from dashboard.web.auth import allow, current_user

dash.register_page(__name__, path="/courses/catalogue", title="MigraDo Ops")

TEXT_FIELDS = ("provider", "provider_course_id", "title", "schedule", "place", "district", "contact")
CHOICES = {"kind": service.COURSE_KINDS, "level": service.COURSE_LEVELS, "time_of_day": service.TIMES_OF_DAY,
           "intensity": service.INTENSITIES, "funding": service.FUNDINGS}
CHOICE_TEXT = {"kind": "course.kind.{}", "time_of_day": "course.time.{}", "intensity": "course.intensity.{}",
               "funding": "course.funding.{}"}
DATE_FIELDS = ("starts_on", "ends_on")
NUMBER_FIELDS = ("free_places", "cost_eur")
FORM_FIELDS = (*TEXT_FIELDS, *CHOICES, *DATE_FIELDS, *NUMBER_FIELDS, "childcare")
GRID_COLUMNS = ("provider", "provider_course_id", "title", "kind", "level", "starts_on", "ends_on", "time_of_day",
                "district", "childcare", "free_places", "funding", "cost_eur")
GERMAN_DATE = {"function": "params.value ? params.value.split('-').reverse().join('.') : '–'"}


def _choice_label(name: str, value: str) -> str:
    return t(CHOICE_TEXT[name].format(value)) if name in CHOICE_TEXT else value


def grid_rows() -> list[dict]:
    rows = []
    for c in service.catalogue():
        row = {name: getattr(c, name) for name in GRID_COLUMNS}
        row.update(id=c.id, starts_on=c.starts_on.isoformat(), ends_on=c.ends_on.isoformat() if c.ends_on else None,
                   kind=_choice_label("kind", c.kind), time_of_day=_choice_label("time_of_day", c.time_of_day),
                   funding=_choice_label("funding", c.funding), childcare=t("courses.yes") if c.childcare else t("courses.no"))
        rows.append(row)
    return rows


def _grid(rows: list[dict]) -> dag.AgGrid:
    columns = []
    for name in GRID_COLUMNS:
        column = {"field": name, "headerName": t(f"courses.col.{name}"), "filter": True, "sortable": True}
        if name in DATE_FIELDS:
            column.update(valueFormatter=GERMAN_DATE, filter="agTextColumnFilter")
        if name in ("free_places", "cost_eur"):
            column.update(filter="agNumberColumnFilter", type="numericColumn")
        columns.append(column)
    return dag.AgGrid(
        id="catalogue-grid", rowData=rows, columnDefs=columns, getRowId="params.data.id",
        defaultColDef={"resizable": True, "minWidth": 110},
        dashGridOptions={"rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
                         "ensureDomOrder": True, "suppressCellFocus": False,
                         "localeText": {"noRowsToShow": t("courses.none")}},
        columnSize="autoSize", style={"height": "420px"},
    )


def _field(name: str) -> html.Div:
    label, control_id = t(f"courses.col.{name}"), f"catalogue-{name}"
    if name in CHOICES:
        control = dbc.Select(id=control_id, options=[{"label": _choice_label(name, v), "value": v} for v in CHOICES[name]])
    elif name in DATE_FIELDS:
        control = dbc.Input(id=control_id, type="date")
    elif name in NUMBER_FIELDS:
        control = dbc.Input(id=control_id, type="number", min=0, step=1 if name == "free_places" else 0.01)
    elif name == "childcare":
        return html.Div(dbc.Checklist(id=control_id, value=[], options=[{"label": label, "value": "yes"}]),
                        className="mb-3 col-md-4")
    else:
        control = dbc.Input(id=control_id, type="text", maxLength=200)
    return html.Div([dbc.Label(label, html_for=control_id, className="mb-1"), control], className="mb-3 col-md-4")


@guarded(CATALOGUE_ROLES)
def layout(user=None, **_query):
    rows = grid_rows()
    return html.Div([
        html.H1(t("courses.catalogue.title"), className="h3"),
        subnav(user.role, "/courses/catalogue"),
        html.P(t("courses.catalogue.intro"), className="text-body-secondary"),
        html.P([html.A(t("courses.catalogue.import"), href="/courses/import")]),
        html.Section([
            html.H2(t("courses.catalogue.grid"), className="h5", id="catalogue-grid-title"),
            html.P(t("courses.catalogue.count", n=fmt_int(len(rows))), className="small"),
            _grid(rows),
        ], **{"aria-labelledby": "catalogue-grid-title"}, className="mb-4"),
        html.Section([
            html.H2(t("courses.form.new"), className="h5", id="catalogue-form-title"),
            html.Div([_field(name) for name in FORM_FIELDS], className="row"),
            html.Button(t("courses.form.save"), id="catalogue-save", type="button", className="btn btn-primary me-2"),
            html.Button(t("courses.form.clear"), id="catalogue-clear", type="button", className="btn btn-outline-secondary"),
            html.Div(id="catalogue-message", role="status", **{"aria-live": "polite"}, className="mt-3"),
            dcc.Store(id="catalogue-editing"),
        ], className="card card-body", **{"aria-labelledby": "catalogue-form-title"}),
    ])


def _form_values(course: service.CourseRow | None) -> list:
    out = []
    for name in FORM_FIELDS:
        value = getattr(course, name) if course else None
        if name == "childcare":
            out.append(["yes"] if value else [])
        elif isinstance(value, dt.date):
            out.append(value.isoformat())
        else:
            out.append(value if value is not None else "")
    return out


@callback(
    Output("catalogue-editing", "data"),
    Output("catalogue-form-title", "children"),
    *(Output(f"catalogue-{name}", "value") for name in FORM_FIELDS),
    Input("catalogue-grid", "selectedRows"),
    Input("catalogue-clear", "n_clicks"),
    prevent_initial_call=True,
)
@allow(*CATALOGUE_ROLES)
def choose(selected, _clear):
    if ctx.triggered_id == "catalogue-clear" or not selected:
        return None, t("courses.form.new"), *_form_values(None)
    course = service.course(int(selected[0]["id"]))
    if course is None:
        raise PreventUpdate
    return course.id, t("courses.form.edit", title=course.title), *_form_values(course)


def _parse(values: dict) -> dict:
    out = dict(values)
    for name in DATE_FIELDS:
        try:
            out[name] = dt.date.fromisoformat(values[name]) if values[name] else None
        except (TypeError, ValueError):
            out[name] = None
    places = values["free_places"]
    out["free_places"] = int(places) if isinstance(places, (int, float)) and float(places).is_integer() else places
    cost = values["cost_eur"]
    out["cost_eur"] = float(cost) if isinstance(cost, (int, float)) else None
    out["childcare"] = "yes" in (values["childcare"] or [])
    return out


@callback(
    Output("catalogue-message", "children"),
    Output("catalogue-grid", "rowData"),
    Output("catalogue-editing", "data", allow_duplicate=True),
    Input("catalogue-save", "n_clicks"),
    State("catalogue-editing", "data"),
    *(State(f"catalogue-{name}", "value") for name in FORM_FIELDS),
    prevent_initial_call=True,
)
@allow(*CATALOGUE_ROLES)
def save(_n, editing, *values):
    parsed = _parse(dict(zip(FORM_FIELDS, values)))
    done = service.save_course(editing, parsed, by=current_user().login)
    if done.problems:
        words = "; ".join(t("courses.field.problem", field=t(f"courses.col.{f}") if f"courses.col.{f}" in _KNOWN
                            else f, problem=t(f"imports.error.{code}")) for f, code in done.problems)
        return dbc.Alert(t("courses.form.refused", problems=words), color="danger", className="mb-0"), dash.no_update, \
            dash.no_update
    return (dbc.Alert(t("courses.form.saved", title=parsed["title"]), color="success", className="mb-0"), grid_rows(),
            done.course_id)

