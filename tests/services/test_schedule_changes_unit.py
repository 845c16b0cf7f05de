"""Publishing and hand edits as use cases, on a fake unit of work (no database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dashboard.services import schedule_changes
from data_access.repositories.schedules import AssignmentRow
from tests.services.fakes import FakeAudit, FakeUnitOfWork


@dataclass
class Version:
    id: int
    version: int
    status: str


@dataclass
class FakeSchedules:
    versions: list[Version] = field(default_factory=list)
    rows_by_version: dict[int, list[AssignmentRow]] = field(default_factory=dict)
    published: list[int] = field(default_factory=list)

    def draft(self, year, week):
        return next((v for v in self.versions if v.status == "draft"), None)

    def latest_published(self, year, week):
        return max((v for v in self.versions if v.status == "published"), key=lambda v: v.version, default=None)

    def current(self, year, week):
        return self.draft(year, week) or self.latest_published(year, week)

    def rows(self, schedule_id):
        return self.rows_by_version.get(schedule_id, [])

    def publish(self, schedule_id, by):
        self.published.append(schedule_id)


@dataclass
class FakeNotices:
    """Records which published version was announced against which earlier one."""

    published: list[tuple[int, int | None]] = field(default_factory=list)

    def notify_published(self, schedule_id, previous_id):
        self.published.append((schedule_id, previous_id))
        return 1


def row(ident: int, person: str) -> AssignmentRow:
    return AssignmentRow(ident, dt.date(2026, 12, 7), {"Ada": 1, "Ben": 2}[person], person, None, "mig", "early", "reception",
                         dt.time(8), dt.time(14), False, "pending")


def test_publishing_without_a_draft_writes_nothing():
    uow = FakeUnitOfWork(schedules=FakeSchedules([Version(1, 1, "published")]), audit=FakeAudit())
    assert schedule_changes.publish_draft(2026, 50, by="anna", uow=uow) is None
    assert not uow.committed and uow.audit.lines == []


def test_publishing_a_draft_counts_its_changes_audits_and_commits():
    schedules = FakeSchedules([Version(1, 1, "published"), Version(2, 2, "draft")],
                              {1: [row(10, "Ada"), row(11, "Ben")], 2: [row(20, "Ada")]})
    uow = FakeUnitOfWork(schedules=schedules, audit=FakeAudit(), after_publishing=FakeNotices())
    changes = schedule_changes.publish_draft(2026, 50, by="anna", uow=uow)
    assert changes == schedule_changes.PublishChanges(2, 1, 0, 1)
    assert schedules.published == [2] and uow.committed
    assert uow.after_publishing.published == [(2, 1)]  # the people concerned are told
    assert uow.audit.lines[0][:4] == ("anna", "publish", "schedule", 2)


def test_an_edit_of_a_week_without_a_plan_is_refused_and_writes_nothing():
    uow = FakeUnitOfWork(schedules=FakeSchedules(), audit=FakeAudit())
    assert schedule_changes.edit_assignment(2026, 50, "lock", by="anna", assignment="1", shift=None,
                                            person=None, day=None, uow=uow) == "no_plan"
    assert not uow.committed and uow.audit.lines == []
