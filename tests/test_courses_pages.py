"""The course pages' callbacks and routes as the browser calls them: the catalogue form saves
or names what is wrong, the import page words every bad cell, an adviser records outcomes."""

from __future__ import annotations

from sqlalchemy import delete, select

from data_access.db import session_scope
from data_access.models import AuditEvent, Course, CourseOutcome
from tests.web import call, login

FORM = {"provider": "Testanbieter", "provider_course_id": "T-1", "title": "Testkurs", "schedule": "Mo 9-12",
        "place": "Testweg 1", "district": "Eving", "contact": "0231 1", "kind": "children", "level": "A1",
        "time_of_day": "afternoon", "intensity": "part_time", "funding": "free", "starts_on": "2027-02-01",
        "ends_on": "2027-03-01", "free_places": 6, "cost_eur": None, "childcare": ["yes"]}


def _form(**changes) -> dict:
    values = {f"catalogue-{k}.value": v for k, v in {**FORM, **changes}.items()}
    return {**values, "catalogue-save.n_clicks": 1, "catalogue-editing.data": None}


def test_the_catalogue_form_saves_a_course_or_names_each_wrong_field(client, web_app, filled_sqlite_url):
    login(client, "koordination")
    try:
        body = call(client, web_app, "catalogue-save.n_clicks", _form(level="", free_places=-3, ends_on="2027-01-01"),
                    "catalogue-message").get_data(as_text=True)
        assert "Nicht gespeichert" in body and "Niveau: unbekannter Wert." in body
        assert "Freie Plätze: darf nicht negativ sein." in body and "Ende: liegt vor dem Beginn." in body
        body = call(client, web_app, "catalogue-save.n_clicks", _form(), "catalogue-message").get_data(as_text=True)
        assert "Gespeichert: Testkurs." in body
        with session_scope(filled_sqlite_url) as session:
            saved = session.scalar(select(Course).where(Course.provider == "Testanbieter"))
            assert (saved.kind, saved.free_places, saved.childcare) == ("children", 6, True)
        # The same provider and course id again, as a new course: refused, not doubled.
        body = call(client, web_app, "catalogue-save.n_clicks", _form(), "catalogue-message").get_data(as_text=True)
        assert "schon ein anderer Kurs" in body
    finally:
        with session_scope(filled_sqlite_url) as session:
            session.execute(delete(Course).where(Course.provider == "Testanbieter"))
            session.execute(delete(AuditEvent).where(AuditEvent.action == "course_add", AuditEvent.actor == "koordination"))


def test_the_import_page_words_every_bad_cell_and_writes_nothing(client, filled_sqlite_url):
    login(client, "koordination")
    data = ("anbieter;kurs_id;titel;kursart;niveau;beginn;zeit;bezirk;freie_plaetze;finanzierung\n"
            "Testanbieter;T-9;Kurs;integration_general;B7;2027-02-01;morning;Eving;4;bamf\n").encode()
    import io

    response = client.post("/courses/import", data={"action": "import", "file": (io.BytesIO(data), "kurse.csv")},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nichts wurde gespeichert" in page and "Zeile 2, Spalte „niveau“, Wert „B7“: unbekannter Wert." in page
    with session_scope(filled_sqlite_url) as session:
        assert session.scalar(select(Course).where(Course.provider == "Testanbieter")) is None


def test_reception_records_nothing_suitable_with_the_filters_as_the_need(client, web_app, filled_sqlite_url):
    login(client, "empfang")
    values = {"courses-kind.value": "children", "courses-level.value": "A1", "courses-weeks.value": "8",
              "courses-time.value": "afternoon", "courses-district.value": "Mengede", "courses-options.value": [],
              "courses-max-cost.value": None, "courses-audience.value": "child", "courses-visit.value": "",
              "courses-unmet.n_clicks": 1}
    body = call(client, web_app, "courses-unmet.n_clicks", values, "courses-message").get_data(as_text=True)
    assert "nichts Passendes für ein Kind" in body
    with session_scope(filled_sqlite_url) as session:
        outcome = session.scalar(select(CourseOutcome).order_by(CourseOutcome.id.desc()).limit(1))
        assert (outcome.result, outcome.audience, outcome.needed_kind, outcome.needed_district, outcome.visit_id) == (
            "unmet", "child", "children", "Mengede", None)
        session.delete(outcome)
    values["courses-audience.value"] = None
    body = call(client, web_app, "courses-unmet.n_clicks", values, "courses-message").get_data(as_text=True)
    assert "für wen gesucht wurde" in body
