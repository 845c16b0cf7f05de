"""What the check-in desk does, one transaction per action; the page's callbacks call these.

The audit log records which staff login did something to which visit and nothing about
the visitor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from data_access.db import session_scope
from data_access.repositories import AuditRepository, CheckinRepository
from data_access.repositories.checkin import Arrival

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
class DeskState:
    waiting: list[QueueEntry]
    in_advice: list[QueueEntry]


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def places() -> list[tuple[int, str]]:
    with session_scope() as session:
        return [(loc.id, loc.code) for loc in CheckinRepository(session).locations()]


def languages(location_id: int, today: dt.date) -> list[str]:
    since = today - dt.timedelta(days=LANGUAGE_WINDOW_DAYS)
    with session_scope() as session:
        return CheckinRepository(session).languages_by_frequency(location_id, since)


def _entries(visits) -> list[QueueEntry]:
    return [
        QueueEntry(i, v.id, v.arrived_at, v.called_at, v.target_group, v.language, v.concern)
        for i, v in enumerate(visits, start=1)
    ]


def desk_state(location_id: int, today: dt.date) -> DeskState:
    """Waiting visitors, longest waiting first, and those in advice, called first first."""
    with session_scope() as session:
        open_visits = CheckinRepository(session).open_visits(location_id, today)
    waiting = sorted((v for v in open_visits if v.called_at is None), key=lambda v: (v.arrived_at, v.id))
    in_advice = sorted((v for v in open_visits if v.called_at is not None), key=lambda v: (v.called_at, v.id))
    return DeskState(_entries(waiting), _entries(in_advice))


def waiting_minutes(visit_ids: list[int], at: dt.datetime) -> dict[int, int]:
    with session_scope() as session:
        arrivals = CheckinRepository(session).arrival_times(visit_ids)
    return {i: minutes_since(a, at) for i, a in arrivals.items()}


def minutes_since(start: dt.datetime, at: dt.datetime) -> int:
    return max(0, round((at - start).total_seconds() / 60))


def record(actor: str, arrival: Arrival, at: dt.datetime) -> int:
    with session_scope() as session:
        visit = CheckinRepository(session).record_arrival(arrival, at)
        AuditRepository(session).record(actor, "visit_arrival", "visit", visit.id)
        return visit.id


def call(actor: str, visit_id: int | None, location_id: int, at: dt.datetime) -> tuple[int, float] | None:
    """Call one visitor (or, with visit_id None, the one waiting longest): (id, wait minutes)."""
    with session_scope() as session:
        repo = CheckinRepository(session)
        if visit_id is None:
            nxt = repo.next_waiting(location_id, at.date())
            if nxt is None:
                return None
            visit_id = nxt.id
        visit = repo.call(visit_id, at)
        AuditRepository(session).record(actor, "visit_called", "visit", visit.id)
        return visit.id, visit.wait_minutes


def mark_left(actor: str, visit_id: int) -> None:
    with session_scope() as session:
        CheckinRepository(session).mark_left(visit_id)
        AuditRepository(session).record(actor, "visit_left", "visit", visit_id)


def finish(actor: str, visit_id: int, outcome: str, video: bool, at: dt.datetime) -> float:
    with session_scope() as session:
        visit = CheckinRepository(session).finish(visit_id, at, outcome, video)
        AuditRepository(session).record(actor, "visit_finished", "visit", visit.id)
        return visit.service_minutes
