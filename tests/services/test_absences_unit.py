"""Absences and wishes as use cases, on a fake unit of work (no database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from dashboard.services import absences
from tests.services.fakes import FakeAudit, FakeUnitOfWork


@dataclass
class FakePlanning:
    """Absences and wishes kept in lists, as PlanningRepository's rows are shaped."""

    absences: list[tuple] = field(default_factory=list)  # (id, staff_id, start, end, kind)
    wishes: list[tuple] = field(default_factory=list)  # (id, staff_id, day, kind, weight)
    names: dict[int, str] = field(default_factory=lambda: {4: "Olena", 5: "Ben"})

    def add_absence(self, staff_id, starts_on, ends_on, kind, note=None):
        self.absences.append((len(self.absences) + 100, staff_id, starts_on, ends_on, kind))
        return SimpleNamespace(id=self.absences[-1][0])

    def add_wish(self, staff_id, day, kind, weight=3, note=None):
        self.wishes.append((len(self.wishes) + 200, staff_id, day, kind, weight))
        return SimpleNamespace(id=self.wishes[-1][0])

    def delete_absence(self, ident):
        self.absences = [a for a in self.absences if a[0] != ident]

    def delete_wish(self, ident):
        self.wishes = [w for w in self.wishes if w[0] != ident]

    def absence_rows(self, start, end):
        return [(i, self.names[s], a, b, k) for i, s, a, b, k in self.absences if a <= end and b >= start]

    def wish_rows(self, start, end):
        return [(i, self.names[s], d, k, w) for i, s, d, k, w in self.wishes if start <= d <= end]

    def members(self, monday, sunday):
        return tuple(SimpleNamespace(id=str(i), name=n) for i, n in self.names.items())


def uow(planning=None) -> FakeUnitOfWork:
    return FakeUnitOfWork(planning=planning or FakePlanning(), audit=FakeAudit())


def test_a_valid_absence_is_saved_with_its_audit_line_and_listed_in_its_week():
    work = uow()
    assert absences.add_absence("4", "2026-12-14", "2026-12-15", "training", by="anna", uow=work) is None
    assert work.committed
    assert work.planning.absences == [(100, 4, dt.date(2026, 12, 14), dt.date(2026, 12, 15), "training")]
    assert work.audit.lines == [("anna", "add_absence", "absence", 100,
                                 {"staff_id": 4, "starts_on": dt.date(2026, 12, 14), "ends_on": dt.date(2026, 12, 15)})]
    listed = absences.list_week("2026-W51", uow=uow(work.planning))
    assert listed.absences == [absences.AbsenceRow(100, "Olena", dt.date(2026, 12, 14), dt.date(2026, 12, 15), "training")]
    assert absences.list_week("2026-W50", uow=uow(work.planning)).absences == []


@pytest.mark.parametrize(("person", "start", "end", "problem"), [
    ("4", "2026-12-10", "2026-12-08", absences.Problem("order", "to")),
    ("4", "2026-13-01", "2026-12-08", absences.Problem("missing", "from")),  # not a date
    ("4", "2026-12-01", "", absences.Problem("missing", "to")),
    ("", "2026-12-01", "2026-12-02", absences.Problem("missing", "person")),
    ("x", "2026-12-01", "2026-12-02", absences.Problem("missing", "person")),
    ("4", "0205-12-01", "2025-12-02", absences.Problem("out_of_range", "from")),  # a typing error in the year
    ("4", "2025-12-01", "2205-12-02", absences.Problem("out_of_range", "to")),
])
def test_an_invalid_absence_names_its_problem_and_writes_nothing(person, start, end, problem):
    work = uow()
    assert absences.add_absence(person, start, end, "vacation", by="anna", uow=work) == problem
    assert not work.committed and work.planning.absences == [] and work.audit.lines == []


def test_an_unknown_absence_kind_is_saved_as_other():
    work = uow()
    absences.add_absence("5", "2026-12-14", "2026-12-14", "<script>", by="anna", uow=work)
    assert work.planning.absences[0][-1] == "other"


def test_a_wish_is_saved_with_its_weight_held_in_range_and_an_invalid_day_is_refused():
    work = uow()
    assert absences.add_wish("5", "2026-12-16", "desired", "99", by="ben", uow=work) is None
    assert work.planning.wishes == [(200, 5, dt.date(2026, 12, 16), "desired", 10)]
    assert work.audit.lines[0][:4] == ("ben", "add_wish", "staff_preference", 200)
    refused = uow()
    assert absences.add_wish("5", "16.12.2026", "desired", 3, by="ben", uow=refused) == absences.Problem("missing", "day")
    assert not refused.committed and refused.planning.wishes == []
    assert absences.add_wish("5", "0026-12-16", "desired", 3, by="ben", uow=refused) == absences.Problem(
        "out_of_range", "day")


def test_deleting_an_absence_or_a_wish_removes_only_it_and_audits():
    planning = FakePlanning(absences=[(1, 4, dt.date(2026, 12, 14), dt.date(2026, 12, 15), "sick"),
                                      (2, 5, dt.date(2026, 12, 14), dt.date(2026, 12, 14), "sick")],
                            wishes=[(7, 4, dt.date(2026, 12, 16), "undesired", 3)])
    work = uow(planning)
    absences.delete("absence", 1, by="anna", uow=work)
    assert [a[0] for a in planning.absences] == [2] and len(planning.wishes) == 1
    assert work.committed and work.audit.lines == [("anna", "delete_absence", "absence", 1, {})]
    work = uow(planning)
    absences.delete("wish", 7, by="anna", uow=work)
    assert planning.wishes == [] and work.audit.lines == [("anna", "delete_wish", "wish", 7, {})]
    with pytest.raises(ValueError):
        absences.delete("visit", 2, by="anna", uow=uow(planning))


def test_the_team_of_a_week_is_offered_by_id_and_name():
    assert absences.team_of_week("2026-W51", uow=uow()) == [absences.Person("4", "Olena"), absences.Person("5", "Ben")]
