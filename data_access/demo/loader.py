"""Write the demo centre into a database: reference data, staff, users, visits, language courses."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from data_access.demo import reference as ref
from data_access.demo.courses import add_course_demo
from data_access.demo.schedules import add_published_schedules
from data_access.demo.visits import generate_visit_frame
from data_access.models import (
    Closure,
    Location,
    OpeningHours,
    Organisation,
    PartnerCommitment,
    ShiftTemplate,
    StaffLanguage,
    StaffLocation,
    StaffMember,
    User,
)
from data_access.repositories import (
    ReferenceRepository,
    StaffRepository,
    UserRepository,
    VisitRepository,
)
from planner import clock


def fill(session: Session, seed: int = 1, scale: float = 1.0, now: dt.datetime | None = None) -> int:
    """Fill an empty database in the caller's transaction; returns the number of visits."""
    now = now or clock.now().replace(microsecond=0)
    refs = ReferenceRepository(session)
    _add_reference(refs, now.date())
    _add_staff(StaffRepository(session), refs)
    _add_users(UserRepository(session), refs.organisation_ids(), now, session)
    add_published_schedules(session, now)
    visits = generate_visit_frame(seed=seed, until=now, scale=scale)
    count = VisitRepository(session).bulk_insert(visits, refs.location_ids())
    add_course_demo(session, seed, now)  # after the visits: outcomes belong to language-course visits
    return count


def _add_reference(refs: ReferenceRepository, today: dt.date) -> None:
    for spec in ref.LOCATIONS:
        location = Location(code=spec.code, name=spec.name, kind=spec.kind, address=spec.address)
        refs.add(location)
        refs.add(
            *(
                OpeningHours(
                    location_id=location.id, weekday=wd, opens_at=o, closes_at=c, valid_from=ref.OPENED
                )
                for wd, (o, c) in spec.hours.items()
            )
        )
    refs.add(*(Organisation(code=o.code, name=o.name, kind=o.kind) for o in ref.ORGANISATIONS))
    locations = refs.location_ids()
    organisations = refs.organisation_ids()
    refs.add(
        *(
            Closure(location_id=None, day=day, reason=reason)
            for day, reason in ref.extra_closures(range(ref.OPENED.year, today.year + 2))
        )
    )
    refs.add(
        *(
            ShiftTemplate(
                location_id=locations[s.location], code=s.code, name=s.name, name_en=s.name_en, starts_at=s.starts,
                ends_at=s.ends, break_minutes=s.break_minutes, weekdays=s.weekdays,
            )
            for s in ref.SHIFT_TEMPLATES
        )
    )
    refs.add(
        *(
            PartnerCommitment(
                organisation_id=organisations[c.organisation], location_id=locations[c.location],
                weekday=int(wd), role=c.role, people=c.people, rotation=c.rotation,
            )
            for c in ref.PARTNER_COMMITMENTS
            for wd in c.weekdays
        )
    )


def _add_staff(staff: StaffRepository, refs: ReferenceRepository) -> None:
    locations = refs.location_ids()
    organisations = refs.organisation_ids()
    staff.add(
        *(
            StaffMember(
                display_name=s.name,
                role=s.role,
                organisation_id=organisations[s.organisation],
                weekly_contract_minutes=int(s.weekly_hours * 60),
                active_from=s.active_from,
                languages=[StaffLanguage(language=lang) for lang in s.languages],
                home_locations=[StaffLocation(location_id=locations[code]) for code in s.locations],
            )
            for s in ref.STAFF
        )
    )


def _add_users(users: UserRepository, organisations: dict[str, int], now: dt.datetime, session) -> None:
    password_hash = generate_password_hash(ref.DEMO_PASSWORD)
    staff_ids = {name: id_ for id_, name in session.execute(select(StaffMember.id, StaffMember.display_name))}
    users.add(
        *(
            User(
                login=u.login,
                password_hash=password_hash,
                role=u.role,
                organisation_id=organisations[u.organisation] if u.organisation else None,
                staff_id=staff_ids[u.staff] if u.staff else None,
                created_at=now,
            )
            for u in ref.DEMO_USERS
        )
    )
