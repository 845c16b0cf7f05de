"""What the check-in desk does, one transaction per action; the page's callbacks call these.

Each action writes its audit line in the same transaction as the change. The audit log
records which staff login did something to which visit and nothing about the visitor.
Each arrival gets its queue ticket (data_access/repositories/queue.py) in the same
transaction, and calling, finishing or letting a visitor go here moves that ticket too, so
the call display and the visitor's status page agree with this page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.services.unit_of_work import UnitOfWork
from data_access.models import OUTCOMES, TARGET_GROUPS
from data_access.db import statement_engine
from data_access.repositories.checkin import CONCERNS, Arrival, CheckinError, open_visits_on
from planner import clock

__all__ = ["CONCERNS", "OUTCOMES", "TARGET_GROUPS", "Arrival", "CheckinError", "DeskState", "QueueEntry",
           "Recorded"]

LANGUAGE_WINDOW_DAYS = 90


@dataclass(frozen=True)
class QueueEntry:
    position: int
    visit_id: int
    arrived_at: dt.datetime
    called_at: dt.datetime | None
    target_group: str
    language: str
    concern: str


@dataclass(frozen=True)
class Recorded:
    """A recorded arrival and its ticket: the number as printed and the token of its status page."""

    visit_id: int
    ticket: str
    token: str


@dataclass(frozen=True)
class DeskState:
    waiting: list[QueueEntry]
    in_advice: list[QueueEntry]


def now() -> dt.datetime:
    return clock.now().replace(microsecond=0)


def places(*, uow: UnitOfWork | None = None) -> list[tuple[int, str]]:
    """(id, code) of every place, in the order the desk offers them."""
    with uow or UnitOfWork() as work:
        return [(loc.id, loc.code) for loc in work.checkin.locations()]


def languages(location_id: int, today: dt.date, *, uow: UnitOfWork | None = None) -> list[str]:
    """The place's languages of the last LANGUAGE_WINDOW_DAYS, most frequent first."""
    since = today - dt.timedelta(days=LANGUAGE_WINDOW_DAYS)
    with uow or UnitOfWork() as work:
        return work.checkin.languages_by_frequency(location_id, since)


def desk_state(location_id: int, today: dt.date, *, uow: UnitOfWork | None = None) -> DeskState:
    """Waiting visitors, longest waiting first, and those in advice, called first first."""
    if uow is None:
        # Read after every action of every desk: one statement on the statement engine (as
        # the request guard's look-up) takes a sixth of the CPU of a unit of work around it.
        with statement_engine().begin() as connection:
            open_visits = open_visits_on(connection, location_id, today)
    else:
        with uow as work:
            open_visits = work.checkin.open_visits(location_id, today)
    waiting = sorted((v for v in open_visits if v.called_at is None), key=lambda v: (v.arrived_at, v.id))
    in_advice = sorted((v for v in open_visits if v.called_at is not None), key=lambda v: (v.called_at, v.id))
    return DeskState(_entries(waiting), _entries(in_advice))


def _entries(visits) -> list[QueueEntry]:
    return [
        QueueEntry(i, v.id, v.arrived_at, v.called_at, v.target_group, v.language, v.concern)
        for i, v in enumerate(visits, start=1)
    ]


def waiting_minutes(visit_ids: list[int], at: dt.datetime, *, uow: UnitOfWork | None = None) -> dict[int, int]:
    with uow or UnitOfWork() as work:
        arrivals = work.checkin.arrival_times(visit_ids)
    return {i: minutes_since(a, at) for i, a in arrivals.items()}


def minutes_since(start: dt.datetime, at: dt.datetime) -> int:
    return max(0, round((at - start).total_seconds() / 60))


def record(actor: str, arrival: Arrival, at: dt.datetime, *, key: str | None = None,
           uow: UnitOfWork | None = None) -> Recorded:
    """Record an arrival and issue its ticket in one transaction.

    Raises CheckinError (nothing written) for a bad choice. `key`: the desk entry's own key
    (the page makes one per entry and keeps it while the entry waits to be saved again after
    a failure): an entry saved twice is stored once, and the second save returns the first
    visit and its ticket. The same key with another arrival is refused.
    """
    with uow or UnitOfWork() as work:
        quick = work.desk_steps.record(arrival, at, key, actor)
        if quick is not None:
            work.commit()
            return Recorded(*quick)
        if key is None:
            visit, created = work.checkin.record_arrival(arrival, at), True
        else:
            visit, created = work.checkin.record_desk_arrival(arrival, at, key)
            if not created and (visit.location_id, visit.target_group, visit.language, visit.concern) != (
                    arrival.location_id, arrival.target_group, arrival.language, arrival.concern):
                raise CheckinError("key", "key_reused")
        ticket = work.queue.issue(visit, arrival.language, new_visit=created)
        if created:
            work.audit.record(actor, "visit_arrival", "visit", visit.id)
        work.commit()
        return Recorded(visit.id, ticket.label, ticket.token)


def call(actor: str, visit_id: int | None, location_id: int, at: dt.datetime,
         *, uow: UnitOfWork | None = None) -> tuple[int, float] | None:
    """Call one visitor (or, with visit_id None, the one waiting longest): (id, wait minutes).

    Their ticket is called at the place's reception desk. None when nobody waits; nothing
    is written then.
    """
    with uow or UnitOfWork() as work:
        if visit_id is None:
            nxt = work.checkin.next_waiting(location_id, at.date())
            if nxt is None:
                return None
            visit_id = nxt.id
        wait = work.desk_steps.call(visit_id, at, actor)
        work.commit()
        return visit_id, wait


def mark_left(actor: str, visit_id: int, at: dt.datetime | None = None, *, uow: UnitOfWork | None = None) -> None:
    """A waiting visitor left: their ticket ends as a no-show."""
    with uow or UnitOfWork() as work:
        work.checkin.mark_left(visit_id)
        work.queue.follow_visit(visit_id, "left", at or now())
        work.audit.record(actor, "visit_left", "visit", visit_id)
        work.commit()


def finish(actor: str, visit_id: int, outcome: str, video: bool, at: dt.datetime,
           *, uow: UnitOfWork | None = None) -> float:
    """End a consultation (and its ticket); its service minutes."""
    with uow or UnitOfWork() as work:
        minutes = work.desk_steps.finish(visit_id, at, outcome, video, actor)
        work.commit()
        return minutes
