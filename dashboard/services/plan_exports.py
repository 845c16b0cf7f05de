"""A week's published plan as the exports need it (XLSX, CSV, iCalendar, print view)."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.services.unit_of_work import UnitOfWork
from data_access.repositories.schedules import AssignmentRow


@dataclass(frozen=True)
class PublishedWeek:
    version: int
    rows: list[AssignmentRow]
    organisations: dict[int, str]  # organisation id -> name


def published_week(iso_year: int, iso_week: int, *, uow: UnitOfWork | None = None) -> PublishedWeek | None:
    """The newest published version of an ISO week with its assignments; None when none is published."""
    with uow or UnitOfWork() as work:
        schedule = work.schedules.latest_published(iso_year, iso_week)
        if schedule is None:
            return None
        organisations = {o.id: o.name for o in work.reference.organisations()}
        return PublishedWeek(schedule.version, work.schedules.rows(schedule.id), organisations)
