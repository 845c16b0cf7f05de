"""Planning one week: history -> forecast -> staffing requirement -> roster problem -> plan.

Use cases between the pages and the domain: they read through the unit of work's
repositories, call the pure planner functions and write the result back with its audit
line in one transaction. They return facts (rules broken, candidates, plans); the Planner
page words them. Engine display names (`labels`) come from the caller, which has the
interface's catalogue (dashboard/planner/engine_labels.py). docs/architecture.md shows the
data flow of a week's plan.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from dashboard.services.cache import cached
from dashboard.services.unit_of_work import UnitOfWork
from data_access.db import database_url
from data_access.repositories.schedules import ScheduleRepository
from planner import clock
from planner.centre import (
    FAIRNESS_DUTIES,
    LockedShift,
    PlannedShift,
    WeekInput,
    build_week_problem,
    duties,
    parse_shift_id,
    planned_shifts,
    solve_centre_week,
    whole_staff,
)
from dashboard.services.forecast import DEMAND, stored_run
from planner import demand as pipeline
from planner.roster import SolveOptions, SolveResult
from planner.staffing import ServiceLevel

FAIRNESS_WEEKS = 4
# A language is planned for when at least this many speakers are expected in a slot.
LANGUAGE_SLOT_THRESHOLD = 0.5


def iso_monday(iso_year: int, iso_week: int) -> dt.date:
    return dt.date.fromisocalendar(iso_year, iso_week, 1)


@dataclass(frozen=True)
class Demand:
    """The forecast and the staffing requirement of one week."""

    monday: dt.date
    arrivals: pd.DataFrame  # location, slot_start, expected, lo80, hi80, ..., planned
    requirements: pd.DataFrame  # location, slot_start, role, required, staff, ...
    languages: pd.DataFrame  # location, slot_start, language, expected_visitors, cover
    method: str
    target: ServiceLevel
    run_id: int | None  # the stored forecast run the days from today on come from
    daily: pd.DataFrame  # daily totals of the forecast with their intervals
    trust: dict = field(default_factory=dict)  # places whose forecast is flagged: their warnings
    chosen: dict = field(default_factory=dict)  # method per place and level


# A week's demand is at most this old: history can change within a day (an import, a
# closure, a new colleague's languages), and each web worker has a cache of its own.
DEMAND_CACHE_SECONDS = 600


def week_demand(monday: dt.date, target: ServiceLevel = ServiceLevel(), today: dt.date | None = None) -> Demand:
    """Forecast and requirement of a week; cached per database and day for DEMAND_CACHE_SECONDS."""
    return _week_demand(database_url(), monday, target, today or clock.today())


@cached(seconds=DEMAND_CACHE_SECONDS, maxsize=32)
def _week_demand(url: str, monday: dt.date, target: ServiceLevel, today: dt.date) -> Demand:
    """The week from the stored runs of `planner.demand`: days from today on from today's run
    (the one the Overview and Trends show), days already past from the run the week began with."""
    sunday = monday + dt.timedelta(days=6)
    yesterday = today - dt.timedelta(days=1)
    parts, run_id, parameters = [], None, {}
    if sunday >= today:
        weeks = -(-(sunday - yesterday).days // 7)
        run = stored_run(yesterday, weeks)
        if run is not None:
            parts.append((run, max(monday, today), sunday))
            run_id, parameters = run.run_id, run.parameters
    if monday < today:
        run = stored_run(monday - dt.timedelta(days=1), 1)
        if run is not None:
            parts.append((run, monday, min(sunday, yesterday)))
            if run_id is None:
                run_id, parameters = run.run_id, run.parameters
    slots = _concat([r.slots[(r.slots["slot_start"] >= pd.Timestamp(a)) & (r.slots["slot_start"] < pd.Timestamp(b + dt.timedelta(days=1)))] for r, a, b in parts])
    daily = _concat([r.daily[(r.daily["day"] >= pd.Timestamp(a)) & (r.daily["day"] <= pd.Timestamp(b))] for r, a, b in parts])
    until = min(yesterday, monday - dt.timedelta(days=1)) if monday < today else yesterday
    with UnitOfWork(url) as work:
        repo = work.planning
        mixes = repo.mixes(until - dt.timedelta(days=DEMAND.mix_days), until)
        members = repo.members(monday, sunday)
    staffing = pipeline.requirement(
        slots, parameters, mixes, DEMAND, target=target,
        staff_languages=sorted({lang for m in members for lang in m.languages}),
    )
    planned = pipeline.planning_slots(slots, parameters, DEMAND)
    return Demand(monday, planned.reset_index(drop=True), staffing.requirements, staffing.languages, DEMAND.method,
                  target, run_id, daily.reset_index(drop=True), pipeline.untrusted(parameters), pipeline.chosen(parameters))


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["location", "slot_start", "day", "expected", "lo80", "hi80", "lo95", "hi95"])
    return pd.concat(frames, ignore_index=True)


def _slot_key(place: str, slot_start: pd.Timestamp) -> tuple[str, dt.date, int]:
    ts = pd.Timestamp(slot_start)
    return place, ts.date(), ts.hour * 60 + ts.minute


def week_input(
    monday: dt.date,
    demand: Demand,
    *,
    locked: tuple[LockedShift, ...] = (),
    previous: tuple[PlannedShift, ...] | None = None,
    labels: Mapping[str, tuple[str, str]] | None = None,
    uow: UnitOfWork | None = None,
) -> WeekInput:
    """The roster problem's input for the week: who, which shifts, what is needed, what is known."""
    with uow or UnitOfWork() as work:
        return _week_input(work, monday, demand, locked=locked, previous=previous, labels=labels)


def _week_input(work, monday: dt.date, demand: Demand, *, locked: tuple[LockedShift, ...] = (),
                previous: tuple[PlannedShift, ...] | None = None,
                labels: Mapping[str, tuple[str, str]] | None = None) -> WeekInput:
    friday = monday + dt.timedelta(days=4)
    required: dict[tuple[str, str, dt.date, int], int] = {}
    for row in demand.requirements.itertuples(index=False):
        place, day, minute = _slot_key(row.location, row.slot_start)
        required[(place, row.role, day, minute)] = whole_staff(row.required)
    languages: dict[tuple[str, dt.date, int], set[str]] = {}
    wanted = demand.languages[
        (demand.languages["cover"] == "staff")
        & (demand.languages["expected_visitors"] >= LANGUAGE_SLOT_THRESHOLD)
    ]
    for row in wanted.itertuples(index=False):
        languages.setdefault(_slot_key(row.location, row.slot_start), set()).add(row.language)
    repo = work.planning
    absences = repo.absences(monday, friday)
    for person, days in repo.unavailable(monday, friday).items():
        absences.setdefault(person, {}).update(days)
    closed = frozenset(d for d, place, _ in repo.closures(monday, friday) if place is None)
    return WeekInput(
        monday=monday,
        templates=repo.templates(),
        members=repo.members(monday, friday),
        turns=repo.turns(),
        opening=repo.opening(monday),
        required=required,
        languages={k: frozenset(v) for k, v in languages.items()},
        absences=absences,
        closed_days=closed | _holidays(monday, friday),
        wishes=repo.wishes(monday, friday),
        locked=locked,
        carried=fairness_carried(work.schedules, monday),
        balances=hour_balances_before(work, monday),
        previous=previous,
        labels=dict(labels or {}),
    )


def _holidays(start: dt.date, end: dt.date) -> frozenset[dt.date]:
    import holidays

    nrw = holidays.country_holidays("DE", subdiv="NW", years=range(start.year, end.year + 1))
    return frozenset(d for d in nrw if start <= d <= end)


def hour_balances_before(work, monday: dt.date) -> dict[str, int]:
    """Each active person's running hour balance up to the week before `monday` (minutes over
    or under contract, from the starting balance): the plan's fairness carries it on."""
    from dashboard.services.own_shifts import hour_balances

    ids = {int(m.id) for m in work.planning.members(monday, monday + dt.timedelta(days=4))}
    return {str(k): v for k, v in hour_balances(work, ids, monday - dt.timedelta(days=1)).items()}


def fairness_carried(schedules: ScheduleRepository, monday: dt.date) -> dict[str, dict[str, int]]:
    """Late shifts, Infopoint duty and Friday afternoons per person in the weeks before."""
    rows = schedules.published_between(monday - dt.timedelta(weeks=FAIRNESS_WEEKS), monday - dt.timedelta(days=1))
    return duty_counts(rows)


def duty_counts(rows) -> dict[str, dict[str, int]]:
    """Fairness duties per person in assignment rows (staff_id, day, place, template, ends_at)."""
    counts: dict[str, dict[str, int]] = {name: {} for name in FAIRNESS_DUTIES}
    for r in rows:
        if r.staff_id is None:
            continue
        person = str(r.staff_id)
        for duty in duties(r.day, r.place, r.template, r.ends_at.hour * 60 + r.ends_at.minute):
            counts[duty][person] = counts[duty].get(person, 0) + 1
    return counts


@dataclass(frozen=True)
class PlanOutcome:
    result: SolveResult
    shifts: list[PlannedShift]
    schedule_id: int | None
    relaxed_rules: tuple[str, ...] = ()  # planner.centre.RELAXED_RULES when the week was relaxed
    # Why the search ended early with its best plan so far: "stopped", "time_limit" or None.
    cut_short: str | None = None
    problem: object = None  # the roster problem solved: names for the wording of its findings


# How near the limit a non-optimal solve must end to count as stopped by the time limit.
TIME_LIMIT_SLACK = 0.9


def cut_short(result: SolveResult, time_limit_s: float, stop_event: threading.Event | None) -> str | None:
    """Why a solve with a plan ended before proving it optimal (the plan kept is marked so)."""
    if not result.feasible or result.status == "OPTIMAL":
        return None
    if stop_event is not None and stop_event.is_set():
        return "stopped"
    if result.wall_time >= TIME_LIMIT_SLACK * time_limit_s:
        return "time_limit"
    return None


def solver_status(result: SolveResult, cut: str | None, relaxed: bool) -> str:
    """The status stored with a draft, e.g. 'FEASIBLE STOPPED' (fits the 32-character column)."""
    marks = [result.status, {"stopped": "STOPPED", "time_limit": "TIME_LIMIT"}.get(cut or "", "")]
    return " ".join(m for m in (*marks, "RELAXED" if relaxed else "") if m)


def frozen_shifts(week: WeekInput, rows, now: dt.datetime) -> tuple[LockedShift, ...]:
    """What a re-solve must leave as it is at `now` (the centre's wall clock), as pins.

    A day that is over stays as planned for everyone (a shift, or the day off). On today,
    whoever has a shift that has started keeps it; once the day's first shift has started,
    nobody without one today is added (no one joins a shift already under way). Shifts of
    today that have not started, and the days to come, are free to change.
    """
    today = now.date()
    worked: dict[tuple[str, dt.date], list] = {}
    for r in rows:
        if r.staff_id is not None:
            worked.setdefault((str(r.staff_id), r.day), []).append(r)
    first_start = min((tp.start for tp in week.templates), default=None)
    day_begun = first_start is not None and now.hour * 60 + now.minute >= first_start
    pins = []
    for day in week.dates:
        if day > today:
            continue
        for member in week.members:
            shifts = worked.get((member.id, day), [])
            if day < today:
                pins.append(LockedShift(member.id, day, shifts[0].shift_id if shifts else None))
            elif shifts and any(r.starts_at <= now.time() for r in shifts):
                pins.append(LockedShift(member.id, day, shifts[0].shift_id))
            elif not shifts and day_begun:
                pins.append(LockedShift(member.id, day, None))
    return tuple(pins)


def plan_week(
    iso_year: int,
    iso_week: int,
    *,
    by: str,
    time_limit_s: float = 20.0,
    target: ServiceLevel = ServiceLevel(),
    stop_event: threading.Event | None = None,
    on_progress=None,
    keep_locks: bool = True,
    labels: Mapping[str, tuple[str, str]] | None = None,
) -> PlanOutcome:
    """Solve the week and save the result as its working draft, with the solve's audit line.

    With a draft or published version at hand, its locked assignments are pinned and the
    solve stays close to it (few changes); it also starts from it (warm start). Reading and
    writing are two units of work: none is held open while the solver runs.
    """
    monday = iso_monday(iso_year, iso_week)
    demand = week_demand(monday, target)
    with UnitOfWork() as work:
        current = work.schedules.current(iso_year, iso_week)
        rows = work.schedules.rows(current.id) if current else []
        previous = work.schedules.planned(current.id) if current else None
        locked = tuple(
            LockedShift(str(r.staff_id), r.day, r.shift_id)
            for r in rows if keep_locks and r.locked and r.staff_id is not None
        )
        week = _week_input(work, monday, demand, locked=locked, previous=tuple(previous) if previous else None,
                           labels=labels)
        frozen = frozen_shifts(week, rows, clock.now())
        locked_days = {(lock.person, lock.day) for lock in locked}
        # A shift that was worked (or began) stays, even where an absence was entered for it later.
        kept = {(f.person, f.day) for f in frozen if f.shift_id is not None}
        week = replace(week, locked=locked + tuple(f for f in frozen if (f.person, f.day) not in locked_days),
                       absences={p: {d: k for d, k in days.items() if (p, d) not in kept}
                                 for p, days in week.absences.items()})
    warm = build_week_problem(week).previous_plan
    options = SolveOptions(time_limit_s=time_limit_s, num_workers=2, random_seed=0,
                           stop_event=stop_event, on_progress=on_progress, warm_start=warm)
    result, week, relaxed_rules = solve_centre_week(week, options)
    shifts = planned_shifts(week, result.assignments)
    cut = cut_short(result, time_limit_s, stop_event)
    schedule_id = None
    # Written only now, after the solve, in one transaction with its audit line: a job
    # killed while solving leaves the previous draft as it was, never half a plan.
    with UnitOfWork() as work:
        if result.assignments:
            # The plan names the stored forecast it was made from, so actuals can be compared later.
            schedule = work.schedules.save_draft(
                iso_year, iso_week, shifts, by=by, objective=result.objective, forecast_run_id=demand.run_id,
                solver_status=solver_status(result, cut, bool(relaxed_rules)),
                locked={(lock.day, lock.person) for lock in locked},
            )
            schedule_id = schedule.id
        work.audit.record(by, "solve", "schedule", schedule_id, week=f"{iso_year}-W{iso_week:02d}",
                          status=result.status, objective=result.objective)
        work.commit()
    return PlanOutcome(result, shifts, schedule_id, relaxed_rules, cut, build_week_problem(week))


@dataclass(frozen=True)
class WeekView:
    """A version of a week's plan with everything the page shows about it, recomputed
    from the plan itself so that score and plan never disagree."""

    schedule_id: int | None
    version: int | None
    status: str | None
    rows: list
    week: WeekInput
    problem: object
    report: object
    demand: Demand


# The roster's inputs (people, absences, wishes, partner turns, demand) and a plan's check
# are kept this long per week, service level, language and audit position. Every audited
# change (an edit, a solve, an absence, a publication) moves the audit log's newest id and
# so reaches every web worker at once; the plan's rows are read afresh on every call.
WEEK_CACHE_SECONDS = 120
# Audited actions (prefixes) that never change a week's roster inputs: a plan's own changes
# (its rows are read afresh), sign-ins, the desk's visits and queue, courses, devices and
# tokens. They leave the cache be; every other audited change reloads the week once.
PLAN_ONLY_ACTIONS = ("solve", "edit:", "login", "visit_", "queue_", "course_", "display_token", "device_token",
                     "calendar_token", "info_link")


def evaluate(iso_year: int, iso_week: int, schedule_id: int | None = None,
             target: ServiceLevel = ServiceLevel(), *, labels: Mapping[str, tuple[str, str]] | None = None,
             uow: UnitOfWork | None = None) -> WeekView:
    """A version of the week's plan (the current one unless `schedule_id` names another), checked.

    The week is loaded and the plan checked once per change: later calls with the same
    week, version, rows and audit position take both from the service layer's cache.
    """
    from planner.roster import check

    monday = iso_monday(iso_year, iso_week)
    if uow is not None:  # a caller's own unit of work (tests with fakes): nothing cached
        demand = week_demand(monday, target)
        with uow as work:
            schedule, rows = _schedule_and_rows(work.schedules, iso_year, iso_week, schedule_id)
            week = _week_input(work, monday, demand, labels=labels)
        problem = build_week_problem(week)
        report = check(problem, tuple(_assignments(rows, week.dates)))
        return WeekView(*schedule, rows, week, problem, report, demand)
    with UnitOfWork() as work:
        schedule, rows = _schedule_and_rows(work.schedules, iso_year, iso_week, schedule_id)
        key = _week_key(work, monday, target, labels)
    demand, week, problem = _week_problem(*key)
    report = _checked(*key, tuple(_assignments(rows, week.dates)))
    return WeekView(*schedule, rows, week, problem, report, demand)


def _week_key(work, monday: dt.date, target: ServiceLevel, labels) -> tuple:
    """What a week's loaded inputs are cached under: database, week, target, language, day, audit position."""
    stamp = work.audit.latest_id(ignoring=PLAN_ONLY_ACTIONS)
    return database_url(), monday, target, tuple(sorted((labels or {}).items())), clock.today(), stamp


def rule_check_key(work, iso_year: int, iso_week: int) -> tuple:
    """The week's roster problem loaded (and cached) for checking a change of its plan.

    Taken before the change writes anything: loading the week may store the day's forecast
    run in a unit of work of its own.
    """
    key = _week_key(work, iso_monday(iso_year, iso_week), ServiceLevel(), None)
    _week_problem(*key)
    return key


def new_violations(key: tuple, before: list, after: list, people: set[str]):
    """The hard-rule findings a change of the week's plan from rows `before` to rows `after`
    brings for `people` (rest time, absence, role fit, ...: every rule module's own check).

    Returns (the roster problem, the findings); `key` from rule_check_key. Findings the plan
    had before are not the change's.
    """
    _demand, week, problem = _week_problem(*key)
    had = {_finding_key(v) for v in _checked(*key, tuple(_assignments(before, week.dates))).hard_violations}
    now = _checked(*key, tuple(_assignments(after, week.dates))).hard_violations
    return problem, tuple(v for v in now if _finding_key(v) not in had and set(v.people) & people)


def _finding_key(finding) -> tuple:
    """What makes two findings the same breach: rule, people, days and group, not the amounts
    (someone under their contract's hours before and after a change is not a new breach)."""
    return finding.rule, finding.people, finding.days, finding.group


def _schedule_and_rows(schedules, iso_year: int, iso_week: int, schedule_id: int | None):
    """((id, version, status) of the version, its rows), read inside the unit of work."""
    schedule = schedules.get(schedule_id) if schedule_id else schedules.current(iso_year, iso_week)
    if schedule is None:
        return (None, None, None), []
    return (schedule.id, schedule.version, schedule.status), schedules.rows(schedule.id)


@cached(seconds=WEEK_CACHE_SECONDS, maxsize=16)
def _week_problem(url: str, monday: dt.date, target: ServiceLevel, labels: tuple, today: dt.date, _stamp: int):
    """The week's demand, roster input and problem, loaded once per key."""
    demand = _week_demand(url, monday, target, today)
    with UnitOfWork(url) as work:
        week = _week_input(work, monday, demand, labels=dict(labels))
    return demand, week, build_week_problem(week)


@cached(seconds=WEEK_CACHE_SECONDS, maxsize=64)
def _checked(url: str, monday: dt.date, target: ServiceLevel, labels: tuple, today: dt.date, stamp: int,
             assignments: tuple):
    """The checker's report of one plan of the week (the plan given as its assignments)."""
    from planner.roster import check

    return check(_week_problem(url, monday, target, labels, today, stamp)[2], assignments)


def _assignments(rows, dates) -> list:
    """The engine's assignments of a version's staffed rows that fall in the week's dates."""
    from planner.roster import Assignment

    index = {d: i for i, d in enumerate(dates)}
    return [Assignment(str(r.staff_id), index[r.day], r.shift_id, r.place)
            for r in rows if r.staff_id is not None and r.day in index]


def rotation_for(iso_year: int, iso_week: int, n_weeks: int, *, time_limit_s: float = 30.0,
                 stop_event: threading.Event | None = None, on_progress=None,
                 labels: Mapping[str, tuple[str, str]] | None = None):
    """A cyclic rotation of `n_weeks` built from the demand of the given week."""
    from planner.rotation import build_rotation

    monday = iso_monday(iso_year, iso_week)
    week = week_input(monday, week_demand(monday), labels=labels)
    options = SolveOptions(time_limit_s=time_limit_s, num_workers=2, random_seed=0,
                           stop_event=stop_event, on_progress=on_progress)
    return build_rotation(week, n_weeks, options)


def roll_out(rotation, iso_year: int, iso_week: int, weeks: int, *, by: str,
             uow: UnitOfWork | None = None) -> list[tuple[int, int]]:
    """Save the rotation as the starting drafts of `weeks` weeks from the given one.

    Weeks that already have a draft or a published version are left alone: the rotation
    is where planning starts, never a silent overwrite of work done. One transaction with
    its audit line; returns the (ISO year, week) of the drafts made.
    """
    created = []
    monday = iso_monday(iso_year, iso_week)
    with uow or UnitOfWork() as work:
        schedules = work.schedules
        active = {m.id for m in work.planning.members(monday, monday + dt.timedelta(weeks=weeks))}
        for k in range(weeks):
            week_monday = monday + dt.timedelta(weeks=k)
            year, number, _ = week_monday.isocalendar()
            if schedules.versions(year, number):
                continue
            shifts = [s for s in rotation.for_week(week_monday) if s.person in active]
            schedules.save_draft(year, number, shifts, by=by, solver_status="ROTATION")
            created.append((year, number))
        work.audit.record(by, "roll_out_rotation", "schedule", None, weeks=[f"{y}-W{w:02d}" for y, w in created])
        work.commit()
    return created


def member_names(monday: dt.date, *, uow: UnitOfWork | None = None) -> dict[str, str]:
    """The names of the people planned for the week from `monday`, by id."""
    with uow or UnitOfWork() as work:
        return {m.id: m.name for m in work.planning.members(monday, monday + dt.timedelta(days=4))}


@dataclass(frozen=True)
class Version:
    id: int
    version: int
    status: str  # "draft" or "published"


def versions(iso_year: int, iso_week: int, *, uow: UnitOfWork | None = None) -> list[Version]:
    """The week's versions, oldest first."""
    with uow or UnitOfWork() as work:
        return [Version(s.id, s.version, s.status) for s in work.schedules.versions(iso_year, iso_week)]


@dataclass(frozen=True)
class EditChoices:
    """What a hand edit of the week can choose from."""

    rows: list  # the assignments of the version shown (AssignmentRow)
    templates: tuple  # the shift templates (TemplateSpec)
    members: tuple  # the people of the week (Member)


def edit_choices(iso_year: int, iso_week: int, *, uow: UnitOfWork | None = None) -> EditChoices:
    """The shown version's assignments, the shift templates and the week's people."""
    monday = iso_monday(iso_year, iso_week)
    with uow or UnitOfWork() as work:
        current = work.schedules.current(iso_year, iso_week)
        rows = work.schedules.rows(current.id) if current else []
        return EditChoices(rows, work.planning.templates(), work.planning.members(monday, monday + dt.timedelta(days=6)))


@dataclass(frozen=True)
class Candidate:
    person: str
    name: str
    objective: int
    delta: int
    hard_ok: bool
    broken: tuple = ()  # the hard-rule violations (checker facts) the change would bring


@dataclass(frozen=True)
class Ranking:
    """Candidates for one shift and the roster problem their violations refer to."""

    problem: object
    candidates: list[Candidate]


def rank_candidates(iso_year: int, iso_week: int, shift_id: str, day: dt.date, limit: int = 5, *,
                    labels: Mapping[str, tuple[str, str]] | None = None) -> Ranking:
    """Who could take one open shift: each free person tried in the current plan, ranked by
    the score the checker gives the changed plan (hard-rule breakers last).

    A holder of the shift who is absent that day is the one to replace: the candidates are
    tried in the plan without them. A candidate is charged only with the hard rules the
    change breaks for them, never with what the plan broke before (someone else's absence).
    """
    from planner.roster import Assignment, check

    view = evaluate(iso_year, iso_week, labels=labels)
    index = {d: i for i, d in enumerate(view.week.dates)}
    if day not in index:
        return Ranking(view.problem, [])
    absent = {person for person, days in view.week.absences.items() if day in days}
    everyone = _assignments(view.rows, view.week.dates)
    replaced = {a.person for a in everyone if a.day == index[day] and a.shift == shift_id and a.person in absent}
    plan = [a for a in everyone if not (a.day == index[day] and a.person in replaced)]
    base = check(view.problem, tuple(plan))
    before = {_finding_key(v) for v in base.hard_violations}
    busy = {a.person for a in plan if a.day == index[day]} | replaced
    place = parse_shift_id(shift_id)[0]
    # What the plan breaks already (e.g. someone planned on a day of a later absence) is not
    # the candidate's doing: only violations the change brings, to them, count against them.
    out = []
    for member in view.week.members:
        if member.id in busy:
            continue
        report = check(view.problem, (*plan, Assignment(member.id, index[day], shift_id, place)))
        new = tuple(v for v in report.hard_violations if _finding_key(v) not in before and member.id in v.people)
        out.append(Candidate(member.id, member.name, report.objective, report.objective - base.objective,
                             not new, new))
    out.sort(key=lambda c: (not c.hard_ok, c.objective, c.name))
    return Ranking(view.problem, out[:limit])
