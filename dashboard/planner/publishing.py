"""Publishing a week's draft: a dialog says which version goes out and how much it changes."""

from __future__ import annotations

import time

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, ctx, html, no_update

from dashboard.planner import views
from dashboard.web import notice_mail
from dashboard.web.auth import allow, current_user
from dashboard.texts.i18n import fmt_int, t
from dashboard.planner.parts import PLANNERS
from dashboard.services import schedule_changes
from dashboard.services.schedule_changes import PublishConflict


def button() -> dbc.Col:
    return dbc.Col([dbc.Button(t("planner.publish"), id="publish-button", color="success")],
                   md=4, className="d-flex align-items-end justify-content-md-end")


def dialog() -> dbc.Modal:
    """Publishing asks first: which version goes out and how much it changes (Escape cancels)."""
    return dbc.Modal(
        [
            # No "×": its built-in label is English only; "cancel" and Escape close the dialog.
            dbc.ModalHeader(dbc.ModalTitle(t("planner.publish.dialog.title"), id="publish-modal-title"),
                            close_button=False),
            dbc.ModalBody(id="publish-modal-body"),
            dbc.ModalFooter([
                dbc.Button(t("planner.publish.cancel"), id="publish-cancel", color="secondary", outline=True),
                dbc.Button(t("planner.publish.confirm"), id="publish-confirm", color="success"),
            ]),
        ],
        id="publish-modal", is_open=False, labelledby="publish-modal-title", keyboard=True, centered=True,
    )


@callback(Output("publish-modal", "is_open"), Output("publish-modal-body", "children"),
          Output("publish-confirm", "disabled"),
          Input("publish-button", "n_clicks"), Input("publish-cancel", "n_clicks"), State("planner-week", "value"),
          prevent_initial_call=True)
@allow(*PLANNERS)
def publish_dialog(_publish, _cancel, week):
    """Open the confirmation with the version number and the changes against the last published one."""
    if ctx.triggered_id == "publish-cancel":
        return False, no_update, no_update
    year, number = views.parse_week(week)
    preview = schedule_changes.publish_preview(year, number)
    if preview is None:
        return True, html.P(t("planner.nothing_to_publish")), True
    body = [html.P(t("planner.publish.dialog.version", n=preview.version, week=number, year=year))]
    if preview.previous is None:
        body.append(html.P(t("planner.publish.dialog.first")))
    else:
        body.append(html.P(t("planner.publish.dialog.changes", previous=preview.previous,
                             added=fmt_int(preview.added), removed=fmt_int(preview.removed)),
                           id="publish-modal-changes"))
    return True, body, False


# Keyboard users land on "publish now" when the dialog opens (Tab reaches "cancel"; Escape closes).
clientside_callback(
    """
    function(open) {
        if (open) {
            setTimeout(function() {
                var button = document.getElementById("publish-confirm");
                if (button && !button.disabled) { button.focus(); }
                else if (document.getElementById("publish-cancel")) { document.getElementById("publish-cancel").focus(); }
            }, 200);
        }
        return window.dash_clientside.no_update;
    }
    """,
    Output("publish-confirm", "title"),
    Input("publish-modal", "is_open"),
    prevent_initial_call=True,
)


@callback(Output("publish-message", "children"), Output("planner-refresh", "data", allow_duplicate=True),
          Output("publish-modal", "is_open", allow_duplicate=True),
          Input("publish-confirm", "n_clicks"), State("planner-week", "value"), prevent_initial_call=True)
@allow(*PLANNERS)
def publish_week(_clicks, week):
    """Publish the draft; the coordinator who comes second is told, and nothing changes."""
    year, number = views.parse_week(week)
    try:
        published = schedule_changes.publish_draft(year, number, by=current_user().login)
    except PublishConflict:
        return dbc.Alert(t("planner.publish_conflict"), color="danger"), no_update, False
    if published is None:
        return dbc.Alert(t("planner.nothing_to_publish"), color="warning"), no_update, False
    notice_mail.send_pending()  # the people whose shifts changed (dashboard/web/notice_mail.py)
    message = [t("planner.published_ok", n=published.version)]
    if published.previous is not None:
        message.append(" " + t("planner.published_changes", added=fmt_int(published.added),
                                removed=fmt_int(published.removed), previous=published.previous))
    return dbc.Alert(message, color="success"), time.time(), False
