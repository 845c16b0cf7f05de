"""Arrivals posted by check-in devices (the REST API): few round trips, no ORM objects.

Ticket machines post every arrival of the day, and in a rush fifty of them at once, so the
usual case is one statement: `record_new` inserts the visit selected from the device's
active token and the place's code, ON CONFLICT DO NOTHING on (device, idempotency key), so
the unique constraint decides between racing retries; on PostgreSQL the audit row and the
device's last-use stamp ride along as data-modifying CTEs, on SQLite (in-process, no round
trip to save) they follow as statements of the same transaction. When that inserts nothing
(unknown or revoked token, unknown place, a retry) the caller asks `device_and_place` why
and replays a retry with `by_key`. The desk's path (CheckinRepository.record_arrival) stays
on the ORM; both write the same visit row.

The visit's queue ticket rides along too: on PostgreSQL its number is drawn by one
statement before (DRAW_NUMBER_FOR_POST says why) and the ticket and its first step are two
more CTEs of the visit's statement; on SQLite they are statements of the same transaction. The queue is
chosen as QueueRepository.queue_for chooses it (tests/test_queue_arrivals.py holds them
together). A place without queues yet gets no ticket here: the service then issues it
through QueueRepository, which sets up the place's first queues.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import secrets

from sqlalchemy import (Boolean, Date, DateTime, Integer, SmallInteger, String, and_, bindparam, case, cast,
                        func, insert, literal, or_, select, true, update)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from data_access.db import statement_engine
from data_access.driver_statement import DriverStatement
from data_access.models import AuditEvent, DeviceToken, Location, Visit
from data_access.repositories.ticket_sql import (COUNTER, QUEUE_LINE, STEP, TICKET, TICKET_COLUMNS, counter_upsert,
                                                 first_step, queue_line, ticket_values)
from data_access.repositories.checkin import Arrival
from data_access.repositories.tokens import token_hash
from data_access.visit_facts import channel_sql, slot_of
from planner.queue import ticket_label

VISIT = Visit.__table__
# last_used_at tells the admin whether a device is still in use; minute precision is
# plenty, and writing it on every post would make all posts of a device queue on its row.
LAST_USED_EVERY = dt.timedelta(minutes=1)
VISIT_COLUMNS = (
    VISIT.c.id, VISIT.c.location_id, VISIT.c.arrived_at, VISIT.c.called_at, VISIT.c.finished_at,
    VISIT.c.target_group, VISIT.c.language, VISIT.c.concern, VISIT.c.video_interpreter, VISIT.c.outcome,
    VISIT.c.wait_minutes, VISIT.c.service_minutes,
)

# Built once: composing a statement costs more than running it on this path.
DEVICE_AND_PLACE = (
    select(DeviceToken.id, Location.id, Location.code)
    .select_from(DeviceToken)
    .outerjoin(Location, Location.code == bindparam("code"))
    .where(DeviceToken.token_hash == bindparam("hash"), DeviceToken.revoked_at.is_(None))
)
INSERT_AUDIT = insert(AuditEvent.__table__)
def _new_visit_insert(dialect):
    """INSERT INTO visit ... SELECT FROM device_token, location ... ON CONFLICT DO NOTHING RETURNING."""
    columns = ("location_id", "arrived_at", "day", "weekday", "slot", "channel", "target_group", "language",
               "concern", "video_interpreter", "device_token_id", "idempotency_key")
    rows = (
        select(
            Location.id, bindparam("arrived_at", type_=DateTime), bindparam("day", type_=Date),
            bindparam("weekday", type_=SmallInteger), bindparam("slot", type_=SmallInteger),
            channel_sql(Location.kind),
            bindparam("target_group", type_=String), bindparam("language", type_=String),
            bindparam("concern", type_=String), literal(False, Boolean), DeviceToken.id,
            bindparam("key", type_=String),
        )
        .select_from(DeviceToken)
        .join(Location, Location.code == bindparam("code"))  # one token, one place: one row or none
        .where(DeviceToken.token_hash == bindparam("hash"), DeviceToken.revoked_at.is_(None))
    )
    return (dialect.insert(VISIT).from_select(columns, rows)
            .on_conflict_do_nothing(index_elements=["device_token_id", "idempotency_key"])
            .returning(VISIT.c.id, VISIT.c.location_id, VISIT.c.device_token_id))


def _stale(device_id_column):
    return and_(DeviceToken.id == device_id_column,
                or_(DeviceToken.last_used_at.is_(None), DeviceToken.last_used_at < bindparam("stale")))


def _postgres_record_new(with_ticket: bool):
    """The new visit, its audit row and the device's last-use stamp in one round trip; with
    `with_ticket`, its ticket (the number drawn before by DRAW_NUMBER_FOR_POST) and first step too."""
    new_visit = _new_visit_insert(postgresql).cte("new_visit")
    audit = insert(AuditEvent.__table__).from_select(
        ("at", "actor", "action", "entity", "entity_id", "details"),
        select(bindparam("now", type_=DateTime), literal("device:") + cast(new_visit.c.device_token_id, String),
               literal("visit_arrival"), literal("visit"), new_visit.c.id, literal("{}")),
    ).cte("audit")
    touch = (update(DeviceToken.__table__).values(last_used_at=bindparam("now", type_=DateTime))
             .where(_stale(select(new_visit.c.device_token_id).scalar_subquery())).cte("touch"))
    if not with_ticket:
        return (select(new_visit.c.id, new_visit.c.location_id, new_visit.c.device_token_id,
                       literal(None, String).label("issue_code"), literal(None, Integer).label("number"))
                .add_cte(audit, touch))
    queue_id = bindparam("queue_id", type_=Integer)
    # ON CONFLICT DO NOTHING: a number taken already (a counter behind after a crash) leaves
    # the visit without a ticket, and the service issues it through QueueRepository instead.
    ticket = (postgresql.insert(TICKET).from_select(
        TICKET_COLUMNS,
        ticket_values(new_visit.c.id, new_visit.c.location_id, queue_id, bindparam("issue_code", type_=String),
                      bindparam("number", type_=Integer)).select_from(new_visit))
        .on_conflict_do_nothing()
        .returning(TICKET.c.id, TICKET.c.visit_id, TICKET.c.queue_id, TICKET.c.issue_code, TICKET.c.number)
        .cte("ticket"))
    step = first_step(ticket).cte("step")
    return (select(new_visit.c.id, new_visit.c.location_id, new_visit.c.device_token_id, ticket.c.issue_code,
                   ticket.c.number)
            .select_from(new_visit).outerjoin(ticket, ticket.c.visit_id == new_visit.c.id)
            .add_cte(audit, touch, step))


def _draw_number_for_post():
    """The day's next number of the posted arrival's queue, drawn before the visit is stored.

    The counter's row is every ticket machine's of that queue: drawn inside the visit's
    statement, its lock would last until that statement's commit had reached the disk, and
    the posts of a place would queue one behind the other. Drawn alone and committed
    without waiting for the disk (synchronous_commit off for this one transaction), the
    lock lasts for the upsert only. The visit and its ticket are then committed as always.
    Nothing is drawn for a retried key or an invalid token (no gaps in the numbers); a
    counter set back by a crash is caught by the ticket's unique number (see above).
    """
    device = (select(DeviceToken.id).where(DeviceToken.token_hash == bindparam("hash"),
                                           DeviceToken.revoked_at.is_(None)).scalar_subquery())
    retried = select(VISIT.c.id).where(VISIT.c.device_token_id == device,
                                       VISIT.c.idempotency_key == bindparam("key", type_=String)).exists()
    place = select(Location.id).where(Location.code == bindparam("code")).scalar_subquery()
    line = (queue_line(place).add_columns(QUEUE_LINE.c.location_id.label("place"))
            .where(device.is_not(None), ~retried).cte("line"))
    counter = counter_upsert(postgresql, select(line.c.place, bindparam("day", type_=Date), line.c.code,
                                                 literal(1))).cte("counter")
    return select(line.c.id, line.c.code, counter.c.last,
                  func.set_config("synchronous_commit", "off", True)).select_from(line).join(counter, true())


RECORD_NEW = {"postgresql": DriverStatement(_postgres_record_new(False)), "sqlite": _new_visit_insert(sqlite)}
RECORD_NEW_WITH_TICKET = DriverStatement(_postgres_record_new(True))
DRAW_NUMBER_FOR_POST = DriverStatement(_draw_number_for_post())
TOUCH_IF_STALE = (update(DeviceToken.__table__).values(last_used_at=bindparam("now"))
                  .where(_stale(bindparam("device"))))

VISIT_BY_KEY = (select(*VISIT_COLUMNS, TICKET.c.issue_code, TICKET.c.number, TICKET.c.token)
                .outerjoin(TICKET, TICKET.c.visit_id == VISIT.c.id)
                .where(VISIT.c.device_token_id == bindparam("device"), VISIT.c.idempotency_key == bindparam("key")))
# SQLite's ticket: the same steps as PostgreSQL's CTEs, as statements of the visit's transaction.
LINE_FOR = queue_line(bindparam("location_id", type_=Integer))
# In the visit's transaction and past the highest number on a ticket, as QueueRepository.next_number.
_TAKEN = (select(func.coalesce(func.max(TICKET.c.number), 0))
          .where(TICKET.c.location_id == bindparam("location_id", type_=Integer),
                 TICKET.c.day == bindparam("day", type_=Date), TICKET.c.issue_code == bindparam("code", type_=String))
          .scalar_subquery())
DRAW_NUMBER = (sqlite.insert(COUNTER).values(location_id=bindparam("location_id", type_=Integer),
                                            day=bindparam("day", type_=Date), code=bindparam("code", type_=String),
                                            last=_TAKEN + 1)
               .on_conflict_do_update(index_elements=["location_id", "day", "code"],
                                      set_={"last": case((COUNTER.c.last >= _TAKEN, COUNTER.c.last + 1),
                                                         else_=_TAKEN + 1)})
               .returning(COUNTER.c.last))
INSERT_TICKET = insert(TICKET).from_select(
    TICKET_COLUMNS, ticket_values(bindparam("visit_id", type_=Integer), bindparam("location_id", type_=Integer),
                                   bindparam("queue_id", type_=Integer), bindparam("code", type_=String),
                                   bindparam("number", type_=Integer))).returning(TICKET.c.id)
INSERT_STEP = insert(STEP)


@dataclass(frozen=True)
class Device:
    id: int


@dataclass(frozen=True)
class Place:
    id: int
    code: str


@dataclass(frozen=True)
class TicketNumber:
    """A visit's ticket as the API returns it: the number as printed and its status page's token."""

    label: str
    token: str


@dataclass(frozen=True)
class StoredVisit:
    """A visit as the API returns it (plain values, read in the request's transaction)."""

    id: int
    location_id: int
    arrived_at: dt.datetime
    called_at: dt.datetime | None
    finished_at: dt.datetime | None
    target_group: str
    language: str
    concern: str
    video_interpreter: bool
    outcome: str | None
    wait_minutes: float | None
    service_minutes: float | None
    ticket: TicketNumber | None = None  # None: issued elsewhere (or not yet)

    @classmethod
    def of(cls, visit: Visit) -> StoredVisit:
        """The plain values of a visit read through the ORM (the API's PATCH)."""
        return cls(visit.id, visit.location_id, visit.arrived_at, visit.called_at, visit.finished_at,
                   visit.target_group, visit.language, visit.concern, bool(visit.video_interpreter), visit.outcome,
                   visit.wait_minutes, visit.service_minutes)

    def same_arrival(self, arrival: Arrival) -> bool:
        return (self.location_id, self.target_group, self.language, self.concern) == (
            arrival.location_id, arrival.target_group, arrival.language, arrival.concern,
        )


@contextmanager
def device_arrivals(url: str | None = None) -> Iterator[DeviceArrivals]:
    """The repository on a plain connection (no ORM session: nothing here needs one).

    On PostgreSQL each method is one or two statements, each atomic by itself (record_new
    draws the ticket's number, then writes the visit, its audit line, the device's stamp
    and the ticket in one INSERT with CTEs), and
    statement_engine's connections commit each on its own: one round trip, the block's
    begin and commit do nothing there. On SQLite record_new takes three statements, and the
    block is one transaction.
    """
    with statement_engine(url).begin() as connection:
        yield DeviceArrivals(connection)


class DeviceArrivals:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def record_new(self, token: str, location_code: str, arrival: Arrival, at: dt.datetime, key: str,
                   now: dt.datetime) -> StoredVisit | None:
        """The new visit, or None when nothing was inserted (bad token or place, or a retry).

        `arrival.location_id` is ignored: the place is found by its code in the same statement.
        """
        params = dict(
            hash=token_hash(token), code=location_code, arrived_at=at, day=at.date(), weekday=at.weekday(),
            slot=slot_of(at), target_group=arrival.target_group, language=arrival.language,
            concern=arrival.concern, key=key, now=now.replace(microsecond=0), stale=now - LAST_USED_EVERY,
            token=secrets.token_urlsafe(24),
        )
        dialect = self._db.dialect.name
        statement = RECORD_NEW[dialect]
        if dialect == "postgresql":
            drawn = DRAW_NUMBER_FOR_POST.first(self._db, params)
            if drawn is not None:
                params.update(queue_id=drawn[0], issue_code=drawn[1], number=drawn[2])
                statement = RECORD_NEW_WITH_TICKET
            row = statement.first(self._db, params)
        else:
            row = self._db.execute(statement, params).first()
        if row is None:
            return None
        visit_id, location_id, device_id = row[:3]
        number = row[3:] if dialect == "postgresql" else (None, None)
        if dialect != "postgresql":
            self._db.execute(INSERT_AUDIT, dict(at=params["now"], actor=f"device:{device_id}", action="visit_arrival",
                                                entity="visit", entity_id=visit_id, details="{}"))
            self._db.execute(TOUCH_IF_STALE, dict(device=device_id, now=params["now"], stale=params["stale"]))
            number = self._sqlite_ticket(visit_id, location_id, params)
        ticket = TicketNumber(ticket_label(*number), params["token"]) if number[0] is not None else None
        return StoredVisit(visit_id, location_id, at, None, None, arrival.target_group, arrival.language,
                           arrival.concern, False, None, None, None, ticket)

    def _sqlite_ticket(self, visit_id: int, location_id: int, params: dict) -> tuple[str | None, int | None]:
        line = self._db.execute(LINE_FOR, dict(location_id=location_id, concern=params["concern"])).first()
        if line is None:
            return None, None
        queue_id, code = line
        values = dict(params, location_id=location_id, visit_id=visit_id, queue_id=queue_id, code=code)
        number = self._db.execute(DRAW_NUMBER, values).first()[0]
        ticket_id = self._db.execute(INSERT_TICKET, dict(values, number=number)).scalar_one()
        self._db.execute(INSERT_STEP, dict(ticket_id=ticket_id, queue_id=queue_id, waiting_since=params["arrived_at"],
                                           parked_minutes=0.0))
        return code, number

    def device_and_place(self, token: str, location_code: str | None) -> tuple[Device | None, Place | None]:
        """The active device of a bearer token and the place of a code, in one query.

        (None, None) for an unknown or revoked token; (device, None) for an unknown place.
        """
        row = self._db.execute(DEVICE_AND_PLACE, {"code": location_code, "hash": token_hash(token)}).first()
        if row is None:
            return None, None
        return Device(row[0]), (Place(row[1], row[2]) if row[1] is not None else None)

    def by_key(self, device_id: int, key: str) -> StoredVisit:
        """The visit this device stored with this idempotency key (a retry replays it).

        When record_new inserted nothing for a valid device and place, this visit exists:
        ON CONFLICT DO NOTHING waits for a racing insert of the same key and sees it committed.
        """
        row = self._db.execute(VISIT_BY_KEY, {"device": device_id, "key": key}).one()
        code, number, ticket_token = row[12:]
        ticket = TicketNumber(ticket_label(code, number), ticket_token) if code is not None else None
        return StoredVisit(*row[:8], bool(row[8]), *row[9:12], ticket)
