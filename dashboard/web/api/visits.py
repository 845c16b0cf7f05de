"""The check-in REST API for ticket machines: POST and PATCH /api/v1/visits.

`/api/` is outside the login-session guard (dashboard.web.auth): every route here has its
device's bearer token checked (dashboard/services/device_checkin.py). One transaction per
request; the route reads the request and words the answer, the service does the rest.
"""

from __future__ import annotations

import datetime as dt

import flask

from dashboard.services import device_checkin as devices
from dashboard.services.device_checkin import CheckinError, IssuedTicket, PostedArrival, StoredVisit, VisitUpdate
from dashboard.web.api import validation as v
from dashboard.web.api.allowed import allowed_methods
from dashboard.web.api.errors import ApiError, error_response
from dashboard.web.api.openapi import OPENAPI
from planner import clock

blueprint = flask.Blueprint("api_v1", __name__, url_prefix="/api/v1")

POST_FIELDS = ("location", "target_group", "language", "concern", "arrived_at")
PATCH_FIELDS = ("called_at", "finished_at", "outcome", "video_interpreter")
# Repository error codes that mean "the visit is not in a state for this": a conflict.
CONFLICTS = {"closed", "already_called"}


def _now() -> dt.datetime:
    return clock.now().replace(microsecond=0)


def _bearer_token() -> str:
    scheme, _, token = flask.request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _visit_json(visit: StoredVisit, location_code: str) -> dict:
    def iso(value):
        return value.isoformat() if value else None

    return {
        "id": visit.id, "location": location_code, "arrived_at": iso(visit.arrived_at),
        "called_at": iso(visit.called_at), "finished_at": iso(visit.finished_at),
        "target_group": visit.target_group, "language": visit.language, "concern": visit.concern,
        "video_interpreter": bool(visit.video_interpreter), "outcome": visit.outcome,
        "wait_minutes": visit.wait_minutes, "service_minutes": visit.service_minutes,
    }


def _checkin_error(error: CheckinError) -> ApiError:
    if error.code == "not_found":
        return ApiError(404, "id", "not_found")
    status = 409 if error.code in CONFLICTS else 400
    return ApiError(status, error.field, error.code)


@blueprint.errorhandler(ApiError)
def _api_error(error: ApiError):
    return error_response(error)


# /api/ is outside the login guard: an unknown API path gets a JSON 404, never a Dash page.
unknown = flask.Blueprint("api_unknown", __name__)


@unknown.route("/api/", defaults={"rest": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@unknown.route("/api/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_route(rest: str):
    methods = allowed_methods(flask.request.path)
    if methods:  # the address exists, the method does not: 405 naming what does
        response = error_response(ApiError(405, None, "method"))
        response.headers["Allow"] = ", ".join(methods)
        return response
    return error_response(ApiError(404, None, "no_route"))


@blueprint.get("/openapi.json")
def openapi():
    return flask.jsonify(OPENAPI)


# What a refusal of the service answers: status, field, code.
REFUSALS = {
    devices.UNAUTHORIZED: (401, "Authorization", "unauthorized"),
    devices.UNKNOWN_PLACE: (400, "location", "unknown"),
    devices.KEY_REUSED: (409, "Idempotency-Key", "key_reused"),
    devices.NOT_FOUND: (404, "id", "not_found"),
}


def _refusal(code: str, invalid: ApiError | None) -> ApiError:
    if code == devices.INVALID and invalid is not None:
        return invalid
    return ApiError(*REFUSALS[code])


@blueprint.post("/visits")
def create_visit():
    now = _now()
    posted = _read_arrival(now)
    answer = devices.post_arrival(_bearer_token(), posted if isinstance(posted, PostedArrival) else None, now)
    if answer.refused:
        raise _refusal(answer.refused, posted if isinstance(posted, ApiError) else None)
    return _visit_response(answer.visit, answer.location, created=answer.created, ticket=answer.ticket)


def _read_arrival(now: dt.datetime) -> PostedArrival | ApiError:
    """The posted arrival, or the first thing wrong with the request (reported after the token check)."""
    try:
        key = v.idempotency_key(flask.request)
        body = v.json_object(flask.request)
        v.reject_unknown(body, POST_FIELDS)
        location = v.required_string(body, "location")
        group, language, concern = (v.required_string(body, f) for f in ("target_group", "language", "concern"))
        at = v.local_datetime(body, "arrived_at", now) if body.get("arrived_at") is not None else now
        devices.validate_arrival(devices.Arrival(0, group, language, concern))
    except ApiError as error:
        return error
    except CheckinError as error:
        return _checkin_error(error)
    return PostedArrival(key, location, group, language, concern, at)


def _ticket_json(ticket: IssuedTicket) -> dict:
    status = f"/ticket/{ticket.token}"
    return {"number": ticket.number, "status_url": status, "print_url": f"{status}/druck"}


def _visit_response(visit: StoredVisit, location_code: str, *, created: bool,
                    ticket: IssuedTicket | None = None) -> flask.Response:
    answer = _visit_json(visit, location_code)
    if ticket is not None:
        answer["ticket"] = _ticket_json(ticket)
    response = flask.jsonify(answer)
    response.status_code = 201 if created else 200
    response.headers["Location"] = f"/api/v1/visits/{visit.id}"
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    return response


@blueprint.patch("/visits/<int:visit_id>")
def update_visit(visit_id: int):
    update = _read_update(_now())
    try:
        answer = devices.update_visit(_bearer_token(), visit_id, update if isinstance(update, VisitUpdate) else None)
    except CheckinError as error:
        raise _checkin_error(error) from None
    if answer.refused:
        raise _refusal(answer.refused, update if isinstance(update, ApiError) else None)
    return flask.jsonify(_visit_json(answer.visit, answer.location))


def _read_update(now: dt.datetime) -> VisitUpdate | ApiError:
    """The change a device asks for, or the first thing wrong with the request."""
    try:
        body = v.json_object(flask.request)
        v.reject_unknown(body, PATCH_FIELDS)
        if not body:
            raise ApiError(400, None, "empty")
        return VisitUpdate(
            called_at=v.local_datetime(body, "called_at", now) if "called_at" in body else None,
            finished_at=v.local_datetime(body, "finished_at", now) if "finished_at" in body else None,
            outcome=body.get("outcome"),
            video_interpreter=v.boolean(body, "video_interpreter") if "video_interpreter" in body else None,
            fields=tuple(body),
        )
    except ApiError as error:
        return error
