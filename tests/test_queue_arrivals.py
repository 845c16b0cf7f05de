"""Tickets at arrival, on SQLite and PostgreSQL: the reception desk and the check-in API issue
them with the visit, and the desk's own call, finish and "left" move them, so the call
display and the visitor's status page agree with the check-in page."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from dashboard.services import checkin_desk, device_checkin, queue
from dashboard.services.unit_of_work import UnitOfWork
from data_access.db import session_scope
from data_access.models import Visit
from data_access.queue_models import Ticket, TicketStep
from data_access.repositories.checkin import Arrival
from tests.test_queue import MONDAY, desk_named, places  # noqa: F401 - fixture


def record(url, location_id, at, concern="housing", language="uk"):
    return checkin_desk.record("empfang", Arrival(location_id, "ukraine", language, concern), at, uow=UnitOfWork(url))


def status(url, token, at):
    return queue.ticket_status(token, at, uow=UnitOfWork(url))


def test_the_desk_records_an_arrival_with_its_ticket_in_one_transaction(migrated_url, places):
    first = record(migrated_url, places["centre"], MONDAY)
    second = record(migrated_url, places["centre"], MONDAY + dt.timedelta(minutes=1), concern="work", language="ar")
    assert (first.ticket, second.ticket) == ("B-001", "J-001")
    mine = status(migrated_url, second.token, MONDAY + dt.timedelta(minutes=2))
    assert (mine.label, mine.state, mine.language) == ("J-001", "waiting", "ar")
    with session_scope(migrated_url) as session:
        ticket = session.scalar(select(Ticket).where(Ticket.visit_id == first.visit_id))
        assert ticket.waiting_since == MONDAY  # the visit's arrival, its place in the line


def test_a_refused_arrival_leaves_neither_visit_nor_ticket(migrated_url, places):
    from data_access.repositories.checkin import CheckinError

    with pytest.raises(CheckinError):
        record(migrated_url, places["centre"], MONDAY, concern="bogus")
    with session_scope(migrated_url) as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 0
        assert session.scalar(select(func.count()).select_from(Ticket)) == 0


def test_calling_and_finishing_at_the_checkin_page_show_on_display_and_status_page(migrated_url, places):
    centre = places["centre"]
    a = record(migrated_url, centre, MONDAY)
    b = record(migrated_url, centre, MONDAY + dt.timedelta(minutes=1))
    token = queue.create_display_token(centre, "Wartebereich", by="admin", uow=UnitOfWork(migrated_url))
    at = MONDAY + dt.timedelta(minutes=12)
    assert checkin_desk.call("empfang", None, centre, at, uow=UnitOfWork(migrated_url)) == (a.visit_id, 12.0)
    called = status(migrated_url, a.token, at)
    assert (called.state, called.desk) == ("called", "Empfang 1")  # the desk serving every queue
    display = queue.display_state(token, at, uow=UnitOfWork(migrated_url))
    assert [(c.label, c.desk) for c in display.calls] == [(a.ticket, "Empfang 1")]
    assert display.next_labels == [b.ticket]
    assert status(migrated_url, b.token, at).ahead == 0
    checkin_desk.finish("empfang", a.visit_id, "served", False, at + dt.timedelta(minutes=8),
                        uow=UnitOfWork(migrated_url))
    assert status(migrated_url, a.token, at).state == "done"
    checkin_desk.mark_left("empfang", b.visit_id, at + dt.timedelta(minutes=9), uow=UnitOfWork(migrated_url))
    assert status(migrated_url, b.token, at).state == "no_show"
    assert queue.display_state(token, at, uow=UnitOfWork(migrated_url)).next_labels == []
    figures = queue.step_figures(MONDAY.date(), MONDAY.date(), uow=UnitOfWork(migrated_url))
    reception = next(f for f in figures if f.desk == "Empfang 1")
    assert (reception.served, reception.no_show, reception.mean_wait_minutes, reception.mean_service_minutes) == \
        (1, 0, 12.0, 8.0)
    assert sum(f.no_show for f in figures) == 1
    with session_scope(migrated_url) as session:
        left = session.get(Visit, b.visit_id)
        assert (left.outcome, left.finished_at) == ("left", None)  # the visit as the desk always kept it


def test_a_ticket_a_desk_already_closed_is_left_alone(migrated_url, places):
    centre = places["centre"]
    a = record(migrated_url, centre, MONDAY)
    advice = desk_named(migrated_url, centre, "Beratung 1")
    at = MONDAY + dt.timedelta(minutes=5)
    queue.desk_action(advice, "call_next", by="x", now=at, uow=UnitOfWork(migrated_url))
    queue.desk_action(advice, "finish", by="x", now=at + dt.timedelta(minutes=5), uow=UnitOfWork(migrated_url))
    # The visit is finished by the desk; the check-in page's lists no longer show it.
    state = checkin_desk.desk_state(centre, MONDAY.date(), uow=UnitOfWork(migrated_url))
    assert a.visit_id not in [e.visit_id for e in state.waiting + state.in_advice]


def _device_post(url, key="key-1", concern="orientation"):
    from data_access.repositories import TokenRepository
    from data_access.repositories.device_arrivals import device_arrivals

    with session_scope(url) as session:
        _, token = TokenRepository(session).create_device_token(f"Automat {key}", "admin")
    posted = device_checkin.PostedArrival(key, "infopoint", "ukraine", "uk", concern, MONDAY)

    def post():
        return device_checkin.post_arrival(token, posted, MONDAY + dt.timedelta(minutes=1),
                                           arrivals=lambda: device_arrivals(url),
                                           tickets=lambda v, lang: device_checkin.issue_ticket(v, lang,
                                                                                               uow=UnitOfWork(url)))
    return token, post


def test_the_api_issues_one_ticket_per_visit_and_a_retry_gets_the_same(migrated_url, places):
    _token, post = _device_post(migrated_url)
    first, again = post(), post()
    assert (first.created, again.created) == (True, False)
    assert first.ticket == again.ticket and first.ticket.number == "A-001"  # orientation: the catch-all queue
    assert status(migrated_url, first.ticket.token, MONDAY).state == "waiting"
    with session_scope(migrated_url) as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 1
        assert session.scalar(select(func.count()).select_from(TicketStep)) == 1


def test_a_retry_gets_the_ticket_its_first_try_did_not(migrated_url, places):
    """The visit was stored, the ticket's transaction failed: the device's retry issues it."""
    token, post = _device_post(migrated_url)
    from data_access.repositories.device_arrivals import device_arrivals

    def broken(visit_id, language):
        raise RuntimeError("database went away")

    posted = device_checkin.PostedArrival("key-1", "infopoint", "ukraine", "uk", "orientation", MONDAY)
    with pytest.raises(RuntimeError):
        device_checkin.post_arrival(token, posted, MONDAY, arrivals=lambda: device_arrivals(migrated_url),
                                    tickets=broken)
    again = post()
    assert (again.created, again.ticket.number) == (False, "A-001")


def test_a_device_calling_and_finishing_moves_the_ticket(migrated_url, places):
    token, post = _device_post(migrated_url, concern="work")
    first = post()
    visit_id = first.visit.id
    update = device_checkin.VisitUpdate(called_at=MONDAY + dt.timedelta(minutes=4), fields=("called_at",))
    assert device_checkin.update_visit(token, visit_id, update, uow=UnitOfWork(migrated_url)).refused is None
    assert status(migrated_url, first.ticket.token, MONDAY).state == "called"
    update = device_checkin.VisitUpdate(finished_at=MONDAY + dt.timedelta(minutes=9), fields=("finished_at",))
    device_checkin.update_visit(token, visit_id, update, uow=UnitOfWork(migrated_url))
    assert status(migrated_url, first.ticket.token, MONDAY).state == "done"


def test_without_desks_the_checkin_page_still_works(migrated_url, places):
    """A place whose admin switched off every desk: the visit is called, the ticket stays put."""
    from data_access.queue_models import Desk

    centre = places["centre"]
    a = record(migrated_url, centre, MONDAY)
    with session_scope(migrated_url) as session:
        for desk in session.scalars(select(Desk).where(Desk.location_id == centre)):
            desk.active = False
    assert checkin_desk.call("empfang", None, centre, MONDAY + dt.timedelta(minutes=3),
                             uow=UnitOfWork(migrated_url)) == (a.visit_id, 3.0)
    assert status(migrated_url, a.token, MONDAY).state == "waiting"



def test_the_statement_path_chooses_the_queue_as_the_repository_does(migrated_url, places):
    """The API issues the ticket in the visit's own statement(s); its choice of queue and its
    numbers must be those of QueueRepository, for every concern."""
    from data_access.queue_models import QueueLine
    from data_access.repositories.checkin import CONCERNS
    from data_access.repositories.queue import QueueRepository

    queue.places_and_desks(uow=UnitOfWork(migrated_url))  # the places' default queues
    with session_scope(migrated_url) as session:  # and one more, named for a concern the defaults leave to "A"
        session.add(QueueLine(location_id=places["infopoint"], code="O", name_de="Orientierung", name_en="Orientation",
                              concerns="other,orientation", position=9, active=True))
    for n, concern in enumerate(CONCERNS):
        _token, post = _device_post(migrated_url, key=f"key-{n}", concern=concern)
        answer = post()
        assert answer.visit.ticket is not None  # issued by the statement path, not the fallback
        with session_scope(migrated_url) as session:
            expected = QueueRepository(session).queue_for(places["infopoint"], concern).code
            ticket = session.scalar(select(Ticket).where(Ticket.visit_id == answer.visit.id))
            assert (ticket.issue_code, ticket.state, ticket.language, ticket.waiting_since) == \
                (expected, "waiting", "uk", MONDAY)
            assert answer.ticket.number == f"{expected}-{ticket.number:03d}"
            assert session.scalar(select(func.count()).select_from(TicketStep)
                                  .where(TicketStep.ticket_id == ticket.id)) == 1
    # The numbers continue where the repository's counter stands, and a retry replays the same.
    desk_ticket = record(migrated_url, places["infopoint"], MONDAY, concern="work")
    _token, post = _device_post(migrated_url, key="key-last", concern="work")
    first, again = post(), post()
    assert int(first.ticket.number[2:]) == int(desk_ticket.ticket[2:]) + 1
    assert again.ticket == first.ticket and again.visit.ticket == first.visit.ticket


def test_retries_leave_no_gap_and_a_counter_set_back_by_a_crash_is_caught(migrated_url, places):
    from sqlalchemy import update

    from data_access.queue_models import TicketCounter

    queue.places_and_desks(uow=UnitOfWork(migrated_url))
    _token, post = _device_post(migrated_url, key="a")
    first, _again = post(), post()  # the retry draws no number
    _token, post = _device_post(migrated_url, key="b")
    assert (first.ticket.number, post().ticket.number) == ("A-001", "A-002")
    with session_scope(migrated_url) as session:  # as if the last draws were lost in a crash
        session.execute(update(TicketCounter).values(last=0))
    _token, post = _device_post(migrated_url, key="c")
    after = post()
    assert after.created and after.ticket.number == "A-003"  # past the highest ticket, not a second A-001
    with session_scope(migrated_url) as session:
        numbers = sorted(session.scalars(select(Ticket.number).where(Ticket.issue_code == "A")))
        assert numbers == [1, 2, 3]


def test_the_desk_numbers_continue_and_a_counter_set_back_by_a_crash_is_caught(migrated_url, places):
    """The desk's ticket comes in one statement once the place has queues (PostgreSQL); the
    first arrival sets them up, and a counter behind its tickets falls back to the next free number."""
    from sqlalchemy import update

    from data_access.queue_models import TicketCounter

    centre = places["centre"]
    labels = [record(migrated_url, centre, MONDAY + dt.timedelta(minutes=n)).ticket for n in range(2)]
    labels.append(record(migrated_url, centre, MONDAY, concern="work").ticket)
    assert labels == ["B-001", "B-002", "J-001"]
    with session_scope(migrated_url) as session:  # as if the last draws were lost in a crash
        session.execute(update(TicketCounter).values(last=0))
    after = record(migrated_url, centre, MONDAY + dt.timedelta(minutes=5))
    assert after.ticket == "B-003"
    with session_scope(migrated_url) as session:
        ticket = session.scalar(select(Ticket).where(Ticket.visit_id == after.visit_id))
        steps = session.scalars(select(TicketStep).where(TicketStep.ticket_id == ticket.id)).all()
        assert (ticket.state, ticket.waiting_since, ticket.language) == ("waiting", MONDAY + dt.timedelta(minutes=5),
                                                                         "uk")
        assert [(s.waiting_since, s.queue_id) for s in steps] == [(ticket.waiting_since, ticket.queue_id)]
        assert sorted(session.scalars(select(Ticket.number).where(Ticket.issue_code == "B"))) == [1, 2, 3]


def test_a_desk_and_the_checkin_page_calling_one_visitor_at_once_never_deadlock(migrated_url, places):
    """Both change the visit and its ticket; in opposite orders they deadlocked on PostgreSQL.
    One of them calls, the other is told so (or finds nobody); nothing fails otherwise."""
    import threading

    from data_access.repositories.checkin import CheckinError
    from data_access.repositories.queue import QueueError

    centre = places["centre"]
    advice = desk_named(migrated_url, centre, "Beratung 1")
    failures = []
    for n in range(8):
        at = MONDAY + dt.timedelta(minutes=n)
        visit = record(migrated_url, centre, at).visit_id
        barrier = threading.Barrier(2)

        def at_checkin():
            barrier.wait()
            try:
                checkin_desk.call("empfang", visit, centre, at, uow=UnitOfWork(migrated_url))
            except CheckinError:
                pass
            except Exception as error:  # noqa: BLE001 - what the test is after
                failures.append(error)

        def at_desk():
            barrier.wait()
            try:
                queue.desk_action(advice, "call_next", by="x", now=at, uow=UnitOfWork(migrated_url))
            except QueueError:
                pass
            except Exception as error:  # noqa: BLE001
                failures.append(error)

        threads = [threading.Thread(target=at_checkin), threading.Thread(target=at_desk)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        checkin_desk.finish("empfang", visit, "served", False, at + dt.timedelta(seconds=30),
                            uow=UnitOfWork(migrated_url))
    assert failures == []


def test_display_and_status_count_in_the_database_as_the_queue_stands(migrated_url, places):
    """Ties on the arrival second go by ticket; a parked visitor keeps no one waiting behind."""
    centre = places["centre"]
    a, b, c = (record(migrated_url, centre, MONDAY) for _ in range(3))  # the same second
    other = record(migrated_url, centre, MONDAY, concern="work")  # another queue: not ahead of anyone
    token = queue.create_display_token(centre, "Wartebereich", by="admin", uow=UnitOfWork(migrated_url))
    assert [status(migrated_url, t.token, MONDAY).ahead for t in (a, b, c, other)] == [0, 1, 2, 0]
    advice = desk_named(migrated_url, centre, "Beratung 1")
    queue.desk_action(advice, "call_next", by="x", now=MONDAY, uow=UnitOfWork(migrated_url))
    current = queue.desk_board(advice, MONDAY, uow=UnitOfWork(migrated_url)).current
    queue.desk_action(advice, "park", by="x", ticket_id=current.ticket_id, now=MONDAY, uow=UnitOfWork(migrated_url))
    parked = status(migrated_url, a.token, MONDAY)
    assert (parked.state, parked.ahead) == ("parked", 2)  # everyone now waiting in its queue
    assert status(migrated_url, c.token, MONDAY).ahead == 1
    display = queue.display_state(token, MONDAY, uow=UnitOfWork(migrated_url))
    assert (display.waiting, display.next_labels) == (3, [b.ticket, c.ticket, other.ticket])
