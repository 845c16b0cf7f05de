"""Published demo plans: the partner organisations' agreed turns for three ISO weeks.

Until the planner publishes real plans, the partner portal needs shifts to show. For the
current ISO week and the next two, every agreed turn (reference.PARTNER_COMMITMENTS) on
an open day becomes an organisation slot of a published schedule, with one of that
organisation's people named. Deterministic: the same `today` gives the same plans.
Past days are confirmed, today and later ones wait for the partner's answer.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from data_access.demo import reference as ref
from data_access.demo.visits import open_days
from data_access.models import Assignment, Schedule
from data_access.repositories import AssignmentRepository, ReferenceRepository, StaffRepository
from planner.centre import PARTNER_TASKS  # the planner's task names, shared with real plans

WEEKS = 3


def _template_code(location: str, day: dt.date) -> str:
    if location == "infopoint":
        return "TAG"
    if day.weekday() == 4:
        return "FREITAG"
    # Early and late turns alternate from day to day.
    return "FRUEH" if day.toordinal() % 2 == 0 else "SPAET"


def add_published_schedules(session: Session, now: dt.datetime) -> int:
    """Write the demo plans in the caller's transaction; returns the number of shifts."""
    refs = ReferenceRepository(session)
    locations = refs.location_ids()
    organisations = refs.organisation_ids()
    location_codes = {v: k for k, v in locations.items()}
    templates = {(location_codes[t.location_id], t.code): t for t in refs.shift_templates()}
    staff = StaffRepository(session)
    monday = now.date() - dt.timedelta(days=now.weekday())
    open_dates = set(open_days(monday, monday + dt.timedelta(weeks=WEEKS)).date)
    shifts = 0
    for week in range(WEEKS):
        start = monday + dt.timedelta(weeks=week)
        year, iso_week, _ = start.isocalendar()
        schedule = Schedule(
            iso_year=year, iso_week=iso_week, version=1, status="published", created_at=now,
            created_by="demo", published_at=now,
        )
        for commitment in ref.PARTNER_COMMITMENTS:
            for weekday in map(int, commitment.weekdays):
                day = start + dt.timedelta(days=weekday)
                if day not in open_dates:
                    continue
                members = [
                    m for m in staff.active_on(day)
                    if m.organisation_id == organisations[commitment.organisation] and m.role == commitment.role
                ]
                template = templates[(commitment.location, _template_code(commitment.location, day))]
                past = day < now.date()
                schedule.assignments.append(
                    Assignment(
                        day=day, location_id=locations[commitment.location],
                        organisation_id=organisations[commitment.organisation],
                        # Who takes the turn rotates from day to day among the organisation's
                        # people: a whole week of turns is more than one part-time contract.
                        staff_id=members[(iso_week + weekday) % len(members)].id if members else None,
                        shift_template_id=template.id, starts_at=template.starts_at, ends_at=template.ends_at,
                        task=PARTNER_TASKS[commitment.role], confirmation="confirmed" if past else "pending",
                        confirmed_by="demo" if past else None, confirmed_at=now if past else None,
                    )
                )
                shifts += 1
        AssignmentRepository(session).add_schedule(schedule)
    return shifts
