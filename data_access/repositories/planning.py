"""What the planner reads: the centre's configuration for a week, history and mixes.

Rows become the planner's own immutable types (planner.centre), so the domain never
sees SQLAlchemy objects.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from data_access.models import (
    Absence,
    Closure,
    Location,
    OpeningHours,
    Organisation,
    PartnerCommitment,
    ShiftTemplate,
    StaffMember,
    StaffPreference,
    Visit,
)
from planner.centre import Member, PartnerTurn, Wish
from planner.centre import ShiftTemplate as TemplateSpec


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


class PlanningRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- configuration ---------------------------------------------------------------
    def templates(self) -> tuple[TemplateSpec, ...]:
        stmt = select(ShiftTemplate, Location.code).join(Location).order_by(Location.id, ShiftTemplate.starts_at)
        return tuple(
            TemplateSpec(
                place=code, code=t.code, name=t.name, name_en=t.name_en or "", start=_minutes(t.starts_at),
                end=_minutes(t.ends_at),
                break_minutes=t.break_minutes, weekdays=frozenset(int(c) for c in t.weekdays),
            )
            for t, code in self.session.execute(stmt)
        )

    def members(self, monday: dt.date, sunday: dt.date) -> tuple[Member, ...]:
        stmt = (
            select(StaffMember)
            .where(StaffMember.active_from <= sunday)
            .where((StaffMember.active_to.is_(None)) | (StaffMember.active_to >= monday))
            .options(selectinload(StaffMember.languages), selectinload(StaffMember.home_locations),
                     selectinload(StaffMember.organisation))
            .order_by(StaffMember.id)
        )
        codes = {id_: code for id_, code in self.session.execute(select(Location.id, Location.code))}
        return tuple(
            Member(
                id=str(s.id), name=s.display_name, role=s.role, organisation=s.organisation.code,
                languages=frozenset(lang.language for lang in s.languages),
                weekly_minutes=s.weekly_contract_minutes,
                places=frozenset(codes[h.location_id] for h in s.home_locations),
            )
            for s in self.session.scalars(stmt)
        )

    def turns(self) -> tuple[PartnerTurn, ...]:
        stmt = (
            select(PartnerCommitment, Organisation.code, Location.code)
            .join(Organisation, Organisation.id == PartnerCommitment.organisation_id)
            .join(Location, Location.id == PartnerCommitment.location_id)
        )
        return tuple(
            PartnerTurn(org, place, c.weekday, c.role, c.people) for c, org, place in self.session.execute(stmt)
        )

    def opening(self, on: dt.date) -> dict[str, dict[int, tuple[int, int]]]:
        stmt = (
            select(OpeningHours, Location.code)
            .join(Location)
            .where(OpeningHours.valid_from <= on)
            .where((OpeningHours.valid_to.is_(None)) | (OpeningHours.valid_to >= on))
        )
        out: dict[str, dict[int, tuple[int, int]]] = {}
        for hours, code in self.session.execute(stmt):
            out.setdefault(code, {})[hours.weekday] = (_minutes(hours.opens_at), _minutes(hours.closes_at))
        return out

    def closures(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str | None, str]]:
        stmt = (
            select(Closure.day, Location.code, Closure.reason)
            .outerjoin(Location, Location.id == Closure.location_id)
            .where(Closure.day.between(start, end))
        )
        return [(d, code, reason) for d, code, reason in self.session.execute(stmt)]

    def absences(self, start: dt.date, end: dt.date) -> dict[str, dict[dt.date, str]]:
        stmt = select(Absence).where(Absence.starts_on <= end, Absence.ends_on >= start)
        out: dict[str, dict[dt.date, str]] = {}
        for a in self.session.scalars(stmt):
            day = max(a.starts_on, start)
            while day <= min(a.ends_on, end):
                out.setdefault(str(a.staff_id), {})[day] = a.kind
                day += dt.timedelta(days=1)
        return out

    def wishes(self, start: dt.date, end: dt.date) -> tuple[Wish, ...]:
        stmt = (
            select(StaffPreference, ShiftTemplate.code)
            .outerjoin(ShiftTemplate, ShiftTemplate.id == StaffPreference.shift_template_id)
            .where(StaffPreference.day.between(start, end))
        )
        out = []
        for pref, template in self.session.execute(stmt):
            if pref.kind == "unavailable":
                continue  # unavailability is read as an absence (see absences_with_unavailability)
            out.append(Wish(str(pref.staff_id), pref.day, pref.kind == "desired", pref.weight, template))
        return tuple(out)

    def unavailable(self, start: dt.date, end: dt.date) -> dict[str, dict[dt.date, str]]:
        stmt = select(StaffPreference).where(
            StaffPreference.day.between(start, end), StaffPreference.kind == "unavailable"
        )
        out: dict[str, dict[dt.date, str]] = {}
        for pref in self.session.scalars(stmt):
            out.setdefault(str(pref.staff_id), {})[pref.day] = "unavailable"
        return out

    # --- writing absences and wishes -------------------------------------------------------
    def add_absence(self, staff_id: int, starts_on: dt.date, ends_on: dt.date, kind: str, note: str | None = None) -> Absence:
        absence = Absence(staff_id=staff_id, starts_on=starts_on, ends_on=ends_on, kind=kind, note=note)
        self.session.add(absence)
        self.session.flush()
        return absence

    def add_wish(self, staff_id: int, day: dt.date, kind: str, weight: int = 3,
                 shift_template_id: int | None = None) -> StaffPreference:
        wish = StaffPreference(staff_id=staff_id, day=day, kind=kind, weight=weight,
                               shift_template_id=shift_template_id)
        self.session.add(wish)
        self.session.flush()
        return wish

    def delete_absence(self, absence_id: int) -> None:
        absence = self.session.get(Absence, absence_id)
        if absence is not None:
            self.session.delete(absence)

    def delete_wish(self, wish_id: int) -> None:
        wish = self.session.get(StaffPreference, wish_id)
        if wish is not None:
            self.session.delete(wish)

    def absence_rows(self, start: dt.date, end: dt.date) -> list[tuple[int, str, dt.date, dt.date, str]]:
        stmt = (
            select(Absence.id, StaffMember.display_name, Absence.starts_on, Absence.ends_on, Absence.kind)
            .join(StaffMember)
            .where(Absence.starts_on <= end, Absence.ends_on >= start)
            .order_by(Absence.starts_on, StaffMember.display_name)
        )
        return [tuple(r) for r in self.session.execute(stmt)]

    def wish_rows(self, start: dt.date, end: dt.date) -> list[tuple[int, str, dt.date, str, int]]:
        stmt = (
            select(StaffPreference.id, StaffMember.display_name, StaffPreference.day, StaffPreference.kind,
                   StaffPreference.weight)
            .join(StaffMember)
            .where(StaffPreference.day.between(start, end))
            .order_by(StaffPreference.day, StaffMember.display_name)
        )
        return [tuple(r) for r in self.session.execute(stmt)]

    # --- demand history, aggregated in SQL -------------------------------------------------
    def slot_counts(self, since: dt.date, until: dt.date) -> pd.DataFrame:
        """Arrivals per place, target group, day and 30-minute slot (one row per non-empty slot)."""
        stmt = (
            select(Location.code, Visit.target_group, Visit.day, Visit.slot, func.count(Visit.id))
            .join(Location, Location.id == Visit.location_id)
            .where(Visit.day.between(since, until))
            .group_by(Location.code, Visit.target_group, Visit.day, Visit.slot)
        )
        frame = pd.DataFrame(
            self.session.execute(stmt).all(), columns=["location", "target_group", "day", "slot", "count"]
        )
        if frame.empty:
            return frame.assign(slot_start=pd.Series(dtype="datetime64[ns]"))
        frame["slot_start"] = pd.to_datetime(frame["day"]) + pd.to_timedelta(frame["slot"] * 30, unit="min")
        return frame[["slot_start", "location", "target_group", "count"]]

    def mixes(self, since: dt.date, until: dt.date) -> dict[str, dict]:
        """Concern and language mixes and mean service minutes per concern, per place."""
        base = (
            select(Location.code)
            .join(Visit, Visit.location_id == Location.id)
            .where(Visit.day.between(since, until))
        )
        concern_rows = self.session.execute(
            base.add_columns(Visit.concern, func.count(Visit.id), func.avg(Visit.service_minutes))
            .group_by(Location.code, Visit.concern)
        ).all()
        language_rows = self.session.execute(
            base.add_columns(Visit.language, func.count(Visit.id)).group_by(Location.code, Visit.language)
        ).all()
        concern_mix: dict[str, dict[str, float]] = {}
        minutes: dict[str, dict[str, float]] = {}
        for code, concern, n, avg in concern_rows:
            concern_mix.setdefault(code, {})[concern] = float(n)
            minutes.setdefault(code, {})[concern] = float(avg or 15.0)
        language_mix: dict[str, dict[str, float]] = {}
        for code, language, n in language_rows:
            language_mix.setdefault(code, {})[language] = float(n)
        return {"concern_mix": concern_mix, "service_minutes": minutes, "language_mix": language_mix}

    def last_day_with_visits(self) -> dt.date | None:
        value = self.session.scalar(select(func.max(Visit.day)))
        return value if value is None or isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
