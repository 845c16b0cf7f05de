"""Imports of visits, daily counts and the staff list: a dry run, or all rows with their
audit line; visits in chunks of committed rows (a stopped import can be run again: stored
visits are skipped), the other kinds in one transaction.

The checks and the writing live in data_access/imports (they run on the unit of work's
session); this use case chooses the kind, writes the audit line when something was
written, commits, and clears the cached figures so the pages show the new data at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from dashboard.services import cache
from dashboard.services.unit_of_work import UnitOfWork
from data_access.imports import (
    DayCountImport,
    ImportProblem,
    ImportReport,
    StaffImport,
    VisitImport,
    import_day_counts,
    import_staff,
    import_visits,
)
from data_access.imports.files import MAX_BYTES

__all__ = ["MAX_BYTES", "DayCountImport", "ImportProblem", "ImportReport", "StaffImport", "VisitImport"]


@dataclass(frozen=True)
class ImportKind:
    run: Callable[..., ImportReport]  # (session, data, filename, *, dry_run) -> report
    action: str  # the audit log's action
    entity: str  # and the kind of row it wrote


IMPORTS: dict[str, ImportKind] = {
    "visits": ImportKind(import_visits, "import_visits", "visit"),
    "day_counts": ImportKind(import_day_counts, "import_day_counts", "day_count"),
    "staff": ImportKind(import_staff, "import_staff", "staff_member"),
}


def run_import(kind: str, data: bytes, filename: str, *, by: str, dry_run: bool,
               uow: UnitOfWork | None = None) -> ImportReport:
    """Check a file of one kind (a key of IMPORTS) and, unless dry_run or anything is wrong, write it.

    A report with problems, or a dry run, writes nothing (not even an audit line).
    """
    chosen = IMPORTS[kind]
    with uow or UnitOfWork() as work:
        # Visits are committed in chunks (the file is checked whole first), so the desk's
        # check-ins are not locked out for the length of a large import (docs/security.md).
        chunked = {"after_chunk": work.commit} if chosen.run is import_visits else {}
        report = chosen.run(work.session, data, filename, dry_run=dry_run, **chunked)
        if not report.written:
            return report
        work.audit.record(by, chosen.action, chosen.entity, None, **audit_details(filename, report))
        work.commit()
    cache.clear_all()
    return report


def audit_details(filename: str, report: ImportReport) -> dict:
    """What the audit log keeps of an import: the file and what changed, no row's content."""
    if isinstance(report, VisitImport):
        return {"file": filename, "new": report.new, "skipped": report.already_stored}
    if isinstance(report, DayCountImport):
        days = sorted(d for d, _, _ in (*report.new, *report.changed))
        return {"file": filename, "new": len(report.new), "changed": len(report.changed),
                "first_day": days[0], "last_day": days[-1]}
    assert isinstance(report, StaffImport)
    return {"file": filename, "added": report.added, "changed": [c.name for c in report.changed]}
