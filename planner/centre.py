"""The centre as one configuration of the roster engine (docs/architecture.md).

Maps the centre's own words (places, opening hours, shift templates, roles, partner
turns, absences, wishes, required staff per slot) onto the general `planner.roster`
types, and the solution back. The rules of the centre live here:

- roles and what each may do: reception at the desk, counselling by social workers, the
  language adviser and (part of their time) the coordination team, registration of EU
  citizens only by citizen-services staff, Jobcenter and welfare advice only by those
  partners' representatives, and only on the weekdays their organisation agreed to;
- reception: at least one person at every open slot of every open place (hard);
- German working-time law and 11 h rest come from the engine (`rest_minutes`,
  `working_time_law`);
- contract hours as weekly limits, scaled down for days of absence;
- fairness of late shifts, Infopoint duty and Friday afternoons, counted together with
  what each person did in the weeks before (`carried`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from planner.roster import (
    Assignment,
    Contract,
    Cover,
    FairnessRule,
    Person,
    Pin,
    Problem,
    Request,
    ShiftType,
)

PLACE_TASKS = {
    "centre": ("reception", "counselling", "registration", "jobcenter", "welfare"),
    "infopoint": ("reception", "counselling"),
}
ROLE_SKILLS = {
    "coordination": frozenset({"counselling", "reception"}),
    "social_worker": frozenset({"counselling"}),
    "language_adviser": frozenset({"counselling"}),
    "reception": frozenset({"reception"}),
    "citizen_services": frozenset({"registration"}),
    "jobcenter_rep": frozenset({"jobcenter"}),
    "welfare_rep": frozenset({"welfare"}),
}
# Tasks a partner organisation fills with its own people, on the days it agreed to.
PARTNER_TASKS = {"citizen_services": "registration", "jobcenter_rep": "jobcenter", "welfare_rep": "welfare"}
# The coordination team leads the centre; at most this share of its hours is desk time.
COORDINATION_FLOOR_SHARE = 0.5
# Contract hours are planned to at least this share of the days present (hard floor).
MIN_CONTRACT_SHARE = 0.6
LATE_SHIFT_CODES = frozenset({"SPAET", "NACHM"})
# Rest between two shifts (Arbeitszeitgesetz section 5).
REST_MINUTES = 11 * 60
FRIDAY = 4


@dataclass(frozen=True)
class Weights:
    """The soft goals' weights: what a missing or extra person costs per 30-minute slot."""

    reception_under: int = 60
    counselling_under: int = 20
    counselling_over: int = 1
    partner_under: int = 30
    language_under: int = 4
    late_fairness: int = 6
    infopoint_fairness: int = 3
    friday_fairness: int = 6
    change: int = 8
    # Hour balances carried into the plan: one unit of weight per half hour for every
    # `hour_balance_step` minutes over (or under) contract, at most `hour_balance_max` units.
    # Small against cover (20 per missing counsellor and half hour): a balance decides
    # between otherwise equal people, never leaves a gap open.
    hour_balance_step: int = 240
    hour_balance_max: int = 3


@dataclass(frozen=True)
class ShiftTemplate:
    place: str
    code: str
    name: str
    start: int  # minutes after midnight
    end: int
    break_minutes: int
    weekdays: frozenset[int]
    name_en: str = ""  # the English name; the German one when not given


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    role: str
    organisation: str
    languages: frozenset[str]
    weekly_minutes: int
    places: frozenset[str]


@dataclass(frozen=True)
class PartnerTurn:
    organisation: str
    place: str
    weekday: int
    role: str
    people: int = 1


@dataclass(frozen=True)
class Wish:
    person: str
    day: dt.date
    desired: bool
    weight: int = 3
    template: str | None = None  # a template code, or None for the whole day


@dataclass(frozen=True)
class LockedShift:
    person: str
    day: dt.date
    shift_id: str | None  # None: locked as a day off


@dataclass(frozen=True)
class WeekInput:
    """Everything the planner needs to know about one week (Monday to Friday).

    required: (place, role, day, slot start minute) -> whole staff wanted in that slot.
    languages: (place, day, slot start minute) -> languages someone on duty should speak.
    carried: fairness rule name -> person -> count from the earlier weeks' published plans.
    """

    monday: dt.date
    templates: tuple[ShiftTemplate, ...]
    members: tuple[Member, ...]
    turns: tuple[PartnerTurn, ...]
    opening: Mapping[str, Mapping[int, tuple[int, int]]]
    required: Mapping[tuple[str, str, dt.date, int], int]
    languages: Mapping[tuple[str, dt.date, int], frozenset[str]] = field(default_factory=dict)
    absences: Mapping[str, Mapping[dt.date, str]] = field(default_factory=dict)
    closed_days: frozenset[dt.date] = frozenset()
    wishes: tuple[Wish, ...] = ()
    locked: tuple[LockedShift, ...] = ()
    carried: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    # Each person's running hour balance (minutes over (+) or under (-) contract) before the week.
    balances: Mapping[str, int] = field(default_factory=dict)
    previous: tuple["PlannedShift", ...] | None = None
    weights: Weights = Weights()
    slot_minutes: int = 30
    weeks: int = 1
    # Which tasks each place offers; a larger city configures more places.
    place_tasks: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(PLACE_TASKS))
    # Set when the hard rules cannot all hold: reception minimum and contract floors
    # become soft (heavily weighted) so that the best partial plan can still be shown.
    relaxed: bool = False
    # Display names (German, English) of place and task codes, for the engine's sentences;
    # the caller passes them in (the interface's catalogue), a missing one shows the code.
    labels: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def days(self) -> int:
        """Calendar days from the first Monday to the last Friday (weekends have no shifts)."""
        return 7 * (self.weeks - 1) + 5

    @property
    def dates(self) -> list[dt.date]:
        return [self.monday + dt.timedelta(days=i) for i in range(self.days)]

    @property
    def workdays(self) -> list[dt.date]:
        return [d for d in self.dates if d.weekday() < 5]


@dataclass(frozen=True, order=True)
class PlannedShift:
    """One assignment in the centre's words."""

    day: dt.date
    person: str
    place: str
    template: str
    task: str
    start: int
    end: int
    break_minutes: int

    @property
    def shift_id(self) -> str:
        return shift_id(self.place, self.template, self.task)


def shift_id(place: str, template: str, task: str) -> str:
    return f"{place}.{template}.{task}"


def parse_shift_id(value: str) -> tuple[str, str, str]:
    place, template, task = value.split(".")
    return place, template, task


def _shift_types(week: WeekInput) -> list[ShiftType]:
    partner_days: dict[tuple[str, str], set[int]] = {}
    partner_orgs: dict[tuple[str, str], set[str]] = {}
    for turn in week.turns:
        task = PARTNER_TASKS.get(turn.role)
        if task:
            partner_days.setdefault((turn.place, task), set()).add(turn.weekday)
            partner_orgs.setdefault((turn.place, task), set()).add(turn.organisation)
    types = []
    for template in week.templates:
        open_days = set(week.opening.get(template.place, {}))
        for task in week.place_tasks.get(template.place, ()):
            weekdays = set(template.weekdays) & open_days
            organisations: frozenset[str] = frozenset()
            if task in PARTNER_TASKS.values():
                weekdays &= partner_days.get((template.place, task), set())
                organisations = frozenset(partner_orgs.get((template.place, task), set()))
            if not weekdays:
                continue
            types.append(
                ShiftType(
                    id=shift_id(template.place, template.code, task),
                    length=template.end - template.start,
                    start=template.start,
                    break_minutes=template.break_minutes,
                    place=template.place,
                    task=task,
                    organisations=organisations,
                    weekdays=frozenset(weekdays),
                    name=f"{template.name} ({task})",
                )
            )
    return types


def _person(member: Member, week: WeekInput, shift_types: list[ShiftType]) -> Person:
    index = {d: i for i, d in enumerate(week.dates)}
    absences = {
        index[d]: reason for d, reason in week.absences.get(member.id, {}).items() if d in index
    }
    for d in week.closed_days:
        if d in index:
            absences.setdefault(index[d], "geschlossen")
    workdays = len(week.workdays)
    present_share = (workdays - sum(1 for i in absences if week.dates[i].weekday() < 5)) / workdays
    weekly = weekly_limit(member)
    partner = member.role in PARTNER_TASKS
    # Partners' hours are their agreed turns; the city's staff are planned to their contract.
    floor = 0 if partner or member.role == "coordination" or week.relaxed else int(weekly * present_share * MIN_CONTRACT_SHARE)
    # A person works only at their home places: shifts elsewhere get a limit of zero.
    max_shifts = {s.id: 0 for s in shift_types if s.place not in member.places}
    return Person(
        id=member.id,
        name=member.name,
        skills=ROLE_SKILLS.get(member.role, frozenset()),
        languages=member.languages,
        organisation=member.organisation,
        contract=Contract(
            max_shifts=max_shifts,
            min_minutes_per_week=floor,
            max_minutes_per_week=weekly,
            max_consecutive_days=5,
        ),
        absences=absences,
    )


def weekly_limit(member: Member) -> int:
    """The most minutes a week the centre plans for a person: the contract, of which the
    coordination team spends at most COORDINATION_FLOOR_SHARE at the desk."""
    if member.role == "coordination":
        return int(member.weekly_minutes * COORDINATION_FLOOR_SHARE)
    return member.weekly_minutes


def _slots(week: WeekInput, place: str, day: dt.date) -> list[int]:
    hours = week.opening.get(place, {}).get(day.weekday())
    if hours is None or day in week.closed_days:
        return []
    opens, closes = hours
    return list(range(opens, closes, week.slot_minutes))


def _covers(week: WeekInput) -> list[Cover]:
    w = week.weights
    covers = []
    turns = {(t.place, PARTNER_TASKS.get(t.role), t.weekday): t.people for t in week.turns}
    for i, day in enumerate(week.dates):
        for place in week.place_tasks:
            for start in _slots(week, place, day):
                slot = (start, start + week.slot_minutes)
                reception = max(1, week.required.get((place, "reception", day, start), 1))
                covers.append(Cover(day=i, slot=slot, place=place, skill="reception",
                                    required=reception, minimum=0 if week.relaxed else 1,
                                    under_weight=w.reception_under, over_weight=w.counselling_over))
                counselling = week.required.get((place, "counselling", day, start), 0)
                covers.append(Cover(day=i, slot=slot, place=place, skill="counselling",
                                    required=counselling, under_weight=w.counselling_under,
                                    over_weight=w.counselling_over))
                for task in ("registration", "jobcenter", "welfare"):
                    people = turns.get((place, task, day.weekday()))
                    if people:
                        covers.append(Cover(day=i, slot=slot, place=place, skill=task,
                                            required=people, under_weight=w.partner_under))
                for language in sorted(week.languages.get((place, day, start), ())):
                    covers.append(Cover(day=i, slot=slot, place=place, language=language,
                                        required=1, under_weight=w.language_under))
    return covers


FAIRNESS_DUTIES = ("late shifts", "Infopoint duty", "Friday afternoons")


def duties(day: dt.date, place: str, template: str, end_minute: int) -> list[str]:
    """The fairness duties (FAIRNESS_DUTIES) one worked shift counts for."""
    out = []
    if template in LATE_SHIFT_CODES:
        out.append("late shifts")
    if place == "infopoint":
        out.append("Infopoint duty")
    if day.weekday() == FRIDAY and end_minute > 13 * 60:
        out.append("Friday afternoons")
    return out


def _fairness(week: WeekInput, shift_types: list[ShiftType]) -> list[FairnessRule]:
    w = week.weights
    late = frozenset(s.id for s in shift_types if parse_shift_id(s.id)[1] in LATE_SHIFT_CODES)
    infopoint = frozenset(s.id for s in shift_types if s.place == "infopoint")
    friday_pm = frozenset(
        s.id for s in shift_types
        if s.weekdays and FRIDAY in s.weekdays and s.start is not None and s.start + s.length > 13 * 60
    )
    rules = []
    for name, shifts, weight, weekdays in (
        ("late shifts", late, w.late_fairness, None),
        ("Infopoint duty", infopoint, w.infopoint_fairness, None),
        ("Friday afternoons", friday_pm, w.friday_fairness, frozenset({FRIDAY})),
    ):
        if shifts:
            rules.append(FairnessRule(name=name, shifts=shifts, weight=weight, weekdays=weekdays,
                                      carried=dict(week.carried.get(name, {}))))
    return rules


def _labels(week: WeekInput, shift_types: list[ShiftType]) -> dict[str, tuple[str, str]]:
    """Display names of places, tasks and shift types in German and English."""
    labels = dict(week.labels)
    templates = {(t.place, t.code): t for t in week.templates}
    for s in shift_types:
        place, code, task = parse_shift_id(s.id)
        template = templates[place, code]
        task_de, task_en = labels.get(task, (task, task))
        labels[s.id] = (f"{template.name} ({task_de})", f"{template.name_en or template.name} ({task_en})")
    return labels


def hour_balance_weights(week: WeekInput) -> dict[str, int]:
    """Weight per half hour from each person's hour balance (planner/roster/rules/hour_balance.py):
    positive for plus hours, negative for minus hours; partners' hours are their agreed turns."""
    w = week.weights
    out = {}
    for member in week.members:
        balance = week.balances.get(member.id, 0)
        if member.role in PARTNER_TASKS or not balance or w.hour_balance_step <= 0:
            continue
        units = min(w.hour_balance_max, abs(balance) // w.hour_balance_step)
        if units:
            out[member.id] = units if balance > 0 else -units
    return out


def build_week_problem(week: WeekInput) -> Problem:
    shift_types = _shift_types(week)
    known = {s.id for s in shift_types}
    index = {d: i for i, d in enumerate(week.dates)}
    members = {m.id for m in week.members}
    requests = []
    for wish in week.wishes:
        if wish.day not in index or wish.person not in members:
            continue
        shifts = [None] if wish.template is None else [s for s in known if parse_shift_id(s)[1] == wish.template]
        for shift in shifts:
            requests.append(Request(wish.person, index[wish.day], shift, wish.weight, wish.desired))
    pins = [
        Pin(lock.person, index[lock.day], lock.shift_id if lock.shift_id in known else None)
        for lock in week.locked
        if lock.day in index and lock.person in members
    ]
    previous = None
    if week.previous is not None:
        previous = tuple(
            Assignment(p.person, index[p.day], p.shift_id, p.place)
            for p in week.previous
            if p.day in index and p.person in members and p.shift_id in known
        )
    return Problem(
        days=week.days,
        shift_types=tuple(shift_types),
        people=tuple(_person(m, week, shift_types) for m in week.members),
        covers=tuple(_covers(week)),
        requests=tuple(requests),
        pins=tuple(pins),
        fairness=tuple(_fairness(week, shift_types)),
        previous_plan=previous,
        change_weight=week.weights.change if previous else 0,
        hour_balance=hour_balance_weights(week),
        start_date=week.monday,
        rest_minutes=REST_MINUTES,
        working_time_law=True,
        name=f"week of {week.monday.isoformat()}",
        labels=_labels(week, shift_types),
    )


def planned_shifts(week: WeekInput, assignments) -> list[PlannedShift]:
    """The engine's assignments in the centre's words."""
    templates = {(t.place, t.code): t for t in week.templates}
    out = []
    for a in assignments:
        place, code, task = parse_shift_id(a.shift)
        t = templates[place, code]
        out.append(PlannedShift(week.dates[a.day], a.person, place, code, task, t.start, t.end, t.break_minutes))
    return sorted(out)


def whole_staff(required: float) -> int:
    """Round a fractional requirement up, once, at the very end (ANCHORS: lessons)."""
    return max(0, math.ceil(required - 1e-9))


# What a relaxed week gives up (worded by dashboard/texts/rule_words.py): the reception
# minimum becomes a heavily weighted goal, the contracts' minimum hours are dropped.
RELAXED_RULES = ("reception each half hour", "contract minimum hours")


def solve_centre_week(week: WeekInput, options):
    """Solve a week; when its hard rules collide, keep the engine's explanation and
    return the best plan of the relaxed week (see RELAXED_RULES), marked as relaxed."""
    from dataclasses import replace

    from planner.roster import solve

    result = solve(build_week_problem(week), options)
    if result.assignments or result.status not in ("INFEASIBLE",):
        return result, week, ()
    relaxed_week = replace(week, relaxed=True)
    relaxed = solve(build_week_problem(relaxed_week), options)
    return replace(relaxed, conflicts=result.conflicts or relaxed.conflicts), relaxed_week, RELAXED_RULES
