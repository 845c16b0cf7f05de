"""Work apart from the web worker: a process of its own at lower CPU priority (dashboard/services/apart.py),
and the large import that uses it, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from sqlalchemy import func, select

from dashboard.services import apart, imports
from data_access.db import session_scope
from data_access.models import AuditEvent, Location, Visit


def test_the_apart_process_runs_at_lower_priority_and_hands_back_errors():
    assert apart.run(os.nice, 0) == os.nice(0) + apart.NICENESS
    if hasattr(os, "sched_getscheduler"):  # Linux: only the cores nobody else wants
        assert apart.run(os.sched_getscheduler, 0) == os.SCHED_IDLE
    with pytest.raises(ValueError, match="invalid literal"):
        apart.run(int, "x")


def _visit_file(rows: int) -> bytes:
    lines = ["ankunft;standort;zielgruppe;sprache;anliegen"]
    start = dt.datetime(2025, 1, 2, 8, 0)
    for i in range(rows):
        at = start + dt.timedelta(days=i // 200, minutes=(i % 200) * 2)
        lines.append(f"{at:%Y-%m-%d %H:%M};infopoint;{'ukraine' if i % 3 else 'other'};de;orientation")
    return "\n".join(lines).encode()


def test_a_large_import_is_checked_and_written_apart(migrated_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", migrated_url)
    with session_scope(migrated_url) as session:
        session.add(Location(code="infopoint", name="Infopoint", kind="infopoint"))
    data = _visit_file(8_000)
    assert len(data) > imports.APART_BYTES  # this size goes to the apart process
    checked = imports.run_import_apart("visits", data, "gross.csv", by="admin", dry_run=True)
    assert checked.problems == [] and checked.new == 8_000 and not checked.written
    report = imports.run_import_apart("visits", data, "gross.csv", by="admin", dry_run=False)
    assert report.problems == [] and report.new == 8_000 and report.written
    with session_scope(migrated_url) as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 8_000
        assert session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == "import_visits", AuditEvent.actor == "admin")) == 1
    broken = data.replace(b"infopoint;ukraine", b"nowhere;ukraine", 1)
    refused = imports.run_import_apart("visits", broken, "gross.csv", by="admin", dry_run=False)
    assert [(p.row, p.column, p.value) for p in refused.problems] == [(3, "standort", "nowhere")]  # row 3: the first "ukraine"
    with session_scope(migrated_url) as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 8_000
