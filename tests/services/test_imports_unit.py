"""The import use case on a fake unit of work: a dry run or a refused file writes nothing,
an import writes its audit line in the same transaction and drops the cached figures."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from dashboard.services import cache, imports
from dashboard.services.imports import DayCountImport, ImportProblem, VisitImport
from tests.services.fakes import FakeAudit, FakeUnitOfWork

SESSION = object()  # what the unit of work hands to the import's checks


def fake_visit_import(problems=()):
    calls = []

    def run(session, data, filename, *, dry_run):
        calls.append((session, data, filename, dry_run))
        report = VisitImport(rows=3, new=2, already_stored=1, new_by_day=Counter({dt.date(2026, 12, 7): 2}))
        report.problems = list(problems)
        report.written = not dry_run and not problems
        return report

    return run, calls


@pytest.fixture
def visits_import(monkeypatch):
    run, calls = fake_visit_import()
    monkeypatch.setitem(imports.IMPORTS, "visits", imports.ImportKind(run, "import_visits", "visit"))
    return calls


def test_a_dry_run_writes_no_audit_line_and_commits_nothing(visits_import):
    uow = FakeUnitOfWork(session=SESSION, audit=FakeAudit())
    report = imports.run_import("visits", b"data", "besuche.csv", by="admin", dry_run=True, uow=uow)
    assert (report.new, report.written) == (2, False)
    assert visits_import == [(SESSION, b"data", "besuche.csv", True)]
    assert uow.audit.lines == [] and not uow.committed


def test_an_import_audits_what_it_wrote_in_the_same_transaction(visits_import):
    uow = FakeUnitOfWork(session=SESSION, audit=FakeAudit())
    imports.run_import("visits", b"data", "besuche.csv", by="admin", dry_run=False, uow=uow)
    assert uow.audit.lines == [("admin", "import_visits", "visit", None,
                                {"file": "besuche.csv", "new": 2, "skipped": 1})]
    assert uow.committed


def test_a_refused_file_writes_nothing_even_when_not_a_dry_run(monkeypatch):
    run, _ = fake_visit_import([ImportProblem("unknown", 2, "standort", "mond")])
    monkeypatch.setitem(imports.IMPORTS, "visits", imports.ImportKind(run, "import_visits", "visit"))
    uow = FakeUnitOfWork(session=SESSION, audit=FakeAudit())
    report = imports.run_import("visits", b"data", "besuche.csv", by="admin", dry_run=False, uow=uow)
    assert report.problems and uow.audit.lines == [] and not uow.committed


def test_an_import_drops_cached_figures_so_pages_show_it_at_once(visits_import):
    counted = []

    @cache.cached(seconds=600)
    def figure():
        counted.append(1)
        return len(counted)

    assert figure() == figure() == 1
    imports.run_import("visits", b"data", "besuche.csv", by="admin", dry_run=False,
                       uow=FakeUnitOfWork(session=SESSION, audit=FakeAudit()))
    assert figure() == 2


def test_day_counts_are_audited_with_the_span_of_days_they_touched():
    report = DayCountImport(new={(dt.date(2022, 3, 2), "centre", "other"): 4},
                            changed={(dt.date(2022, 3, 1), "infopoint", "ukraine"): (10, 12)})
    assert imports.audit_details("zahlen.xlsx", report) == {
        "file": "zahlen.xlsx", "new": 1, "changed": 1,
        "first_day": dt.date(2022, 3, 1), "last_day": dt.date(2022, 3, 2)}
