"""The check-in desk's repository on SQLite and PostgreSQL: arrival, call, finish, waiting list."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from data_access.db import session_scope
from data_access.models import Location, Visit
from data_access.repositories import CheckinRepository, TokenRepository
from data_access.repositories.checkin import Arrival, CheckinError
from data_access.repositories.device_arrivals import device_arrivals

MONDAY = dt.datetime(2026, 11, 23, 9, 40)


@pytest.fixture
def centre(migrated_url):
    with session_scope(migrated_url) as session:
        session.add_all([
            Location(code="centre", name="Servicezentrum", kind="service_centre"),
            Location(code="infopoint", name="Infopoint", kind="infopoint"),
        ])
    with session_scope(migrated_url) as session:
        return {loc.code: loc.id for loc in CheckinRepository(session).locations()}


def _arrive(url, location_id, at, **changes):
    values = dict(location_id=location_id, target_group="ukraine", language="uk", concern="housing")
    values.update(changes)
    with session_scope(url) as session:
        return CheckinRepository(session).record_arrival(Arrival(**values), at).id


def test_arrival_sets_day_weekday_slot_and_channel(migrated_url, centre):
    visit_id = _arrive(migrated_url, centre["centre"], MONDAY)
    info_id = _arrive(migrated_url, centre["infopoint"], MONDAY.replace(hour=14, minute=5), target_group="other",
                      language="ar", concern="orientation")
    with session_scope(migrated_url) as session:
        visit, info = session.get(Visit, visit_id), session.get(Visit, info_id)
        assert (visit.day, visit.weekday, visit.slot, visit.channel) == (MONDAY.date(), 0, 19, "advice")
        assert (info.slot, info.channel, info.language) == (28, "infopoint", "ar")
        assert visit.called_at is None and visit.outcome is None and visit.video_interpreter is False


@pytest.mark.parametrize(("field", "changes"), [
    ("target_group", {"target_group": "mars"}),
    ("language", {"language": "Ukrainisch; DROP TABLE visit"}),
    ("concern", {"concern": "anything"}),
])
def test_arrival_rejects_unknown_values_naming_the_field(migrated_url, centre, field, changes):
    with pytest.raises(CheckinError) as error:
        _arrive(migrated_url, centre["centre"], MONDAY, **changes)
    assert error.value.field == field
    with session_scope(migrated_url) as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 0


def test_call_and_finish_set_times_minutes_and_outcome(migrated_url, centre):
    first = _arrive(migrated_url, centre["centre"], MONDAY)
    second = _arrive(migrated_url, centre["centre"], MONDAY + dt.timedelta(minutes=3), language="ru")
    with session_scope(migrated_url) as session:
        repo = CheckinRepository(session)
        assert _open(repo, centre["centre"]) == ({first, second}, set())
        assert repo.next_waiting(centre["centre"], MONDAY.date()).id == first
        repo.call(first, MONDAY + dt.timedelta(minutes=12))
    with session_scope(migrated_url) as session:
        repo = CheckinRepository(session)
        assert _open(repo, centre["centre"]) == ({second}, {first})
        repo.finish(first, MONDAY + dt.timedelta(minutes=40), "referred", True)
        repo.mark_left(second)
    with session_scope(migrated_url) as session:
        visit = session.get(Visit, first)
        assert visit.wait_minutes == 12 and visit.service_minutes == 28
        assert visit.outcome == "referred" and visit.video_interpreter is True
        left = session.get(Visit, second)
        assert left.outcome == "left" and left.called_at is None and left.wait_minutes is None
        repo = CheckinRepository(session)
        assert _open(repo, centre["centre"]) == (set(), set())


def _open(repo: CheckinRepository, place: int) -> tuple[set[int], set[int]]:
    """The ids of Monday's open visits at a place: (waiting, in advice)."""
    visits = repo.open_visits(place, MONDAY.date())
    return {v.id for v in visits if v.called_at is None}, {v.id for v in visits if v.called_at is not None}


def test_impossible_steps_are_refused(migrated_url, centre):
    visit_id = _arrive(migrated_url, centre["centre"], MONDAY)
    with session_scope(migrated_url) as session:
        repo = CheckinRepository(session)
        with pytest.raises(CheckinError, match="not_called"):
            repo.finish(visit_id, MONDAY + dt.timedelta(minutes=5), "served", False)
        with pytest.raises(CheckinError, match="before_arrival"):
            repo.call(visit_id, MONDAY - dt.timedelta(minutes=5))
        repo.call(visit_id, MONDAY + dt.timedelta(minutes=5))
        with pytest.raises(CheckinError, match="already_called"):
            repo.call(visit_id, MONDAY + dt.timedelta(minutes=6))
        with pytest.raises(CheckinError, match="outcome"):
            repo.finish(visit_id, MONDAY + dt.timedelta(minutes=9), "vanished", False)
        repo.finish(visit_id, MONDAY + dt.timedelta(minutes=9), "served", False)
        with pytest.raises(CheckinError, match="closed"):
            repo.finish(visit_id, MONDAY + dt.timedelta(minutes=10), "served", False)


def test_the_same_idempotency_key_gives_the_same_visit(migrated_url, centre):
    """A device's retry inserts nothing; the visit stored under its key is the first one."""
    with session_scope(migrated_url) as session:
        device, token = TokenRepository(session).create_device_token("Automat", "admin")
        device_id = device.id
    arrival = Arrival(centre["infopoint"], "other", "tr", "work")
    with device_arrivals(migrated_url) as arrivals:
        first = arrivals.record_new(token, "infopoint", arrival, MONDAY, "k-1", MONDAY)
        assert first is not None and first.location_id == centre["infopoint"]
    with device_arrivals(migrated_url) as arrivals:
        assert arrivals.record_new(token, "infopoint", arrival, MONDAY, "k-1", MONDAY) is None
        again = arrivals.by_key(device_id, "k-1")
        assert again.id == first.id and again.same_arrival(arrival)
    with session_scope(migrated_url) as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 1


def test_languages_are_ordered_by_how_often_they_occur(migrated_url, centre):
    for language in ("ar", "uk", "uk", "ru", "uk", "ar"):
        _arrive(migrated_url, centre["centre"], MONDAY, language=language)
    with session_scope(migrated_url) as session:
        assert CheckinRepository(session).languages_by_frequency(centre["centre"], MONDAY.date()) == ["uk", "ar", "ru"]


def test_a_concurrent_retry_waits_and_returns_the_first_visit(migrated_url, centre):
    """Both requests post the same key; the unique key decides, the loser finds the winner's visit."""
    import threading
    import time

    with session_scope(migrated_url) as session:
        device, token = TokenRepository(session).create_device_token("Automat", "admin")
        device_id = device.id
    arrival = Arrival(centre["infopoint"], "other", "tr", "work")
    answer = {}

    def retry():
        with device_arrivals(migrated_url) as arrivals:
            created = arrivals.record_new(token, "infopoint", arrival, MONDAY, "race", MONDAY)
            visit = created or arrivals.by_key(device_id, "race")
            answer.update(id=visit.id, created=created is not None)

    with device_arrivals(migrated_url) as arrivals:
        first = arrivals.record_new(token, "infopoint", arrival, MONDAY, "race", MONDAY)
        assert first is not None
        thread = threading.Thread(target=retry)
        thread.start()
        time.sleep(0.5)  # on SQLite the retry now waits for our write lock; PostgreSQL committed already
    thread.join(timeout=20)
    assert answer == {"id": first.id, "created": False}
    with session_scope(migrated_url) as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 1


def test_a_desk_entry_saved_again_or_racing_is_stored_once(migrated_url, centre):
    """The desk's entry key (ux_visit_desk_key): a second save returns the first visit, also when
    two sessions insert the same key at once (the index settles it), on SQLite and PostgreSQL."""
    arrival = Arrival(centre["centre"], "other", "fa", "benefits")
    with session_scope(migrated_url) as session:
        first, created = CheckinRepository(session).record_desk_arrival(arrival, MONDAY, "a" * 32)
        first_id = first.id
    assert created
    with session_scope(migrated_url) as session:
        again, created = CheckinRepository(session).record_desk_arrival(arrival, MONDAY, "a" * 32)
        assert (again.id, created) == (first_id, False)
    # Two sessions that both looked before either wrote: the second insert meets the index.
    with session_scope(migrated_url) as one:
        one_visit, _ = CheckinRepository(one).record_desk_arrival(arrival, MONDAY, "b" * 32)
        one_id = one_visit.id
    with session_scope(migrated_url) as two:
        repository = CheckinRepository(two)

        def look(key, _calls=[]):  # first look misses (the race), the look after the conflict finds it
            _calls.append(key)
            return None if len(_calls) == 1 else two.scalar(select(Visit).where(Visit.idempotency_key == key))

        repository.desk_visit_by_key = look
        raced, created = repository.record_desk_arrival(arrival, MONDAY, "b" * 32)
        assert (raced.id, created) == (one_id, False)
    with session_scope(migrated_url) as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 2
        # Device keys are another namespace: the same key from a device is its own visit.
        device = TokenRepository(session).create_device_token("Automat", "admin")[0]
        CheckinRepository(session).record_arrival(arrival, MONDAY, device_token_id=device.id, idempotency_key="a" * 32)
    with session_scope(migrated_url) as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 3
