"""Calendar routes: the download for signed-in users and the token-protected subscription feed.

The subscription feed (`/calendar/<token>.ics`) is read by calendar programs that cannot
sign in, so it is a small WSGI app of its own, mounted beside the Dash server outside the
session guard; the secret token in the URL is its only key, and a revoked or unknown
token gets 404 (it reveals nothing about what exists).
"""

from __future__ import annotations

import datetime as dt

import flask

from dashboard.services.partner_calendar import feed_shifts, organisation_shifts
from dashboard.web.api.shift_calendar import shifts_to_ical
from dashboard.web.auth import session_user
from planner import clock

download = flask.Blueprint("partner_calendar", __name__)
ICS = "text/calendar; charset=utf-8"


def _ics_response(body: bytes, filename: str, attachment: bool) -> flask.Response:
    response = flask.Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = ICS
    response.headers["Cache-Control"] = "private, no-store"
    if attachment:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@download.get("/partner/shifts.ics")
def download_shifts():
    """A partner gets its own organisation (from the session); coordination and admin choose one."""
    user = session_user()
    if user is None:
        flask.abort(401)
    if user.role == "partner":
        organisation_id = user.organisation_id
    elif user.role in ("coordination", "admin"):
        organisation_id = flask.request.args.get("organisation", type=int)
    else:
        flask.abort(403)
    found = organisation_shifts(organisation_id, clock.today()) if organisation_id else None
    if found is None:
        flask.abort(404)
    return _ics_response(shifts_to_ical(found.shifts, found.organisation), f"migrado-dienste-{organisation_id}.ics", attachment=True)


def feed_app() -> flask.Flask:
    app = flask.Flask("migrado_calendar_feed")

    @app.get("/<token>.ics")
    def feed(token: str):
        found = feed_shifts(token, clock.today())
        if found is None:
            # A team member's own feed (issue 20), else nothing: an unknown token reveals nothing.
            from dashboard.services.own_shifts import feed_rows

            own = feed_rows(token, clock.today())
            if own is None:
                flask.abort(404)
            return _ics_response(shifts_to_ical(own[1], own[0]), "migrado.ics", attachment=False)
        return _ics_response(shifts_to_ical(found.shifts, found.organisation), "migrado.ics", attachment=False)

    return app


@download.get("/meine-schichten.ics")
def download_own_shifts():
    """A team member's own shifts; the person is the one the login is bound to (the session)."""
    from dashboard.services.own_shifts import calendar_rows

    user = session_user()
    if user is None:
        flask.abort(401)
    if user.role != "team" or not user.staff_id:
        flask.abort(403)
    name, rows = calendar_rows(user.staff_id, clock.today())
    return _ics_response(shifts_to_ical(rows, name), "meine-schichten.ics", attachment=True)
