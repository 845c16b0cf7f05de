"""The check-in REST API for ticket machines: POST and PATCH /api/v1/visits.

`/api/` is outside the login-session guard (dashboard.web.auth): every route here checks its
device's bearer token itself. One transaction per request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import flask

from dashboard.services import device_scope
from dashboard.web.api import validation as v
from dashboard.web.api.allowed import allowed_methods
from dashboard.web.api.errors import ApiError, error_response
from dashboard.web.api.openapi import OPENAPI
from data_access.db import session_scope
from data_access.models import OUTCOMES, Location, Visit
from data_access.repositories import AuditRepository, CheckinRepository, TokenRepository
from data_access.repositories.checkin import Arrival, CheckinError, validate_arrival
from data_access.repositories.device_arrivals import StoredVisit, device_arrivals

blueprint = flask.Blueprint("api_v1", __name__, url_prefix="/api/v1")

POST_FIELDS = ("location", "target_group", "language", "concern", "arrived_at")
PATCH_FIELDS = ("called_at", "finished_at", "outcome", "video_interpreter")
# Repository error codes that mean "the visit is not in a state for this": a conflict.
CONFLICTS = {"closed", "already_called"}


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _bearer_token() -> str:
    scheme, _, token = flask.request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _device(session):
    token = _bearer_token()
    device = TokenRepository(session).active_device(token) if token else None
    if device is None:
        raise ApiError(401, "Authorization", "unauthorized")
    return device


def _visit_json(visit: Visit | StoredVisit, location_code: str) -> dict:
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


@blueprint.post("/visits")
def create_visit():
    now = _now()
    token = _bearer_token()
    with device_arrivals() as arrivals:
        posted = _read_arrival(now)
        if isinstance(posted, PostedArrival) and token:
            visit = arrivals.record_new(token, posted.location, posted.arrival, posted.at, posted.key, now)
            if visit is not None:
                return _visit_response(visit, posted.location, created=True)
        # Nothing stored at the first go: find out why (token, body, place) or replay a retry.
        code = posted.location if isinstance(posted, PostedArrival) else None
        device, location = arrivals.device_and_place(token, code) if token else (None, None)
        if device is None:
            raise ApiError(401, "Authorization", "unauthorized")
        if isinstance(posted, ApiError):
            raise posted
        if location is None:
            raise ApiError(400, "location", "unknown")
        # A valid device and place, yet nothing inserted: this key was used before.
        arrival = Arrival(location.id, posted.arrival.target_group, posted.arrival.language, posted.arrival.concern)
        visit = arrivals.by_key(device.id, posted.key)
        if not visit.same_arrival(arrival):
            raise ApiError(409, "Idempotency-Key", "key_reused")
        return _visit_response(visit, location.code, created=False)


@dataclass(frozen=True)
class PostedArrival:
    key: str
    location: str
    arrival: Arrival  # location_id unknown (0) until the place is looked up
    at: dt.datetime


def _read_arrival(now: dt.datetime) -> PostedArrival | ApiError:
    """The posted arrival, or the first thing wrong with the request (reported after the token check)."""
    try:
        key = v.idempotency_key(flask.request)
        body = v.json_object(flask.request)
        v.reject_unknown(body, POST_FIELDS)
        location = v.required_string(body, "location")
        arrival = Arrival(0, *(v.required_string(body, f) for f in ("target_group", "language", "concern")))
        at = v.local_datetime(body, "arrived_at", now) if body.get("arrived_at") is not None else now
        validate_arrival(arrival)
    except ApiError as error:
        return error
    except CheckinError as error:
        return _checkin_error(error)
    return PostedArrival(key, location, arrival, at)


def _visit_response(visit: StoredVisit, location_code: str, *, created: bool) -> flask.Response:
    response = flask.jsonify(_visit_json(visit, location_code))
    response.status_code = 201 if created else 200
    response.headers["Location"] = f"/api/v1/visits/{visit.id}"
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    return response


@blueprint.patch("/visits/<int:visit_id>")
def update_visit(visit_id: int):
    now = _now()
    with session_scope() as session:
        device = _device(session)
        body = v.json_object(flask.request)
        v.reject_unknown(body, PATCH_FIELDS)
        if not body:
            raise ApiError(400, None, "empty")
        repo = CheckinRepository(session)
        found = repo.get(visit_id)
        # Another place's visit is answered like a missing one: a device learns nothing about it.
        if found is None or not device_scope.may_write(device.id, device.location_id, found.device_token_id,
                                                       found.location_id):
            raise ApiError(404, "id", "not_found")
        try:
            visit = _apply_patch(repo, visit_id, body, now)
        except CheckinError as error:
            raise _checkin_error(error) from None
        AuditRepository(session).record(f"device:{device.id}", "visit_updated", "visit", visit.id,
                                        fields=sorted(body))
        return flask.jsonify(_visit_json(visit, session.get(Location, visit.location_id).code))


def _apply_patch(repo: CheckinRepository, visit_id: int, body: dict, now: dt.datetime) -> Visit:
    outcome = body.get("outcome")
    if outcome is not None and outcome not in OUTCOMES:
        raise ApiError(400, "outcome", "unknown")
    video = v.boolean(body, "video_interpreter") if "video_interpreter" in body else None
    called_at = v.local_datetime(body, "called_at", now) if "called_at" in body else None
    finished_at = v.local_datetime(body, "finished_at", now) if "finished_at" in body else None
    visit = repo.get(visit_id)
    if called_at is not None:
        visit = repo.call(visit_id, called_at)
    if finished_at is not None:
        return repo.finish(visit_id, finished_at, outcome or "served", bool(video))
    if outcome == "left" and visit.called_at is None:
        return repo.mark_left(visit_id)
    if outcome is not None:
        raise ApiError(400, "finished_at", "missing")
    if video is not None:
        visit = repo.set_video_interpreter(visit_id, video)
    return visit
