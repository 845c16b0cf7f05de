"""Arrivals and updates posted by check-in devices (the REST API, dashboard/web/api/visits.py).

Posting an arrival is the load-tuned path: `post_arrival` keeps the statements of
data_access/repositories/device_arrivals.py (usually one: the visit, its audit line and the
device's last-use stamp in a single INSERT on the statement engine) and only asks why when
nothing was inserted. The visit's queue ticket is issued by the same statement (a retry
reads it with the visit); only where that found no queue (a place's first ticket: its
queues are set up then) does a short ORM transaction of its own issue it (`issue_ticket`),
and a retry whose first try stored the visit but not its ticket gets it there too.
Updating a visit is one ORM transaction with its audit line; calling, finishing or letting
it go moves its ticket in that transaction.

Both return facts (the visit as plain values, or a refusal code); the route words them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from dashboard.services import device_scope
from dashboard.services.unit_of_work import UnitOfWork
from data_access.models import OUTCOMES
from data_access.repositories.checkin import CONCERNS, Arrival, CheckinError, validate_arrival
from data_access.repositories.device_arrivals import DeviceArrivals, StoredVisit, device_arrivals
from planner import clock

__all__ = ["CONCERNS", "OUTCOMES", "Arrival", "CheckinError", "StoredVisit", "validate_arrival"]

UNAUTHORIZED = "unauthorized"  # no, an unknown or a revoked token
INVALID = "invalid"  # the request itself is wrong: the route names why
UNKNOWN_PLACE = "location_unknown"
KEY_REUSED = "key_reused"  # the idempotency key was used for another arrival
NOT_FOUND = "not_found"


@dataclass(frozen=True)
class PostedArrival:
    """An arrival as a device posts it: the place by its code."""

    key: str  # the request's idempotency key
    location: str
    target_group: str
    language: str
    concern: str
    at: dt.datetime


@dataclass(frozen=True)
class IssuedTicket:
    """A visit's ticket as a device gets it: the number as printed and its status page's token."""

    number: str
    token: str


@dataclass(frozen=True)
class DeviceAnswer:
    """The stored visit (with its place's code and its ticket) or why there is none."""

    visit: StoredVisit | None = None
    location: str | None = None
    created: bool = False
    refused: str | None = None
    ticket: IssuedTicket | None = None


def issue_ticket(visit_id: int, language: str, *, uow: UnitOfWork | None = None) -> IssuedTicket:
    """The visit's ticket: issued now, or the one it has (QueueRepository.issue is once per visit).

    Two retries of one post racing here both want the first ticket: the ticket's unique
    visit decides, and the loser reads the winner's.
    """
    for attempt in range(2):
        try:
            with uow or UnitOfWork() as work:
                row = work.queue.issue(work.checkin.get(visit_id), language)
                work.commit()
                return IssuedTicket(row.label, row.token)
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def post_arrival(token: str, posted: PostedArrival | None, now: dt.datetime,
                 *, arrivals: Callable[[], AbstractContextManager[DeviceArrivals]] = device_arrivals,
                 tickets: Callable[[int, str], IssuedTicket] = issue_ticket) -> DeviceAnswer:
    """Store a device's arrival once per idempotency key; a retry gets the first visit back.

    The answer carries the visit's ticket (`tickets(visit id, language)`), issued after the
    visit's statements are done: on SQLite their transaction must end before another opens.
    `posted` None means the request was invalid: the token is still checked first, so a
    stranger learns nothing about the body (UNAUTHORIZED before INVALID).
    """
    answer = _store_arrival(token, posted, now, arrivals)
    if answer.visit is None:
        return answer
    stored = answer.visit.ticket
    ticket = IssuedTicket(stored.label, stored.token) if stored else tickets(answer.visit.id, answer.visit.language)
    return DeviceAnswer(answer.visit, answer.location, answer.created, ticket=ticket)


def _store_arrival(token: str, posted: PostedArrival | None, now: dt.datetime, arrivals) -> DeviceAnswer:
    with arrivals() as store:
        if posted is not None and token:
            arrival = Arrival(0, posted.target_group, posted.language, posted.concern)
            visit = store.record_new(token, posted.location, arrival, posted.at, posted.key, now)
            if visit is not None:
                return DeviceAnswer(visit, posted.location, created=True)
        # Nothing stored at the first go: find out why (token, body, place) or replay a retry.
        device, place = store.device_and_place(token, posted.location if posted else None) if token else (None, None)
        if device is None:
            return DeviceAnswer(refused=UNAUTHORIZED)
        if posted is None:
            return DeviceAnswer(refused=INVALID)
        if place is None:
            return DeviceAnswer(refused=UNKNOWN_PLACE)
        # A valid device and place, yet nothing inserted: this key was used before.
        visit = store.by_key(device.id, posted.key)
        if not visit.same_arrival(Arrival(place.id, posted.target_group, posted.language, posted.concern)):
            return DeviceAnswer(refused=KEY_REUSED)
        return DeviceAnswer(visit, place.code, created=False)


@dataclass(frozen=True)
class VisitUpdate:
    """What a device may change on a visit; None leaves a field alone."""

    called_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    outcome: str | None = None
    video_interpreter: bool | None = None
    fields: tuple[str, ...] = ()  # the fields the request named, for the audit line


def update_visit(token: str, visit_id: int, update: VisitUpdate | None,
                 *, uow: UnitOfWork | None = None) -> DeviceAnswer:
    """Call, finish or mark as left a visit for a device, with its audit line.

    `update` None means the request was invalid (UNAUTHORIZED still comes first). Raises
    CheckinError when the visit is not in a state for the change; nothing is written then.
    """
    with uow or UnitOfWork() as work:
        device = work.tokens.active_device(token) if token else None
        if device is None:
            return DeviceAnswer(refused=UNAUTHORIZED)
        if update is None:
            return DeviceAnswer(refused=INVALID)
        found = work.checkin.get(visit_id)
        # Another place's visit is answered like a missing one: a device learns nothing about it.
        if found is None or not device_scope.may_write(device.id, device.location_id, found.device_token_id,
                                                       found.location_id):
            return DeviceAnswer(refused=NOT_FOUND)
        visit = _apply(work.checkin, visit_id, update)
        _follow(work.queue, visit, update)
        work.audit.record(f"device:{device.id}", "visit_updated", "visit", visit.id, fields=sorted(update.fields))
        answer = DeviceAnswer(StoredVisit.of(visit), work.checkin.place_code(visit.location_id))
        work.commit()
        return answer


def _follow(tickets, visit, update: VisitUpdate) -> None:
    """Keep the visit's ticket in step with what the device changed (display and status page)."""
    if update.called_at is not None:
        tickets.follow_visit(visit.id, "called", update.called_at)
    if update.outcome == "left":
        tickets.follow_visit(visit.id, "left", update.finished_at or clock.now().replace(microsecond=0))
    elif update.finished_at is not None:
        tickets.follow_visit(visit.id, "finished", update.finished_at)


def _apply(visits, visit_id: int, update: VisitUpdate):
    if update.outcome is not None and update.outcome not in OUTCOMES:
        raise CheckinError("outcome", "unknown")
    visit = visits.get(visit_id)
    if update.called_at is not None:
        visit = visits.call(visit_id, update.called_at)
    if update.finished_at is not None:
        return visits.finish(visit_id, update.finished_at, update.outcome or "served", bool(update.video_interpreter))
    if update.outcome == "left" and visit.called_at is None:
        return visits.mark_left(visit_id)
    if update.outcome is not None:
        raise CheckinError("finished_at", "missing")
    if update.video_interpreter is not None:
        visit = visits.set_video_interpreter(visit_id, update.video_interpreter)
    return visit
