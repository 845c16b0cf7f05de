"""The check-in desk's writes and its waiting list: arrival, call, finish.

Each method is one unit of work inside the caller's session (one transaction per
request, see data_access.db.session_scope). A visit holds no data about the visitor:
place, times, target group, language, concern, interpreter use and outcome only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data_access import desk_rules
from data_access.desk_rules import CheckinError
from data_access.driver_statement import DriverStatement
from data_access.models import TARGET_GROUPS, Location, Visit
from data_access.visit_facts import channel_of, slot_of
from planner import languages

# The concerns the centre records (the same codes as the demo history).
CONCERNS = (
    "orientation", "residence", "benefits", "housing", "language_course",
    "work", "health", "school", "registration",
)
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")  # the visit import's format check (history may hold other codes)


@dataclass(frozen=True)
class OpenVisit:
    """A visit on the desk's lists: what the desk shows, nothing about the visitor."""

    id: int
    arrived_at: dt.datetime
    called_at: dt.datetime | None
    target_group: str
    language: str
    concern: str


@dataclass(frozen=True)
class Arrival:
    location_id: int
    target_group: str
    language: str
    concern: str


def validate_arrival(arrival: Arrival) -> None:
    if arrival.target_group not in TARGET_GROUPS:
        raise CheckinError("target_group", "unknown")
    if not languages.is_known(arrival.language):
        raise CheckinError("language", "unknown")
    if arrival.concern not in CONCERNS:
        raise CheckinError("concern", "unknown")


# The desk's lists, read after every action of every desk: built once.
OPEN_VISITS = (
    select(Visit.id, Visit.arrived_at, Visit.called_at, Visit.target_group, Visit.language, Visit.concern)
    .where(Visit.location_id == bindparam("location_id"), Visit.day == bindparam("day"))
    .where(Visit.finished_at.is_(None), Visit.outcome.is_(None))
)
OPEN_VISITS_ON_POSTGRES = DriverStatement(OPEN_VISITS)


def open_visits_on(connection: Connection, location_id: int, day: dt.date) -> list[OpenVisit]:
    """CheckinRepository.open_visits as one statement on a connection of its own, without an ORM
    session (statement_engine: on PostgreSQL no BEGIN and ROLLBACK around it)."""
    params = {"location_id": location_id, "day": day}
    if connection.dialect.name == "postgresql":
        rows = OPEN_VISITS_ON_POSTGRES.run(connection, params).fetchall()
    else:
        rows = connection.execute(OPEN_VISITS, params).all()
    return [OpenVisit(*row) for row in rows]


class CheckinRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- places ------------------------------------------------------------------
    def locations(self) -> list[Location]:
        return list(self.session.scalars(select(Location).order_by(Location.id)))

    def place_code(self, location_id: int) -> str | None:
        return self.session.scalar(select(Location.code).where(Location.id == location_id))

    def location_by_code(self, code: str) -> Location | None:
        return self.session.scalar(select(Location).where(Location.code == code))

    # --- writes ------------------------------------------------------------------
    def record_arrival(
        self,
        arrival: Arrival,
        at: dt.datetime,
        device_token_id: int | None = None,
        idempotency_key: str | None = None,
    ) -> Visit:
        """A new visit; day, weekday and slot repeat `at` so charts can group by them."""
        validate_arrival(arrival)
        location = self.session.get(Location, arrival.location_id)
        if location is None:
            raise CheckinError("location", "unknown")
        visit = Visit(
            location_id=location.id, arrived_at=at, day=at.date(), weekday=at.weekday(),
            slot=slot_of(at), channel=channel_of(location.kind),
            target_group=arrival.target_group, language=arrival.language, concern=arrival.concern,
            video_interpreter=False, device_token_id=device_token_id, idempotency_key=idempotency_key,
        )
        self.session.add(visit)
        self.session.flush()
        return visit

    def record_desk_arrival(self, arrival: Arrival, at: dt.datetime, key: str) -> tuple[Visit, bool]:
        """(visit, created): a desk entry saved again with its key returns the visit stored the first time.

        The partial unique index ux_visit_desk_key settles two saves of one entry racing; the
        loser's transaction is rolled back, so this must be its first write. No savepoint: on
        SQLite one would open the transaction at the look-up, and a write lock taken later
        fails at once (busy snapshot) instead of waiting its turn.
        """
        found = self.desk_visit_by_key(key)
        if found is not None:
            return found, False
        try:
            return self.record_arrival(arrival, at, idempotency_key=key), True
        except IntegrityError:
            self.session.rollback()
            found = self.desk_visit_by_key(key)
            if found is None:
                raise
            return found, False

    def desk_visit_by_key(self, key: str) -> Visit | None:
        return self.session.scalar(select(Visit).where(Visit.device_token_id.is_(None), Visit.idempotency_key == key))

    def get(self, visit_id: int) -> Visit | None:
        return self.session.get(Visit, visit_id)

    def call(self, visit_id: int, at: dt.datetime) -> Visit:
        """Call a waiting visitor to a desk: sets called_at and the wait in minutes."""
        visit = self._open_visit(visit_id)
        desk_rules.call_visit(visit, at)
        self.session.flush()
        return visit

    def finish(self, visit_id: int, at: dt.datetime, outcome: str, video_interpreter: bool) -> Visit:
        """End a consultation: finished_at, service minutes, outcome, interpreter use."""
        desk_rules.check_outcome(outcome)
        visit = self._open_visit(visit_id)
        desk_rules.finish_visit(visit, at, outcome, video_interpreter)
        self.session.flush()
        return visit

    def mark_left(self, visit_id: int) -> Visit:
        """A waiting visitor left before being called: no wait or service time is counted."""
        visit = self._open_visit(visit_id)
        if visit.called_at is not None:
            raise CheckinError("outcome", "already_called")
        visit.outcome = "left"
        self.session.flush()
        return visit

    def set_video_interpreter(self, visit_id: int, used: bool) -> Visit:
        visit = self.session.get(Visit, visit_id)
        if visit is None:
            raise CheckinError("id", "not_found")
        visit.video_interpreter = bool(used)
        self.session.flush()
        return visit

    def _open_visit(self, visit_id: int) -> Visit:
        visit = self.session.get(Visit, visit_id)
        if visit is None:
            raise CheckinError("id", "not_found")
        desk_rules.check_open(visit)
        return visit

    # --- the desk's lists --------------------------------------------------------
    def next_waiting(self, location_id: int, day: dt.date) -> Visit | None:
        """The visitor of the day waiting longest, not yet called."""
        stmt = (
            select(Visit)
            .where(Visit.location_id == location_id, Visit.day == day)
            .where(Visit.called_at.is_(None), Visit.outcome.is_(None))
            .order_by(Visit.arrived_at, Visit.id)
            .limit(1)
        )
        return self.session.scalar(stmt)

    def open_visits(self, location_id: int, day: dt.date) -> list[OpenVisit]:
        """The day's visits at a place not yet finished, waiting or in advice, as plain rows.

        One query for both of the desk's lists, redrawn after every action of every desk;
        plain rows, because building ORM objects cost more than the query.
        """
        return [OpenVisit(*row) for row in self.session.execute(OPEN_VISITS, {"location_id": location_id, "day": day})]

    def arrival_times(self, visit_ids: list[int]) -> dict[int, dt.datetime]:
        if not visit_ids:
            return {}
        stmt = select(Visit.id, Visit.arrived_at).where(Visit.id.in_(visit_ids))
        return {visit_id: at for visit_id, at in self.session.execute(stmt)}

    def languages_by_frequency(self, location_id: int, since: dt.date) -> list[str]:
        """Language codes of the place's visits since a day, most frequent first."""
        stmt = (
            select(Visit.language, func.count(Visit.id).label("n"))
            .where(Visit.location_id == location_id, Visit.day >= since)
            .group_by(Visit.language)
            .order_by(func.count(Visit.id).desc(), Visit.language)
        )
        return [language for language, _ in self.session.execute(stmt)]
