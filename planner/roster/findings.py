"""What the engine says about a plan or a problem, as data: no sentences.

A ``Finding`` names a rule (an id of groups.py), the people, places, days and time spans it
concerns, and the numbers and codes a sentence would need (``values``: limits, counts, shift
ids, skills). The checker returns findings for broken rules, the explanation of an
infeasible week returns them for colliding rules, and ``demand`` states what a rule group
asks for. The interface words them (dashboard/texts/rule_words.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from . import groups as g
from .groups import RuleGroup
from .model import Problem


@dataclass(frozen=True)
class Finding:
    rule: str
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    days: tuple[int, ...] = ()
    # (start, end) in minutes after the midnight of the finding's first day
    spans: tuple[tuple[int, int], ...] = ()
    # Sorted (name, value) pairs, so that a finding is hashable; read them with ``value``.
    values: tuple[tuple[str, Any], ...] | Mapping[str, Any] = field(default=())
    # The group the finding belongs to, where the rule can be relaxed or assumed.
    group: RuleGroup | None = None

    def __post_init__(self) -> None:
        for name in ("people", "places", "days", "spans"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        values = self.values.items() if isinstance(self.values, Mapping) else self.values
        object.__setattr__(self, "values", tuple(sorted((k, _frozen(v)) for k, v in values)))

    def value(self, name: str, default: Any = None) -> Any:
        return dict(self.values).get(name, default)

    @property
    def person(self) -> str | None:
        return self.people[0] if self.people else None

    @property
    def day(self) -> int | None:
        return self.days[0] if self.days else None


def _frozen(value: Any) -> Any:
    if isinstance(value, (list, set, frozenset)):
        return tuple(sorted(value)) if isinstance(value, (set, frozenset)) else tuple(value)
    return value


def demand(problem: Problem, group: RuleGroup) -> Finding:
    """What a rule group asks for, in facts (the limit, the locked shift, the wanted heads)."""
    if group.rule == g.COVER_MINIMUM:
        return _cover_demand(problem, group)
    person = problem.person(group.person)
    c = person.contract
    who = (person.id,)
    if group.rule == g.PIN:
        pin = next(p for p in problem.pins if p.person == group.person and p.day == group.day)
        return Finding(g.PIN, who, days=(pin.day,), values={"shift": pin.shift}, group=group)
    if group.rule == g.MAX_SHIFTS:
        return Finding(g.MAX_SHIFTS, who, values={"shift": group.shift, "limit": c.max_shifts[group.shift]},
                       group=group)
    if group.rule == g.TOTAL_MINUTES:
        return Finding(g.TOTAL_MINUTES, who, values={"min": c.min_minutes, "max": c.max_minutes}, group=group)
    if group.rule == g.WEEKLY_MINUTES:
        days = tuple(problem.weeks().get(group.week, ()))
        return Finding(g.WEEKLY_MINUTES, who, days=days, group=group,
                       values={"week": group.week, "min": c.min_minutes_per_week,
                               "max": c.max_minutes_per_week})
    limits = {
        g.MAX_CONSECUTIVE: c.max_consecutive_days,
        g.MIN_CONSECUTIVE: c.min_consecutive_days,
        g.MIN_DAYS_OFF: c.min_consecutive_days_off,
        g.MAX_WEEKENDS: c.max_weekends,
        g.SUCCESSION: problem.rest_minutes or 0,
    }
    return Finding(group.rule, who, values={"limit": limits.get(group.rule)}, group=group)


def _cover_demand(problem: Problem, group: RuleGroup) -> Finding:
    cover = problem.covers[group.cover]
    return Finding(
        g.COVER_MINIMUM,
        places=(cover.place,) if cover.place else (),
        days=(cover.day,),
        spans=(cover.slot,) if cover.slot is not None else (),
        values={"minimum": cover.minimum, "shift": cover.shift, "skill": cover.skill,
                "language": cover.language},
        group=group,
    )


def demands(problem: Problem, groups: Iterable[RuleGroup]) -> list[Finding]:
    """What several rule groups ask for, in the order given, a day's covers merged."""
    return merge_covers(demand(problem, group) for group in groups)


def merge_covers(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in the order given, except that minimum covers of one day, place, role,
    language and head-count become one finding with all their time spans (joined where
    they touch): a plan without reception on a day is one fact, not one per half hour."""
    order: list = []  # a finding, or the key of a day's merged covers (filled in at the end)
    merged: dict[tuple, list[Finding]] = {}
    for found in findings:
        if found.rule != g.COVER_MINIMUM or not found.spans:
            order.append(found)
            continue
        key = (found.days, found.places, found.value("skill"), found.value("language"),
               found.value("minimum"))
        if key not in merged:
            merged[key] = []
            order.append(key)
        merged[key].append(found)
    out = []
    for item in order:
        if isinstance(item, Finding):
            out.append(item)
            continue
        first = merged[item][0]
        spans = merge_spans([span for f in merged[item] for span in f.spans])
        out.append(Finding(first.rule, first.people, first.places, first.days, spans, first.values,
                           first.group))
    return out


def merge_spans(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Time spans in order, those that touch or overlap joined."""
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return tuple((a, b) for a, b in out)
