"""The roster engine's findings in the interface's language (texts in dashboard/texts/rules.py).

The engine returns facts (planner/roster/findings.py: rule id, people, places, days, time
spans, values); this module words them. Names come from the problem: people's names, and
the display names of places, roles and shift types the centre's configuration gave it
(``Problem.labels``); a code without a display name is shown as it is.
"""

from __future__ import annotations

from datetime import timedelta

from babel import Locale

from dashboard.texts.i18n import CATALOGUE, LANGUAGES, current_language, fmt_date, t
from planner.languages import language
from planner.roster import groups as g
from planner.roster.findings import Finding
from planner.roster.groups import RELAXED_PREFIX


def rule_name(rule: str, lang: str | None = None) -> str:
    """The name of a rule of the score table; "relaxed: <rule>" for a relaxed hard rule."""
    if rule.startswith(RELAXED_PREFIX):
        return t("rule.relaxed", lang, rule=rule_name(rule[len(RELAXED_PREFIX):], lang))
    key = f"rule.{rule}"
    return t(key, lang) if key in CATALOGUE else rule


def broken_rule(rule: str, lang: str | None = None) -> str:
    """What a plan does wrong when it breaks a hard rule."""
    key = f"rule.broken.{rule}"
    if key in CATALOGUE:
        return t(key, lang)
    return t("rule.broken.other", lang, rule=rule_name(rule, lang))


def relaxed_week_rule(code: str, lang: str | None = None) -> str:
    """What a relaxed week gives up (planner.centre.RELAXED_RULES)."""
    return t(f"rule.relaxed week.{code}", lang)


def _lang(lang: str | None) -> str:
    return lang or current_language()


def _label(problem, code: str, lang: str) -> str:
    return problem.label(code)[LANGUAGES.index(lang)]


def _language(code: str, lang: str) -> str:
    return language(code)[LANGUAGES.index(lang)]


def day_name(problem, day: int, lang: str | None = None) -> str:
    """"Montag, 30.11.2026" (or "Montag (Tag 1)" for a problem without dates)."""
    lang = _lang(lang)
    weekday = Locale.parse("de_DE" if lang == "de" else "en_GB").days["format"]["wide"][problem.weekday(day)]
    if problem.start_date is None:
        return t("rule.day.index", lang, weekday=weekday, n=day + 1)
    return t("rule.day.date", lang, weekday=weekday, date=fmt_date(problem.start_date + timedelta(days=day), lang))


def hours(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} h" if m == 0 else f"{h} h {m:02d}"


def _span(span: tuple[int, int]) -> str:
    a, b = span
    return f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}"


def _join(names: list[str], lang: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {t('rule.and', lang)} " + names[-1]


def demand_text(problem, finding: Finding, lang: str | None = None) -> str:
    """What the rule of a finding asks for, e.g. "Ana darf höchstens 5 Tage am Stück arbeiten".

    Works for the demand of a rule group (planner.roster.findings.demand) and for a broken
    rule the checker found (the same values)."""
    lang = _lang(lang)
    if finding.rule == g.COVER_MINIMUM:
        return _cover(problem, finding, lang)
    who = problem.person(finding.person).label
    value = finding.value
    if finding.rule == g.PIN:
        day = day_name(problem, finding.day, lang)
        if value("shift") is None:
            return t("rule.demand.pin.off", lang, who=who, day=day)
        return t("rule.demand.pin.shift", lang, who=who, day=day, shift=_label(problem, value("shift"), lang))
    if finding.rule == g.MAX_SHIFTS:
        return t("rule.demand.max shifts of a type", lang, who=who, n=value("limit"),
                 shift=_label(problem, value("shift"), lang))
    if finding.rule == g.TOTAL_MINUTES:
        if value("max") is None:
            return t("rule.demand.total minutes.min", lang, who=who, lo=hours(value("min")))
        return t("rule.demand.total minutes.range", lang, who=who, lo=hours(value("min")), hi=hours(value("max")))
    if finding.rule == g.WEEKLY_MINUTES:
        hi = hours(value("max")) if value("max") is not None else "-"
        return t("rule.demand.weekly minutes", lang, who=who, week=value("week") + 1,
                 lo=hours(value("min") or 0), hi=hi)
    if finding.rule == g.SUCCESSION:
        return t("rule.demand.rest between shifts", lang, who=who, rest=hours(value("limit") or 0))
    key = f"rule.demand.{finding.rule}"
    if key in CATALOGUE:
        return t(key, lang, who=who, n=value("limit"))
    return t("rule.demand.other", lang, rule=finding.rule, who=who)


def _cover(problem, finding: Finding, lang: str) -> str:
    value = finding.value
    n = value("minimum")
    number = "one" if n == 1 else "many"
    who = t(f"rule.cover.person.{number}", lang)
    if value("language"):
        who = t(f"rule.cover.speaking.{number}", lang, who=who, language=_language(value("language"), lang))
    if value("skill"):
        who = t("rule.cover.role", lang, who=who, role=_label(problem, value("skill"), lang))
    where = t("rule.cover.place", lang, place=_label(problem, finding.places[0], lang)) if finding.places else ""
    if value("shift") is not None:
        when = t("rule.cover.shift", lang, shift=_label(problem, value("shift"), lang))
    else:
        when = t("rule.cover.spans", lang, spans=_join([_span(s) for s in finding.spans], lang))
    return t(f"rule.cover.{number}", lang, day=day_name(problem, finding.day, lang), when=when, n=n, who=who,
             where=where)


def conflict_text(problem, conflict, lang: str | None = None) -> str:
    """Why a week has no plan: its colliding rules in one or two sentences."""
    lang = _lang(lang)
    if not conflict.groups:
        return t("rule.conflict.facts", lang)
    parts = []
    for finding in conflict.findings:
        text = demand_text(problem, finding, lang)
        if finding.rule == g.COVER_MINIMUM:
            text = t("rule.conflict.but", lang, rule=text, why=_why_not(problem, finding, lang))
        parts.append(text)
    if len(parts) == 1:
        # An English sentence may start with a lower-case cover part ("at least ...").
        first = parts[0] if lang == "de" else parts[0][:1].upper() + parts[0][1:]
        return t("rule.conflict.one", lang, rule=first)
    return t("rule.conflict.many", lang, rules="; ".join(parts))


def _why_not(problem, finding: Finding, lang: str) -> str:
    """Who could fill a cover at all, and why they cannot on its day."""
    candidates = [problem.person(pid).label for pid in finding.people]
    minimum = finding.value("minimum")
    can = _can(problem, finding, max(1, len(candidates)), lang)
    if not candidates:
        return t("rule.conflict.nobody", lang, can=can)
    only = len(candidates) <= max(3, minimum)
    who = t("rule.conflict.only" if only else "rule.conflict.names", lang, names=_join(candidates, lang), can=can)
    day = day_name(problem, finding.day, lang)
    absent = [problem.person(pid).label for pid in finding.value("absent", ())]
    if absent:
        number = "one" if len(absent) == 1 else "many"
        return t(f"rule.conflict.absent.{number}", lang, who=who, absent=_join(absent, lang), day=day)
    return t("rule.conflict.other rules", lang, who=who, day=day)


def _can(problem, finding: Finding, n: int, lang: str) -> str:
    number = "one" if n == 1 else "many"
    if finding.value("language"):
        return t(f"rule.conflict.speaks.{number}", lang, language=_language(finding.value("language"), lang))
    if finding.value("skill"):
        return t(f"rule.conflict.has role.{number}", lang, role=_label(problem, finding.value("skill"), lang))
    where = t("rule.cover.place", lang, place=_label(problem, finding.places[0], lang)) if finding.places else ""
    return t(f"rule.conflict.can work.{number}", lang, where=where)
