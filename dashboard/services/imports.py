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

from dashboard.services import apart, cache
from dashboard.services.unit_of_work import UnitOfWork
from data_access.db import commit_waiting_for_disk, commit_without_waiting_for_disk, database_url
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
        chunked = {"after_chunk": lambda: _commit_chunk(work)} if chosen.run is import_visits else {}
        if chunked and not dry_run:
            commit_without_waiting_for_disk(work.session)
        report = chosen.run(work.session, data, filename, dry_run=dry_run, **chunked)
        if not report.written:
            return report
        if chunked:
            commit_waiting_for_disk(work.session)  # and with it every chunk's before
        work.audit.record(by, chosen.action, chosen.entity, None, **audit_details(filename, report))
        work.commit()
    cache.clear_all()
    return report


# Files above this size (about 5,000 visit rows) are checked and written in a process of
# their own (dashboard/services/apart.py), so the web worker keeps serving check-ins.
APART_BYTES = 256 * 1024


def run_import_apart(kind: str, data: bytes, filename: str, *, by: str, dry_run: bool) -> ImportReport:
    """run_import on the app's database, a large file in the apart process, a small one here
    (starting that process the first time costs more than a small file's check)."""
    if len(data) <= APART_BYTES:
        return run_import(kind, data, filename, by=by, dry_run=dry_run)
    report = apart.run(_run_import_at, database_url(), kind, data, filename, by, dry_run)
    cache.clear_all()  # this process's figures: the import ran in another
    return report


def _run_import_at(url: str, kind: str, data: bytes, filename: str, by: str, dry_run: bool) -> ImportReport:
    return run_import(kind, data, filename, by=by, dry_run=dry_run, uow=UnitOfWork(url))


def _commit_chunk(work: UnitOfWork) -> None:
    """A chunk of a large import committed; the next one's commit will not wait for the disk
    either (the last commit, with the audit line, does, and so flushes them all)."""
    work.commit()
    commit_without_waiting_for_disk(work.session)


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
