"""What a desk's step does to a visit, its ticket and the ticket's current step.

The rules work on anything with the rows' attribute names: the ORM's objects
(CheckinRepository, QueueRepository) and the plain rows of the check-in page's short path
(repositories/desk_steps.py), so both paths apply the same rules. Nothing here reads or
writes the database; a caller that needs a look-up passes it in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from data_access.errors import FieldError
from data_access.models import OUTCOMES

OPEN_STATES = ("waiting", "called", "parked")
# A visit is called and finished the day it arrives: a call or finish more than this after
# the arrival is a device's broken clock (it would store a wait of days).
LONGEST_VISIT = dt.timedelta(hours=24)


class CheckinError(FieldError):
    """A check-in step that does not fit the visit (field: what is wrong, code: why)."""


def minutes(start: dt.datetime, end: dt.datetime) -> float:
    return round((end - start).total_seconds() / 60, 1)


# --- the visit --------------------------------------------------------------------------------
def check_open(visit) -> None:
    if visit.outcome is not None or visit.finished_at is not None:
        raise CheckinError("id", "closed")


def call_visit(visit, at: dt.datetime) -> None:
    """Call a waiting visitor to a desk: called_at and the wait in minutes."""
    check_open(visit)
    if visit.called_at is not None:
        raise CheckinError("called_at", "already_called")
    if at < visit.arrived_at:
        raise CheckinError("called_at", "before_arrival")
    if at > visit.arrived_at + LONGEST_VISIT:
        raise CheckinError("called_at", "too_late")
    visit.called_at = at
    visit.wait_minutes = minutes(visit.arrived_at, at)


def check_outcome(outcome: str) -> None:
    """Asked before the visit is looked up, too: an unknown outcome is named before an unknown visit."""
    if outcome not in OUTCOMES:
        raise CheckinError("outcome", "unknown")


def finish_visit(visit, at: dt.datetime, outcome: str, video_interpreter: bool) -> None:
    """End a consultation: finished_at, service minutes, outcome, interpreter use."""
    check_outcome(outcome)
    check_open(visit)
    if visit.called_at is None:
        raise CheckinError("finished_at", "not_called")
    if at < visit.called_at:
        raise CheckinError("finished_at", "before_call")
    if at > visit.arrived_at + LONGEST_VISIT:
        raise CheckinError("finished_at", "too_late")
    visit.finished_at = at
    visit.service_minutes = minutes(visit.called_at, at)
    visit.outcome = outcome
    visit.video_interpreter = bool(video_interpreter)


# --- the ticket and its current step ----------------------------------------------------------
def back_in_line(ticket, step, at: dt.datetime) -> None:
    """A parked visitor is back: waiting again, the time away added to the step's parked minutes."""
    step.parked_minutes = (step.parked_minutes or 0.0) + max(0.0, minutes(ticket.parked_at, at))
    ticket.state, ticket.parked_at = "waiting", None


def call_ticket(ticket, step, visit, desk_id: int, at: dt.datetime) -> None:
    """The ticket, its current step and its visit as called to `desk_id` at `at`."""
    ticket.state, ticket.desk_id, ticket.called_at = "called", desk_id, at
    ticket.call_count = (ticket.call_count or 0) + 1
    if step.called_at is None:
        step.called_at = at
        step.wait_minutes = max(0.0, minutes(step.waiting_since, at) - (step.parked_minutes or 0.0))
    step.desk_id = desk_id
    if visit.called_at is None:
        visit.called_at = at
        visit.wait_minutes = minutes(visit.arrived_at, at)


def end_ticket(ticket, step, visit, at: dt.datetime, no_show: bool, was_referred: Callable[[], bool]) -> None:
    """The ticket, its current step and (unless already closed) its visit as ended."""
    step.finished_at, step.outcome = at, "no_show" if no_show else "served"
    if step.called_at is not None and not no_show:
        step.service_minutes = max(0.0, minutes(step.called_at, at))
    ticket.state = "no_show" if no_show else "done"
    if visit.finished_at is None:
        visit.finished_at = max(at, visit.called_at or visit.arrived_at)
        visit.outcome = "left" if no_show else ("referred" if was_referred() else "served")
        if visit.called_at is not None:
            visit.service_minutes = minutes(visit.called_at, visit.finished_at)


def reception_desk(desks: Iterable, queue_code: str):
    """The desk the check-in page calls to: of the desks serving the queue (else of all the
    place's desks), the one serving most queues; None when the place has no desk."""
    desks = list(desks)
    serving = [d for d in desks if queue_code in {c.strip() for c in d.queue_codes.split(",")}] or desks
    return min(serving, key=lambda d: (-len(d.queue_codes.split(",")), d.name), default=None)


def follow(ticket, step, visit, event: str, at: dt.datetime, desks: Callable[[], Iterable], queue_code: str,
           was_referred: Callable[[], bool]):
    """Move a visit's open ticket along after the check-in page changed the visit itself.

    `event`: "called" (called at the place's reception desk), "finished" (done) or "left"
    (no-show, the visit untouched: it is marked left). `desks`: the place's active desks,
    asked only when the ticket is not called yet; `was_referred`: whether the ticket was
    referred on before, asked only when the visit is still open. Returns the desk it was called to (or
    None when it was called already), False when the place has no desk (nothing changed).
    """
    desk = None
    if event in ("called", "finished") and ticket.state != "called":
        desk = reception_desk(desks(), queue_code)
        if desk is None:  # a place without desks has no queue to keep in step
            return False
        if ticket.state == "parked":
            back_in_line(ticket, step, at)
        call_ticket(ticket, step, visit, desk.id, at)
    if event == "finished":
        end_ticket(ticket, step, visit, at, no_show=False, was_referred=was_referred)
    elif event == "left":
        step.finished_at, step.outcome = at, "no_show"
        ticket.state, ticket.parked_at = "no_show", None
    return desk
