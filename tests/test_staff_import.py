"""Importing a staff list: new members added, known ones (by display name) updated, the dry
run saying who and what; refusals naming row, column and value; all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.db import get_engine
from data_access.imports import import_staff
from data_access.models import StaffMember
from tests.test_visit_import import csv_bytes, where, xlsx_bytes

HEADER = "name;rolle;organisation;sprachen;wochenstunden;standorte;aktiv_ab;aktiv_bis"
OLENA = "Olena;social_worker;city;uk, ru, de;30;centre, infopoint;2022-02-25;"  # 39 hours before
KATRIN = "Katrin;coordination;Stadt Dortmund – MigraDo;de/en;39;infopoint centre;25.02.2022;"  # as stored
NEW = "Lina Haddad;reception;city;Arabisch, de;19,5;infopoint;2026-12-01;2027-06-30"
GOOD = [OLENA, KATRIN, NEW]


def staff_list(lines: list[str], header: str = HEADER, **kwargs) -> bytes:
    return csv_bytes(lines, header=header, **kwargs)


@pytest.fixture
def session(filled_url):
    """A session on the demo database whose changes are rolled back at the end."""
    with Session(get_engine(filled_url)) as session:
        yield session
        session.rollback()


def run(session, data: bytes, name: str = "team.csv", dry_run: bool = True):
    return import_staff(session, data, name, dry_run=dry_run)


def members(session) -> int:
    return session.scalar(select(func.count()).select_from(StaffMember))


def member(session, name: str) -> StaffMember:
    return session.scalars(select(StaffMember).where(StaffMember.display_name == name)).one()


def test_dry_run_lists_who_is_added_and_what_changes_for_whom_and_writes_nothing(session):
    from dashboard.web.import_messages import summary

    before = members(session)
    dry = run(session, staff_list(GOOD))
    assert dry.ok and not dry.written and members(session) == before
    assert dry.added == ["Lina Haddad"] and dry.unchanged == 1
    assert [(c.name, c.fields) for c in dry.changed] == [("Olena", (("wochenstunden", "39", "30"),))]
    assert summary(dry, "de") == [
        "3 Zeilen geprüft: 1 neue Mitarbeitende, 1 mit Änderungen, 1 unverändert.",
        "Lina Haddad: würde neu angelegt.",
        "Olena: wochenstunden 39 → 30",
    ]
    assert member(session, "Olena").weekly_contract_minutes == 39 * 60


def test_the_import_writes_every_field_once_and_a_second_import_changes_nothing(session):
    before = members(session)
    done = run(session, staff_list(GOOD), dry_run=False)
    assert done.written and members(session) == before + 1
    lina = member(session, "Lina Haddad")
    assert (lina.role, lina.organisation.code, lina.weekly_contract_minutes) == ("reception", "city", 19 * 60 + 30)
    assert (lina.active_from, lina.active_to) == (dt.date(2026, 12, 1), dt.date(2027, 6, 30))
    assert sorted(row.language for row in lina.languages) == ["ar", "de"]
    assert len(lina.home_locations) == 1
    assert member(session, "Olena").weekly_contract_minutes == 30 * 60
    again = run(session, staff_list(GOOD), dry_run=False)
    assert (again.added, again.changed, again.unchanged, again.written) == ([], [], 3, False)
    assert members(session) == before + 1


def test_languages_places_and_end_date_change_and_optional_columns_left_out_change_nothing(session):
    changed = run(session, staff_list(["Olena;social_worker;city;uk de;39;centre;2022-02-25;2026-12-31"]),
                  dry_run=False)
    assert [c.fields for c in changed.changed] == [(("aktiv_bis", "", "2026-12-31"), ("sprachen", "de, ru, uk", "de, uk"),
                                                    ("standorte", "centre, infopoint", "centre"))]
    olena = member(session, "Olena")
    assert sorted(r.language for r in olena.languages) == ["de", "uk"] and olena.active_to == dt.date(2026, 12, 31)
    # Without the optional columns, languages, places and the end date stay as they are.
    short = run(session, staff_list(["Olena;social_worker;city;35;2022-02-25"],
                                    header="name;rolle;organisation;wochenstunden;aktiv_ab"), dry_run=False)
    assert [c.fields for c in short.changed] == [(("wochenstunden", "39", "35"),)]
    assert sorted(r.language for r in member(session, "Olena").languages) == ["de", "uk"]


def test_roles_organisations_and_places_are_taken_as_the_interface_names_them(session):
    # German and English names as the pages show them, in any case, as well as codes.
    lines = ["Lina Haddad;Empfang;city;de;19,5;Infopoint;2026-12-01;",
             "Omar Aziz;social work;Stadt Dortmund – MigraDo;de;20;centre;2026-12-01;",
             "Mira Stein;BÜRGERDIENSTE (ANMELDUNG EU);city;de;20;centre;2026-12-01;"]
    done = run(session, staff_list(lines), dry_run=False)
    assert done.ok and done.written
    assert [member(session, n).role for n in ("Lina Haddad", "Omar Aziz", "Mira Stein")] == [
        "reception", "social_worker", "citizen_services"]


def test_an_empty_optional_cell_keeps_the_stored_value_and_a_clear_marker_empties_it(session):
    run(session, staff_list(["Olena;social_worker;city;uk de;39;centre;2022-02-25;2026-12-31"]), dry_run=False)
    # Empty cells: languages, places and the end date stay as stored.
    kept = run(session, staff_list(["Olena;social_worker;city;;35;;2022-02-25;"]), dry_run=False)
    assert [c.fields for c in kept.changed] == [(("wochenstunden", "39", "35"),)]
    olena = member(session, "Olena")
    assert sorted(r.language for r in olena.languages) == ["de", "uk"]
    assert olena.active_to == dt.date(2026, 12, 31) and [r.location_id for r in olena.home_locations]
    # "leeren" / "clear" empty them on purpose.
    cleared = run(session, staff_list(["Olena;social_worker;city;de;35;leeren;2022-02-25;Clear"]), dry_run=False)
    assert [c.fields for c in cleared.changed] == [(("aktiv_bis", "2026-12-31", ""), ("sprachen", "de, uk", "de"),
                                                    ("standorte", "centre", ""))]
    olena = member(session, "Olena")
    assert olena.active_to is None and not olena.home_locations


@pytest.mark.parametrize(("line", "expected"), [
    ("Lina;cook;city;de;20;centre;2026-12-01;", ("unknown", "rolle", "cook")),
    ("Lina;reception;caritas;de;20;centre;2026-12-01;", ("unknown", "organisation", "caritas")),
    ("Lina;reception;city;de;20;centre, mars;2026-12-01;", ("unknown", "standorte", "mars")),
    ("Lina;reception;city;de, klingonisch;20;centre;2026-12-01;", ("unknown", "sprachen", "klingonisch")),
    ("Lina;reception;city;de;-5;centre;2026-12-01;", ("negative", "wochenstunden", "-5")),
    ("Lina;reception;city;de;61;centre;2026-12-01;", ("too_many_hours", "wochenstunden", "61")),
    ("Lina;reception;city;de;viel;centre;2026-12-01;", ("not_number", "wochenstunden", "viel")),
    ("Lina;reception;city;de;20;centre;2026-13-01;", ("bad_day", "aktiv_ab", "2026-13-01")),
    ("Lina;reception;city;de;20;centre;;", ("bad_day", "aktiv_ab", "")),
    ("Lina;reception;city;de;20;centre;2026-12-01;bald", ("bad_day", "aktiv_bis", "bald")),
    ("Lina;reception;city;de;20;centre;2026-12-01;2026-11-30", ("end_before_start", "aktiv_bis", "2026-11-30")),
    ("OLENA;social_worker;city;de;39;centre;2022-02-25;", ("duplicate", "name", "OLENA")),  # Olena is row 2
    ("=cmd|' /C calc'!A0;reception;city;de;20;centre;2026-12-01;", ("formula", "name", "=cmd|' /C calc'!A0")),
    ("Lina;reception;city;de;20;centre;2026-12-01;@SUM(1)", ("formula", "aktiv_bis", "@SUM(1)")),
    (";reception;city;de;20;centre;2026-12-01;", ("required", "name", "")),
])
def test_one_bad_row_refuses_the_whole_file_naming_row_column_and_value(session, line, expected):
    before = members(session)
    report = run(session, staff_list([OLENA, NEW, line]), dry_run=False)
    assert where(report) == [(expected[0], 4, *expected[1:])]
    assert not report.written and members(session) == before
    assert member(session, "Olena").weekly_contract_minutes == 39 * 60  # the good rows neither


def test_a_name_two_stored_members_share_is_refused_as_ambiguous(session):
    session.add(StaffMember(display_name="Olena", role="reception", organisation_id=member(session, "Katrin")
                            .organisation_id, weekly_contract_minutes=600, active_from=dt.date(2024, 1, 1)))
    session.flush()
    report = run(session, staff_list([NEW, OLENA]), dry_run=False)
    assert where(report) == [("ambiguous", 3, "name", "Olena")] and not report.written
    assert (report.added, report.changed) == ([], [])


@pytest.mark.parametrize(("data", "expected"), [
    (staff_list(["Jürgen;reception;city;de;20;centre;2026-12-01;"], encoding="latin-1"), ("encoding", 2, None)),
    (staff_list([OLENA.replace(";", "|")], header=HEADER.replace(";", "|")), ("delimiter", 1, None)),
    (staff_list(["Lina;reception;city;20"], header="name;rolle;organisation;wochenstunden"),
     ("missing_column", 1, "aktiv_ab")),
    (b"x" * 50_000_000, ("too_large", None, None)),
])
def test_files_that_cannot_be_read_are_refused_with_where(session, data, expected):
    report = run(session, data, dry_run=False)
    assert [(p.code, p.row, p.column) for p in report.problems][:1] == [expected]


def test_xlsx_is_read_like_csv(session):
    rows = [HEADER.split(";"), ["Lina Haddad", "reception", "city", "ar de", 19.5, "infopoint", dt.datetime(2026, 12, 1), None]]
    report = run(session, xlsx_bytes(rows), "team.xlsx")
    assert report.ok and report.added == ["Lina Haddad"]
