"""Places, opening hours, closures, organisations, shift templates, partner turns."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import (
    Closure,
    Location,
    OpeningHours,
    Organisation,
    PartnerCommitment,
    ShiftTemplate,
)


class ReferenceRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, *rows) -> None:
        self.session.add_all(rows)
        self.session.flush()

    def locations(self) -> list[Location]:
        return list(self.session.scalars(select(Location).order_by(Location.id)))

    def location_ids(self) -> dict[str, int]:
        return {code: id_ for id_, code in self.session.execute(select(Location.id, Location.code))}

    def organisations(self) -> list[Organisation]:
        return list(self.session.scalars(select(Organisation).order_by(Organisation.id)))

    def organisation_ids(self) -> dict[str, int]:
        rows = self.session.execute(select(Organisation.id, Organisation.code))
        return {code: id_ for id_, code in rows}

    def has_locations(self) -> bool:
        return bool(self.session.scalar(select(func.count()).select_from(Location)))

    def opening_hours(self, on: dt.date) -> list[OpeningHours]:
        stmt = select(OpeningHours).where(
            OpeningHours.valid_from <= on,
            (OpeningHours.valid_to.is_(None)) | (OpeningHours.valid_to >= on),
        )
        return list(self.session.scalars(stmt.order_by(OpeningHours.location_id, OpeningHours.weekday)))

    def closures(self, start: dt.date, end: dt.date) -> list[Closure]:
        stmt = select(Closure).where(Closure.day.between(start, end)).order_by(Closure.day)
        return list(self.session.scalars(stmt))

    def shift_templates(self) -> list[ShiftTemplate]:
        stmt = select(ShiftTemplate).order_by(ShiftTemplate.location_id, ShiftTemplate.starts_at)
        return list(self.session.scalars(stmt))

    def partner_commitments(self) -> list[PartnerCommitment]:
        stmt = select(PartnerCommitment).order_by(
            PartnerCommitment.organisation_id, PartnerCommitment.weekday
        )
        return list(self.session.scalars(stmt))
