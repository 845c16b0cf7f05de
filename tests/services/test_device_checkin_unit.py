"""The devices' use cases without a database: why a post stored nothing, and audited updates."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from dashboard.services import device_checkin as devices
from dashboard.services.device_checkin import CheckinError, PostedArrival, StoredVisit, VisitUpdate
from data_access.repositories.device_arrivals import Device, Place
from tests.services.fakes import FakeAudit, FakeQueue, FakeUnitOfWork

NINE = dt.datetime(2026, 12, 7, 9, 0)
TOKEN = "geheim"


def stored(ident: int, concern: str = "work") -> StoredVisit:
    return StoredVisit(ident, 1, NINE, None, None, "other", "tr", concern, False, None, None, None)


@dataclass
class FakeStore:
    """Device arrivals as the statement path answers: one place, one device, keys remembered."""

    by_key: dict[str, StoredVisit] = field(default_factory=dict)
    statements: int = 0

    def record_new(self, token, code, arrival, at, key, now):
        self.statements += 1
        if token != TOKEN or code != "infopoint" or key in self.by_key:
            return None
        self.by_key[key] = stored(len(self.by_key) + 1, arrival.concern)
        return self.by_key[key]

    def device_and_place(self, token, code):
        self.statements += 1
        if token != TOKEN:
            return None, None
        return Device(3), (Place(1, "infopoint") if code == "infopoint" else None)

    def by_key_(self, device_id, key):
        return self.by_key[key]


def tickets(visit_id, language):
    """The ticket a visit gets: one per visit, whatever the number of asks."""
    return devices.IssuedTicket(f"A-{visit_id:03d}", f"token-{visit_id}-{language}")


def posting(store):
    @contextmanager
    def arrivals():
        yield SimpleNamespace(record_new=store.record_new, device_and_place=store.device_and_place,
                              by_key=store.by_key_)
    return arrivals


def arrival(key="k-1", location="infopoint", concern="work") -> PostedArrival:
    return PostedArrival(key, location, "other", "tr", concern, NINE)


def test_a_new_arrival_is_one_statement():
    store = FakeStore()
    answer = devices.post_arrival(TOKEN, arrival(), NINE, arrivals=posting(store), tickets=tickets)
    assert (answer.created, answer.location, answer.visit.id, answer.refused) == (True, "infopoint", 1, None)
    assert answer.ticket == devices.IssuedTicket("A-001", "token-1-tr")
    assert store.statements == 1


def test_a_retry_replays_the_first_visit_and_another_arrival_under_its_key_is_refused():
    store = FakeStore()
    first = devices.post_arrival(TOKEN, arrival(), NINE, arrivals=posting(store), tickets=tickets)
    again = devices.post_arrival(TOKEN, arrival(), NINE, arrivals=posting(store), tickets=tickets)
    assert (again.visit, again.created) == (first.visit, False)
    assert again.ticket == first.ticket is not None
    other = devices.post_arrival(TOKEN, arrival(concern="health"), NINE, arrivals=posting(store), tickets=tickets)
    assert other.refused == devices.KEY_REUSED and other.visit is None


@pytest.mark.parametrize(("token", "posted", "refused"), [
    ("", arrival(), devices.UNAUTHORIZED),
    ("falsch", arrival(), devices.UNAUTHORIZED),
    ("falsch", None, devices.UNAUTHORIZED),  # a stranger learns nothing about the body
    (TOKEN, None, devices.INVALID),
    (TOKEN, arrival(location="mond"), devices.UNKNOWN_PLACE),
])
def test_why_nothing_was_stored(token, posted, refused):
    assert devices.post_arrival(token, posted, NINE, arrivals=posting(FakeStore()), tickets=tickets).refused == refused


@dataclass
class Visit:
    id: int
    location_id: int = 1
    device_token_id: int | None = 3
    arrived_at: dt.datetime = NINE
    called_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    target_group: str = "other"
    language: str = "tr"
    concern: str = "work"
    video_interpreter: bool = False
    outcome: str | None = None
    wait_minutes: float | None = None
    service_minutes: float | None = None


@dataclass
class FakeCheckin:
    visits: dict = field(default_factory=lambda: {7: Visit(7)})

    def get(self, visit_id):
        return self.visits.get(visit_id)

    def call(self, visit_id, at):
        visit = self.visits[visit_id]
        if visit.called_at is not None:
            raise CheckinError("called_at", "already_called")
        visit.called_at = at
        return visit

    def mark_left(self, visit_id):
        self.visits[visit_id].outcome = "left"
        return self.visits[visit_id]

    def place_code(self, location_id):
        return "infopoint"


def device_uow():
    tokens = SimpleNamespace(active_device=lambda token: SimpleNamespace(id=3, location_id=1) if token == TOKEN else None)
    return FakeUnitOfWork(tokens=tokens, checkin=FakeCheckin(), audit=FakeAudit(), queue=FakeQueue())


def test_an_update_is_audited_for_the_device_with_the_fields_it_named():
    uow = device_uow()
    answer = devices.update_visit(TOKEN, 7, VisitUpdate(called_at=NINE, fields=("called_at",)), uow=uow)
    assert (answer.visit.called_at, answer.location) == (NINE, "infopoint")
    assert uow.audit.lines == [("device:3", "visit_updated", "visit", 7, {"fields": ["called_at"]})]
    assert uow.committed and uow.queue.followed == [(7, "called")]  # the display shows the call too


def test_a_visitor_who_left_ends_their_ticket_as_a_no_show():
    uow = device_uow()
    devices.update_visit(TOKEN, 7, VisitUpdate(outcome="left", fields=("outcome",)), uow=uow)
    assert uow.queue.followed == [(7, "left")]


@pytest.mark.parametrize(("token", "visit_id", "update", "refused"), [
    ("falsch", 7, VisitUpdate(outcome="left", fields=("outcome",)), devices.UNAUTHORIZED),
    ("falsch", 7, None, devices.UNAUTHORIZED),
    (TOKEN, 7, None, devices.INVALID),
    (TOKEN, 99, VisitUpdate(outcome="left", fields=("outcome",)), devices.NOT_FOUND),
])
def test_a_refused_update_writes_nothing(token, visit_id, update, refused):
    uow = device_uow()
    assert devices.update_visit(token, visit_id, update, uow=uow).refused == refused
    assert uow.audit.lines == [] and not uow.committed


@pytest.mark.parametrize(("update", "field", "code"), [
    (VisitUpdate(outcome="vanished", fields=("outcome",)), "outcome", "unknown"),
    (VisitUpdate(outcome="served", fields=("outcome",)), "finished_at", "missing"),  # served needs its end
])
def test_an_impossible_update_names_its_field_and_writes_nothing(update, field, code):
    uow = device_uow()
    with pytest.raises(CheckinError) as refused:
        devices.update_visit(TOKEN, 7, update, uow=uow)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert uow.audit.lines == [] and not uow.committed


def test_a_device_may_not_change_another_places_visit():
    uow = device_uow()
    uow.checkin.visits[7].location_id = 2  # the device is registered for place 1
    answer = devices.update_visit(TOKEN, 7, VisitUpdate(called_at=NINE, fields=("called_at",)), uow=uow)
    assert answer.refused == devices.NOT_FOUND
    assert uow.audit.lines == [] and not uow.committed
