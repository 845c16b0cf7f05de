"""Sick call to replacement, end to end through the services on a real database (SQLite and
PostgreSQL): open shifts with what they leave uncovered, proposals, asking, the first
acceptance winning, a new published version that changes only that shift, the audit log;
and leave requests approved into absences."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dashboard.services import own_shifts, replacements
from dashboard.services.unit_of_work import UnitOfWork
from data_access.db import dispose_engines, session_scope
from data_access.migrate import upgrade
from data_access.models import Absence, AuditEvent, StaffMember
from data_access.repositories.schedules import ScheduleRepository, compare
from planner.centre import PlannedShift
from tests.conftest import DEMO_NOW, private_copy

# A week after the demo's published weeks: its plan is written by the test.
MON = dt.date(2026, 12, 14)
TUE = MON + dt.timedelta(days=1)
YEAR, WEEK = 2026, 51


def ids(url) -> dict[str, int]:
    with session_scope(url) as session:
        return {m.display_name: m.id for m in session.query(StaffMember)}


def publish_week(url, shifts, *, draft_after=False):
    with session_scope(url) as session:
        repo = ScheduleRepository(session)
        draft = repo.save_draft(YEAR, WEEK, shifts, by="test")
        repo.publish(draft.id, by="test")
        if draft_after:
            repo.start_draft_from(draft.id, by="test")


@pytest.fixture
def db(request, tmp_path, monkeypatch):
    """A private copy of the demo centre (SQLite) or a freshly filled PostgreSQL schema."""
    if request.param == "sqlite":
        url = private_copy(request.getfixturevalue("filled_sqlite_url"), tmp_path)
    else:
        url = request.getfixturevalue("filled_postgres_url")
    monkeypatch.setenv("DATABASE_URL", url)
    dispose_engines()
    with session_scope(url) as session:
        first_audit = session.query(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1).scalar() or 0
    yield url
    if request.param == "postgres":
        with session_scope(url) as session:  # the shared filled schema is left as it was found
            from data_access.models import LeaveRequest, Notice, OpenShift, ReplacementOffer, Schedule, StaffPreference

            session.query(Notice).delete()
            session.query(ReplacementOffer).delete()
            session.query(StaffPreference).filter(StaffPreference.day >= MON).delete()
            session.query(AuditEvent).filter(AuditEvent.id > first_audit).delete()
            session.query(OpenShift).delete()
            session.query(LeaveRequest).delete()
            session.query(Absence).filter(Absence.starts_on >= MON).delete()
            session.query(Schedule).filter(Schedule.iso_year == YEAR, Schedule.iso_week == WEEK).delete()
    dispose_engines()


BOTH = pytest.mark.parametrize("db", ["sqlite", "postgres"], indirect=True)
SQLITE = pytest.mark.parametrize("db", ["sqlite"], indirect=True)


def _plan(staff):
    """Iryna at the Infopoint's reception on Tuesday morning; Sabine late on Monday at the centre."""
    return [
        PlannedShift(TUE, str(staff["Iryna"]), "infopoint", "VORM", "reception", 8 * 60 + 45, 12 * 60 + 30, 0),
        PlannedShift(MON, str(staff["Sabine"]), "centre", "SPAET", "reception", 10 * 60, 16 * 60 + 30, 30),
        PlannedShift(TUE, str(staff["Mariia"]), "centre", "TAG", "reception", 7 * 60 + 45, 16 * 60 + 30, 45),
        PlannedShift(TUE, str(staff["Olena"]), "centre", "FRUEH", "counselling", 7 * 60 + 45, 13 * 60 + 45, 0),
    ]


def _audit(url, action):
    with session_scope(url) as session:
        return [(e.actor, e.entity_id, json.loads(e.details)) for e in session.query(AuditEvent).filter_by(action=action)]


@BOTH
def test_a_sick_call_opens_the_published_shifts_and_says_what_breaks(db):
    staff = ids(db)
    publish_week(db, _plan(staff))
    found = replacements.record_sick_call(str(staff["Iryna"]), TUE.isoformat(), "", "", "sick", by="koordination")
    assert isinstance(found, replacements.SickCall) and len(found.open_shifts) == 1
    [shown] = replacements.open_shifts(MON)
    assert (shown.day, shown.place, shown.task, shown.status, shown.absent) == (TUE, "infopoint", "reception", "open", "Iryna")
    assert (shown.starts_at, shown.ends_at) == (dt.time(8, 45), dt.time(12, 30))
    assert shown.others_on_task == 0  # nobody else at the Infopoint's reception: it is uncovered
    with session_scope(db) as session:
        absence = session.get(Absence, found.absence_id)
        assert (absence.staff_id, absence.kind, absence.starts_at) == (staff["Iryna"], "sick", None)
    assert [a for a, _, _ in _audit(db, "sick_call")] == ["koordination"]
    assert len(_audit(db, "open_shift")) == 1


@BOTH
def test_proposals_rank_the_free_fitting_colleagues_and_asking_checks_again(db):
    staff = ids(db)
    publish_week(db, _plan(staff))
    [open_id] = replacements.record_sick_call(str(staff["Iryna"]), TUE.isoformat(), "", "", "sick", by="k").open_shifts
    ranked = replacements.proposals(open_id, limit=30)
    by_name = {p.name: p for p in ranked}
    assert "Iryna" not in by_name  # the absent person is never proposed
    assert by_name["Sabine"].eligible and by_name["Katrin"].eligible  # reception, or coordination standing in
    assert by_name["Mariia"].broken == ("busy",) and "role" in by_name["Olena"].broken
    assert [p.eligible for p in ranked] == sorted((p.eligible for p in ranked), reverse=True)
    refused = replacements.ask(open_id, [staff["Olena"]], by="k")
    assert refused == replacements.Problem("rule", "busy", "Olena")
    made = replacements.ask(open_id, [staff["Sabine"], staff["Katrin"]], by="k")
    assert len(made) == 2 and len(_audit(db, "replacement_asked")) == 2
    assert replacements.ask(open_id, [staff["Sabine"]], by="k") == []  # asked once only


@BOTH
def test_the_first_to_accept_gets_it_and_the_new_version_changes_only_that_shift(db):
    staff = ids(db)
    publish_week(db, _plan(staff))
    [open_id] = replacements.record_sick_call(str(staff["Iryna"]), TUE.isoformat(), "", "", "sick", by="k").open_shifts
    sabine_offer, katrin_offer = replacements.ask(open_id, [staff["Sabine"], staff["Katrin"]], by="k")
    # An offer is answered only by the person it was made to.
    assert replacements.accept(sabine_offer, staff["Katrin"], by="katrin") == replacements.Problem("not_found", "offer", str(sabine_offer))
    version = replacements.accept(sabine_offer, staff["Sabine"], by="sabine")
    assert version == 2
    assert replacements.accept(katrin_offer, staff["Katrin"], by="katrin") == replacements.Problem("taken", "offer")
    with session_scope(db) as session:
        repo = ScheduleRepository(session)
        first, second = repo.versions(YEAR, WEEK)
        assert (second.status, second.version) == ("published", 2)
        diff = compare(repo.rows(first.id), repo.rows(second.id))
        assert [(r.person, r.day, r.place, r.task) for r in diff["removed"]] == [("Iryna", TUE, "infopoint", "reception")]
        assert [(r.person, r.day, r.place, r.task) for r in diff["added"]] == [("Sabine", TUE, "infopoint", "reception")]
        added = next(r for r in repo.rows(second.id) if r.person == "Sabine" and r.day == TUE)
        assert added.confirmation == "confirmed"
    [shown] = replacements.open_shifts(MON)
    assert (shown.status, shown.filled_by) == ("filled", "Sabine")
    assert sorted(s for _, s, _ in shown.offers) == ["accepted", "too_late"]
    assert [a for a, _, _ in _audit(db, "replacement_accepted")] == ["sabine"]
    assert any(d.get("replacement") == open_id for _, _, d in _audit(db, "publish"))


@SQLITE
def test_a_mid_day_sick_call_cuts_the_shift_and_opens_only_its_rest(db):
    staff = ids(db)
    publish_week(db, _plan(staff))
    found = replacements.record_sick_call(str(staff["Iryna"]), TUE.isoformat(), "10:30", "", "sick", by="k")
    [shown] = replacements.open_shifts(MON)
    assert (shown.starts_at, shown.ends_at) == (dt.time(10, 30), dt.time(12, 30))
    [offer] = replacements.ask(found.open_shifts[0], [staff["Sabine"]], by="k")
    assert replacements.accept(offer, staff["Sabine"], by="sabine") == 2
    with session_scope(db) as session:
        repo = ScheduleRepository(session)
        rows = repo.rows(repo.latest_published(YEAR, WEEK).id)
        infopoint = sorted((r.person, r.starts_at, r.ends_at) for r in rows if r.day == TUE and r.place == "infopoint")
        assert infopoint == [("Iryna", dt.time(8, 45), dt.time(10, 30)), ("Sabine", dt.time(10, 30), dt.time(12, 30))]


@SQLITE
def test_a_draft_in_progress_gets_the_same_change_and_stays_the_newest(db):
    staff = ids(db)
    publish_week(db, _plan(staff), draft_after=True)
    [open_id] = replacements.record_sick_call(str(staff["Iryna"]), TUE.isoformat(), "", "", "sick", by="k").open_shifts
    [offer] = replacements.ask(open_id, [staff["Sabine"]], by="k")
    assert replacements.accept(offer, staff["Sabine"], by="sabine") == 2
    with session_scope(db) as session:
        repo = ScheduleRepository(session)
        draft = repo.draft(YEAR, WEEK)
        assert draft.version == 3 and repo.latest_published(YEAR, WEEK).version == 2
        tuesday = {(r.person, r.place) for r in repo.rows(draft.id) if r.day == TUE}
        assert ("Sabine", "infopoint") in tuesday and ("Iryna", "infopoint") not in tuesday


@SQLITE
def test_declining_is_recorded_and_a_colleague_absent_meanwhile_cannot_accept(db):
    staff = ids(db)
    publish_week(db, _plan(staff))
    [open_id] = replacements.record_sick_call(str(staff["Iryna"]), TUE.isoformat(), "", "", "sick", by="k").open_shifts
    sabine, katrin = replacements.ask(open_id, [staff["Sabine"], staff["Katrin"]], by="k")
    assert replacements.decline(sabine, staff["Sabine"], by="sabine") is None
    assert replacements.accept(sabine, staff["Sabine"], by="sabine") == replacements.Problem("taken", "offer")
    replacements.record_sick_call(str(staff["Katrin"]), TUE.isoformat(), "", "", "sick", by="k")
    assert replacements.accept(katrin, staff["Katrin"], by="katrin") == replacements.Problem("rule", "absent")
    assert len(_audit(db, "replacement_declined")) == 1


@SQLITE
@pytest.mark.parametrize("person, start, at, end, problem", [
    ("", "2026-12-15", "", "", ("missing", "person")),
    ("1", "", "", "", ("missing", "from")),
    ("1", "15.12.2026", "", "", ("invalid", "from")),
    ("1", "2026-12-15", "25:99", "", ("invalid", "time")),
    ("1", "2026-12-15", "", "2026-12-14", ("order", "to")),
    ("99999", "2026-12-15", "", "", ("not_found", "person")),
])
def test_a_bad_sick_call_names_the_field_and_writes_nothing(db, person, start, at, end, problem):
    found = replacements.record_sick_call(person, start, at, end, "sick", by="k")
    assert (found.code, found.field) == problem
    assert _audit(db, "sick_call") == []


@BOTH
def test_leave_requested_by_a_team_member_becomes_an_absence_when_approved(db):
    staff = ids(db)
    today = dt.date(2026, 12, 1)
    assert own_shifts.request_leave(staff["Olena"], "2026-12-21", "2026-12-23", "Familie", by="olena", today=today) is None
    assert own_shifts.request_leave(staff["Olena"], "2026-12-28", "2026-12-29", "", by="olena", today=today) is None
    assert own_shifts.request_leave(staff["Olena"], "2026-11-20", "2026-11-21", "", by="olena", today=today) == own_shifts.Problem("past", "from")
    assert own_shifts.request_leave(staff["Olena"], "2026-12-21", "2026-12-20", "", by="olena", today=today) == own_shifts.Problem("order", "to")
    first, second = own_shifts.my_leave(staff["Olena"])
    assert own_shifts.my_leave(staff["Sabine"]) == []  # nobody sees another person's requests
    assert own_shifts.decide_leave(first.id, True, by="koordination") is None
    assert own_shifts.decide_leave(second.id, False, by="koordination") is None
    assert own_shifts.decide_leave(first.id, False, by="koordination") == own_shifts.Problem("not_pending", "request")
    with session_scope(db) as session:
        absences = session.query(Absence).filter(Absence.staff_id == staff["Olena"], Absence.starts_on >= MON).all()
        assert [(a.starts_on, a.ends_on, a.kind) for a in absences] == [(dt.date(2026, 12, 21), dt.date(2026, 12, 23), "vacation")]
    assert [s.status for s in own_shifts.my_leave(staff["Olena"])] == ["approved", "refused"]
    assert [a for a, _, _ in _audit(db, "leave_approved")] == ["koordination"]
    assert len(_audit(db, "leave_requested")) == 2 and len(_audit(db, "leave_refused")) == 1


@SQLITE
def test_hour_accounts_follow_the_published_replacement_and_absences(db):
    staff = ids(db)
    publish_week(db, _plan(staff))
    [open_id] = replacements.record_sick_call(str(staff["Iryna"]), TUE.isoformat(), "", "", "sick", by="k").open_shifts
    [offer] = replacements.ask(open_id, [staff["Sabine"]], by="k")
    replacements.accept(offer, staff["Sabine"], by="sabine")
    sabine = own_shifts.my_hour_account(staff["Sabine"], TUE)[-1]
    assert (sabine.monday, sabine.planned, sabine.target) == (MON, 360 + 225, 30 * 60)
    iryna = own_shifts.my_hour_account(staff["Iryna"], TUE)[-1]
    assert (iryna.planned, iryna.target, iryna.balance - own_shifts.my_hour_account(staff["Iryna"], TUE)[-2].balance) \
        == (0, 25 * 60 * 4 // 5, -1200)
    team = {h.name: h for h in own_shifts.team_hours(TUE)}
    assert team["Sabine"].this_week == 585 and team["Sabine"].balance == sabine.balance


@SQLITE
def test_wishes_only_for_weeks_not_yet_published(db):
    staff = ids(db)
    publish_week(db, _plan(staff))
    today = MON - dt.timedelta(days=3)
    later = MON + dt.timedelta(weeks=2)
    assert own_shifts.add_own_wish(staff["Olena"], TUE.isoformat(), "unavailable", by="olena", today=today) \
        == own_shifts.Problem("planned", "day")
    assert own_shifts.add_own_wish(staff["Olena"], later.isoformat(), "boss", by="olena", today=today) \
        == own_shifts.Problem("invalid", "kind")
    assert own_shifts.add_own_wish(staff["Olena"], later.isoformat(), "unavailable", by="olena", today=today) is None
    assert [(w.day, w.kind) for w in own_shifts.my_wishes(staff["Olena"], today)] == [(later, "unavailable")]
    assert own_shifts.my_wishes(staff["Sabine"], today) == []


@BOTH
def test_a_swap_offered_to_a_named_colleague_is_accepted_then_approved_in_one_click(db):
    staff = ids(db)
    publish_week(db, _plan(staff))
    today = MON - dt.timedelta(days=3)
    with session_scope(db) as session:
        repo = ScheduleRepository(session)
        monday = next(r for r in repo.rows(repo.latest_published(YEAR, WEEK).id) if r.person == "Sabine")
    # Olena counsels: the rule is named and nothing is written.
    assert replacements.give_away(staff["Sabine"], monday.id, staff["Olena"], by="sabine", today=today) \
        == replacements.Problem("rule", "role", "Olena")
    assert replacements.open_shifts(today) == []
    # Somebody else's shift cannot be given away.
    assert replacements.give_away(staff["Iryna"], monday.id, staff["Mariia"], by="iryna", today=today).code == "not_found"
    [offer] = replacements.give_away(staff["Sabine"], monday.id, str(staff["Iryna"]), by="sabine", today=today)
    assert replacements.give_away(staff["Sabine"], monday.id, None, by="sabine", today=today) \
        == replacements.Problem("already", "shift")
    assert replacements.accept(offer, staff["Iryna"], by="iryna") is None  # waits for approval
    [shown] = replacements.open_shifts(today)
    assert (shown.origin, shown.status, shown.filled_by, shown.absent) == ("swap", "accepted", "Iryna", "Sabine")
    with session_scope(db) as session:
        assert ScheduleRepository(session).latest_published(YEAR, WEEK).version == 1  # nothing published yet
    assert replacements.decide_swap(shown.id, True, by="koordination") == 2
    assert replacements.decide_swap(shown.id, True, by="koordination") == replacements.Problem("not_waiting", "swap")
    with session_scope(db) as session:
        repo = ScheduleRepository(session)
        first, second = repo.versions(YEAR, WEEK)
        diff = compare(repo.rows(first.id), repo.rows(second.id))
        assert [(r.person, r.day) for r in diff["removed"]] == [("Sabine", MON)]
        assert [(r.person, r.day, r.template) for r in diff["added"]] == [("Iryna", MON, "SPAET")]
    assert [n.kind for n in replacements.my_notices(staff["Sabine"])] == ["given"]
    assert [n.kind for n in replacements.my_notices(staff["Iryna"])] == ["taken", "asked"]
    for action in ("swap_offered", "swap_accepted", "swap_approved"):
        assert len(_audit(db, action)) == 1, action


@SQLITE
def test_a_swap_to_whoever_may_asks_the_best_and_can_be_refused(db):
    staff = ids(db)
    publish_week(db, _plan(staff))
    today = MON - dt.timedelta(days=3)
    with session_scope(db) as session:
        repo = ScheduleRepository(session)
        monday = next(r for r in repo.rows(repo.latest_published(YEAR, WEEK).id) if r.person == "Sabine")
    offers = replacements.give_away(staff["Sabine"], monday.id, "", by="sabine", today=today)
    assert 1 <= len(offers) <= replacements.SWAP_ASKED
    with session_scope(db) as session:
        from data_access.models import ReplacementOffer

        first = session.get(ReplacementOffer, offers[0])
        taker = first.staff_id
    assert replacements.accept(offers[0], taker, by="x") is None
    [shown] = replacements.open_shifts(today)
    assert replacements.decide_swap(shown.id, False, by="koordination") is None
    assert replacements.open_shifts(today)[0].status == "cancelled"
    with session_scope(db) as session:
        assert ScheduleRepository(session).latest_published(YEAR, WEEK).version == 1
    assert len(_audit(db, "swap_refused")) == 1


@SQLITE
def test_the_hour_account_starts_from_the_imported_starting_balance(db):
    staff = ids(db)
    publish_week(db, _plan(staff))
    with session_scope(db) as session:
        sabine = session.get(StaffMember, staff["Sabine"])
        sabine.balance_minutes, sabine.balance_from = 600, MON - dt.timedelta(days=14)
    rows = own_shifts.my_hour_account(staff["Sabine"], TUE, weeks=10)
    assert [r.monday for r in rows] == [MON - dt.timedelta(weeks=2), MON - dt.timedelta(weeks=1), MON]
    assert rows[-1].balance == 600 + sum(r.difference for r in rows)
    assert {h.name: h.balance for h in own_shifts.team_hours(TUE)}["Sabine"] == rows[-1].balance


@SQLITE
def test_a_sick_call_today_opens_only_what_is_still_to_come(db):
    from planner import clock

    staff = ids(db)
    today = clock.today()
    yesterday = today - dt.timedelta(days=1)
    with session_scope(db) as session:
        repo = ScheduleRepository(session)
        weeks: dict = {}
        for day in (yesterday, today):
            weeks.setdefault(day.isocalendar()[:2], []).append(
                PlannedShift(day, str(staff["Iryna"]), "infopoint", "TAG", "reception", 0, 23 * 60 + 59, 45))
        for (year, week), shifts in weeks.items():
            repo.publish(repo.save_draft(year, week, shifts, by="test").id, by="test")
    before = clock.now()
    found = replacements.record_sick_call(str(staff["Iryna"]), yesterday.isoformat(), "", today.isoformat(), "sick", by="k")
    [shown] = replacements.open_shifts(yesterday)  # yesterday's shift is past: not opened
    assert shown.day == today and shown.ends_at == dt.time(23, 59)
    assert before.time().replace(second=0, microsecond=0) <= shown.starts_at <= clock.now().time()
    assert len(found.open_shifts) == 1
