"""The partner portal's use cases on a fake unit of work: answers stay within one organisation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from dashboard.services import partner_portal as portal
from data_access.repositories.assignments import AssignmentError, ShiftRow
from tests.services.fakes import FakeAudit, FakeUnitOfWork

TODAY = dt.date(2026, 12, 7)
JOBCENTER, WELFARE = 11, 12


def shift(ident: int, organisation_id: int, day: dt.date = TODAY) -> ShiftRow:
    return ShiftRow(ident, day, dt.time(8), dt.time(14), "centre", "Servicezentrum", "partner_advice",
                    organisation_id, {JOBCENTER: "Jobcenter", WELFARE: "Wohlfahrt"}[organisation_id], None, None,
                    "pending", None, None, None)


@dataclass
class FakeAssignments:
    """Published shifts; like the repository, a shift of another organisation is not found."""

    rows: list[ShiftRow]
    answers: list[tuple] = field(default_factory=list)
    asked_for: list = field(default_factory=list)

    def published_shifts(self, start, end, organisation_id=None):
        self.asked_for.append((start, end, organisation_id))
        return [r for r in self.rows if organisation_id in (None, r.organisation_id) and start <= r.day <= end]

    def _own(self, assignment_id, organisation_id):
        if not any(r.id == assignment_id and r.organisation_id == organisation_id for r in self.rows):
            raise AssignmentError("assignment", "not_found")

    def confirm(self, assignment_id, organisation_id, staff_id, actor):
        self._own(assignment_id, organisation_id)
        self.answers.append(("confirmed", assignment_id, staff_id, actor))

    def decline(self, assignment_id, organisation_id, reason, actor):
        self._own(assignment_id, organisation_id)
        self.answers.append(("declined", assignment_id, reason, actor))


def portal_uow():
    rows = [shift(1, JOBCENTER), shift(2, WELFARE), shift(3, JOBCENTER, TODAY + dt.timedelta(weeks=7))]
    return FakeUnitOfWork(assignments=FakeAssignments(rows), audit=FakeAudit())


def test_confirming_an_own_shift_writes_the_answer_and_its_audit_line_in_one_transaction():
    uow = portal_uow()
    portal.confirm("jobcenter", JOBCENTER, 1, 7, uow=uow)
    assert uow.assignments.answers == [("confirmed", 1, 7, "jobcenter")]
    assert uow.audit.lines == [("jobcenter", "shift_confirmed", "assignment", 1, {"staff_id": 7})]
    assert uow.committed


@pytest.mark.parametrize("answer", ["confirm", "decline"])
def test_an_answer_for_another_organisations_shift_is_refused_and_writes_nothing(answer):
    uow = portal_uow()
    with pytest.raises(AssignmentError, match="not_found"):
        if answer == "confirm":
            portal.confirm("jobcenter", JOBCENTER, 2, 7, uow=uow)
        else:
            portal.decline("jobcenter", JOBCENTER, 2, "keine Zeit", uow=uow)
    assert uow.assignments.answers == [] and uow.audit.lines == [] and not uow.committed


def test_declining_keeps_the_reason_and_audits_without_it():
    uow = portal_uow()
    portal.decline("jobcenter", JOBCENTER, 1, "Krankheit im Team", uow=uow)
    assert uow.assignments.answers == [("declined", 1, "Krankheit im Team", "jobcenter")]
    assert uow.audit.lines == [("jobcenter", "shift_declined", "assignment", 1, {})] and uow.committed


def test_a_partner_sees_its_own_shifts_within_the_horizon_only():
    uow = portal_uow()
    assert [s.id for s in portal.shifts(JOBCENTER, TODAY, uow=uow)] == [1]
    assert uow.assignments.asked_for == [(TODAY, TODAY + dt.timedelta(weeks=portal.WEEKS_AHEAD), JOBCENTER)]
    assert portal.shift(2, JOBCENTER, TODAY, uow=portal_uow()) is None  # another organisation's: not found
    assert {s.organisation_id for s in portal.shifts(None, TODAY, uow=portal_uow())} == {JOBCENTER, WELFARE}
