"""The assignment repository on SQLite and PostgreSQL: what partners see, answer, and the reset rule."""

from __future__ import annotations

import datetime as dt

import pytest

from data_access.db import session_scope
from data_access.models import Assignment, Location, Organisation, Schedule, StaffMember
from data_access.repositories import AssignmentRepository
from data_access.repositories.assignments import AssignmentError

DAY = dt.date(2026, 11, 30)


@pytest.fixture
def plan(migrated_url):
    """Two partner organisations, one person each, a published and a draft week."""
    with session_scope(migrated_url) as session:
        centre = Location(code="centre", name="Servicezentrum", kind="service_centre")
        jobcenter = Organisation(code="jobcenter", name="Jobcenter", kind="partner")
        welfare = Organisation(code="welfare", name="Wohlfahrt", kind="partner")
        city = Organisation(code="city", name="Stadt", kind="city")
        session.add_all([centre, jobcenter, welfare, city])
        session.flush()
        nadia = StaffMember(display_name="Nadia", role="jobcenter_rep", organisation_id=jobcenter.id,
                            weekly_contract_minutes=1920, active_from=dt.date(2022, 2, 25))
        thomas = StaffMember(display_name="Thomas", role="welfare_rep", organisation_id=welfare.id,
                             weekly_contract_minutes=1200, active_from=dt.date(2022, 2, 25))
        katrin = StaffMember(display_name="Katrin", role="coordination", organisation_id=city.id,
                             weekly_contract_minutes=2340, active_from=dt.date(2022, 2, 25))
        session.add_all([nadia, thomas, katrin])
        session.flush()

        def shift(org, staff, day=DAY, confirmation="pending"):
            return Assignment(day=day, location_id=centre.id, organisation_id=org.id, staff_id=staff.id,
                              starts_at=dt.time(7, 45), ends_at=dt.time(13, 45), task="jobcenter_rep",
                              confirmation=confirmation)

        published = Schedule(iso_year=2026, iso_week=49, version=1, status="published",
                             created_at=dt.datetime(2026, 11, 20), published_at=dt.datetime(2026, 11, 20))
        published.assignments = [shift(jobcenter, nadia), shift(welfare, thomas),
                                 shift(jobcenter, nadia, DAY + dt.timedelta(days=1), "confirmed"),
                                 shift(city, katrin)]  # the city's own staff: not in the portal
        draft = Schedule(iso_year=2026, iso_week=50, version=1, status="draft", created_at=dt.datetime(2026, 11, 20))
        draft.assignments = [shift(jobcenter, nadia, DAY + dt.timedelta(days=7), "confirmed")]
        session.add_all([published, draft])
        session.flush()
        return {
            "url": migrated_url, "jobcenter": jobcenter.id, "welfare": welfare.id, "nadia": nadia.id,
            "thomas": thomas.id, "own": published.assignments[0].id, "foreign": published.assignments[1].id,
            "confirmed": published.assignments[2].id, "draft": draft.assignments[0].id,
        }


def _get(plan, key):
    with session_scope(plan["url"]) as session:
        a = session.get(Assignment, plan[key])
        return a.confirmation, a.staff_id, a.confirmed_by, a.decline_reason, a.starts_at


def test_partners_see_only_their_published_shifts(plan):
    with session_scope(plan["url"]) as session:
        repo = AssignmentRepository(session)
        rows = repo.published_shifts(DAY, DAY + dt.timedelta(days=14), plan["jobcenter"])
        assert [r.id for r in rows] == [plan["own"], plan["confirmed"]]  # not the draft, not welfare's
        assert {r.id for r in repo.published_shifts(DAY, DAY + dt.timedelta(days=14))} == {
            plan["own"], plan["foreign"], plan["confirmed"]}
        assert repo.open_confirmations(DAY, DAY + dt.timedelta(days=14))[plan["jobcenter"]] == {
            "pending": 1, "confirmed": 1, "declined": 0}


def test_only_the_latest_published_version_of_a_week_counts(plan):
    with session_scope(plan["url"]) as session:
        newer = Schedule(iso_year=2026, iso_week=49, version=2, status="published",
                         created_at=dt.datetime(2026, 11, 21), published_at=dt.datetime(2026, 11, 21))
        newer.assignments = [Assignment(day=DAY, location_id=session.get(Assignment, plan["own"]).location_id,
                                        organisation_id=plan["jobcenter"], starts_at=dt.time(10), ends_at=dt.time(16),
                                        task="jobcenter_rep")]
        session.add(newer)
        session.flush()
        rows = AssignmentRepository(session).published_shifts(DAY, DAY + dt.timedelta(days=6), plan["jobcenter"])
        assert [r.id for r in rows] == [newer.assignments[0].id]


def test_confirm_and_decline_only_within_the_own_organisation(plan):
    with session_scope(plan["url"]) as session:
        repo = AssignmentRepository(session)
        with pytest.raises(AssignmentError, match="not_found"):
            repo.confirm(plan["foreign"], plan["jobcenter"], plan["nadia"], "jobcenter")
        with pytest.raises(AssignmentError, match="not_found"):
            repo.decline(plan["foreign"], plan["jobcenter"], "nein", "jobcenter")
        with pytest.raises(AssignmentError, match="not_member"):
            repo.confirm(plan["own"], plan["jobcenter"], plan["thomas"], "jobcenter")
        with pytest.raises(AssignmentError, match="not_found"):
            repo.confirm(plan["draft"], plan["jobcenter"], plan["nadia"], "jobcenter")  # drafts are not answerable
        repo.confirm(plan["own"], plan["jobcenter"], plan["nadia"], "jobcenter")
    assert _get(plan, "own")[:3] == ("confirmed", plan["nadia"], "jobcenter")
    assert _get(plan, "foreign")[0] == "pending"
    with session_scope(plan["url"]) as session:
        AssignmentRepository(session).decline(plan["own"], plan["jobcenter"], "  Krankheit ", "jobcenter")
    assert _get(plan, "own")[0::3][:2] == ("declined", "Krankheit")


@pytest.mark.parametrize(
    "change",
    [{"starts_at": dt.time(9, 0)}, {"day": DAY + dt.timedelta(days=2)}, {"task": "welfare_rep"},
     {"staff_id": None}],
)
def test_a_change_to_a_published_shift_resets_its_confirmation(plan, change):
    with session_scope(plan["url"]) as session:
        AssignmentRepository(session).change(plan["confirmed"], **change)
    confirmation, _, confirmed_by, reason, _ = _get(plan, "confirmed")
    assert (confirmation, confirmed_by, reason) == ("pending", None, None)


def test_no_change_or_a_lock_keeps_the_confirmation_and_drafts_are_not_reset(plan):
    with session_scope(plan["url"]) as session:
        repo = AssignmentRepository(session)
        repo.change(plan["confirmed"], starts_at=dt.time(7, 45), locked=True)  # same time: nothing to confirm anew
        repo.change(plan["draft"], starts_at=dt.time(9, 0))
    assert _get(plan, "confirmed")[0] == "confirmed"
    assert _get(plan, "draft")[0] == "confirmed"
    with session_scope(plan["url"]) as session, pytest.raises(AssignmentError, match="unknown"):
        AssignmentRepository(session).change(plan["confirmed"], confirmation="confirmed")


def test_naming_another_person_needs_a_new_confirmation(plan):
    with session_scope(plan["url"]) as session:
        repo = AssignmentRepository(session)
        repo.name_person(plan["confirmed"], plan["jobcenter"], plan["nadia"])  # the same person
        assert session.get(Assignment, plan["confirmed"]).confirmation == "confirmed"
        repo.name_person(plan["confirmed"], plan["jobcenter"], None)
        assert session.get(Assignment, plan["confirmed"]).confirmation == "pending"
