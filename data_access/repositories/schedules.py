"""Plans of a week: a working draft, numbered published versions, locks and edits.

A published version is never changed: publishing again creates the next version, and an
assignment that is the same as in the version before keeps its confirmation while a
changed or new one starts as pending.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from data_access.models import Assignment, Location, Schedule, ShiftTemplate, StaffMember
from planner.centre import PlannedShift, shift_id
from planner import clock


class PublishConflict(Exception):
    """Someone else published or changed this version first."""


@dataclass(frozen=True)
class AssignmentRow:
    id: int
    day: dt.date
    staff_id: int | None
    person: str
    organisation_id: int | None
    place: str
    template: str
    task: str
    starts_at: dt.time
    ends_at: dt.time
    locked: bool
    confirmation: str

    def key(self) -> tuple:
        """What makes two versions' assignments 'the same shift'."""
        return (self.day, self.staff_id, self.place, self.template, self.task)

    @property
    def shift_id(self) -> str:
        """The engine's "place.template.task" id of the shift."""
        return shift_id(self.place, self.template, self.task)


def _time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


class ScheduleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- reading -----------------------------------------------------------------------
    def versions(self, iso_year: int, iso_week: int) -> list[Schedule]:
        stmt = (
            select(Schedule)
            .where(Schedule.iso_year == iso_year, Schedule.iso_week == iso_week)
            .order_by(Schedule.version)
        )
        return list(self.session.scalars(stmt))

    def get(self, schedule_id: int) -> Schedule | None:
        return self.session.get(Schedule, schedule_id)

    def latest_published(self, iso_year: int, iso_week: int) -> Schedule | None:
        published = [s for s in self.versions(iso_year, iso_week) if s.status == "published"]
        return published[-1] if published else None

    def draft(self, iso_year: int, iso_week: int) -> Schedule | None:
        drafts = [s for s in self.versions(iso_year, iso_week) if s.status == "draft"]
        return drafts[-1] if drafts else None

    def current(self, iso_year: int, iso_week: int) -> Schedule | None:
        """The version the Planner shows and works on: the week's draft, else its last published one."""
        versions = self.versions(iso_year, iso_week)
        for status in ("draft", "published"):
            found = [s for s in versions if s.status == status]
            if found:
                return found[-1]
        return None

    def schedule_of(self, assignment_id: int) -> Schedule | None:
        """The version an assignment belongs to (None for an unknown assignment)."""
        assignment = self.session.get(Assignment, assignment_id)
        return self.session.get(Schedule, assignment.schedule_id) if assignment is not None else None

    def rows(self, schedule_id: int) -> list[AssignmentRow]:
        stmt = (
            select(Assignment, StaffMember.display_name, Location.code, ShiftTemplate.code)
            .outerjoin(StaffMember, StaffMember.id == Assignment.staff_id)
            .join(Location, Location.id == Assignment.location_id)
            .outerjoin(ShiftTemplate, ShiftTemplate.id == Assignment.shift_template_id)
            .where(Assignment.schedule_id == schedule_id)
            .order_by(Assignment.day, Location.code, Assignment.starts_at, StaffMember.display_name)
        )
        return [
            AssignmentRow(
                a.id, a.day, a.staff_id, name or "", a.organisation_id, place, template or "", a.task,
                a.starts_at, a.ends_at, a.locked, a.confirmation,
            )
            for a, name, place, template in self.session.execute(stmt)
        ]

    def planned(self, schedule_id: int) -> list[PlannedShift]:
        return [
            PlannedShift(r.day, str(r.staff_id), r.place, r.template, r.task, _minutes(r.starts_at),
                         _minutes(r.ends_at), 0)
            for r in self.rows(schedule_id)
            if r.staff_id is not None
        ]

    def published_between(self, start: dt.date, end: dt.date) -> list[AssignmentRow]:
        """The assignments of the newest published version of every week in a date range."""
        newest = (
            select(Schedule.iso_year, Schedule.iso_week, func.max(Schedule.version).label("version"))
            .where(Schedule.status == "published")
            .group_by(Schedule.iso_year, Schedule.iso_week)
            .subquery()
        )
        ids = select(Schedule.id).join(
            newest,
            (Schedule.iso_year == newest.c.iso_year)
            & (Schedule.iso_week == newest.c.iso_week)
            & (Schedule.version == newest.c.version),
        )
        rows = []
        for schedule_id in self.session.scalars(ids):
            rows.extend(r for r in self.rows(schedule_id) if start <= r.day <= end)
        return rows

    # --- writing -----------------------------------------------------------------------
    def save_draft(
        self,
        iso_year: int,
        iso_week: int,
        shifts: list[PlannedShift],
        *,
        by: str,
        objective: float | None = None,
        solver_status: str | None = None,
        forecast_run_id: int | None = None,
        locked: set[tuple] = frozenset(),
    ) -> Schedule:
        """Replace the week's working draft (or start one) with these shifts, in one transaction."""
        schedule = self.draft(iso_year, iso_week)
        if schedule is None:
            last = self.session.scalar(
                select(func.max(Schedule.version)).where(
                    Schedule.iso_year == iso_year, Schedule.iso_week == iso_week
                )
            )
            schedule = Schedule(iso_year=iso_year, iso_week=iso_week, version=(last or 0) + 1,
                                status="draft", created_at=clock.now().replace(microsecond=0),
                                created_by=by)
            self.session.add(schedule)
            self.session.flush()
        else:
            self.session.query(Assignment).filter(Assignment.schedule_id == schedule.id).delete()
        schedule.objective = objective
        schedule.solver_status = solver_status
        schedule.forecast_run_id = forecast_run_id
        self._add_shifts(schedule.id, shifts, locked)
        self.session.flush()
        return schedule

    def _add_shifts(self, schedule_id: int, shifts: list[PlannedShift], locked: set[tuple]) -> None:
        locations = {code: id_ for id_, code in self.session.execute(select(Location.id, Location.code))}
        templates = {
            (place, code): id_
            for id_, place, code in self.session.execute(
                select(ShiftTemplate.id, Location.code, ShiftTemplate.code).join(Location)
            )
        }
        organisations = dict(self.session.execute(select(StaffMember.id, StaffMember.organisation_id)).all())
        for s in shifts:
            staff_id = int(s.person)
            self.session.add(
                Assignment(
                    schedule_id=schedule_id, day=s.day, location_id=locations[s.place], staff_id=staff_id,
                    organisation_id=organisations.get(staff_id),
                    shift_template_id=templates.get((s.place, s.template)),
                    starts_at=_time(s.start), ends_at=_time(s.end), task=s.task,
                    locked=(s.day, s.person) in locked, confirmation="pending",
                )
            )

    def set_locked(self, assignment_id: int, locked: bool) -> None:
        assignment = self._draft_assignment(assignment_id)
        assignment.locked = locked

    def replace_assignment(self, assignment_id: int, shift: PlannedShift | None) -> None:
        """Change one draft assignment by hand (or delete it when `shift` is None); it is locked."""
        assignment = self._draft_assignment(assignment_id)
        schedule_id = assignment.schedule_id
        self.session.delete(assignment)
        self.session.flush()
        if shift is not None:
            self._add_shifts(schedule_id, [shift], {(shift.day, shift.person)})

    def add_assignment(self, schedule_id: int, shift: PlannedShift) -> None:
        schedule = self.session.get(Schedule, schedule_id)
        if schedule is None or schedule.status != "draft":
            raise PublishConflict("only a draft can be changed")
        self._add_shifts(schedule_id, [shift], {(shift.day, shift.person)})

    def _draft_assignment(self, assignment_id: int) -> Assignment:
        assignment = self.session.get(Assignment, assignment_id, options=[selectinload(Assignment.schedule)])
        if assignment is None:
            raise KeyError(f"no assignment {assignment_id}")
        if assignment.schedule.status != "draft":
            raise PublishConflict("a published version cannot be changed; edit the draft")
        return assignment

    def publish(self, schedule_id: int, by: str) -> Schedule:
        """Publish a draft. Exactly one of two simultaneous publishers wins; the other gets
        PublishConflict (the UPDATE only matches while the row is still a draft)."""
        schedule = self.session.get(Schedule, schedule_id)
        if schedule is None:
            raise KeyError(f"no schedule {schedule_id}")
        previous = self.latest_published(schedule.iso_year, schedule.iso_week)
        result = self.session.execute(
            update(Schedule)
            .where(Schedule.id == schedule_id, Schedule.status == "draft")
            .values(status="published", published_at=clock.now().replace(microsecond=0))
        )
        if result.rowcount != 1:
            raise PublishConflict("this version was published or replaced meanwhile")
        if previous is not None:
            earlier = {r.key(): r for r in self.rows(previous.id)}
            for row in self.rows(schedule_id):
                before = earlier.get(row.key())
                if before is not None and before.confirmation != "pending":
                    kept = self.session.get(Assignment, before.id)
                    self.session.execute(
                        update(Assignment).where(Assignment.id == row.id).values(
                            confirmation=kept.confirmation, confirmed_by=kept.confirmed_by,
                            confirmed_at=kept.confirmed_at, decline_reason=kept.decline_reason,
                        )
                    )
        self.session.flush()
        self.session.refresh(schedule)
        return schedule

    def start_draft_from(self, schedule_id: int, by: str) -> Schedule:
        """A new draft holding a copy of a published version, to change and publish again."""
        source = self.session.get(Schedule, schedule_id)
        rows = self.rows(schedule_id)
        shifts = [
            PlannedShift(r.day, str(r.staff_id), r.place, r.template, r.task, _minutes(r.starts_at),
                         _minutes(r.ends_at), 0)
            for r in rows if r.staff_id is not None
        ]
        locked = {(r.day, str(r.staff_id)) for r in rows if r.locked}
        return self.save_draft(source.iso_year, source.iso_week, shifts, by=by,
                               objective=source.objective, solver_status=source.solver_status,
                               forecast_run_id=source.forecast_run_id, locked=locked)


def compare(before: list[AssignmentRow], after: list[AssignmentRow]) -> dict[str, list[AssignmentRow]]:
    """What changed between two versions: added, removed (by person, day, place, shift, task)."""
    old = {r.key(): r for r in before}
    new = {r.key(): r for r in after}
    return {
        "added": [new[k] for k in sorted(new.keys() - old.keys(), key=str)],
        "removed": [old[k] for k in sorted(old.keys() - new.keys(), key=str)],
    }
