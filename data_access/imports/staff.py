"""Importing a staff list from CSV or XLSX: new members added, known ones (same display
name) updated, all or nothing.

Columns (header names, any order, German): name, rolle, organisation, wochenstunden,
aktiv_ab; optional sprachen, standorte, aktiv_bis, email (where notices of changes to the
person's shifts are mailed), stundensaldo (the hour account's starting balance in hours,
negative below the contract) and saldo_ab (the day it applies from; none: 1 January).
Roles, organisations and places as the interface names them (German or English) or by
code; languages as codes (de, uk) or names, several separated by commas, slashes or
spaces. An optional column the file leaves out, or an empty optional cell, changes nothing
that is stored (a list kept by hand often has gaps); the word "leeren" (or "clear")
empties the stored value ("aktiv_bis" emptied: still active; "stundensaldo" emptied: 0).
Members the file does not name stay as they are.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from data_access.imports.cells import Duplicates, capped, formula_problems, parse_date, parse_number, read_checked
from data_access.imports.problems import ImportProblem, ImportRefused, ImportReport
from data_access.models import STAFF_ROLES, StaffMember
from data_access.repositories.imported_staff import ImportedStaffRepository
from planner.languages import LANGUAGES
from planner.roles import role_code

REQUIRED = ("name", "rolle", "organisation", "wochenstunden", "aktiv_ab")
OPTIONAL = ("sprachen", "standorte", "aktiv_bis", "email", "stundensaldo", "saldo_ab")
MAX_BALANCE_HOURS = 1000
EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
MAX_EMAIL = 200
MAX_HOURS = 60  # a week's contract; more is a typing error (and beyond working-time law)
MAX_NAME = 80
SEPARATORS = re.compile(r"[,/|\s]+")
# What a cell says to empty a stored optional value (an empty cell keeps it).
CLEAR_MARKERS = frozenset({"leeren", "clear"})
LANGUAGE_NAMES = {name.casefold(): code for code, names in LANGUAGES.items() for name in (code, *names)}


@dataclass(frozen=True)
class StaffChange:
    name: str
    fields: tuple[tuple[str, str, str], ...]  # (column of the file, stored value, value of the file)


@dataclass
class StaffImport(ImportReport):
    added: list[str] = field(default_factory=list)  # display names
    changed: list[StaffChange] = field(default_factory=list)
    unchanged: int = 0


def import_staff(session: Session, data: bytes, filename: str, *, dry_run: bool = True) -> StaffImport:
    """Check a staff list and, unless dry_run or anything is wrong, add and update its members.

    Runs in the caller's transaction (data_access.db.session_scope): all or nothing.
    """
    report = StaffImport()
    try:
        table = read_checked(data, filename, REQUIRED)
    except ImportRefused as refused:
        report.problems = refused.problems
        return report
    repo = ImportedStaffRepository(session)
    refs = _References(repo.organisations(), repo.places())
    present = [c for c in OPTIONAL if c in table.columns]
    parsed: list[tuple[int, str, dict]] = []
    duplicates = Duplicates()
    for number, cells in table.rows:
        report.rows += 1
        values, problems = _parse_row(number, cells, refs, present)
        if values is not None:
            problems += duplicates.check(_name_key(values["display_name"]), number, "name", cells["name"])
        report.problems.extend(problems)
        if capped(report.problems):
            return report
        if values is not None and not problems:
            parsed.append((number, cells["name"], values))
    if report.problems:
        return report
    known = repo.by_name()
    plans: list[tuple[StaffMember | None, dict]] = []
    for number, text, values in parsed:
        matches = known.get(_name_key(values["display_name"]), [])
        if len(matches) > 1:
            report.problems.append(ImportProblem("ambiguous", number, "name", text))
            continue
        member = matches[0] if matches else None
        if member is None:
            report.added.append(values["display_name"])
            plans.append((None, values))
            continue
        differences = _differences(member, values, refs)
        if differences:
            report.changed.append(StaffChange(member.display_name, differences))
            plans.append((member, values))
        else:
            report.unchanged += 1
    if capped(report.problems) or report.problems:
        report.added, report.changed, report.unchanged = [], [], 0
        return report
    if not dry_run and plans:
        for member, values in plans:
            repo.save(member, values)
        report.written = True
    return report


@dataclass(frozen=True)
class _References:
    organisations: dict[str, tuple[int, str]]
    places: dict[str, tuple[int, str]]

    def organisation_code(self, id_: int) -> str:
        return next(code for i, code in self.organisations.values() if i == id_)

    def place_code(self, id_: int) -> str:
        return next(code for i, code in self.places.values() if i == id_)


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _parse_row(number: int, cells: dict[str, str], refs: _References, present: list[str]):
    problems = formula_problems(number, cells, (*REQUIRED, *present))
    if problems:
        return None, problems

    def problem(code: str, column: str, value: str | None = None) -> None:
        problems.append(ImportProblem(code, number, column, cells[column] if value is None else value))

    values: dict = {}
    name = " ".join(cells["name"].split())
    if not name:
        problem("required", "name")
    elif len(name) > MAX_NAME:
        problem("too_long", "name")
    values["display_name"] = name
    role = role_code(cells["rolle"])
    if role not in STAFF_ROLES:
        problem("unknown", "rolle")
    values["role"] = role
    organisation = refs.organisations.get(cells["organisation"].strip().casefold())
    if organisation is None:
        problem("unknown", "organisation")
    else:
        values["organisation_id"] = organisation[0]
    hours = parse_number(cells["wochenstunden"])
    if hours is None:
        problem("not_number", "wochenstunden")
    elif hours < 0:
        problem("negative", "wochenstunden")
    elif hours > MAX_HOURS:
        problem("too_many_hours", "wochenstunden")
    else:
        values["weekly_contract_minutes"] = round(hours * 60)
    start = parse_date(cells["aktiv_ab"])
    if start is None:
        problem("bad_day", "aktiv_ab")
    values["active_from"] = start
    given = {c: _given(cells[c]) for c in present}  # None: keep what is stored
    if given.get("aktiv_bis") is not None:
        end = parse_date(given["aktiv_bis"]) if given["aktiv_bis"] else None
        if given["aktiv_bis"] and end is None:
            problem("bad_day", "aktiv_bis")
        elif start and end and end < start:
            problem("end_before_start", "aktiv_bis")
        values["active_to"] = end
    if given.get("email") is not None:
        address = given["email"]
        if address and (len(address) > MAX_EMAIL or not EMAIL.match(address)):
            problem("bad_email", "email")
        values["email"] = address or None
    if given.get("stundensaldo") is not None:
        balance = parse_number(given["stundensaldo"]) if given["stundensaldo"] else 0
        if balance is None:
            problem("not_number", "stundensaldo")
        elif abs(balance) > MAX_BALANCE_HOURS:
            problem("balance_too_large", "stundensaldo")
        else:
            values["balance_minutes"] = round(balance * 60)
    if given.get("saldo_ab") is not None:
        since = parse_date(given["saldo_ab"]) if given["saldo_ab"] else None
        if given["saldo_ab"] and since is None:
            problem("bad_day", "saldo_ab")
        values["balance_from"] = since
    if given.get("sprachen") is not None:
        codes = set()
        for item in filter(None, SEPARATORS.split(given["sprachen"])):
            code = LANGUAGE_NAMES.get(item.casefold())
            if code is None:
                problem("unknown", "sprachen", item)
            codes.add(code)
        values["languages"] = codes
    if given.get("standorte") is not None:
        ids = set()
        for item in filter(None, SEPARATORS.split(given["standorte"])):
            place = refs.places.get(item.casefold())
            if place is None:
                problem("unknown", "standorte", item)
            else:
                ids.add(place[0])
        values["location_ids"] = ids
    if problems:
        return None, problems
    return values, []


def _given(cell: str) -> str | None:
    """An optional cell's value: None when empty (keep the stored one), "" for a clear marker."""
    text = cell.strip()
    if not text:
        return None
    return "" if text.casefold() in CLEAR_MARKERS else text


def _differences(member: StaffMember, values: dict, refs: _References) -> tuple[tuple[str, str, str], ...]:
    """(column, stored, file) for each field the file would change, as the file writes it."""

    def day(value: dt.date | None) -> str:
        return value.isoformat() if value else ""

    def hours(minutes: int) -> str:
        return f"{minutes / 60:g}"

    pairs = [
        ("name", member.display_name, values["display_name"]),
        ("rolle", member.role, values["role"]),
        ("organisation", refs.organisation_code(member.organisation_id), refs.organisation_code(values["organisation_id"])),
        ("wochenstunden", hours(member.weekly_contract_minutes), hours(values["weekly_contract_minutes"])),
        ("aktiv_ab", day(member.active_from), day(values["active_from"])),
    ]
    if "active_to" in values:
        pairs.append(("aktiv_bis", day(member.active_to), day(values["active_to"])))
    if "email" in values:
        pairs.append(("email", member.email or "", values["email"] or ""))
    if "balance_minutes" in values:
        pairs.append(("stundensaldo", hours(member.balance_minutes or 0), hours(values["balance_minutes"])))
    if "balance_from" in values:
        pairs.append(("saldo_ab", day(member.balance_from), day(values["balance_from"])))
    if "languages" in values:
        pairs.append(("sprachen", ", ".join(sorted(r.language for r in member.languages)),
                      ", ".join(sorted(values["languages"]))))
    if "location_ids" in values:
        pairs.append(("standorte", ", ".join(sorted(refs.place_code(r.location_id) for r in member.home_locations)),
                      ", ".join(sorted(refs.place_code(i) for i in values["location_ids"]))))
    return tuple((column, old, new) for column, old, new in pairs if old != new)
