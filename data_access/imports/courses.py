"""Importing a course list (a provider's list or a course-database export) from CSV or XLSX:
all or nothing; a course the catalogue already holds (same provider and provider's course id)
is updated, never added twice.

Columns (header names, any order, German): anbieter, kurs_id, titel, kursart, niveau, beginn,
zeit, bezirk, freie_plaetze, finanzierung; optional ende, umfang, zeiten, ort,
kinderbetreuung, kosten, kontakt. Kinds, times of day, scope and funding as codes
(integration_general, morning, part_time, bamf) or their German names ("Jugendintegrationskurs",
"vormittags", "Teilzeit", "mit Berechtigung"). An optional column the file leaves out changes
nothing on a course already stored; courses the file does not name stay as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from data_access.imports.cells import Duplicates, capped, formula_problems, parse_date, parse_number, read_checked
from data_access.imports.problems import ImportProblem, ImportRefused, ImportReport
from data_access.models import COURSE_KINDS, COURSE_LEVELS, FUNDINGS, INTENSITIES, TIMES_OF_DAY
from data_access.repositories.courses import course_key

REQUIRED = ("anbieter", "kurs_id", "titel", "kursart", "niveau", "beginn", "zeit", "bezirk", "freie_plaetze",
            "finanzierung")
OPTIONAL = ("ende", "umfang", "zeiten", "ort", "kinderbetreuung", "kosten", "kontakt")
HEADER_ALIASES = {"freie_plätze": "freie_plaetze", "freie plätze": "freie_plaetze", "kurs-id": "kurs_id",
                  "kursnummer": "kurs_id", "stadtbezirk": "bezirk"}
# Column -> (model field, longest text the database keeps).
TEXT_COLUMNS = {"anbieter": ("provider", 120), "kurs_id": ("provider_course_id", 64), "titel": ("title", 200),
                "zeiten": ("schedule", 200), "ort": ("place", 200), "bezirk": ("district", 60),
                "kontakt": ("contact", 200)}
MAX_PLACES = 1000  # a course with more free places is a typing error
MAX_COST = 100_000

# The German words course lists use, beside the codes.
KIND_NAMES = {
    "integration_general": ("allgemeiner integrationskurs", "integrationskurs"),
    "integration_youth": ("jugendintegrationskurs",),
    "integration_parents": ("elternintegrationskurs",),
    "integration_women": ("frauenintegrationskurs",),
    "integration_literacy": ("alphabetisierungskurs", "integrationskurs mit alphabetisierung"),
    "integration_second_script": ("zweitschriftlernerkurs",),
    "integration_intensive": ("intensivkurs", "intensivintegrationskurs"),
    "integration_special": ("förderkurs", "integrationskurs mit besonderem förderbedarf"),
    "job_language": ("berufssprachkurs", "berufsbezogener sprachkurs"),
    "adult_education": ("volkshochschulkurs", "vhs-kurs", "deutschkurs"),
    "children": ("kinderkurs", "sprachkurs für kinder"),
    "youth": ("jugendkurs", "sprachkurs für jugendliche"),
}
TIME_NAMES = {"morning": ("vormittags", "vormittag"), "afternoon": ("nachmittags", "nachmittag"),
              "evening": ("abends", "abend"), "weekend": ("wochenende", "am wochenende")}
INTENSITY_NAMES = {"full_time": ("vollzeit",), "part_time": ("teilzeit",)}
FUNDING_NAMES = {"free": ("kostenlos", "kostenfrei"), "bamf": ("mit berechtigung", "berechtigungsschein"),
                 "own_contribution": ("eigenanteil", "kostenbeitrag"), "fee": ("gebühr", "kursgebühr")}
YES = {"ja", "yes", "j", "x", "1", "true", "wahr"}
NO = {"nein", "no", "n", "0", "false", "falsch", ""}


def _words(codes: tuple[str, ...], names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out = {code.casefold(): code for code in codes}
    out.update({name: code for code, words in names.items() for name in words})
    return out


KINDS = _words(COURSE_KINDS, KIND_NAMES)
TIMES = _words(TIMES_OF_DAY, TIME_NAMES)
SCOPES = _words(INTENSITIES, INTENSITY_NAMES)
FUNDING = _words(FUNDINGS, FUNDING_NAMES)
LEVELS = {level.casefold(): level for level in COURSE_LEVELS}


@dataclass
class CourseImport(ImportReport):
    added: int = 0
    changed: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # (provider, id, columns)
    unchanged: int = 0


def import_courses(courses, data: bytes, filename: str, *, now: dt.datetime, dry_run: bool = True) -> CourseImport:
    """Check a course list and, unless dry_run or anything is wrong, add and update its courses.

    `courses` is the CourseRepository of the caller's transaction (keyed, insert_many,
    update_many); the caller commits. `now` (UTC) stamps the written courses.
    """
    report = CourseImport()
    try:
        table = read_checked(data, filename, ())
        table.columns[:] = [HEADER_ALIASES.get(c, c) for c in table.columns]
        missing = [c for c in REQUIRED if c not in table.columns]
        if missing:
            raise ImportRefused([ImportProblem("missing_column", row=1, column=c) for c in missing])
    except ImportRefused as refused:
        report.problems = refused.problems
        return report
    present = [c for c in OPTIONAL if c in table.columns]
    parsed: list[tuple[dict, set[str]]] = []
    duplicates = Duplicates()
    for number, raw in table.rows:
        cells = {HEADER_ALIASES.get(k, k): v for k, v in raw.items()}
        report.rows += 1
        values, problems = _parse_row(number, cells, present)
        if values is not None:
            problems += duplicates.check(course_key(values["provider"], values["provider_course_id"]), number,
                                         "kurs_id", cells["kurs_id"])
        report.problems.extend(problems)
        if capped(report.problems):
            return report
        if not problems:
            parsed.append((values, set(values)))
    if report.problems:
        return report
    known = courses.keyed()
    new, changes = [], []
    for values, columns in parsed:
        stored = known.get(course_key(values["provider"], values["provider_course_id"]))
        if stored is None:
            new.append({**_DEFAULTS, **values})
            continue
        before = stored.values()
        values["provider"] = stored.provider  # the key matched: another list's spelling renames nothing
        differing = tuple(sorted(name for name in columns if before[name] != values[name]))
        if differing:
            report.changed.append((stored.provider, stored.provider_course_id, tuple(_COLUMN_OF[n] for n in differing)))
            changes.append({"id": stored.id, **{n: values[n] for n in differing}})
        else:
            report.unchanged += 1
    report.added = len(new)
    if not dry_run and (new or changes):
        courses.insert_many(new, now)
        courses.update_many(changes, now)
        report.written = True
    return report


_DEFAULTS = {"ends_on": None, "intensity": "part_time", "schedule": "", "place": "", "childcare": False,
             "cost_eur": None, "contact": ""}
_COLUMN_OF = {
    **{fieldname: column for column, (fieldname, _) in TEXT_COLUMNS.items()},
    "kind": "kursart", "level": "niveau", "starts_on": "beginn", "ends_on": "ende", "time_of_day": "zeit",
    "intensity": "umfang", "childcare": "kinderbetreuung", "free_places": "freie_plaetze", "funding": "finanzierung",
    "cost_eur": "kosten",
}


def _parse_row(number: int, cells: dict[str, str], present: list[str]):
    columns = (*REQUIRED, *present)
    problems = formula_problems(number, cells, columns)
    if problems:
        return None, problems

    def problem(code: str, column: str) -> None:
        problems.append(ImportProblem(code, number, column, cells[column]))

    values: dict = {}
    for column, (name, longest) in TEXT_COLUMNS.items():
        if column not in columns:
            continue
        text = " ".join(cells[column].split())
        if not text and column in REQUIRED:
            problem("required", column)
        elif len(text) > longest:
            problem("course_too_long", column)
        values[name] = text
    for column, name, words in (("kursart", "kind", KINDS), ("niveau", "level", LEVELS), ("zeit", "time_of_day", TIMES),
                                ("finanzierung", "funding", FUNDING), ("umfang", "intensity", SCOPES)):
        if column not in columns:
            continue
        code = words.get(" ".join(cells[column].split()).casefold())
        if code is None:
            problem("unknown", column)
        values[name] = code
    start = parse_date(cells["beginn"])
    if start is None:
        problem("bad_day", "beginn")
    values["starts_on"] = start
    if "ende" in present:
        end = parse_date(cells["ende"]) if cells["ende"] else None
        if cells["ende"] and end is None:
            problem("bad_day", "ende")
        elif start and end and end < start:
            problem("course_end_before_start", "ende")
        values["ends_on"] = end
    places = cells["freie_plaetze"].strip()
    if not places.lstrip("-").isdigit():
        problem("not_integer", "freie_plaetze")
    elif int(places) < 0:
        problem("negative", "freie_plaetze")
    elif int(places) > MAX_PLACES:
        problem("course_too_many_places", "freie_plaetze")
    else:
        values["free_places"] = int(places)
    if "kinderbetreuung" in present:
        answer = cells["kinderbetreuung"].strip().casefold()
        if answer not in YES | NO:
            problem("course_yes_no", "kinderbetreuung")
        values["childcare"] = answer in YES
    if "kosten" in present:
        text = cells["kosten"].strip().removesuffix("€").strip()
        cost = parse_number(text) if text else None
        if text and cost is None:
            problem("not_number", "kosten")
        elif cost is not None and cost < 0:
            problem("negative", "kosten")
        elif cost is not None and cost > MAX_COST:
            problem("too_many", "kosten")
        values["cost_eur"] = cost
    if problems:
        return None, problems
    return values, []
