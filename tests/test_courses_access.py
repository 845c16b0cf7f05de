"""Who may do what with the language courses: pages, callbacks and routes check the role."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from data_access.db import session_scope
from data_access.models import CourseOutcome
from tests.web import call, login, page_content

FINDER = {"courses-kind.value": "", "courses-level.value": "", "courses-weeks.value": "", "courses-time.value": "",
          "courses-district.value": "", "courses-options.value": [], "courses-max-cost.value": None}
PAGES = {  # login -> the course pages it may open
    "admin": {"/courses", "/courses/catalogue", "/courses/needs"},
    "koordination": {"/courses", "/courses/catalogue", "/courses/needs"},
    "leitung": {"/courses", "/courses/needs"},
    "empfang": {"/courses"},
    "jobcenter": set(),
}


@pytest.mark.parametrize("who", sorted(PAGES))
def test_each_role_opens_only_its_course_pages(client, who):
    login(client, who)
    for path in ("/courses", "/courses/catalogue", "/courses/needs"):
        body = page_content(client, path).get_data(as_text=True)
        assert ("Kein Zugriff" not in body) == (path in PAGES[who]), (who, path)


@pytest.mark.parametrize(("who", "handout", "importing"), [
    ("empfang", 200, 403), ("leitung", 200, 403), ("koordination", 200, 200), ("jobcenter", 403, 403)])
def test_routes_check_the_role(client, who, handout, importing):
    login(client, who)
    assert client.get("/courses/handout/1?lang=uk").status_code == handout
    assert client.get("/courses/import").status_code == importing
    assert client.post("/courses/import", data={}).status_code in ((400,) if importing == 200 else (403,))


def test_leadership_searches_but_cannot_record_an_outcome(client, web_app, filled_sqlite_url):
    login(client, "leitung")
    assert call(client, web_app, "courses-kind.value", FINDER, "courses-results").status_code == 200
    with session_scope(filled_sqlite_url) as session:
        before = session.scalar(select(func.count()).select_from(CourseOutcome))
    response = call(client, web_app, "courses-unmet.n_clicks",
                    {**FINDER, "courses-unmet.n_clicks": 1,
                     "courses-audience.value": "child"}, "courses-message")
    assert response.status_code == 403
    with session_scope(filled_sqlite_url) as session:
        assert session.scalar(select(func.count()).select_from(CourseOutcome)) == before


def test_reception_cannot_change_the_catalogue(client, web_app):
    login(client, "empfang")
    response = call(client, web_app, "catalogue-save.n_clicks", {"catalogue-save.n_clicks": 1}, "catalogue-message")
    assert response.status_code == 403


def test_the_handout_holds_both_languages_right_to_left_where_needed_and_no_visitor_data(client):
    login(client, "empfang")
    html = client.get("/courses/handout/1?lang=ar").get_data(as_text=True)
    assert 'lang="de" dir="ltr"' in html and 'lang="ar" dir="rtl"' in html
    assert "Ihr Sprachkurs" in html and "دورة اللغة الخاصة بك" in html
    assert "<svg" in html  # the QR code, inline: no request leaves the page
    assert client.get("/courses/handout/999999").status_code == 404
