"""Domain types of a roster problem and its solution.

Everything here is immutable and free of solver concepts, so the same types serve the
CP-SAT model, the independent checker, the benchmark reader and (later) the centre's own
configuration loaded by data_access.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Mapping

MINUTES_PER_DAY = 24 * 60


def _freeze_mapping(obj: object, name: str) -> None:
    # Frozen dataclasses only stop re-binding; wrapping keeps callers from mutating in place.
    value = getattr(obj, name)
    object.__setattr__(obj, name, MappingProxyType(dict(value)))


def _freeze_set(obj: object, name: str) -> None:
    object.__setattr__(obj, name, frozenset(getattr(obj, name)))


@dataclass(frozen=True)
class ShiftType:
    """A kind of shift: when it runs, where, and which task it serves.

    ``length`` is the span from start to end in minutes, breaks included; the minutes that
    count against a contract are ``work_minutes``. ``start`` (minutes after midnight) is
    optional: without it the rest rule cannot derive forbidden successors and slot covers
    cannot use the shift.
    """

    id: str
    length: int
    start: int | None = None
    break_minutes: int = 0
    place: str | None = None
    task: str | None = None
    organisations: frozenset[str] = frozenset()
    forbidden_next: frozenset[str] = frozenset()
    name: str = ""
    # Weekdays (0 = Monday) the shift is offered on; None means every day.
    weekdays: frozenset[int] | None = None

    def __post_init__(self) -> None:
        _freeze_set(self, "organisations")
        _freeze_set(self, "forbidden_next")
        if self.weekdays is not None:
            _freeze_set(self, "weekdays")
        if self.length <= 0:
            raise ValueError(f"shift type {self.id}: length must be positive")
        if not 0 <= self.break_minutes < self.length:
            raise ValueError(f"shift type {self.id}: break must be within the shift")

    @property
    def work_minutes(self) -> int:
        return self.length - self.break_minutes

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Contract:
    """Hard limits of one person over the horizon (weekly limits per calendar week).

    ``max_shifts`` maps a shift type id to the most shifts of that type; a type missing from
    the mapping is unlimited (the Curtois-Qu reader writes every type explicitly).
    """

    max_shifts: Mapping[str, int] = field(default_factory=dict)
    min_minutes: int = 0
    max_minutes: int | None = None
    min_minutes_per_week: int | None = None
    max_minutes_per_week: int | None = None
    max_consecutive_days: int | None = None
    min_consecutive_days: int = 1
    min_consecutive_days_off: int = 1
    max_weekends: int | None = None

    def __post_init__(self) -> None:
        _freeze_mapping(self, "max_shifts")


@dataclass(frozen=True)
class Person:
    id: str
    name: str = ""
    skills: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    organisation: str | None = None
    contract: Contract = Contract()
    # Absences and other unavailability by day index; the value is a reason for messages.
    absences: Mapping[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _freeze_set(self, "skills")
        _freeze_set(self, "languages")
        _freeze_mapping(self, "absences")

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Cover:
    """Wanted head-count on one day, for one shift type or one time slot.

    Exactly one of ``shift`` and ``slot`` is set. ``slot`` is (start, end) in minutes after
    the day's midnight; a shift counts for it if its span contains the slot (shifts from the
    day before that run past midnight count too). ``place``, ``skill`` and ``language``
    narrow which assignments count. ``required`` is the soft target (under and over weights
    per person); ``minimum`` is a hard floor.
    """

    day: int
    required: int
    under_weight: int
    over_weight: int = 0
    shift: str | None = None
    slot: tuple[int, int] | None = None
    place: str | None = None
    skill: str | None = None
    language: str | None = None
    minimum: int = 0

    def __post_init__(self) -> None:
        if (self.shift is None) == (self.slot is None):
            raise ValueError("a cover names exactly one of shift and slot")
        if self.slot is not None:
            object.__setattr__(self, "slot", (int(self.slot[0]), int(self.slot[1])))
            if self.slot[0] >= self.slot[1]:
                raise ValueError("a cover slot must end after it starts")

    @property
    def rule(self) -> str:
        return "language cover" if self.language else "cover"


@dataclass(frozen=True)
class Request:
    """A wish of one person: to work (``on``) or not to work a shift (any shift if None)."""

    person: str
    day: int
    shift: str | None
    weight: int
    on: bool


@dataclass(frozen=True)
class Pin:
    """A locked decision: the person works ``shift`` on ``day`` (or is off if None)."""

    person: str
    day: int
    shift: str | None


@dataclass(frozen=True)
class FairnessRule:
    """Spread a kind of duty evenly: penalise (max - min) of the per-person counts.

    Counts include ``carried`` (what each person already did in earlier weeks), so fairness
    holds across weeks and not only inside the horizon. ``weekdays`` restricts the counted
    days (0 = Monday); ``people`` restricts who is compared (default: all who may work one of
    the shifts).
    """

    name: str
    shifts: frozenset[str]
    weight: int
    weekdays: frozenset[int] | None = None
    people: frozenset[str] | None = None
    carried: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _freeze_set(self, "shifts")
        if self.weekdays is not None:
            _freeze_set(self, "weekdays")
        if self.people is not None:
            _freeze_set(self, "people")
        _freeze_mapping(self, "carried")


@dataclass(frozen=True, order=True)
class Assignment:
    person: str
    day: int
    shift: str
    place: str | None = None


@dataclass(frozen=True)
class Problem:
    """A roster problem over ``days`` consecutive days starting on ``start_weekday``.

    ``rest_minutes`` is the least rest between two shifts on consecutive days where both
    start times are known (11 h under German law); ``working_time_law`` also forbids shift
    types that break the daily limits (10 h of work, breaks of 30 min beyond 6 h and 45 min
    beyond 9 h). ``previous_plan`` is the plan to stay close to: every person-day whose shift
    differs from it costs ``change_weight``.
    """

    days: int
    shift_types: tuple[ShiftType, ...]
    people: tuple[Person, ...]
    covers: tuple[Cover, ...] = ()
    requests: tuple[Request, ...] = ()
    pins: tuple[Pin, ...] = ()
    fairness: tuple[FairnessRule, ...] = ()
    previous_plan: tuple[Assignment, ...] | None = None
    change_weight: int = 0
    start_weekday: int = 0
    start_date: date | None = None
    rest_minutes: int | None = 11 * 60
    working_time_law: bool = True
    name: str = ""
    # Display names of the configuration's codes (places, skills, shift type ids) in German
    # and English, for the explanations; a code without an entry is shown as it is.
    labels: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # Person id -> weight per half hour: positive, each half hour worked costs it (plus hours
    # carried from earlier weeks); negative, each half hour below the weekly limit (minus hours).
    hour_balance: Mapping[str, int] = field(default_factory=dict)
    # When set, the terms other than changes to ``previous_plan`` total at most this: a re-plan
    # that keeps as much as it can within a tolerance of the best plan (planner/replan.py).
    objective_cap: int | None = None

    def __post_init__(self) -> None:
        for attr in ("shift_types", "people", "covers", "requests", "pins", "fairness"):
            object.__setattr__(self, attr, tuple(getattr(self, attr)))
        _freeze_mapping(self, "labels")
        _freeze_mapping(self, "hour_balance")
        if self.previous_plan is not None:
            object.__setattr__(self, "previous_plan", tuple(self.previous_plan))
        if self.start_date is not None and self.start_date.weekday() != self.start_weekday:
            object.__setattr__(self, "start_weekday", self.start_date.weekday())
        self._validate()

    def _validate(self) -> None:
        if self.days <= 0:
            raise ValueError("the horizon needs at least one day")
        shift_ids = [s.id for s in self.shift_types]
        person_ids = [p.id for p in self.people]
        if len(set(shift_ids)) != len(shift_ids):
            raise ValueError("shift type ids must be unique")
        if len(set(person_ids)) != len(person_ids):
            raise ValueError("person ids must be unique")
        known_shifts, known_people = set(shift_ids), set(person_ids)
        for s in self.shift_types:
            if not s.forbidden_next <= known_shifts:
                raise ValueError(f"shift type {s.id}: unknown successor {s.forbidden_next - known_shifts}")
        for item in (*self.requests, *self.pins):
            if item.person not in known_people:
                raise ValueError(f"unknown person {item.person!r}")
            if item.shift is not None and item.shift not in known_shifts:
                raise ValueError(f"unknown shift type {item.shift!r}")
            if not 0 <= item.day < self.days:
                raise ValueError(f"day {item.day} outside the horizon")
        for c in self.covers:
            if c.shift is not None and c.shift not in known_shifts:
                raise ValueError(f"unknown shift type {c.shift!r} in a cover")
            if not 0 <= c.day < self.days:
                raise ValueError(f"cover day {c.day} outside the horizon")

    # Lookups used by the model, the checker and the explanations alike.

    def shift(self, shift_id: str) -> ShiftType:
        return self._shift_index()[shift_id]

    def person(self, person_id: str) -> Person:
        return self._person_index()[person_id]

    def label(self, code: str) -> tuple[str, str]:
        """The German and English display name of a place, skill or shift type id."""
        named = self.labels.get(code)
        if named is not None:
            return named
        shift = self._shift_index().get(code)
        text = shift.label if shift is not None else code
        return text, text

    def _shift_index(self) -> dict[str, ShiftType]:
        cached = self.__dict__.get("_shift_cache")
        if cached is None:
            cached = {s.id: s for s in self.shift_types}
            object.__setattr__(self, "_shift_cache", cached)
        return cached

    def _person_index(self) -> dict[str, Person]:
        cached = self.__dict__.get("_person_cache")
        if cached is None:
            cached = {p.id: p for p in self.people}
            object.__setattr__(self, "_person_cache", cached)
        return cached

    def weekday(self, day: int) -> int:
        return (self.start_weekday + day) % 7

    def week(self, day: int) -> int:
        """Index of the calendar week (Monday to Sunday) that holds ``day``."""
        return (self.start_weekday + day) // 7

    def weeks(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for d in range(self.days):
            out.setdefault(self.week(d), []).append(d)
        return out

    def weekends(self) -> list[list[int]]:
        """Saturday and Sunday of each calendar week, clipped to the horizon."""
        out: dict[int, list[int]] = {}
        for d in range(self.days):
            if self.weekday(d) >= 5:
                out.setdefault(self.week(d), []).append(d)
        return [out[k] for k in sorted(out)]
