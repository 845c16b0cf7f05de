"""The check-in desk's use cases on a fake unit of work: lists, and one audit line per action."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from dashboard.services import checkin_desk as desk
from data_access.repositories.checkin import Arrival, CheckinError, OpenVisit
from tests.services.fakes import FakeAudit, FakeDeskSteps, FakeQueue, FakeUnitOfWork

NINE = dt.datetime(2026, 12, 7, 9, 0)


@dataclass
class Visit:
    id: int
    arrived_at: dt.datetime
    called_at: dt.datetime | None = None
    wait_minutes: float | None = None
    service_minutes: float | None = None
    outcome: str | None = None


@dataclass
class FakeCheckin:
    visits: dict[int, Visit] = field(default_factory=dict)

    def record_arrival(self, arrival, at):
        if arrival.concern == "bogus":
            raise CheckinError("concern", "unknown")
        visit = Visit(len(self.visits) + 1, at)
        self.visits[visit.id] = visit
        return visit

    def open_visits(self, location_id, day):
        return [OpenVisit(v.id, v.arrived_at, v.called_at, "ukraine", "uk", "housing")
                for v in self.visits.values() if v.outcome is None]

    def next_waiting(self, location_id, day):
        waiting = [v for v in self.visits.values() if v.called_at is None and v.outcome is None]
        return min(waiting, key=lambda v: (v.arrived_at, v.id), default=None)

    def call(self, visit_id, at):
        visit = self.visits[visit_id]
        if visit.called_at is not None:
            raise CheckinError("called_at", "already_called")
        visit.called_at, visit.wait_minutes = at, (at - visit.arrived_at).total_seconds() / 60
        return visit

    def mark_left(self, visit_id):
        visit = self.visits[visit_id]
        if visit.called_at is not None:
            raise CheckinError("outcome", "already_called")
        visit.outcome = "left"
        return visit

    def finish(self, visit_id, at, outcome, video):
        visit = self.visits[visit_id]
        visit.outcome, visit.service_minutes = outcome, (at - visit.called_at).total_seconds() / 60
        return visit

    def arrival_times(self, ids):
        return {i: self.visits[i].arrived_at for i in ids if i in self.visits}


def desk_uow(checkin=None, queue=None):
    checkin, audit, queue = checkin or FakeCheckin(), FakeAudit(), queue or FakeQueue()
    return FakeUnitOfWork(checkin=checkin, audit=audit, queue=queue, desk_steps=FakeDeskSteps(checkin, queue, audit))


def test_an_arrival_is_recorded_with_its_ticket_and_its_audit_line_naming_only_the_login():
    uow = desk_uow()
    recorded = desk.record("empfang", Arrival(1, "ukraine", "uk", "housing"), NINE, uow=uow)
    assert uow.committed and uow.audit.lines == [("empfang", "visit_arrival", "visit", recorded.visit_id, {})]
    assert (recorded.ticket, recorded.token) == ("B-001", f"tok{recorded.visit_id}")
    assert uow.queue.issued[recorded.visit_id].language == "uk"  # the status page opens in their language


def test_a_refused_arrival_writes_no_audit_line_no_ticket_and_commits_nothing():
    uow = desk_uow()
    with pytest.raises(CheckinError):
        desk.record("empfang", Arrival(1, "ukraine", "uk", "bogus"), NINE, uow=uow)
    assert not uow.committed and uow.audit.lines == [] and uow.queue.issued == {}


def test_calling_finishing_and_letting_go_move_the_ticket_in_the_same_transaction():
    checkin = FakeCheckin()
    for minutes in (0, 5):
        checkin.record_arrival(Arrival(1, "ukraine", "uk", "housing"), NINE + dt.timedelta(minutes=minutes))
    uow = desk_uow(checkin)
    desk.call("empfang", None, 1, NINE + dt.timedelta(minutes=10), uow=uow)
    desk.finish("empfang", 1, "served", False, NINE + dt.timedelta(minutes=20), uow=uow)
    desk.mark_left("empfang", 2, NINE + dt.timedelta(minutes=21), uow=uow)
    assert uow.queue.followed == [(1, "called"), (1, "finished"), (2, "left")]


def test_a_refused_call_moves_no_ticket():
    checkin = FakeCheckin()
    checkin.record_arrival(Arrival(1, "ukraine", "uk", "housing"), NINE)
    checkin.call(1, NINE + dt.timedelta(minutes=1))
    uow = desk_uow(checkin)
    with pytest.raises(CheckinError):
        desk.call("empfang", 1, 1, NINE + dt.timedelta(minutes=2), uow=uow)
    with pytest.raises(CheckinError):
        desk.mark_left("empfang", 1, NINE + dt.timedelta(minutes=2), uow=uow)
    assert uow.queue.followed == [] and not uow.committed


def test_calling_the_next_visitor_takes_the_one_waiting_longest():
    checkin = FakeCheckin()
    for minutes in (20, 5, 12):  # arrivals at 09:20, 09:05, 09:12
        checkin.record_arrival(Arrival(1, "ukraine", "uk", "housing"), NINE + dt.timedelta(minutes=minutes))
    uow = desk_uow(checkin)
    assert desk.call("empfang", None, 1, NINE + dt.timedelta(minutes=30), uow=uow) == (2, 25.0)
    assert uow.committed and uow.audit.lines == [("empfang", "visit_called", "visit", 2, {})]


def test_calling_with_nobody_waiting_writes_nothing():
    uow = desk_uow()
    assert desk.call("empfang", None, 1, NINE, uow=uow) is None
    assert not uow.committed and uow.audit.lines == []


def test_the_lists_split_waiting_from_in_advice_in_their_own_orders():
    checkin = FakeCheckin()
    for minutes in (0, 10, 20, 30):
        checkin.record_arrival(Arrival(1, "ukraine", "uk", "housing"), NINE + dt.timedelta(minutes=minutes))
    checkin.call(3, NINE + dt.timedelta(minutes=40))
    checkin.call(1, NINE + dt.timedelta(minutes=45))
    state = desk.desk_state(1, NINE.date(), uow=desk_uow(checkin))
    assert [(e.position, e.visit_id) for e in state.waiting] == [(1, 2), (2, 4)]
    assert [e.visit_id for e in state.in_advice] == [3, 1]  # called first, listed first


def test_finishing_returns_the_service_minutes_and_audits():
    checkin = FakeCheckin()
    checkin.record_arrival(Arrival(1, "ukraine", "uk", "housing"), NINE)
    checkin.call(1, NINE + dt.timedelta(minutes=5))
    uow = desk_uow(checkin)
    assert desk.finish("empfang", 1, "served", True, NINE + dt.timedelta(minutes=17), uow=uow) == 12.0
    assert uow.committed and uow.audit.lines[0][:4] == ("empfang", "visit_finished", "visit", 1)


def test_waiting_minutes_never_go_below_zero():
    checkin = FakeCheckin()
    checkin.record_arrival(Arrival(1, "ukraine", "uk", "housing"), NINE)
    minutes = desk.waiting_minutes([1], NINE - dt.timedelta(minutes=3), uow=desk_uow(checkin))
    assert minutes == {1: 0}
    assert desk.waiting_minutes([1], NINE + dt.timedelta(minutes=14, seconds=40), uow=desk_uow(checkin)) == {1: 15}
