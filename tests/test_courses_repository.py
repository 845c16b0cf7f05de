"""The course repository and import on SQLite and PostgreSQL: filters, re-import, figures."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook
from sqlalchemy.exc import IntegrityError

from dashboard.services import courses as service
from dashboard.services.unit_of_work import UnitOfWork
from data_access.db import session_scope
from data_access.models import Course
from data_access.repositories.courses import CourseRepository, CourseSearch

TODAY = dt.date(2026, 11, 25)
HEAD = ["anbieter", "kurs_id", "titel", "kursart", "niveau", "beginn", "ende", "zeit", "bezirk", "freie_plaetze",
        "finanzierung", "kosten", "kinderbetreuung"]
ROWS = [
    ["Lernhaus", "A-1", "Integrationskurs", "integration_general", "B1", "2026-12-07", "2027-06-30", "morning", "Eving",
     "10", "bamf", "", "nein"],
    ["Lernhaus", "A-2", "Abendkurs", "adult_education", "B1", "2026-12-14", "", "evening", "Hörde", "0", "fee", "120",
     "nein"],
    ["Familienzentrum", "K-1", "Sprachspielgruppe", "children", "A1", "2027-01-11", "", "afternoon", "Eving", "8",
     "free", "", "ja"],
    ["Familienzentrum", "K-0", "Vergangener Kurs", "children", "A1", "2026-10-01", "", "afternoon", "Eving", "0",
     "free", "", "ja"],
]


def csv_bytes(rows) -> bytes:
    return ("\n".join(";".join(r) for r in [HEAD, *rows]) + "\n").encode()


def xlsx_bytes(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in [HEAD, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def catalogue_url(migrated_url):
    report = service.import_catalogue(csv_bytes(ROWS), "kurse.csv", by="test", dry_run=False,
                                      uow=UnitOfWork(migrated_url))
    assert report.written and report.added == 4
    return migrated_url


def search(url, **filters) -> set[str]:
    with session_scope(url) as session:
        return {r.provider_course_id for r in CourseRepository(session).search(CourseSearch(start_from=TODAY, **filters))}


def test_search_filters_in_sql(catalogue_url):
    assert search(catalogue_url) == {"A-1", "A-2", "K-1"}  # not the course that started before today
    assert search(catalogue_url, start_until=TODAY + dt.timedelta(weeks=3)) == {"A-1", "A-2"}
    assert search(catalogue_url, kinds=("children",)) == {"K-1"}
    assert search(catalogue_url, level="B1", time_of_day="evening") == {"A-2"}
    assert search(catalogue_url, district="Eving") == {"A-1", "K-1"}
    assert search(catalogue_url, childcare=True) == {"K-1"}
    assert search(catalogue_url, free_places_only=True) == {"A-1", "K-1"}
    assert search(catalogue_url, max_cost_eur=100) == {"A-1", "K-1"}  # free and BAMF-funded pass, the fee does not
    assert search(catalogue_url, max_cost_eur=120) == {"A-1", "A-2", "K-1"}


def test_the_finder_reads_free_places_first_then_by_start(catalogue_url):
    with session_scope(catalogue_url) as session:
        courses = CourseRepository(session)
        everything = CourseSearch(start_from=TODAY)
        assert [r.provider_course_id for r in courses.stream_by_start(everything, batch=1)] == ["A-1", "K-1", "A-2"]
        assert courses.count_matching(everything) == 3
        assert courses.count_matching(CourseSearch(start_from=TODAY, kinds=("children",))) == 1


def test_reimport_updates_instead_of_duplicating_also_from_xlsx(catalogue_url):
    changed = [list(r) for r in ROWS]
    changed[0][9] = "2"  # free places of A-1
    changed[1][0] = "  LERNHAUS "  # the provider's name as another list writes it
    changed.append(["Lernhaus", "A-3", "Neu", "job_language", "B2", "2027-02-01", "", "morning", "Brackel", "15",
                    "free", "", "nein"])
    report = service.import_catalogue(xlsx_bytes(changed), "kurse.xlsx", by="test", dry_run=False,
                                      uow=UnitOfWork(catalogue_url))
    assert report.ok and report.added == 1
    assert [(p, i, cols) for p, i, cols in report.changed] == [("Lernhaus", "A-1", ("freie_plaetze",))]
    with session_scope(catalogue_url) as session:
        courses = CourseRepository(session).keyed()
    assert len(courses) == 5
    assert courses[("lernhaus", "A-1")].free_places == 2


def test_a_file_with_one_bad_row_writes_nothing(catalogue_url):
    rows = [list(r) for r in ROWS] + [["Lernhaus", "A-9", "X", "integration_general", "B1", "2027-02-01", "2027-01-01",
                                       "morning", "Eving", "5", "bamf", "=1+1", "vielleicht"]]
    rows[0][9] = "2"
    report = service.import_catalogue(csv_bytes(rows), "kurse.csv", by="test", dry_run=False,
                                      uow=UnitOfWork(catalogue_url))
    assert not report.written
    assert {(p.row, p.column, p.code) for p in report.problems} == {(6, "kosten", "formula")}
    rows[-1][11] = ""
    report = service.import_catalogue(csv_bytes(rows), "kurse.csv", by="test", dry_run=False,
                                      uow=UnitOfWork(catalogue_url))
    assert {(p.row, p.column, p.value, p.code) for p in report.problems} == {
        (6, "ende", "2027-01-01", "course_end_before_start"), (6, "kinderbetreuung", "vielleicht", "course_yes_no")}
    with session_scope(catalogue_url) as session:
        assert CourseRepository(session).keyed()[("lernhaus", "A-1")].free_places == 10  # untouched


def test_missing_columns_and_duplicates_are_named(migrated_url):
    report = service.import_catalogue(b"anbieter;kurs_id\nX;1\n", "k.csv", by="t", uow=UnitOfWork(migrated_url))
    assert {p.column for p in report.problems} == set(HEAD) - {"anbieter", "kurs_id", "ende", "kosten",
                                                               "kinderbetreuung"}
    report = service.import_catalogue(csv_bytes([ROWS[0], ROWS[0]]), "k.csv", by="t", uow=UnitOfWork(migrated_url))
    assert [(p.code, p.row, p.first_row) for p in report.problems] == [("duplicate", 3, 2)]


def test_the_database_refuses_a_second_course_with_the_same_key(catalogue_url):
    with pytest.raises(IntegrityError):
        with session_scope(catalogue_url) as session:
            session.add(Course(provider="Lernhaus", provider_course_id="A-1", title="x", kind="children", level="A1",
                               starts_on=TODAY, time_of_day="morning", intensity="part_time", district="Eving",
                               funding="free", updated_at=dt.datetime(2026, 1, 1)))


def test_outcomes_feed_the_figures(catalogue_url):
    with session_scope(catalogue_url) as session:
        ids = {k[1]: r.id for k, r in CourseRepository(session).keyed().items()}
    for day, course in ((dt.date(2026, 10, 5), "A-1"), (dt.date(2026, 11, 2), "A-1"), (dt.date(2026, 11, 3), "K-1")):
        assert service.record_referral(ids[course], by="t", audience="adult", today=day,
                                       uow=UnitOfWork(catalogue_url)).outcome_id
    for day in (dt.date(2026, 9, 1), dt.date(2026, 11, 20), dt.date(2026, 11, 21)):
        need = service.Need(audience="child", kind="children", district="Eving")
        assert service.record_unmet(need, by="t", today=day, uow=UnitOfWork(catalogue_url)).outcome_id
    needs = service.unmet_needs(dt.date(2026, 9, 1), TODAY, "kind", uow=UnitOfWork(catalogue_url))
    assert needs.series == {"children": [1, 0, 2]}
    by_district = service.unmet_needs(dt.date(2026, 9, 1), TODAY, "district", uow=UnitOfWork(catalogue_url))
    assert by_district.series == {"Eving": [1, 0, 2]}
    referrals = service.referrals(dt.date(2026, 10, 1), TODAY, uow=UnitOfWork(catalogue_url))
    assert [(p.provider, p.courses, p.referrals) for p in referrals.per_provider] == [("Lernhaus", 1, 2),
                                                                                     ("Familienzentrum", 1, 1)]
    places = {k.kind: k for k in service.places_against_referrals(dt.date(2026, 9, 1), TODAY, today=TODAY,
                                                                   uow=UnitOfWork(catalogue_url))}
    assert (places["children"].free_places, places["children"].referrals, places["children"].unmet) == (8, 1, 3)
    assert places["integration_general"].upcoming_courses == 1 and places["integration_general"].referrals == 2
