"""The check-in page's record, call and finish in few statements, without ORM objects.

The desk's buttons are the dashboard's busiest writes: every visitor of the service centre
is recorded, called and finished there. Through the ORM a call took eight statements (the
visit's look-up and update, the ticket's look-up, the place's desks, the ticket's and the
step's updates, the audit line) and a flush that cost more than the statements; under
bench/load.py the desks' callbacks took more of the web workers than all the ticket
machines' posts. Here the visit is locked first (as every path that changes a visit and
its ticket does: visit, then ticket, see QueueRepository._open), then the visit, its open
ticket, the ticket's queue letter and current step come in one read, the rules of
data_access/desk_rules.py (the same the ORM paths apply) change the plain rows, and on
PostgreSQL one statement writes the visit, the ticket, the step and the audit line (CTEs);
on SQLite, where a statement costs no round trip, four plain ones do. All in the unit of
work's transaction: nothing is written unless it commits.

Recording an arrival on PostgreSQL is one statement too: the visit (ON CONFLICT on the desk
entry's key), its audit line, its queue's number, its ticket and first step, as the ORM path
(CheckinRepository.record_desk_arrival, QueueRepository.issue) writes them. Whatever that
statement cannot settle (a key saved before, an unknown place, a place without queues yet, a
counter behind its tickets) it leaves to the ORM path, which knows every case.
"""

from __future__ import annotations

import datetime as dt
import secrets
from types import SimpleNamespace

from sqlalchemy import (Boolean, Date, DateTime, Float, Integer, SmallInteger, String, bindparam, exists, func, insert,
                        literal, select, text, true, update)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from data_access import desk_rules
from data_access.desk_rules import OPEN_STATES, CheckinError
from data_access.models import DESK_KEY_WHERE, AuditEvent, Location, Visit
from data_access.queue_models import Desk
from data_access.driver_statement import DriverStatement
from data_access.repositories.checkin import Arrival, validate_arrival
from data_access.repositories.ticket_sql import (QUEUE_LINE, STEP, TICKET, TICKET_COLUMNS, counter_upsert,
                                                 first_step, queue_line, ticket_values)
from data_access.visit_facts import channel_sql, slot_of
from planner import clock
from planner.queue import ticket_label

VISIT, AUDIT, DESK = Visit.__table__, AuditEvent.__table__, Desk.__table__
# What a call or a finish may change, per row; the read brings each (and what the rules read).
VISIT_FIELDS = ("called_at", "wait_minutes", "finished_at", "service_minutes", "outcome", "video_interpreter")
TICKET_FIELDS = ("state", "desk_id", "called_at", "call_count", "parked_at")
STEP_FIELDS = ("called_at", "wait_minutes", "desk_id", "parked_minutes", "finished_at", "outcome", "service_minutes")
_VISIT_READ = ("id", "location_id", "arrived_at", *VISIT_FIELDS)
_TICKET_READ = ("id", "location_id", *TICKET_FIELDS)
_STEP_READ = ("id", "waiting_since", *STEP_FIELDS)


def _read():
    latest = select(func.max(STEP.c.id)).where(STEP.c.ticket_id == TICKET.c.id).correlate(TICKET).scalar_subquery()
    columns = ([VISIT.c[f].label(f"v_{f}") for f in _VISIT_READ] + [TICKET.c[f].label(f"t_{f}") for f in _TICKET_READ]
               + [QUEUE_LINE.c.code.label("t_code")] + [STEP.c[f].label(f"s_{f}") for f in _STEP_READ])
    return (select(*columns).select_from(VISIT)
            .outerjoin(TICKET, TICKET.c.visit_id == VISIT.c.id)
            .outerjoin(QUEUE_LINE, QUEUE_LINE.c.id == TICKET.c.queue_id)
            .outerjoin(STEP, STEP.c.id == latest)
            .where(VISIT.c.id == bindparam("visit_id", type_=Integer)))


def _writes():
    """The visit's, the ticket's and the step's new values and the audit line, as four statements."""
    types = {"called_at": DateTime, "finished_at": DateTime, "parked_at": DateTime, "wait_minutes": Float,
             "service_minutes": Float, "parked_minutes": Float, "outcome": String, "state": String,
             "video_interpreter": Boolean, "desk_id": Integer, "call_count": Integer}

    def values(prefix, fields):
        return {f: bindparam(f"{prefix}_{f}", type_=types[f]) for f in fields}

    return (
        update(VISIT).where(VISIT.c.id == bindparam("visit_id", type_=Integer)).values(values("v", VISIT_FIELDS)),
        update(TICKET).where(TICKET.c.id == bindparam("t_id", type_=Integer)).values(values("t", TICKET_FIELDS)),
        update(STEP).where(STEP.c.id == bindparam("s_id", type_=Integer)).values(values("s", STEP_FIELDS)),
        insert(AUDIT).values(at=bindparam("audit_at", type_=DateTime), actor=bindparam("actor", type_=String),
                             action=bindparam("action", type_=String), entity=literal("visit"),
                             entity_id=bindparam("visit_id", type_=Integer), details=literal("{}")),
    )


def _postgres_write():
    visit, ticket, step, audit = _writes()
    return audit.add_cte(visit.cte("visit_write"), ticket.cte("ticket_write"), step.cte("step_write"))


def _postgres_record():
    """A desk entry's visit, audit line, ticket and first step; no row for a key saved before
    or an unknown place, no ticket where the place has no queue or the number is taken."""
    location = Location.__table__
    location_id = bindparam("location_id", type_=Integer)
    columns = ("location_id", "arrived_at", "day", "weekday", "slot", "channel", "target_group", "language",
               "concern", "video_interpreter", "idempotency_key")
    rows = select(location.c.id, bindparam("arrived_at", type_=DateTime), bindparam("day", type_=Date),
                  bindparam("weekday", type_=SmallInteger), bindparam("slot", type_=SmallInteger),
                  channel_sql(location.c.kind), bindparam("target_group", type_=String),
                  bindparam("language", type_=String), bindparam("concern", type_=String), literal(False, Boolean),
                  bindparam("key", type_=String)).where(location.c.id == location_id)
    new_visit = (postgresql.insert(VISIT).from_select(columns, rows)
                 .on_conflict_do_nothing(index_elements=["idempotency_key"], index_where=text(DESK_KEY_WHERE))
                 .returning(VISIT.c.id).cte("new_visit"))
    audit = insert(AUDIT).from_select(
        ("at", "actor", "action", "entity", "entity_id", "details"),
        select(bindparam("now", type_=DateTime), bindparam("actor", type_=String), literal("visit_arrival"),
               literal("visit"), new_visit.c.id, literal("{}"))).cte("audit")
    line = queue_line(location_id).cte("line")
    # Only a new visit draws a number: a retry leaves no gap.
    counter = counter_upsert(postgresql, select(location_id, bindparam("day", type_=Date), line.c.code, literal(1))
                             .where(exists(select(new_visit.c.id)))).cte("counter")
    ticket = (postgresql.insert(TICKET).from_select(
        TICKET_COLUMNS,
        ticket_values(new_visit.c.id, location_id, line.c.id, line.c.code, counter.c.last)
        .select_from(new_visit).join(line, true()).join(counter, true()))
        .on_conflict_do_nothing()
        .returning(TICKET.c.id, TICKET.c.queue_id, TICKET.c.visit_id, TICKET.c.issue_code, TICKET.c.number)
        .cte("ticket"))
    return (select(new_visit.c.id, ticket.c.issue_code, ticket.c.number)
            .select_from(new_visit).outerjoin(ticket, ticket.c.visit_id == new_visit.c.id)
            .add_cte(audit, first_step(ticket).cte("step")))


LOCK = select(VISIT.c.id).where(VISIT.c.id == bindparam("visit_id", type_=Integer)).with_for_update()
READ = _read()
DESKS = select(DESK.c.id, DESK.c.name, DESK.c.queue_codes).where(
    DESK.c.location_id == bindparam("location_id", type_=Integer), DESK.c.active)
WRITES = _writes()
CORE = {"read": READ, "desks": DESKS}
POSTGRES = {"lock": DriverStatement(LOCK), "read": DriverStatement(READ), "desks": DriverStatement(DESKS),
            "write": DriverStatement(_postgres_write()), "record": DriverStatement(_postgres_record())}


class DeskStepRepository:
    """A visit called or finished at the check-in page, with its ticket and audit line."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, arrival: Arrival, at: dt.datetime, key: str | None, actor: str) -> tuple[int, str, str] | None:
        """(visit id, ticket label, status token) of a new arrival recorded in one statement, or
        None when the ORM path has to record it (SQLite, or a case the statement leaves to it;
        nothing is written then). Raises CheckinError for a bad choice."""
        validate_arrival(arrival)
        if not self._postgres:
            return None
        token = secrets.token_urlsafe(24)
        row = self._execute("record", dict(
            location_id=arrival.location_id, arrived_at=at, day=at.date(), weekday=at.weekday(), slot=slot_of(at),
            target_group=arrival.target_group, language=arrival.language, concern=arrival.concern, key=key,
            now=clock.now().replace(microsecond=0), actor=actor, token=token)).fetchone()
        if row is None or row[1] is None:
            # Nothing stored (a key saved before, an unknown place), or a visit without its
            # ticket: undone, so that the ORM path starts from where this began.
            self.session.rollback()
            return None
        return row[0], ticket_label(row[1], row[2]), token

    def call(self, visit_id: int, at: dt.datetime, actor: str) -> float:
        """Call a waiting visitor (to the place's reception desk, for the ticket); their wait in minutes."""
        visit, ticket, step = self._open(visit_id)
        desk_rules.call_visit(visit, at)
        self._follow(ticket, step, visit, "called", at)
        self._write(visit, ticket, step, "visit_called", actor)
        return visit.wait_minutes

    def finish(self, visit_id: int, at: dt.datetime, outcome: str, video: bool, actor: str) -> float:
        """End a consultation (and its ticket); its service minutes."""
        desk_rules.check_outcome(outcome)
        visit, ticket, step = self._open(visit_id)
        desk_rules.finish_visit(visit, at, outcome, video)
        self._follow(ticket, step, visit, "finished", at)
        self._write(visit, ticket, step, "visit_finished", actor)
        return visit.service_minutes

    # --- the rows -----------------------------------------------------------------------------
    def _open(self, visit_id: int):
        """The visit locked and read as it stands now, its open ticket and current step (or None)."""
        if self._postgres:  # SQLite has one writer at a time and no row locks
            self._execute("lock", {"visit_id": visit_id})
        row = self._execute("read", {"visit_id": visit_id}).fetchone()
        if row is None:
            raise CheckinError("id", "not_found")
        values = dict(zip(READ.selected_columns.keys(), row, strict=True))
        visit = _plain(values, "v_")
        desk_rules.check_open(visit)
        ticket = _plain(values, "t_")
        if ticket.id is None or ticket.state not in OPEN_STATES:
            return visit, None, None
        return visit, ticket, _plain(values, "s_")

    def _follow(self, ticket, step, visit, event: str, at: dt.datetime) -> None:
        if ticket is None:
            return
        changed = desk_rules.follow(ticket, step, visit, event, at, lambda: self._desks(ticket.location_id),
                                    ticket.code, lambda: False)  # the visit is closed before its ticket
        if changed is False:  # a place without desks: the ticket stays as it was
            ticket.id = step.id = None

    def _desks(self, location_id: int) -> list[SimpleNamespace]:
        rows = self._execute("desks", {"location_id": location_id}).fetchall()
        return [SimpleNamespace(id=i, name=name, queue_codes=codes) for i, name, codes in rows]

    def _write(self, visit, ticket, step, action: str, actor: str) -> None:
        params = {"visit_id": visit.id, "actor": actor, "action": action,
                  "audit_at": clock.now().replace(microsecond=0),
                  "t_id": ticket.id if ticket else None, "s_id": step.id if step else None}
        params.update({f"v_{f}": getattr(visit, f) for f in VISIT_FIELDS})
        params.update({f"t_{f}": getattr(ticket, f, None) for f in TICKET_FIELDS})
        params.update({f"s_{f}": getattr(step, f, None) for f in STEP_FIELDS})
        if self._postgres:
            self._execute("write", params)
            return
        connection = self.session.connection()
        for statement in WRITES:
            connection.execute(statement, params)

    @property
    def _postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    def _execute(self, name: str, params: dict):
        """One of this module's statements in the session's transaction: on PostgreSQL as compiled
        once for the driver (its cursor), elsewhere through SQLAlchemy (its result)."""
        if self._postgres:
            return POSTGRES[name].run(self.session.connection(), params)
        return self.session.connection().execute(CORE[name], params)


def _plain(values: dict, prefix: str) -> SimpleNamespace:
    return SimpleNamespace(**{k[len(prefix):]: v for k, v in values.items() if k.startswith(prefix)})

