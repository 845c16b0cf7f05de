"""The walk-in queue: tickets, their steps through the desks, queues, desks, display tokens.

Each method is a step of the desk's work; the service (dashboard/services/queue.py) puts
one or several into a transaction with the audit line. The visit a ticket belongs to is
kept in step: its first call sets the visit's called_at and wait, the ticket's end its
finished_at and outcome, so the statistics read the same figures as before the queue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, case, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data_access import desk_rules
from data_access.desk_rules import OPEN_STATES
from data_access.errors import FieldError
from data_access.models import Location, Visit
from data_access.queue_models import Desk, DisplayToken, InfoLink, QueueLine, Ticket, TicketCounter, TicketStep
from data_access.repositories.ticket_sql import ISSUE_NEW_TICKET
from planner.queue import ticket_label

# The queues a place gets when it has none yet: letter, German and English name, concerns.
DEFAULT_QUEUES = (
    ("A", "Information", "Information", ""),
    ("B", "Beratung", "Advice", "residence,benefits,housing,language_course,health,school"),
    ("J", "Jobcenter und Arbeit", "Jobcenter and work", "work"),
    ("R", "Anmeldung (EU)", "Registration (EU)", "registration"),
)

DEFAULT_DESKS = (("Empfang 1", "A,B,J,R"), ("Beratung 1", "B"), ("Beratung 2", "B"), ("Jobcenter", "J"),
                 ("Bürgerdienste", "R"))


class QueueError(FieldError):
    """A desk action that does not fit the ticket's state (field: what is wrong, code: why)."""


@dataclass(frozen=True)
class TicketRow:
    id: int
    visit_id: int
    location_id: int
    queue_id: int
    queue_code: str  # the queue it waits in now
    label: str  # as printed: "B-042"
    token: str
    language: str
    state: str
    desk_id: int | None
    desk_name: str | None
    day: dt.date
    waiting_since: dt.datetime
    called_at: dt.datetime | None
    call_count: int
    concern: str


# A ticket's row as the visitors' status page and the call display read it, polled by every
# phone and screen: plain columns from statements built once, no ORM objects.
_ROW_COLUMNS = (Ticket.id, Ticket.visit_id, Ticket.location_id, Ticket.queue_id, QueueLine.code, Ticket.issue_code,
                Ticket.number, Ticket.token, Ticket.language, Ticket.state, Ticket.desk_id, Desk.name, Ticket.day,
                Ticket.waiting_since, Ticket.called_at, Ticket.call_count, Visit.concern)
TICKET_BY_TOKEN = (select(*_ROW_COLUMNS)
                   .join(QueueLine, QueueLine.id == Ticket.queue_id)
                   .join(Visit, Visit.id == Ticket.visit_id)
                   .outerjoin(Desk, Desk.id == Ticket.desk_id)
                   .where(Ticket.token == bindparam("token")))
RECENT_CALLS = (select(*_ROW_COLUMNS)
                .join(QueueLine, QueueLine.id == Ticket.queue_id)
                .join(Visit, Visit.id == Ticket.visit_id)
                .join(Desk, Desk.id == Ticket.desk_id)
                .where(Ticket.location_id == bindparam("location_id"), Ticket.day == bindparam("day"),
                       Ticket.called_at.is_not(None))
                .order_by(Ticket.called_at.desc(), Ticket.id.desc()).limit(bindparam("limit")))


def _plain_row(ticket_id, visit_id, location_id, queue_id, code, issue_code, number, token, language, state,
               desk_id, desk, day, waiting_since, called_at, call_count, concern) -> TicketRow:
    return TicketRow(ticket_id, visit_id, location_id, queue_id, code, ticket_label(issue_code, number), token,
                     language, state, desk_id, desk, day, waiting_since, called_at, call_count, concern)


@dataclass(frozen=True)
class StepFigures:
    location_id: int
    desk: str | None  # None: steps no desk has called yet
    queue_code: str
    steps: int
    served: int
    referred: int
    no_show: int
    mean_wait_minutes: float | None
    mean_service_minutes: float | None
    parked_minutes: float


def _count(outcome: str):
    return func.sum(case((TicketStep.outcome == outcome, 1), else_=0))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _queues_of(location_id):
    """The place's queues, for look-ups of steps by the time they were called: an index range of
    the steps (ix_ticket_step_called_at), where a join through the day's tickets would read
    every ticket of the day, most of them still waiting; the display and the phones poll this."""
    return select(QueueLine.id).where(QueueLine.location_id == location_id).scalar_subquery()


# What the display and every waiting visitor's phone poll: statements built once.
_WAITING_AT = (Ticket.location_id == bindparam("location_id"), Ticket.day == bindparam("day"),
               Ticket.state == "waiting")
WAITING_COUNT = select(func.count()).select_from(Ticket).where(*_WAITING_AT)
FIRST_WAITING = (select(Ticket.issue_code, Ticket.number).where(*_WAITING_AT)
                 .order_by(Ticket.waiting_since, Ticket.id).limit(bindparam("limit")))
# Everyone waiting in the ticket's queue (while it is parked) ...
WAITING_BESIDE = WAITING_COUNT.where(Ticket.queue_id == bindparam("queue_id"), Ticket.id != bindparam("id"))
# ... or those before it (while it waits): earlier, or as early and issued first.
AHEAD_OF_WAITING = WAITING_BESIDE.where(or_(Ticket.waiting_since < bindparam("since"),
                                            and_(Ticket.waiting_since == bindparam("since"),
                                                 Ticket.id < bindparam("id"))))
MEAN_SERVICE = (select(TicketStep.queue_id, func.avg(TicketStep.service_minutes))
                .where(TicketStep.called_at >= bindparam("start"), TicketStep.called_at < bindparam("end"),
                       TicketStep.queue_id.in_(_queues_of(bindparam("location_id"))), TicketStep.outcome == "served",
                       TicketStep.service_minutes.is_not(None))
                .group_by(TicketStep.queue_id))
LINKS_FOR = (select(InfoLink).where(InfoLink.language == bindparam("language"), InfoLink.status != "broken",
                                    (InfoLink.concern == bindparam("concern")) | InfoLink.concern.is_(None))
             .order_by(InfoLink.concern.is_(None), InfoLink.id))
DESKS_CALLING = (select(TicketStep.queue_id, func.count(func.distinct(TicketStep.desk_id)))
                 .where(TicketStep.called_at >= bindparam("since"),
                        TicketStep.queue_id.in_(_queues_of(bindparam("location_id"))))
                 .group_by(TicketStep.queue_id))


class QueueRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- queues and desks -----------------------------------------------------------
    def queues(self, location_id: int) -> list[QueueLine]:
        stmt = (select(QueueLine).where(QueueLine.location_id == location_id, QueueLine.active)
                .order_by(QueueLine.position, QueueLine.code))
        found = list(self.session.scalars(stmt))
        if not found and self.session.get(Location, location_id) is not None:
            found = self._default_queues(location_id)
        return found

    def _default_queues(self, location_id: int) -> list[QueueLine]:
        """Set up a place's first queues and desks; a racing first use by another desk wins."""
        try:
            with self.session.begin_nested():
                self.session.add_all(
                    [QueueLine(location_id=location_id, code=code, name_de=de, name_en=en, concerns=concerns,
                               position=position, active=True)
                     for position, (code, de, en, concerns) in enumerate(DEFAULT_QUEUES)]
                    + [Desk(location_id=location_id, name=name, queue_codes=codes, active=True)
                       for name, codes in DEFAULT_DESKS])
                self.session.flush()
        except IntegrityError:
            pass  # set up meanwhile by someone else: read theirs
        stmt = (select(QueueLine).where(QueueLine.location_id == location_id, QueueLine.active)
                .order_by(QueueLine.position, QueueLine.code))
        return list(self.session.scalars(stmt))

    def queue_for(self, location_id: int, concern: str) -> QueueLine:
        """The first queue of the place that names the concern, else its first catch-all."""
        lines = self.queues(location_id)
        named = [q for q in lines if concern in q.concerns.split(",")]
        catch_all = [q for q in lines if not q.concerns.strip()]
        chosen = (named or catch_all or lines)[:1]
        if not chosen:
            raise QueueError("location", "unknown")
        return chosen[0]

    def queue_by_code(self, location_id: int, code: str) -> QueueLine | None:
        return self.session.scalar(select(QueueLine).where(QueueLine.location_id == location_id, QueueLine.code == code))

    def desks(self, location_id: int) -> list[Desk]:
        self.queues(location_id)  # a place's first use sets up its default queues and desks
        stmt = select(Desk).where(Desk.location_id == location_id, Desk.active).order_by(Desk.name)
        return list(self.session.scalars(stmt))

    def desk(self, desk_id: int) -> Desk | None:
        return self.session.get(Desk, desk_id)

    # --- tickets ---------------------------------------------------------------------
    def issue(self, visit: Visit, language: str, *, new_visit: bool = False) -> TicketRow:
        """A ticket for a recorded visit: the next number of the day in its queue (once per visit;
        `new_visit`: recorded in this transaction, so it has none yet)."""
        existing = None if new_visit else self.session.scalar(select(Ticket).where(Ticket.visit_id == visit.id))
        if existing is not None:
            return self._row(existing)
        if new_visit and self.session.bind.dialect.name == "postgresql":
            issued = self._issue_in_one_statement(visit, language)
            if issued is not None:
                return issued
        line = self.queue_for(visit.location_id, visit.concern)
        ticket = Ticket(visit_id=visit.id, location_id=visit.location_id, queue_id=line.id, day=visit.day,
                        issue_code=line.code, number=self.next_number(visit.location_id, visit.day, line.code),
                        token=secrets.token_urlsafe(24), language=language, state="waiting",
                        waiting_since=visit.arrived_at, call_count=0)
        self.session.add(ticket)
        self.session.flush()
        self.session.add(TicketStep(ticket_id=ticket.id, queue_id=line.id, waiting_since=visit.arrived_at,
                                    parked_minutes=0.0))
        self.session.flush()
        return self._row(ticket)

    def _issue_in_one_statement(self, visit: Visit, language: str) -> TicketRow | None:
        """The new visit's ticket and first step in one round trip (PostgreSQL): the desk records
        arrivals all day, and each ORM statement is a round trip of its own. None where the
        place has no queues yet or its counter stands behind its tickets (after a crash): the
        ORM path then sets up the queues or draws past the highest number."""
        token = secrets.token_urlsafe(24)
        found = self.session.execute(ISSUE_NEW_TICKET, dict(
            visit_id=visit.id, location_id=visit.location_id, concern=visit.concern, day=visit.day,
            token=token, language=language, arrived_at=visit.arrived_at)).first()
        if found is None:
            return None
        ticket_id, queue_id, code, number = found
        return TicketRow(ticket_id, visit.id, visit.location_id, queue_id, code, ticket_label(code, number), token,
                         language, "waiting", None, None, visit.day, visit.arrived_at, None, 0, visit.concern)

    def next_number(self, location_id: int, day: dt.date, code: str) -> int:
        """Draw the day's next number of a queue letter in one atomic statement.

        Past the highest number already on a ticket, too: the check-in API commits its draws
        without waiting for the disk (data_access/repositories/device_arrivals.py), so after a
        database crash the counter may stand behind the tickets, and this sets it right.
        """
        insert = {"postgresql": pg_insert, "sqlite": sqlite_insert}[self.session.bind.dialect.name]
        counter = TicketCounter.__table__
        taken = (select(func.coalesce(func.max(Ticket.number), 0))
                 .where(Ticket.location_id == location_id, Ticket.day == day, Ticket.issue_code == code)
                 .scalar_subquery())
        stmt = (insert(counter).values(location_id=location_id, day=day, code=code, last=taken + 1)
                .on_conflict_do_update(index_elements=["location_id", "day", "code"],
                                       set_={"last": case((counter.c.last >= taken, counter.c.last + 1),
                                                          else_=taken + 1)})
                .returning(counter.c.last))
        return self.session.execute(stmt).scalar_one()

    def get(self, ticket_id: int) -> Ticket | None:
        return self.session.get(Ticket, ticket_id)

    def for_visit(self, visit_id: int) -> Ticket | None:
        return self.session.scalar(select(Ticket).where(Ticket.visit_id == visit_id))

    def row(self, ticket_id: int) -> TicketRow | None:
        ticket = self.session.get(Ticket, ticket_id)
        return self._row(ticket) if ticket else None

    def by_token(self, token: str) -> TicketRow | None:
        if not token or len(token) > 64:
            return None
        found = self.session.execute(TICKET_BY_TOKEN, {"token": token}).first()
        return _plain_row(*found) if found else None

    def open_tickets(self, location_id: int, day: dt.date) -> list[TicketRow]:
        """The day's tickets still in the queue or at a desk, in the order they are called."""
        stmt = (select(Ticket, QueueLine.code, Desk.name, Visit.concern)
                .join(QueueLine, QueueLine.id == Ticket.queue_id)
                .join(Visit, Visit.id == Ticket.visit_id)
                .outerjoin(Desk, Desk.id == Ticket.desk_id)
                .where(Ticket.location_id == location_id, Ticket.day == day, Ticket.state.in_(OPEN_STATES))
                .order_by(Ticket.waiting_since, Ticket.id))
        return [self._row(t, code, desk, concern) for t, code, desk, concern in self.session.execute(stmt)]

    def waiting(self, location_id: int, day: dt.date, limit: int) -> tuple[int, list[str]]:
        """(how many wait at the place, the labels of the first `limit` to be called), in two
        indexed queries: the display polls this, so it never loads the whole day's queue."""
        params = {"location_id": location_id, "day": day, "limit": limit}
        count = self.session.scalar(WAITING_COUNT, params)
        return count, [ticket_label(code, number) for code, number in self.session.execute(FIRST_WAITING, params)]

    def first_open(self, location_id: int, day: dt.date, *, state: str, codes: tuple[str, ...] = (),
                   desk_id: int | None = None) -> int | None:
        """The id of the day's first ticket in `state` (of the queues `codes`, or called to
        `desk_id`), in the order they are called; one indexed query, not the whole queue."""
        stmt = (select(Ticket.id).where(Ticket.location_id == location_id, Ticket.day == day, Ticket.state == state)
                .order_by(Ticket.waiting_since, Ticket.id).limit(1))
        if codes:
            stmt = stmt.join(QueueLine, QueueLine.id == Ticket.queue_id).where(QueueLine.code.in_(codes))
        if desk_id is not None:
            stmt = stmt.where(Ticket.desk_id == desk_id)
        return self.session.scalar(stmt)

    def is_open_at(self, ticket_id: int, location_id: int, day: dt.date) -> bool:
        """Whether the ticket is one of this place's open tickets of the day."""
        return self.session.scalar(select(func.count()).select_from(Ticket).where(
            Ticket.id == ticket_id, Ticket.location_id == location_id, Ticket.day == day,
            Ticket.state.in_(OPEN_STATES))) == 1

    def ahead(self, row: TicketRow) -> int:
        """How many wait before this ticket in its queue (everyone waiting there, while it is parked)."""
        params = {"location_id": row.location_id, "day": row.day, "queue_id": row.queue_id, "id": row.id,
                  "since": row.waiting_since}
        return self.session.scalar(AHEAD_OF_WAITING if row.state == "waiting" else WAITING_BESIDE, params)

    def recent_calls(self, location_id: int, day: dt.date, limit: int) -> list[TicketRow]:
        rows = self.session.execute(RECENT_CALLS, {"location_id": location_id, "day": day, "limit": limit})
        return [_plain_row(*row) for row in rows]

    def mean_service_minutes(self, location_id: int, day: dt.date) -> dict[int, float]:
        """Per queue, the mean minutes from call to end of today's finished steps (averaged in
        the database: every status page's poll asks)."""
        start = dt.datetime.combine(day, dt.time())
        params = {"location_id": location_id, "start": start, "end": start + dt.timedelta(days=1)}
        return {queue_id: float(mean) for queue_id, mean in self.session.execute(MEAN_SERVICE, params)}

    def desks_calling(self, location_id: int, since: dt.datetime) -> dict[int, int]:
        """Per queue, how many desks have called from it since `since` (desks at work)."""
        return dict(self.session.execute(DESKS_CALLING, {"location_id": location_id, "since": since}).all())

    def step_figures(self, start: dt.date, end: dt.date, location_id: int | None = None, *,
                     location_codes: tuple[str, ...] = (), target_groups: tuple[str, ...] = (),
                     concerns: tuple[str, ...] = (), languages: tuple[str, ...] = ()) -> list[StepFigures]:
        """Per place, desk and queue: the steps of the visits from start to end (inclusive),
        of the visits the optional value lists select (empty: all, as in VisitFilter)."""
        stmt = (select(Ticket.location_id, Desk.name, QueueLine.code, func.count(TicketStep.id),
                       _count("served"), _count("referred"), _count("no_show"),
                       func.avg(TicketStep.wait_minutes), func.avg(TicketStep.service_minutes),
                       func.sum(TicketStep.parked_minutes))
                .join(Ticket, Ticket.id == TicketStep.ticket_id)
                .join(QueueLine, QueueLine.id == TicketStep.queue_id)
                .outerjoin(Desk, Desk.id == TicketStep.desk_id)
                .where(Ticket.day >= start, Ticket.day <= end)
                .group_by(Ticket.location_id, Desk.name, QueueLine.code)
                .order_by(Ticket.location_id, Desk.name, QueueLine.code))
        if location_id is not None:
            stmt = stmt.where(Ticket.location_id == location_id)
        if location_codes:
            stmt = stmt.where(Ticket.location_id.in_(select(Location.id).where(Location.code.in_(location_codes))))
        chosen = [(Visit.target_group, target_groups), (Visit.concern, concerns), (Visit.language, languages)]
        if any(values for _column, values in chosen):
            stmt = stmt.join(Visit, Visit.id == Ticket.visit_id)
            for column, values in chosen:
                if values:
                    stmt = stmt.where(column.in_(values))
        return [StepFigures(loc, desk, code, steps, served or 0, referred or 0, no_show or 0,
                            None if w is None else round(float(w), 1), None if s is None else round(float(s), 1),
                            round(float(parked or 0), 1))
                for loc, desk, code, steps, served, referred, no_show, w, s, parked in self.session.execute(stmt)]

    # --- the desk's actions ----------------------------------------------------------------
    def call(self, ticket_id: int, desk_id: int, at: dt.datetime) -> TicketRow:
        ticket = self._open(ticket_id, lock_visit=True)
        if ticket.state == "called" and ticket.desk_id == desk_id:
            raise QueueError("ticket", "already_called")
        self._called(ticket, self._current_step(ticket), desk_id, at)
        self.session.flush()
        return self._row(ticket)

    def _called(self, ticket: Ticket, step: TicketStep, desk_id: int, at: dt.datetime) -> None:
        """The ticket, its current step and its visit as called to `desk_id` at `at` (not flushed)."""
        desk_rules.call_ticket(ticket, step, self.session.get(Visit, ticket.visit_id), desk_id, at)

    def recall(self, ticket_id: int, at: dt.datetime) -> TicketRow:
        ticket = self._open(ticket_id)
        if ticket.state != "called":
            raise QueueError("ticket", "not_called")
        ticket.called_at = at
        ticket.call_count += 1
        self.session.flush()
        return self._row(ticket)

    def park(self, ticket_id: int, at: dt.datetime) -> TicketRow:
        """The visitor stepped out: off the display, back in line on return, place kept."""
        ticket = self._open(ticket_id)
        ticket.state, ticket.parked_at, ticket.desk_id = "parked", at, None
        step = self._current_step(ticket)
        step.desk_id, step.called_at, step.wait_minutes = None, None, None
        self.session.flush()
        return self._row(ticket)

    def back_in_line(self, ticket_id: int, at: dt.datetime) -> TicketRow:
        ticket = self._open(ticket_id)
        if ticket.state != "parked":
            raise QueueError("ticket", "not_parked")
        self._back(ticket, self._current_step(ticket), at)
        self.session.flush()
        return self._row(ticket)

    @staticmethod
    def _back(ticket: Ticket, step: TicketStep, at: dt.datetime) -> None:
        desk_rules.back_in_line(ticket, step, at)

    def refer(self, ticket_id: int, queue_id: int, at: dt.datetime) -> TicketRow:
        """On to another queue; the ticket keeps its arrival time (and so its place)."""
        ticket = self._open(ticket_id)
        if queue_id == ticket.queue_id:
            raise QueueError("queue", "same_queue")
        step = self._current_step(ticket)
        step.finished_at, step.outcome = at, "referred"
        if step.called_at is not None:
            step.service_minutes = max(0.0, desk_rules.minutes(step.called_at, at))
        ticket.queue_id, ticket.state, ticket.desk_id = queue_id, "waiting", None
        self.session.add(TicketStep(ticket_id=ticket.id, queue_id=queue_id, waiting_since=at, parked_minutes=0.0))
        self.session.flush()
        return self._row(ticket)

    def finish(self, ticket_id: int, at: dt.datetime, *, no_show: bool = False) -> TicketRow:
        ticket = self._open(ticket_id, lock_visit=True)
        if not no_show and ticket.state != "called":
            raise QueueError("ticket", "not_called")
        self._finished(ticket, self._current_step(ticket), at, no_show)
        self.session.flush()
        return self._row(ticket)

    def _finished(self, ticket: Ticket, step: TicketStep, at: dt.datetime, no_show: bool) -> None:
        """The ticket, its current step and (unless already closed) its visit as ended (not flushed)."""
        desk_rules.end_ticket(ticket, step, self.session.get(Visit, ticket.visit_id), at, no_show,
                              lambda: self._was_referred(ticket))

    def reception_desk(self, location_id: int, queue_code: str) -> Desk | None:
        """The desk the check-in page calls to (desk_rules.reception_desk); None when the place has none."""
        # A place with tickets has its queues and desks set up (issue did): no set-up here.
        return desk_rules.reception_desk(self._active_desks(location_id), queue_code)

    def _active_desks(self, location_id: int) -> list[Desk]:
        return list(self.session.scalars(select(Desk).where(Desk.location_id == location_id, Desk.active)))

    def follow_visit(self, visit_id: int, event: str, at: dt.datetime) -> TicketRow | None:
        """Move a visit's ticket along after the check-in page changed the visit itself.

        `event`: "called" (the ticket is called at the place's reception desk), "finished"
        (done) or "left" (no-show). The caller has changed (and so locked) the visit in this
        transaction already, which keeps the lock order of the desk's steps (visit, then
        ticket: see _open) without another look-up; the visit is left as it is. The check-in
        page does this for every call and finish, so the ticket, its queue's letter and its
        current step come in one query. None when the visit has no open ticket (issued
        before the queue, or already closed at a desk).
        """
        if event not in ("called", "finished", "left"):
            raise QueueError("event", "unknown")
        latest = (select(func.max(TicketStep.id)).where(TicketStep.ticket_id == Ticket.id)
                  .correlate(Ticket).scalar_subquery())
        found = self.session.execute(
            select(Ticket, QueueLine.code, TicketStep, Desk.name)
            .join(QueueLine, QueueLine.id == Ticket.queue_id)
            .join(TicketStep, TicketStep.id == latest)
            .outerjoin(Desk, Desk.id == Ticket.desk_id)
            .where(Ticket.visit_id == visit_id)
            .execution_options(populate_existing=True)).first()
        if found is None or found[0].state not in OPEN_STATES:
            return None
        ticket, code, step, desk_name = found
        visit = self.session.get(Visit, visit_id) if event != "left" else None  # "left" leaves the visit alone
        desk = desk_rules.follow(ticket, step, visit, event, at,
                                 lambda: self._active_desks(ticket.location_id), code,
                                 lambda: self._was_referred(ticket))
        if desk is False:
            return None
        self.session.flush()
        return self._row(ticket, code, desk.name if desk is not None else desk_name)

    # --- display tokens -------------------------------------------------------------------
    def create_display_token(self, location_id: int, label: str, by: str, at: dt.datetime) -> tuple[int, str]:
        """(id, the token): the token is shown once and only its hash is kept."""
        if self.session.get(Location, location_id) is None:
            raise QueueError("location", "unknown")
        token = secrets.token_urlsafe(24)
        row = DisplayToken(location_id=location_id, label=label[:60], token_hash=_hash(token),
                           created_at=at, created_by=by)
        self.session.add(row)
        self.session.flush()
        return row.id, token

    def revoke_display_token(self, token_id: int, at: dt.datetime) -> bool:
        done = self.session.execute(update(DisplayToken).where(DisplayToken.id == token_id,
                                                               DisplayToken.revoked_at.is_(None))
                                    .values(revoked_at=at))
        return done.rowcount == 1

    def display_tokens(self) -> list[DisplayToken]:
        return list(self.session.scalars(select(DisplayToken).order_by(DisplayToken.created_at.desc())))

    def display_location(self, token: str) -> int | None:
        """The place a display token shows, or None (unknown or revoked)."""
        if not token or len(token) > 64:
            return None
        return self.session.scalar(select(DisplayToken.location_id).where(
            DisplayToken.token_hash == _hash(token), DisplayToken.revoked_at.is_(None)))

    # --- information for people waiting ----------------------------------------------------
    def info_links(self) -> list[InfoLink]:
        return list(self.session.scalars(select(InfoLink).order_by(InfoLink.concern, InfoLink.language, InfoLink.id)))

    def links_for(self, concern: str, language: str) -> list[InfoLink]:
        """Working links for a concern (and those for every concern) in one language."""
        return list(self.session.scalars(LINKS_FOR, {"concern": concern, "language": language}))

    def add_link(self, concern: str | None, language: str, title: str, url: str, by: str) -> InfoLink:
        link = InfoLink(concern=concern, language=language, title=title, url=url, status="unchecked", created_by=by)
        self.session.add(link)
        self.session.flush()
        return link

    def remove_link(self, link_id: int) -> bool:
        link = self.session.get(InfoLink, link_id)
        if link is None:
            return False
        self.session.delete(link)
        self.session.flush()
        return True

    def set_link_status(self, link_id: int, status: str, at: dt.datetime) -> None:
        link = self.session.get(InfoLink, link_id)
        if link is not None:
            link.status, link.checked_at = status, at
            self.session.flush()

    # --- helpers -----------------------------------------------------------------------------
    def _open(self, ticket_id: int, *, lock_visit: bool = False) -> Ticket:
        """The open ticket; with `lock_visit`, its visit's row locked first (PostgreSQL).

        A step that changes the visit as well as the ticket takes the visit's lock before
        the ticket's: the check-in page and the API change the visit first and the ticket
        after (follow_visit), and the same order on both paths is what keeps a desk and
        the check-in page acting on one visit at once from deadlocking.
        """
        ticket = self.session.get(Ticket, ticket_id)
        if ticket is None:
            raise QueueError("ticket", "unknown")
        if lock_visit:
            self.session.execute(select(Visit.id).where(Visit.id == ticket.visit_id).with_for_update())
            self.session.refresh(ticket)  # as it stands now that no one else may change it under us
        if ticket.state not in OPEN_STATES:
            raise QueueError("ticket", "closed")
        return ticket

    def _current_step(self, ticket: Ticket) -> TicketStep:
        return self.session.scalar(select(TicketStep).where(TicketStep.ticket_id == ticket.id)
                                   .order_by(TicketStep.id.desc()).limit(1))

    def _was_referred(self, ticket: Ticket) -> bool:
        return bool(self.session.scalar(select(func.count()).select_from(TicketStep).where(
            TicketStep.ticket_id == ticket.id, TicketStep.outcome == "referred")))

    def _row(self, ticket: Ticket, code: str | None = None, desk: str | None = None,
             concern: str | None = None) -> TicketRow:
        if code is None:
            code = self.session.get(QueueLine, ticket.queue_id).code
        if desk is None and ticket.desk_id is not None:
            desk = self.session.get(Desk, ticket.desk_id).name
        if concern is None:
            concern = self.session.get(Visit, ticket.visit_id).concern
        return TicketRow(ticket.id, ticket.visit_id, ticket.location_id, ticket.queue_id, code,
                         ticket_label(ticket.issue_code, ticket.number),
                         ticket.token, ticket.language, ticket.state, ticket.desk_id, desk, ticket.day,
                         ticket.waiting_since, ticket.called_at, ticket.call_count, concern)
