"""Re-planning the rest of a published week when nobody can take an open shift (issue 20, point 2).

`propose` says what the days from the absence on will lack without a re-plan, solves the
rest of the week again close to the published plan (planner/replan.py: days that are over,
shifts that have begun and the days before the first open shift stay as they are) and
returns the person-day changes with what the re-planned days still lack. `publish` takes
those changes back from the page, checks them again on the server (the version they were
made for is still the newest, no day that is over, every hard rule for the people they
move), and publishes a new version of the week that changes only those person-days; the
people concerned are told (notices, mailed by the entry point) and the open shifts the
re-plan covers are closed. One transaction with its audit lines; a refusal is a `Problem`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from dashboard.services import week_planning
from dashboard.services.replacements import Problem
from dashboard.services.unit_of_work import UnitOfWork
from data_access.repositories.after_publishing import minutes
from planner import clock
from planner import replan as domain
from planner.centre import PlannedShift, parse_shift_id, planned_shifts
from planner.replan import Gap
from planner.roster import SolveOptions

# The solve behind a proposal runs while the page waits.
REPLAN_SECONDS = 10.0
MAX_CHANGES = 80


@dataclass(frozen=True)
class Shift:
    place: str
    template: str
    template_name: str
    template_name_en: str
    task: str
    start: int
    end: int


@dataclass(frozen=True)
class ChangeView:
    staff_id: int
    name: str
    day: dt.date
    before: Shift | None  # None: off
    after: Shift | None
    absent: bool = False  # the person is absent that day: their shift goes


@dataclass(frozen=True)
class ReplanProposal:
    iso_year: int
    iso_week: int
    base_version: int  # the published version the changes are made to
    keep_until: dt.date  # days before stay as they are
    lacking: tuple[Gap, ...]  # without a re-plan, from keep_until on
    changes: tuple[ChangeView, ...]
    still_lacking: tuple[Gap, ...]  # with the re-plan
    status: str  # the solver's status
    relaxed: bool  # the week's hard rules could not all hold: the plan is a relaxed one


def _shift(s: PlannedShift | None, names) -> Shift | None:
    if s is None:
        return None
    de, en = names.get((s.place, s.template), (s.template, s.template))
    return Shift(s.place, s.template, de, en, s.task, s.start, s.end)


def _demand(iso_year: int, iso_week: int):
    """The week's demand, read before a unit of work is opened (it may store the day's forecast)."""
    return week_planning.week_demand(week_planning.iso_monday(iso_year, iso_week))


def _load(work, iso_year: int, iso_week: int, now: dt.datetime, demand):
    """The newest published version, its rows and the week's roster input as it is now; a
    Problem when the week has no published version."""
    schedule = work.schedules.latest_published(iso_year, iso_week)
    if schedule is None:
        return Problem("not_found", "week")
    rows = work.schedules.rows(schedule.id)
    monday = week_planning.iso_monday(iso_year, iso_week)
    week = week_planning._week_input(work, monday, demand)
    frozen = week_planning.frozen_shifts(week, rows, now)
    locked = tuple(lock for lock in frozen)
    kept = {(f.person, f.day) for f in frozen if f.shift_id is not None}
    # A shift that was worked (or began) stays, even where the absence began during it.
    week = replace(week, locked=locked, absences={p: {d: k for d, k in days.items() if (p, d) not in kept}
                                                  for p, days in week.absences.items()})
    return schedule, rows, week


def propose(open_shift_id, *, time_limit_s: float = REPLAN_SECONDS, by: str,
            uow: UnitOfWork | None = None) -> ReplanProposal | Problem:
    """The best re-plan of the rest of the open shift's week with few changes."""
    try:
        ident = int(open_shift_id)
    except (TypeError, ValueError):
        return Problem("missing", "shift")
    now = clock.now()
    # Three short units of work, none held across the demand's forecast (it may store the
    # day's run) or the solve of up to REPLAN_SECONDS: the shift's week, the week, the audit.
    with uow or UnitOfWork() as work:
        row = work.after_publishing.open_shift(ident)
        if row is None:
            return Problem("not_found", "shift", str(open_shift_id))
        if row.status != "open":
            return Problem("not_open", "shift", row.status)
        iso_year, iso_week, _ = row.day.isocalendar()
        day = row.day
    demand = _demand(iso_year, iso_week)
    with uow or UnitOfWork() as work:
        loaded = _load(work, iso_year, iso_week, now, demand)
        if isinstance(loaded, Problem):
            return loaded
        schedule, rows, week = loaded
        first_open = min((o.day for o in work.after_publishing.open_shifts(now.date())
                          if o.status == "open" and o.day.isocalendar()[:2] == (iso_year, iso_week)), default=day)
        version = schedule.version
    previous = [PlannedShift(r.day, str(r.staff_id), r.place, r.template, r.task, minutes(r.starts_at),
                             minutes(r.ends_at), 0) for r in rows if r.staff_id is not None and r.template]
    keep_until = max(now.date(), first_open)
    remaining = {d for d in week.dates if d >= keep_until}
    absent = {(p, d) for p, days in week.absences.items() for d in days}
    without = [s for s in previous if (s.person, s.day) not in absent or s.day not in remaining]
    options = SolveOptions(time_limit_s=time_limit_s, num_workers=2, random_seed=0)
    result, solved, relaxed = domain.replan(week, previous, keep_until, options)
    after = planned_shifts(solved, result.assignments)
    names = {(t.place, t.code): (t.name, t.name_en or t.name) for t in week.templates}
    people = {m.id: m.name for m in week.members}
    changes = tuple(
        ChangeView(int(c.person), people.get(c.person, c.person), c.day, _shift(c.before, names), _shift(c.after, names),
                   (c.person, c.day) in absent)
        for c in domain.changes(previous, after, remaining)
    )
    proposal = ReplanProposal(iso_year, iso_week, version, keep_until, domain.cover_gaps(week, without, remaining),
                              changes, domain.cover_gaps(solved, after, remaining), result.status, bool(relaxed))
    with uow or UnitOfWork() as work:
        work.audit.record(by, "solve_replan", "open_shift", ident, week=f"{iso_year}-W{iso_week:02d}",
                          version=version, status=result.status, changes=len(changes))
        work.commit()
    return proposal


def as_data(proposal: ReplanProposal) -> dict:
    """What the page keeps of a proposal to publish it (checked again on the server)."""
    return {"year": proposal.iso_year, "week": proposal.iso_week, "version": proposal.base_version,
            "changes": [{"person": c.staff_id, "day": c.day.isoformat(),
                         "shift": f"{c.after.place}.{c.after.template}.{c.after.task}" if c.after else None}
                        for c in proposal.changes]}


def publish(data, *, by: str, uow: UnitOfWork | None = None) -> int | Problem:
    """Publish a proposal's changes (as `as_data` gave them) as the week's next version; the
    new version's number. Everything is checked again here: the browser is not trusted."""
    try:
        iso_year, iso_week, base = int(data["year"]), int(data["week"]), int(data["version"])
        wanted = [(int(c["person"]), dt.date.fromisoformat(c["day"]), c.get("shift")) for c in data["changes"]]
    except (TypeError, ValueError, KeyError):
        return Problem("invalid", "replan")
    if not wanted:
        return Problem("missing", "changes")
    if len(wanted) > MAX_CHANGES or len({(p, d) for p, d, _ in wanted}) != len(wanted):
        return Problem("invalid", "changes")
    now = clock.now()
    demand = _demand(iso_year, iso_week)
    with uow or UnitOfWork() as work:
        loaded = _load(work, iso_year, iso_week, now, demand)
        if isinstance(loaded, Problem):
            return loaded
        schedule, rows, week = loaded
        if schedule.version != base:
            return Problem("stale", "version", str(schedule.version))
        templates = {(t.place, t.code): t for t in week.templates}
        members = {m.id: m.name for m in week.members}
        frozen = {(lock.person, lock.day) for lock in week.locked}
        applied = []
        for person, day, shift in wanted:
            if str(person) not in members:
                return Problem("not_found", "person", str(person))
            if day not in week.dates or day < now.date() or (str(person), day) in frozen:
                return Problem("past", "day", day.isoformat())
            planned = None
            if shift:
                try:
                    place, code, task = parse_shift_id(shift)
                    template = templates[place, code]
                except (ValueError, KeyError):
                    return Problem("invalid", "shift", str(shift))
                planned = PlannedShift(day, str(person), place, code, task, template.start, template.end,
                                       template.break_minutes)
            applied.append((person, day, planned))
        touched = {(p, d) for p, d, _ in applied}
        after_rows = [r for r in rows if (r.staff_id, r.day) not in touched]
        after_rows += [_Row(p, d, s) for p, d, s in applied if s is not None]
        key = week_planning.rule_check_key(work, iso_year, iso_week)
        # Measured against the plan without the absent people's shifts of their absent days
        # (they go anyway): putting someone back on a day of their absence is a new breach.
        absent = {(p, d) for p, days in week.absences.items() for d in days}
        before_rows = [r for r in rows if (str(r.staff_id), r.day) not in absent]
        _problem, found = week_planning.new_violations(key, before_rows, after_rows, {str(p) for p, _, _ in applied})
        if found:
            first = found[0]
            return Problem("rule", first.rule, members.get(first.people[0], "") if first.people else "")
        new = work.after_publishing.publish_changes(schedule, applied, by)
        work.after_publishing.notify_published(new.id, schedule.id)
        closed = []
        for person, day, shift in applied:
            if shift is None and day in week.absences.get(str(person), {}):
                closed += work.after_publishing.close_open_shifts(person, {day})
        week_label = f"{iso_year}-W{iso_week:02d}"
        work.audit.record(by, "replan_published", "schedule", new.id, week=week_label, version=new.version,
                          base_version=base, changes=[[p, d.isoformat(), s.shift_id if s else None] for p, d, s in applied],
                          open_shifts_closed=closed)
        work.audit.record(by, "publish", "schedule", new.id, week=week_label, version=new.version,
                          added=sum(1 for _, _, s in applied if s),
                          removed=sum(1 for r in rows if (r.staff_id, r.day) in touched), replan=True)
        work.commit()
        return new.version


@dataclass(frozen=True)
class _Row:
    """A planned row as the rule check reads it (staff_id, day, shift_id, place)."""

    staff_id: int
    day: dt.date
    shift: PlannedShift

    @property
    def shift_id(self) -> str:
        return self.shift.shift_id

    @property
    def place(self) -> str:
        return self.shift.place
