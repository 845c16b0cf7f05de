"""The walk-in queue on SQLite and PostgreSQL: numbers, the desk's steps, display and status."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from dashboard.services import queue
from dashboard.services.unit_of_work import UnitOfWork
from data_access.db import session_scope
from data_access.models import AuditEvent, Location, Visit
from data_access.queue_models import TicketStep
from data_access.repositories import CheckinRepository
from data_access.repositories.checkin import Arrival
from data_access.repositories.queue import QueueError

MONDAY = dt.datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def places(migrated_url):
    with session_scope(migrated_url) as session:
        session.add_all([Location(code="centre", name="Servicezentrum", kind="service_centre"),
                         Location(code="infopoint", name="Infopoint", kind="infopoint")])
    with session_scope(migrated_url) as session:
        return {loc.code: loc.id for loc in CheckinRepository(session).locations()}


def arrive(url, location_id, at, concern="housing", language="uk"):
    with session_scope(url) as session:
        visit = CheckinRepository(session).record_arrival(
            Arrival(location_id=location_id, target_group="ukraine", language=language, concern=concern), at)
        visit_id = visit.id
    return queue.issue_ticket(visit_id, language, uow=UnitOfWork(url))


def desk_named(url, location_id, name):
    places = queue.places_and_desks(uow=UnitOfWork(url))
    return next(d for loc, _code, desks in places if loc == location_id for d, n in desks if n == name)


def test_numbers_count_per_place_and_queue_and_restart_each_day(migrated_url, places):
    first = arrive(migrated_url, places["centre"], MONDAY)
    second = arrive(migrated_url, places["centre"], MONDAY + dt.timedelta(minutes=2))
    work = arrive(migrated_url, places["centre"], MONDAY + dt.timedelta(minutes=3), concern="work")
    other_place = arrive(migrated_url, places["infopoint"], MONDAY)
    next_day = arrive(migrated_url, places["centre"], MONDAY + dt.timedelta(days=1))
    assert [first.label, second.label, work.label, other_place.label, next_day.label] == \
        ["B-001", "B-002", "J-001", "B-001", "B-001"]
    assert len({first.token, second.token, work.token, other_place.token, next_day.token}) == 5


def test_a_visit_gets_one_ticket_however_often_it_is_asked(migrated_url, places):
    ticket = arrive(migrated_url, places["centre"], MONDAY)
    with session_scope(migrated_url) as session:
        visit_id = session.scalar(select(Visit.id))
    again = queue.issue_ticket(visit_id, "uk", uow=UnitOfWork(migrated_url))
    assert again.label == ticket.label and again.token == ticket.token


def test_the_desk_calls_in_order_parks_refers_and_finishes(migrated_url, places):
    centre = places["centre"]
    a = arrive(migrated_url, centre, MONDAY)
    b = arrive(migrated_url, centre, MONDAY + dt.timedelta(minutes=5))
    advice = desk_named(migrated_url, centre, "Beratung 1")
    at = MONDAY + dt.timedelta(minutes=20)

    def act(action, **kw):
        return queue.desk_action(advice, action, by="empfang", now=at, uow=UnitOfWork(migrated_url), **kw)

    assert act("call_next") == a.label  # the longest waiting first
    board = queue.desk_board(advice, at, uow=UnitOfWork(migrated_url))
    assert board.current.label == a.label and [e.label for e in board.waiting] == [b.label]
    act("park", ticket_id=board.current.ticket_id)  # stepped out
    assert act("call_next") == b.label
    act("refer", ticket_id=queue.desk_board(advice, at, uow=UnitOfWork(migrated_url)).current.ticket_id,
        queue_code="J")
    parked = queue.desk_board(advice, at, uow=UnitOfWork(migrated_url)).parked[0]
    act("back_in_line", ticket_id=parked.ticket_id)
    assert act("call_next") == a.label  # kept its place
    act("finish")
    with session_scope(migrated_url) as session:
        visits = {v.id: v for v in session.scalars(select(Visit))}
        first = visits[min(visits)]
        assert first.outcome == "served" and first.wait_minutes == 20 and first.finished_at == at
        steps = session.scalar(select(func.count()).select_from(TicketStep))
        assert steps == 3  # a: one step; b: advice (referred) and then Jobcenter
        actions = sorted(session.scalars(select(AuditEvent.action)))
        assert "queue_refer" in actions and "queue_finish" in actions
    jobcenter = desk_named(migrated_url, centre, "Jobcenter")
    assert queue.desk_action(jobcenter, "call_next", by="x", now=at, uow=UnitOfWork(migrated_url)) == b.label


def test_refused_steps_name_the_problem_and_write_nothing(migrated_url, places):
    arrive(migrated_url, places["centre"], MONDAY)
    advice = desk_named(migrated_url, places["centre"], "Beratung 1")
    with pytest.raises(QueueError) as error:
        queue.desk_action(advice, "finish", by="x", now=MONDAY, uow=UnitOfWork(migrated_url))
    assert error.value.field == "ticket"
    other = desk_named(migrated_url, places["infopoint"], "Beratung 1")
    board = queue.desk_board(advice, MONDAY, uow=UnitOfWork(migrated_url))
    with pytest.raises(QueueError):  # a desk of another place cannot touch this ticket
        queue.desk_action(other, "call", by="x", ticket_id=board.waiting[0].ticket_id, now=MONDAY,
                          uow=UnitOfWork(migrated_url))
    assert queue.desk_board(advice, MONDAY, uow=UnitOfWork(migrated_url)).waiting[0].state == "waiting"


def test_status_shows_one_ticket_only_on_its_day(migrated_url, places):
    a = arrive(migrated_url, places["centre"], MONDAY)
    b = arrive(migrated_url, places["centre"], MONDAY + dt.timedelta(minutes=1))
    status = queue.ticket_status(b.token, MONDAY + dt.timedelta(minutes=2), uow=UnitOfWork(migrated_url))
    assert (status.label, status.state, status.ahead) == (b.label, "waiting", 1)
    assert status.light.colour in ("green", "yellow", "red")
    assert queue.ticket_status(b.token, MONDAY + dt.timedelta(days=1), uow=UnitOfWork(migrated_url)) is None
    assert queue.ticket_status("not-a-token", MONDAY, uow=UnitOfWork(migrated_url)) is None
    desk = desk_named(migrated_url, places["centre"], "Beratung 2")
    queue.desk_action(desk, "call_next", by="x", now=MONDAY + dt.timedelta(minutes=3), uow=UnitOfWork(migrated_url))
    called = queue.ticket_status(a.token, MONDAY + dt.timedelta(minutes=3), uow=UnitOfWork(migrated_url))
    assert (called.state, called.desk) == ("called", "Beratung 2")


def test_the_display_shows_its_place_until_its_token_is_revoked(migrated_url, places):
    a = arrive(migrated_url, places["centre"], MONDAY)
    b = arrive(migrated_url, places["centre"], MONDAY + dt.timedelta(minutes=1))
    arrive(migrated_url, places["infopoint"], MONDAY)
    token = queue.create_display_token(places["centre"], "Wartebereich", by="admin", uow=UnitOfWork(migrated_url))
    desk = desk_named(migrated_url, places["centre"], "Empfang 1")
    queue.desk_action(desk, "call_next", by="x", now=MONDAY + dt.timedelta(minutes=2), uow=UnitOfWork(migrated_url))
    state = queue.display_state(token, MONDAY + dt.timedelta(minutes=2), uow=UnitOfWork(migrated_url))
    assert [(c.label, c.desk) for c in state.calls] == [(a.label, "Empfang 1")]
    assert state.next_labels == [b.label] and state.waiting == 1  # the Infopoint's ticket is not here
    listed = queue.display_tokens(uow=UnitOfWork(migrated_url))
    assert queue.revoke_display_token(listed[0].id, by="admin", uow=UnitOfWork(migrated_url))
    assert queue.display_state(token, MONDAY, uow=UnitOfWork(migrated_url)) is None


def test_step_figures_count_per_desk_and_queue(migrated_url, places):
    centre = places["centre"]
    a = arrive(migrated_url, centre, MONDAY)
    arrive(migrated_url, centre, MONDAY + dt.timedelta(minutes=1))
    advice = desk_named(migrated_url, centre, "Beratung 1")

    def act(action, minutes, **kw):
        return queue.desk_action(advice, action, by="x", now=MONDAY + dt.timedelta(minutes=minutes),
                                 uow=UnitOfWork(migrated_url), **kw)

    assert act("call_next", 10) == a.label  # waited 10 minutes
    act("finish", 25)  # served for 15
    act("call_next", 30)
    act("refer", 32, ticket_id=queue.desk_board(advice, MONDAY + dt.timedelta(minutes=32),
                                                 uow=UnitOfWork(migrated_url)).current.ticket_id, queue_code="J")
    figures = queue.step_figures(MONDAY.date(), MONDAY.date(), uow=UnitOfWork(migrated_url))
    at_advice = next(f for f in figures if f.desk == "Beratung 1" and f.queue_code == "B")
    assert (at_advice.steps, at_advice.served, at_advice.referred, at_advice.no_show) == (2, 1, 1, 0)
    assert at_advice.mean_wait_minutes == pytest.approx((10 + 29) / 2)
    assert at_advice.mean_service_minutes == pytest.approx((15 + 2) / 2)
    waiting = next(f for f in figures if f.desk is None)
    assert (waiting.queue_code, waiting.steps) == ("J", 1)  # referred on, not yet called


def test_links_for_waiting_visitors_are_checked_and_broken_ones_hidden(migrated_url, places):
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Answer(BaseHTTPRequestHandler):
        def do_HEAD(self):  # noqa: N802 - the standard library's name
            self.send_response(200 if self.path == "/leaflet" else 404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with pytest.raises(QueueError) as error:
            queue.add_link("housing", "uk", "Bad", "javascript:alert(1)", by="k", uow=UnitOfWork(migrated_url))
        assert error.value.field == "url"
        queue.add_link("housing", "uk", "Житло", f"{base}/leaflet", by="k", uow=UnitOfWork(migrated_url))
        queue.add_link(None, "uk", "Загальне", f"{base}/gone", by="k", uow=UnitOfWork(migrated_url))
        queue.add_link("work", "uk", "Робота", f"{base}/leaflet", by="k", uow=UnitOfWork(migrated_url))
        assert queue.check_links(database_url=migrated_url) == {"ok": 2, "broken": 1}
    finally:
        server.shutdown()
    ticket = arrive(migrated_url, places["centre"], MONDAY)
    status = queue.ticket_status(ticket.token, MONDAY, uow=UnitOfWork(migrated_url))
    assert [link.title for link in status.links] == ["Житло"]  # its concern, working, its language
    german = queue.ticket_status(ticket.token, MONDAY, language="de", uow=UnitOfWork(migrated_url))
    assert german.links == []


def test_desks_issuing_at_once_never_share_a_number(migrated_url, places):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        tickets = list(pool.map(lambda i: arrive(migrated_url, places["centre"], MONDAY + dt.timedelta(seconds=i)),
                                range(24)))
    assert sorted(t.label for t in tickets) == [f"B-{n:03d}" for n in range(1, 25)]


def test_the_pace_of_a_place_counts_only_its_own_desks_and_steps(migrated_url, places):
    """Mean service and desks at work, as the traffic light reads them: per queue of the place,
    of steps called that day (never another place's, nor another day's)."""
    from data_access.repositories.queue import QueueRepository

    centre, infopoint = places["centre"], places["infopoint"]
    tickets = {name: arrive(migrated_url, place, MONDAY) for name, place in
               (("centre", centre), ("infopoint", infopoint))}
    tickets["yesterday"] = arrive(migrated_url, centre, MONDAY - dt.timedelta(days=1))
    with session_scope(migrated_url) as session:
        repo = QueueRepository(session)
        for name, minutes in (("centre", 12), ("infopoint", 30), ("yesterday", 50)):
            row = repo.by_token(tickets[name].token)
            place = centre if name != "infopoint" else infopoint
            desk = next(d for d in repo.desks(place) if d.name == "Beratung 1")
            called = MONDAY + dt.timedelta(minutes=5) if name != "yesterday" else MONDAY - dt.timedelta(days=1)
            repo.call(row.id, desk.id, called)
            repo.finish(row.id, called + dt.timedelta(minutes=minutes))
    with session_scope(migrated_url) as session:
        repo = QueueRepository(session)
        advice = repo.queue_by_code(centre, "B").id
        assert repo.mean_service_minutes(centre, MONDAY.date()) == {advice: pytest.approx(12.0)}
        assert repo.desks_calling(centre, MONDAY) == {advice: 1}
        assert repo.desks_calling(centre, MONDAY + dt.timedelta(minutes=6)) == {}
