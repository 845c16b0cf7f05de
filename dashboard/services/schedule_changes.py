"""Changing a week's plan by hand: publishing a draft and editing single assignments.

The Planner page's callbacks call these; each is one transaction with its audit line, so
a page never holds half a change. Published versions are never edited: an edit of a
published week starts a fresh draft copied from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.services.unit_of_work import UnitOfWork
from data_access.repositories.schedules import PublishConflict, compare
from dashboard.services.week_planning import new_violations, rule_check_key
from planner.centre import PlannedShift, parse_shift_id

__all__ = ["EDIT_ACTIONS", "PublishChanges", "PublishConflict", "RuleRefusal", "compare", "edit_assignment",
           "planned_shift", "publish_draft", "publish_preview"]

EDIT_ACTIONS = ("apply", "add", "lock", "unlock", "remove")


@dataclass(frozen=True)
class RuleRefusal:
    """A hand edit refused because it would break hard rules: the checker's findings (rule,
    person, day) and the roster problem they refer to, for the page to word."""

    findings: tuple
    problem: object
    names: dict  # person id -> name, for the wording


@dataclass(frozen=True)
class PublishChanges:
    """A draft's version and how it differs from the week's last published version."""

    version: int
    previous: int | None  # the version published before; None for the week's first
    added: int | None = None  # assignments new against `previous` (None for the first)
    removed: int | None = None


def publish_preview(iso_year: int, iso_week: int, *, uow: UnitOfWork | None = None) -> PublishChanges | None:
    """What publishing the week's draft would change; None when there is no draft."""
    with uow or UnitOfWork() as work:
        found = _draft_and_changes(work.schedules, iso_year, iso_week)
        return found[1] if found else None


def publish_draft(iso_year: int, iso_week: int, *, by: str, uow: UnitOfWork | None = None) -> PublishChanges | None:
    """Publish the week's draft (None when there is none).

    Raises PublishConflict when someone else published it first; nothing is written then.
    """
    with uow or UnitOfWork() as work:
        found = _draft_and_changes(work.schedules, iso_year, iso_week)
        if found is None:
            return None
        draft, changes = found
        previous = work.schedules.latest_published(iso_year, iso_week)
        work.schedules.publish(draft.id, by=by)
        # Everyone whose shifts this version changes is told (dashboard/web/notice_mail.py mails it).
        work.after_publishing.notify_published(draft.id, previous.id if previous else None)
        work.audit.record(by, "publish", "schedule", draft.id, week=f"{iso_year}-W{iso_week:02d}",
                          version=changes.version, added=changes.added, removed=changes.removed)
        work.commit()
        return changes


def _draft_and_changes(schedules, iso_year: int, iso_week: int):
    """(draft, its changes against the last published version), or None without a draft."""
    draft = schedules.draft(iso_year, iso_week)
    if draft is None:
        return None
    before = schedules.latest_published(iso_year, iso_week)
    if before is None:
        return draft, PublishChanges(draft.version, None)
    diff = compare(schedules.rows(before.id), schedules.rows(draft.id))
    return draft, PublishChanges(draft.version, before.version, len(diff["added"]), len(diff["removed"]))


def edit_assignment(iso_year: int, iso_week: int, action: str, *, by: str, assignment: str | None,
                    shift: str | None, person: str | None, day: dt.date | None,
                    uow: UnitOfWork | None = None) -> str | RuleRefusal | None:
    """One hand edit of the week's plan; None when done, else why nothing was changed.

    `action` is one of EDIT_ACTIONS; `assignment` the id of an assignment of the version
    shown (the draft, else the last published version), `shift` a "place.template.task"
    id. Returns "no_plan" when the week has no plan, "none" when the edit lacks its
    assignment, or the shift, person and day to add, and a RuleRefusal when the edit would
    break a hard rule for the person it moves or adds (rest time, an absence, a role the
    person lacks, ...; the rule modules' own checks in planner/roster/rules). A refused
    edit writes nothing, not even the draft an edit of a published week would start.
    """
    if action not in EDIT_ACTIONS:
        raise ValueError(f"unknown edit action {action!r}")
    with uow or UnitOfWork() as work:
        schedules = work.schedules
        shown = schedules.current(iso_year, iso_week)
        if shown is None:
            return "no_plan"
        draft = shown if shown.status == "draft" else None
        check_key = rule_check_key(work, iso_year, iso_week) if action in ("add", "apply") else None
        row = None
        if action == "add":
            if not (shift and person and day):
                return "none"
        else:
            row = next((r for r in schedules.rows(shown.id) if str(r.id) == (assignment or "")), None)
            if row is None:
                return "none"
        if draft is None:
            draft = schedules.start_draft_from(shown.id, by=by)
            if row is not None:
                row = {r.key(): r for r in schedules.rows(draft.id)}[row.key()]
        before = schedules.rows(shown.id)
        if action == "add":
            schedules.add_assignment(draft.id, planned_shift(work.planning.templates(), shift, person, day))
        elif action in ("lock", "unlock"):
            schedules.set_locked(row.id, action == "lock")
        elif action == "remove":
            schedules.replace_assignment(row.id, None)
        else:
            new_shift = shift or row.shift_id
            schedules.replace_assignment(
                row.id, planned_shift(work.planning.templates(), new_shift, person or str(row.staff_id), day or row.day))
        if action in ("add", "apply"):
            moved = person if action == "add" else (person or row.staff_id)
            problem, broken = new_violations(check_key, before, schedules.rows(draft.id),
                                             {str(moved)} if moved is not None else set())
            if broken:  # returned before the commit: the unit of work rolls the change back
                return RuleRefusal(broken, problem, _names(work, iso_year, iso_week))
        # "edit:edit-<action>": the action names the log has carried since the page's buttons wrote it.
        work.audit.record(by, f"edit:edit-{action}", "schedule", draft.id,
                          assignment=str(row.id) if row else None, shift=shift, person=person,
                          day=day.isoformat() if day else None)
        work.commit()
    return None


def _names(work, iso_year: int, iso_week: int) -> dict[str, str]:
    monday = dt.date.fromisocalendar(iso_year, iso_week, 1)
    return {m.id: m.name for m in work.planning.members(monday, monday + dt.timedelta(days=6))}


def planned_shift(templates, shift: str, person: str, day: dt.date) -> PlannedShift:
    """The shift a "place.template.task" id names, for one person on one day."""
    place, code, task = parse_shift_id(shift)
    template = next(tp for tp in templates if tp.place == place and tp.code == code)
    return PlannedShift(day, str(person), place, code, task, template.start, template.end, template.break_minutes)
