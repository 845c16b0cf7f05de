"""The team: staff members with their languages and places, and their absences."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from data_access.models import StaffMember


class StaffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, *rows) -> None:
        self.session.add_all(rows)
        self.session.flush()

    def get(self, staff_id: int) -> StaffMember | None:
        return self.session.get(StaffMember, staff_id)

    def set_email(self, staff_id: int, email: str | None) -> None:
        member = self.session.get(StaffMember, staff_id)
        member.email = email
        self.session.flush()

    def active_on(self, day: dt.date) -> list[StaffMember]:
        stmt = (
            select(StaffMember)
            .where(StaffMember.active_from <= day)
            .where((StaffMember.active_to.is_(None)) | (StaffMember.active_to >= day))
            .options(
                selectinload(StaffMember.languages),
                selectinload(StaffMember.home_locations),
                selectinload(StaffMember.organisation),
            )
            .order_by(StaffMember.id)
        )
        return list(self.session.scalars(stmt))

    def count_by_role(self, day: dt.date) -> dict[str, int]:
        stmt = (
            select(StaffMember.role, func.count())
            .where(StaffMember.active_from <= day)
            .where((StaffMember.active_to.is_(None)) | (StaffMember.active_to >= day))
            .group_by(StaffMember.role)
        )
        return {role: n for role, n in self.session.execute(stmt)}
