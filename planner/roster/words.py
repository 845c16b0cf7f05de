"""Plain-language names for days, languages, durations and rule groups (German and English)."""

from __future__ import annotations

from datetime import timedelta

from . import groups as g
from .groups import RuleGroup
from .model import Problem

WEEKDAYS_DE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Codes of the languages most asked for at the centre; others are shown as given.
LANGUAGES = {
    "de": ("Deutsch", "German"), "en": ("Englisch", "English"),
    "uk": ("Ukrainisch", "Ukrainian"), "ru": ("Russisch", "Russian"),
    "ar": ("Arabisch", "Arabic"), "tr": ("Türkisch", "Turkish"),
    "fa": ("Persisch", "Persian"), "ro": ("Rumänisch", "Romanian"),
    "bg": ("Bulgarisch", "Bulgarian"), "pl": ("Polnisch", "Polish"),
    "fr": ("Französisch", "French"), "ku": ("Kurdisch", "Kurdish"),
    "so": ("Somali", "Somali"), "ti": ("Tigrinya", "Tigrinya"),
}


def day_de(problem: Problem, day: int) -> str:
    name = WEEKDAYS_DE[problem.weekday(day)]
    if problem.start_date is None:
        return f"{name} (Tag {day + 1})"
    return f"{name}, {(problem.start_date + timedelta(days=day)):%d.%m.%Y}"


def day_en(problem: Problem, day: int) -> str:
    name = WEEKDAYS_EN[problem.weekday(day)]
    if problem.start_date is None:
        return f"{name} (day {day + 1})"
    return f"{name}, {(problem.start_date + timedelta(days=day)):%d/%m/%Y}"  # as the English UI writes dates


def language(code: str) -> tuple[str, str]:
    return LANGUAGES.get(code, (code, code))


def hours(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} h" if m == 0 else f"{h} h {m:02d}"


def place_words(problem: Problem, place: str | None) -> tuple[str, str]:
    """" am Standort X" / " at X" with the place's display name; empty without a place."""
    if not place:
        return "", ""
    de, en = problem.label(place)
    return f" am Standort {de}", f" at {en}"


def join(names: list[str], word: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {word} " + names[-1]


def describe_group(problem: Problem, group: RuleGroup) -> tuple[str, str]:
    """What a rule group demands, in German and English."""
    if group.rule == g.COVER_MINIMUM:
        return _cover_sentence(problem, problem.covers[group.cover])
    person = problem.person(group.person)
    who, con = person.label, person.contract
    if group.rule == g.PIN:
        pin = next(p for p in problem.pins if p.person == group.person and p.day == group.day)
        if pin.shift is None:
            return (f"{who} ist am {day_de(problem, pin.day)} fest frei eingeplant",
                    f"{who} is locked off on {day_en(problem, pin.day)}")
        shift_de, shift_en = problem.label(pin.shift)
        return (f"{who} ist am {day_de(problem, pin.day)} fest für {shift_de} eingeplant",
                f"{who} is locked to {shift_en} on {day_en(problem, pin.day)}")
    if group.rule == g.MAX_SHIFTS:
        n = con.max_shifts[group.shift]
        shift_de, shift_en = problem.label(group.shift)
        return (f"{who} darf höchstens {n}-mal {shift_de} arbeiten",
                f"{who} may work {shift_en} at most {n} times")
    if group.rule == g.TOTAL_MINUTES:
        lo = hours(con.min_minutes)
        if con.max_minutes is None:
            return (f"{who} muss im Zeitraum mindestens {lo} arbeiten",
                    f"{who} must work at least {lo} in the period")
        hi = hours(con.max_minutes)
        return (f"{who} muss im Zeitraum {lo} bis {hi} arbeiten",
                f"{who} must work between {lo} and {hi} in the period")
    if group.rule == g.WEEKLY_MINUTES:
        lo = hours(con.min_minutes_per_week or 0)
        hi = hours(con.max_minutes_per_week) if con.max_minutes_per_week is not None else "-"
        return (f"{who} muss in Woche {group.week + 1} zwischen {lo} und {hi} arbeiten",
                f"{who} must work between {lo} and {hi} in week {group.week + 1}")
    if group.rule == g.MAX_CONSECUTIVE:
        n = con.max_consecutive_days
        return (f"{who} darf höchstens {n} Tage am Stück arbeiten",
                f"{who} may work at most {n} days in a row")
    if group.rule == g.MIN_CONSECUTIVE:
        n = con.min_consecutive_days
        return (f"{who} arbeitet mindestens {n} Tage am Stück",
                f"{who} works at least {n} days in a row")
    if group.rule == g.MIN_DAYS_OFF:
        n = con.min_consecutive_days_off
        return (f"{who} hat mindestens {n} freie Tage am Stück",
                f"{who} has at least {n} days off in a row")
    if group.rule == g.MAX_WEEKENDS:
        n = con.max_weekends
        return (f"{who} arbeitet an höchstens {n} Wochenenden",
                f"{who} works on at most {n} weekends")
    if group.rule == g.SUCCESSION:
        return (f"{who} braucht {hours(problem.rest_minutes or 0)} Ruhe zwischen zwei Schichten "
                f"(und keine verbotene Schichtfolge)",
                f"{who} needs {hours(problem.rest_minutes or 0)} of rest between shifts "
                f"(and no forbidden shift sequence)")
    return (f"Regel {group.rule} für {who}", f"rule {group.rule} for {who}")


def describe_groups(problem: Problem, groups) -> list[tuple[str, str]]:
    """What several rule groups demand, in German and English, in the order given.

    Minimum covers of one day, place, role and language whose time slots are broken
    together become one line with their time spans: a plan without reception on a day
    reads as one line, not one per half hour.
    """
    order: list = []  # a sentence, or the key of a day's merged covers (filled in at the end)
    slots: dict[tuple, list] = {}  # key -> [the first cover, its slots ...]
    for group in groups:
        cover = problem.covers[group.cover] if group.rule == g.COVER_MINIMUM else None
        if cover is None or cover.slot is None:
            order.append(describe_group(problem, group))
            continue
        key = ("cover", cover.day, cover.place, cover.skill, cover.language, cover.minimum)
        if key not in slots:
            slots[key] = [cover]
            order.append(key)
        slots[key].append(cover.slot)
    return [_cover_sentence(problem, slots[item][0], _merged(slots[item][1:])) if item in slots else item
            for item in order]


def _cover_sentence(problem: Problem, c, spans: list[tuple[int, int]] | None = None) -> tuple[str, str]:
    need = _cover_need(problem, c, spans)
    verb = "wird" if c.minimum == 1 else "werden"
    return (f"Am {day_de(problem, c.day)} {verb} {need[0]} gebraucht",
            f"On {day_en(problem, c.day)}, {need[1]} needed")


def _merged(slots: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(slots):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _span(slot: tuple[int, int]) -> str:
    a, b = slot
    return f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}"


def _cover_need(problem: Problem, c, spans: list[tuple[int, int]] | None = None) -> tuple[str, str]:
    one = c.minimum == 1
    de_who, en_who = ("Person", "person") if one else ("Personen", "people")
    if c.language:
        lang_de, lang_en = language(c.language)
        de_who += f", die {lang_de} {'spricht' if one else 'sprechen'},"
        en_who += f" speaking {lang_en}"
    if c.skill:
        skill_de, skill_en = problem.label(c.skill)
        de_who += f" mit der Rolle {skill_de}"
        en_who += f" with the role {skill_en}"
    where_de, where_en = place_words(problem, c.place)
    if c.shift is not None:
        label_de, label_en = problem.label(c.shift)
        when_de, when_en = f"für die Schicht {label_de} ", f" for the shift {label_en}"
    else:
        times = [_span(s) for s in (spans or [c.slot])]
        when_de, when_en = f"von {join(times, 'und')} ", f" from {join(times, 'and')}"
    are = "is" if one else "are"
    return (f"{when_de}mindestens {c.minimum} {de_who}{where_de}",
            f"at least {c.minimum} {en_who}{where_en}{when_en} {are}")
