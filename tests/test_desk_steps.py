"""The check-in page's short path for call and finish (DeskStepRepository) against the ORM's.

Both apply data_access/desk_rules.py; these tests hold the rows they write together, state
by state of the ticket, and their refusals, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select, update

from dashboard.services import queue
from dashboard.services.unit_of_work import UnitOfWork
from data_access.db import session_scope
from data_access.models import AuditEvent, Location, Visit
from data_access.queue_models import Desk, Ticket, TicketStep
from data_access.repositories import CheckinRepository
from data_access.repositories.checkin import Arrival, CheckinError
from data_access.repositories.desk_steps import STEP_FIELDS, TICKET_FIELDS, VISIT_FIELDS, DeskStepRepository
from data_access.repositories.queue import QueueRepository

NINE = dt.datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def centre(migrated_url):
    with session_scope(migrated_url) as session:
        session.add(Location(code="centre", name="Servicezentrum", kind="service_centre"))
    with session_scope(migrated_url) as session:
        return CheckinRepository(session).locations()[0].id


def arrive(url, location_id, at, *, ticket=True):
    with session_scope(url) as session:
        visit_id = CheckinRepository(session).record_arrival(Arrival(location_id, "ukraine", "uk", "housing"), at).id
    if ticket:
        queue.issue_ticket(visit_id, "uk", uow=UnitOfWork(url))
    return visit_id


def twins(url, location_id, at=NINE, *, ticket=True):
    return arrive(url, location_id, at, ticket=ticket), arrive(url, location_id, at, ticket=ticket)


def orm_step(url, visit_id, step, at, outcome="served", video=False):
    with session_scope(url) as session:
        checkin, tickets = CheckinRepository(session), QueueRepository(session)
        if step == "call":
            checkin.call(visit_id, at)
            tickets.follow_visit(visit_id, "called", at)
        else:
            checkin.finish(visit_id, at, outcome, video)
            tickets.follow_visit(visit_id, "finished", at)


def short_step(url, visit_id, step, at, outcome="served", video=False):
    with session_scope(url) as session:
        steps = DeskStepRepository(session)
        if step == "call":
            steps.call(visit_id, at, "empfang")
        else:
            steps.finish(visit_id, at, outcome, video, "empfang")


def rows(url, visit_id):
    """What a step may change: the visit's, its ticket's and current step's fields."""
    with session_scope(url) as session:
        visit = session.get(Visit, visit_id)
        ticket = session.scalar(select(Ticket).where(Ticket.visit_id == visit_id))
        step = ticket and session.scalar(select(TicketStep).where(TicketStep.ticket_id == ticket.id)
                                         .order_by(TicketStep.id.desc()).limit(1))
        return ({f: getattr(visit, f) for f in VISIT_FIELDS},
                {f: getattr(ticket, f) for f in TICKET_FIELDS} if ticket else None,
                {f: getattr(step, f) for f in STEP_FIELDS} if step else None)


def both(url, pair, step, at, **kw):
    orm_step(url, pair[0], step, at, **kw)
    short_step(url, pair[1], step, at, **kw)
    first, second = rows(url, pair[0]), rows(url, pair[1])
    assert first == second
    return second


def test_a_waiting_ticket_is_called_and_finished_as_on_the_orm_path(migrated_url, centre):
    pair = twins(migrated_url, centre)
    visit, ticket, step = both(migrated_url, pair, "call", NINE + dt.timedelta(minutes=12, seconds=9))
    assert visit["wait_minutes"] == 12.2 and ticket["state"] == "called" and ticket["call_count"] == 1
    assert ticket["desk_id"] is not None and step["desk_id"] == ticket["desk_id"] and step["wait_minutes"] == 12.2
    visit, ticket, step = both(migrated_url, pair, "finish", NINE + dt.timedelta(minutes=30), video=True)
    assert visit["outcome"] == "served" and visit["video_interpreter"] is True and visit["service_minutes"] == 17.9
    assert ticket["state"] == "done" and step["outcome"] == "served" and step["service_minutes"] == 17.9


def test_a_ticket_called_at_a_desk_is_finished_from_the_checkin_page_as_on_the_orm_path(migrated_url, centre):
    pair = twins(migrated_url, centre)
    desk = queue.places_and_desks(uow=UnitOfWork(migrated_url))[0][2][1][0]  # a desk other than reception
    for visit_id in pair:
        with session_scope(migrated_url) as session:
            ticket_id = session.scalar(select(Ticket.id).where(Ticket.visit_id == visit_id))
            QueueRepository(session).call(ticket_id, desk, NINE + dt.timedelta(minutes=4))
    _visit, ticket, _step = both(migrated_url, pair, "finish", NINE + dt.timedelta(minutes=9))
    assert ticket["state"] == "done" and ticket["desk_id"] == desk  # still the desk that called


def test_a_parked_ticket_finished_at_the_checkin_page_comes_back_first_as_on_the_orm_path(migrated_url, centre):
    pair = twins(migrated_url, centre)
    for visit_id in pair:
        with session_scope(migrated_url) as session:
            tickets = QueueRepository(session)
            ticket_id = session.scalar(select(Ticket.id).where(Ticket.visit_id == visit_id))
            desk = tickets.reception_desk(centre, "B").id
            tickets.call(ticket_id, desk, NINE + dt.timedelta(minutes=3))
            tickets.park(ticket_id, NINE + dt.timedelta(minutes=5))
    _visit, ticket, step = both(migrated_url, pair, "finish", NINE + dt.timedelta(minutes=25))
    assert ticket["state"] == "done" and ticket["parked_at"] is None and step["parked_minutes"] == 20.0


def test_a_visit_without_ticket_and_a_place_without_desks_change_the_visit_only(migrated_url, centre):
    bare = twins(migrated_url, centre, ticket=False)
    visit, ticket, step = both(migrated_url, bare, "call", NINE + dt.timedelta(minutes=1))
    assert visit["called_at"] is not None and ticket is None and step is None
    pair = twins(migrated_url, centre)
    with session_scope(migrated_url) as session:
        session.execute(update(Desk).values(active=False))
    visit, ticket, _step = both(migrated_url, pair, "call", NINE + dt.timedelta(minutes=2))
    assert visit["wait_minutes"] == 2.0 and ticket["state"] == "waiting" and ticket["call_count"] == 0


@pytest.mark.parametrize(("setup", "step", "minutes", "outcome", "refusal"), [
    ("waiting", "call", -1, "served", ("called_at", "before_arrival")),
    ("waiting", "call", 24 * 60 + 1, "served", ("called_at", "too_late")),
    ("called", "call", 5, "served", ("called_at", "already_called")),
    ("waiting", "finish", 5, "served", ("finished_at", "not_called")),
    ("called", "finish", 1, "served", ("finished_at", "before_call")),
    ("called", "finish", 5, "bogus", ("outcome", "unknown")),
    ("finished", "finish", 9, "served", ("id", "closed")),
    ("missing", "call", 5, "served", ("id", "not_found")),
])
def test_both_paths_refuse_alike_and_write_nothing(migrated_url, centre, setup, step, minutes, outcome, refusal):
    pair = twins(migrated_url, centre)
    for visit_id in pair:
        if setup in ("called", "finished"):
            orm_step(migrated_url, visit_id, "call", NINE + dt.timedelta(minutes=2))
        if setup == "finished":
            orm_step(migrated_url, visit_id, "finish", NINE + dt.timedelta(minutes=8))
    if setup == "missing":
        pair = (10_000, 10_001)
    before = [rows(migrated_url, v) for v in pair] if setup != "missing" else None
    at = NINE + dt.timedelta(minutes=minutes)
    for path, visit_id in ((orm_step, pair[0]), (short_step, pair[1])):
        with pytest.raises(CheckinError) as refused:
            path(migrated_url, visit_id, step, at, outcome=outcome)
        assert (refused.value.field, refused.value.code) == refusal
    if before is not None:
        assert [rows(migrated_url, v) for v in pair] == before


def test_the_audit_line_names_the_login_and_the_visit(migrated_url, centre):
    visit_id = arrive(migrated_url, centre, NINE)
    short_step(migrated_url, visit_id, "call", NINE + dt.timedelta(minutes=3))
    with session_scope(migrated_url) as session:
        line = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (line.actor, line.action, line.entity, line.entity_id) == ("empfang", "visit_called", "visit", visit_id)


def test_two_desks_calling_one_visitor_at_once_one_is_told_so(migrated_url, centre):
    """The visit is locked before it is read: the second desk waits for the first and then
    sees the visitor called (without the lock both would overwrite each other's call)."""
    if not migrated_url.startswith("postgresql"):
        pytest.skip("SQLite has no row locks: its one writer at a time refuses the second transaction instead")
    visit_id = arrive(migrated_url, centre, NINE)
    second: list[BaseException | float] = []

    def second_desk():
        try:
            with UnitOfWork(migrated_url) as work:
                second.append(work.desk_steps.call(visit_id, NINE + dt.timedelta(minutes=6), "empfang2"))
                work.commit()
        except CheckinError as refused:
            second.append(refused)

    with UnitOfWork(migrated_url) as work:
        assert work.desk_steps.call(visit_id, NINE + dt.timedelta(minutes=5), "empfang1") == 5.0
        other = threading.Thread(target=second_desk)
        other.start()
        other.join(0.5)
        assert other.is_alive()  # waiting for the first desk's lock
        work.commit()
    other.join(10)
    assert len(second) == 1 and isinstance(second[0], CheckinError) and second[0].code == "already_called"
    with session_scope(migrated_url) as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == "visit_called")) == 1
        assert session.get(Visit, visit_id).wait_minutes == 5.0


# --- recording an arrival ---------------------------------------------------------------------
def record(url, location_id, at, key, concern="housing"):
    from dashboard.services import checkin_desk

    return checkin_desk.record("empfang", Arrival(location_id, "ukraine", "uk", concern), at, key=key,
                               uow=UnitOfWork(url))


def stored(url, visit_id):
    with session_scope(url) as session:
        visit = session.get(Visit, visit_id)
        ticket = session.scalar(select(Ticket).where(Ticket.visit_id == visit_id))
        steps = session.scalars(select(TicketStep).where(TicketStep.ticket_id == ticket.id)).all()
        return ({c: getattr(visit, c) for c in ("location_id", "arrived_at", "day", "weekday", "slot", "channel",
                                                 "target_group", "language", "concern", "video_interpreter",
                                                 "device_token_id", "called_at", "outcome")},
                {c: getattr(ticket, c) for c in ("location_id", "queue_id", "day", "issue_code", "language", "state",
                                                  "waiting_since", "call_count")},
                [(s.queue_id, s.waiting_since, s.parked_minutes, s.called_at) for s in steps])


def test_an_entry_is_stored_as_the_orm_path_stores_it_and_numbered_on(migrated_url, centre):
    at = NINE + dt.timedelta(minutes=7, seconds=30)
    first = record(migrated_url, centre, at, "entry-1")  # sets up the place's queues (the ORM path)
    second = record(migrated_url, centre, at, "entry-2")  # on PostgreSQL the one-statement path
    with session_scope(migrated_url) as session:
        orm_visit, _created = CheckinRepository(session).record_desk_arrival(
            Arrival(centre, "ukraine", "uk", "housing"), at, "entry-3")
        third = QueueRepository(session).issue(orm_visit, "uk", new_visit=True)
        third_id = orm_visit.id
    assert (first.ticket, second.ticket, third.label) == ("B-001", "B-002", "B-003")
    assert stored(migrated_url, second.visit_id) == stored(migrated_url, third_id)
    with session_scope(migrated_url) as session:
        line = session.scalars(select(AuditEvent).where(AuditEvent.entity_id == second.visit_id)).one()
        assert (line.actor, line.action, line.entity) == ("empfang", "visit_arrival", "visit")


def test_an_entry_saved_again_is_stored_once_and_draws_no_second_number(migrated_url, centre):
    first = record(migrated_url, centre, NINE, "entry-1")
    again = record(migrated_url, centre, NINE + dt.timedelta(minutes=1), "entry-1")
    assert again == first
    after = record(migrated_url, centre, NINE + dt.timedelta(minutes=2), "entry-2")
    assert after.ticket == "B-002"  # no gap left by the retry
    with session_scope(migrated_url) as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 2
        assert session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == "visit_arrival")) == 2
    with pytest.raises(CheckinError) as refused:
        record(migrated_url, centre, NINE, "entry-1", concern="work")
    assert refused.value.code == "key_reused"


def test_an_entry_for_an_unknown_place_is_refused_and_nothing_is_written(migrated_url, centre):
    with pytest.raises(CheckinError) as refused:
        record(migrated_url, centre + 99, NINE, "entry-1")
    assert (refused.value.field, refused.value.code) == ("location", "unknown")
    with session_scope(migrated_url) as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_postgresql_records_an_entry_of_a_place_with_queues_in_one_statement(migrated_url, centre):
    record(migrated_url, centre, NINE, "entry-1")  # the place's queues are set up on the way
    with session_scope(migrated_url) as session:
        quick = DeskStepRepository(session).record(Arrival(centre, "ukraine", "uk", "work"), NINE, "entry-2", "empfang")
    if migrated_url.startswith("postgresql"):
        assert quick is not None and quick[1] == "J-001"
    else:
        assert quick is None  # SQLite takes the ORM path


def test_the_desks_lists_read_without_a_session_are_those_the_repository_reads(migrated_url, centre, monkeypatch):
    """desk_state after an action reads on the statement engine (a prepared statement on
    PostgreSQL); with a unit of work it reads through CheckinRepository: the same lists."""
    from dashboard.services import checkin_desk

    monkeypatch.setenv("DATABASE_URL", migrated_url)
    first, second, third = (arrive(migrated_url, centre, NINE + dt.timedelta(minutes=m)) for m in (0, 5, 10))
    orm_step(migrated_url, second, "call", NINE + dt.timedelta(minutes=20))
    orm_step(migrated_url, third, "call", NINE + dt.timedelta(minutes=21))
    orm_step(migrated_url, third, "finish", NINE + dt.timedelta(minutes=30))
    arrive(migrated_url, centre, NINE - dt.timedelta(days=1))  # another day: on no list
    direct = checkin_desk.desk_state(centre, NINE.date())
    assert direct == checkin_desk.desk_state(centre, NINE.date(), uow=UnitOfWork(migrated_url))
    assert [e.visit_id for e in direct.waiting] == [first]
    assert [(e.visit_id, e.called_at) for e in direct.in_advice] == [(second, NINE + dt.timedelta(minutes=20))]
