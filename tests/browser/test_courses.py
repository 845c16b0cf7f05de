"""The language-course pages in the browser: axe-clean for every role that opens them, and
an adviser goes from the finder to a recorded referral with the keyboard alone."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.keys import Keys
from sqlalchemy import select

from data_access.db import session_scope
from data_access.models import Course, CourseOutcome
from tests.browser.axe import blocking, run_axe, settle
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import start_and_sign_in, visit
from tests.browser.test_checkin_keyboard import active, press, tab_to

pytestmark = pytest.mark.browser


def test_finder_to_recorded_referral_with_keys_only(dash_duo, app_on_demo_data, filled_sqlite_url):
    driver = dash_duo.driver
    sign_in(dash_duo, app_on_demo_data, "empfang")
    driver.get(dash_duo.server.url + "/courses")
    dash_duo.wait_for_element("#courses-list", timeout=30)
    with session_scope(filled_sqlite_url) as session:
        before = session.scalar(select(CourseOutcome.id).order_by(CourseOutcome.id.desc()).limit(1))

    # 1. A filter from the keyboard: Tab to "Kinderbetreuung", Space ticks it; the list follows.
    tab_to(driver, lambda e: e["type"] == "checkbox" and e["value"] == "childcare")
    press(driver, Keys.SPACE)
    dash_duo.wait_for_contains_text("#courses-list", "Kinderbetreuung", timeout=10)
    settle(dash_duo)
    # 2. For whom: Tab into the radio group, arrows choose "einen Elternteil".
    tab_to(driver, lambda e: e["type"] == "radio" and e["value"] == "adult")
    press(driver, Keys.ARROW_RIGHT)
    assert active(driver)["value"] == "parent"
    # 3. The best-fitting course: Enter on its "Hierhin vermitteln".
    first = driver.find_element("css selector", "#courses-list li:first-child h3").text
    chosen = tab_to(driver, lambda e: "courses-refer" in e["id"])
    assert first in chosen["label"]
    press(driver, Keys.ENTER)
    dash_duo.wait_for_contains_text("#courses-message", "Vermittlung in", timeout=10)
    assert first in dash_duo.find_element("#courses-message").text

    with session_scope(filled_sqlite_url) as session:
        outcome = session.scalar(select(CourseOutcome).order_by(CourseOutcome.id.desc()).limit(1))
        assert outcome.id != before
        assert (outcome.result, outcome.audience) == ("referred", "parent")
        assert session.get(Course, outcome.course_id).title == first
    assert dash_duo.get_logs() == []


def _plain(dash_duo, path: str, label: str) -> list:
    dash_duo.driver.get(dash_duo.server.url + path)
    dash_duo.wait_for_element("h1", timeout=20)
    return run_axe(dash_duo.driver, label)


def test_course_pages_pass_axe(dash_duo, app_on_demo_data):
    findings = start_and_sign_in(dash_duo, app_on_demo_data, "koordination")
    for path in ("/courses", "/courses/catalogue", "/courses/needs"):
        findings += visit(dash_duo, path, f"{path} (koordination)")
    findings += _plain(dash_duo, "/courses/import", "/courses/import (koordination)")
    for lang in ("uk", "ar", "fa"):
        findings += _plain(dash_duo, f"/courses/handout/300?lang={lang}", f"/courses/handout ({lang})")
    dash_duo.driver.add_cookie({"name": "lang", "value": "en", "path": "/"})
    for path in ("/courses", "/courses/needs"):
        findings += visit(dash_duo, path, f"{path} (koordination, en)")
    left = blocking(findings)
    assert not left, "serious or critical accessibility findings:\n" + "\n".join(map(str, left))


def test_coordination_picks_a_course_in_the_grid_with_keys_only(dash_duo, app_on_demo_data):
    driver = dash_duo.driver
    sign_in(dash_duo, app_on_demo_data, "koordination")
    driver.get(dash_duo.server.url + "/courses/catalogue")
    dash_duo.wait_for_element("#catalogue-grid .ag-row", timeout=30)
    # Tab into the grid (its header), down to the first course, Space selects it: the form fills.
    tab_to(driver, lambda e: "ag-header-cell" in (driver.execute_script(
        "return document.activeElement.className") or ""))
    press(driver, Keys.ARROW_DOWN)
    press(driver, Keys.SPACE)
    dash_duo.wait_for_contains_text("#catalogue-form-title", "Kurs ändern", timeout=10)
    assert dash_duo.find_element("#catalogue-provider").get_attribute("value")
    assert dash_duo.get_logs() == []
