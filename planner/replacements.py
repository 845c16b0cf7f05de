"""Who can take a published shift whose person dropped out: ranked replacement proposals.

Pure: facts in (the open shift, the team, who is booked when, absences, hour balances,
recent late shifts), facts out (each colleague with the hard rules a take-over would break,
as rule codes, and the numbers the ranking used). The hard rules are the roster engine's:
role fit (`planner.centre.ROLE_SKILLS`), home places, one shift a day, absence (also from a
time of day), 11 h rest (`planner.centre.REST_MINUTES`), the daily working-time limits of
`planner.roster.law`, and the legal weekly maximum of 48 hours. The contract's weekly hours
as the centre plans them (`planner.centre.weekly_limit`) are not a wall for a stand-in
(a fully planned week would leave nobody): going beyond them is overtime, which ranks
after everyone who stays within. Among the eligible, the ranking is by fairness: no
overtime first, then who is furthest below their contract hours (the hour balance), then
who did fewer late shifts recently (for a late shift), then who already works at that
place that week (fewer trips), then by name.

Only the candidate's own shifts are looked at: the rest of the plan (and any rule it
already breaks) is never blamed on a candidate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from planner.centre import LATE_SHIFT_CODES, REST_MINUTES, ROLE_SKILLS, Member, weekly_limit
from planner.roster.law import BREAK_RULES, MAX_WORK_MINUTES_PER_DAY

# The hard rules a take-over is checked against, in the order they are reported.
RULES = ("absent", "busy", "role", "place", "rest", "daily_limit", "break", "weekly_law")
# Arbeitszeitgesetz section 3: at most 48 hours a week (six days of eight hours).
MAX_WORK_MINUTES_PER_WEEK = 48 * 60


@dataclass(frozen=True)
class OpenShift:
    """What is open: a shift (or its rest, from a sick call's time on) on one day."""

    day: dt.date
    place: str
    template: str
    task: str
    start: int  # minutes after midnight
    end: int
    break_minutes: int = 0

    @property
    def work_minutes(self) -> int:
        return self.end - self.start - self.break_minutes

    @property
    def late(self) -> bool:
        return self.template in LATE_SHIFT_CODES


@dataclass(frozen=True)
class Booked:
    """A shift someone already has in the published plan."""

    person: str
    day: dt.date
    place: str
    start: int
    end: int
    break_minutes: int = 0

    @property
    def work_minutes(self) -> int:
        return self.end - self.start - self.break_minutes


@dataclass(frozen=True)
class Situation:
    """What is known around the open shift.

    booked: the published shifts of the days around it (at least the day before, the
    day itself, the day after and the rest of its ISO week); absent: person -> day ->
    the minute the absence starts (0 for the whole day); balance: person -> minutes
    worked above (+) or below (-) their contract over the recent weeks; late_recent:
    person -> late shifts in the recent weeks.
    """

    members: tuple[Member, ...]
    booked: tuple[Booked, ...] = ()
    absent: Mapping[str, Mapping[dt.date, int]] = field(default_factory=dict)
    balance: Mapping[str, int] = field(default_factory=dict)
    late_recent: Mapping[str, int] = field(default_factory=dict)
    exclude: frozenset[str] = frozenset()  # e.g. the person who dropped out


@dataclass(frozen=True)
class Proposal:
    person: str
    name: str
    broken: tuple[str, ...]  # codes of RULES a take-over would break; empty: eligible
    week_minutes: int  # planned in the open shift's ISO week before taking it
    week_limit: int  # the contract's weekly minutes as the centre plans them
    overtime: int  # minutes beyond week_limit if the shift is taken
    balance: int  # hour balance in minutes (negative: below contract)
    late_recent: int
    same_place: bool  # already works at the open shift's place that week

    @property
    def eligible(self) -> bool:
        return not self.broken


def required_break(work_minutes: int) -> int:
    """The break German working-time law asks for a stretch of work of this length."""
    for threshold, needed in BREAK_RULES:
        if work_minutes > threshold:
            return needed
    return 0


def open_part(day: dt.date, start: int, end: int, template_break: int, absent_from: int) -> tuple[int, int, int] | None:
    """(start, end, break) of what an absence from `absent_from` leaves open of a shift;
    None when the shift ended before. The break is the template's when the open part is
    long enough to need one."""
    begin = max(start, absent_from)
    if begin >= end:
        return None
    length = end - begin
    pause = template_break if begin == start else min(template_break, required_break(length))
    if length - pause <= 0:
        pause = 0
    return begin, end, pause


def check(member: Member, shift: OpenShift, situation: Situation, own: list[Booked] | None = None) -> tuple[str, ...]:
    """The hard rules taking `shift` would break for `member` (codes of RULES)."""
    if own is None:
        own = [b for b in situation.booked if b.person == member.id]
    broken = []
    absent_from = situation.absent.get(member.id, {}).get(shift.day)
    if absent_from is not None and absent_from < shift.end:
        broken.append("absent")
    if any(b.day == shift.day for b in own):
        broken.append("busy")
    if shift.task not in ROLE_SKILLS.get(member.role, frozenset()):
        broken.append("role")
    if shift.place not in member.places:
        broken.append("place")
    before = [b for b in own if b.day == shift.day - dt.timedelta(days=1)]
    after = [b for b in own if b.day == shift.day + dt.timedelta(days=1)]
    if any(shift.start + 24 * 60 - b.end < REST_MINUTES for b in before) or any(
        b.start + 24 * 60 - shift.end < REST_MINUTES for b in after
    ):
        broken.append("rest")
    if shift.work_minutes > MAX_WORK_MINUTES_PER_DAY:
        broken.append("daily_limit")
    if shift.break_minutes < required_break(shift.work_minutes):
        broken.append("break")
    if _week_minutes(own, shift.day) + shift.work_minutes > MAX_WORK_MINUTES_PER_WEEK:
        broken.append("weekly_law")
    return tuple(broken)


def _same_week(a: dt.date, b: dt.date) -> bool:
    return a.isocalendar()[:2] == b.isocalendar()[:2]


def _week_minutes(own: list[Booked], day: dt.date) -> int:
    return sum(b.work_minutes for b in own if _same_week(b.day, day))


def rank(shift: OpenShift, situation: Situation, *, include_ineligible: bool = True) -> list[Proposal]:
    """Every colleague (but the excluded) as a proposal: the eligible first, ranked by
    fairness (see the module's docstring); then the others, fewest broken rules first."""
    by_person: dict[str, list[Booked]] = {}
    for b in situation.booked:
        by_person.setdefault(b.person, []).append(b)
    out = []
    for member in situation.members:
        if member.id in situation.exclude:
            continue
        own = by_person.get(member.id, [])
        broken = check(member, shift, situation, own)
        if broken and not include_ineligible:
            continue
        week = _week_minutes(own, shift.day)
        out.append(Proposal(
            person=member.id, name=member.name, broken=broken, week_minutes=week,
            week_limit=weekly_limit(member), overtime=max(0, week + shift.work_minutes - weekly_limit(member)),
            balance=int(situation.balance.get(member.id, 0)),
            late_recent=int(situation.late_recent.get(member.id, 0)),
            same_place=any(b.place == shift.place and _same_week(b.day, shift.day) for b in own),
        ))
    out.sort(key=lambda p: _key(p, shift))
    return out


def _key(p: Proposal, shift: OpenShift) -> tuple:
    if p.broken:
        return (1, len(p.broken), p.name, p.person)
    late = p.late_recent if shift.late else 0
    return (0, p.overtime > 0, p.balance, late, not p.same_place, p.name, p.person)
