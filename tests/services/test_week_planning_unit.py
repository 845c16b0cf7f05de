"""Planning use cases on a fake unit of work: rolling a rotation out, listing versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace

from dashboard.services import week_planning as planning
from tests.services.fakes import FakeAudit, FakeUnitOfWork

MONDAY = dt.date(2026, 12, 7)  # ISO 2026-W50


@dataclass
class FakeSchedules:
    existing: dict[tuple[int, int], list] = field(default_factory=dict)
    saved: list[tuple] = field(default_factory=list)

    def versions(self, year, week):
        return self.existing.get((year, week), [])

    def save_draft(self, year, week, shifts, *, by, solver_status, **_):
        self.saved.append((year, week, [s.person for s in shifts], by, solver_status))


class FakeRotation:
    """Two people on Monday of every week; "9" has left the team."""

    def for_week(self, monday):
        return [SimpleNamespace(person="1", day=monday), SimpleNamespace(person="9", day=monday)]


def uow(schedules):
    members = SimpleNamespace(members=lambda start, end: (SimpleNamespace(id="1", name="Ada"),))
    return FakeUnitOfWork(schedules=schedules, planning=members, audit=FakeAudit())


def test_rolling_out_skips_planned_weeks_and_people_who_left_in_one_audited_transaction():
    schedules = FakeSchedules(existing={(2026, 51): [SimpleNamespace(id=3, version=1, status="draft")]})
    work = uow(schedules)
    created = planning.roll_out(FakeRotation(), 2026, 50, 3, by="anna", uow=work)
    assert created == [(2026, 50), (2026, 52)]  # W51 already has a draft: left alone
    assert schedules.saved == [(2026, 50, ["1"], "anna", "ROTATION"), (2026, 52, ["1"], "anna", "ROTATION")]
    assert work.committed and work.opened == 1
    assert work.audit.lines == [("anna", "roll_out_rotation", "schedule", None, {"weeks": ["2026-W50", "2026-W52"]})]


def test_rolling_out_over_planned_weeks_only_creates_nothing_but_says_so_in_the_log():
    schedules = FakeSchedules(existing={(2026, 50): [object()], (2026, 51): [object()]})
    work = uow(schedules)
    assert planning.roll_out(FakeRotation(), 2026, 50, 2, by="anna", uow=work) == []
    assert schedules.saved == [] and work.audit.lines[0][4] == {"weeks": []}


def test_versions_are_plain_data_oldest_first():
    rows = [SimpleNamespace(id=7, version=1, status="published"), SimpleNamespace(id=9, version=2, status="draft")]
    work = FakeUnitOfWork(schedules=SimpleNamespace(versions=lambda year, week: rows))
    assert planning.versions(2026, 50, uow=work) == [planning.Version(7, 1, "published"), planning.Version(9, 2, "draft")]


def test_the_names_of_a_week_come_from_its_members():
    asked = []
    members = SimpleNamespace(members=lambda start, end: asked.append((start, end)) or (SimpleNamespace(id="1", name="Ada"),))
    work = FakeUnitOfWork(planning=members)
    assert planning.member_names(MONDAY, uow=work) == {"1": "Ada"}
    assert asked == [(MONDAY, MONDAY + dt.timedelta(days=4))]  # the working days the roster plans
