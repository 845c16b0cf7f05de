"""A small draft plan written straight into a database, for tests about versions and publishing."""

from __future__ import annotations

import datetime as dt

from data_access.db import session_scope
from data_access.repositories.planning import PlanningRepository
from data_access.repositories.schedules import ScheduleRepository
from planner.centre import PlannedShift


def draft_of_three(url: str | None, iso_year: int, iso_week: int) -> int:
    """A draft of three counselling shifts on the week's first three days; its id."""
    monday = dt.date.fromisocalendar(iso_year, iso_week, 1)
    with session_scope(url) as session:
        planning = PlanningRepository(session)
        template = planning.templates()[0]
        members = planning.members(monday, monday + dt.timedelta(days=6))
        shifts = [PlannedShift(monday + dt.timedelta(days=i), members[i].id, template.place, template.code,
                               "counselling", template.start, template.end, template.break_minutes)
                  for i in range(3)]
        return ScheduleRepository(session).save_draft(iso_year, iso_week, shifts, by="test").id
