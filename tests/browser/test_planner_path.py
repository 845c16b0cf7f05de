"""The coordination team's whole path in the browser: solve, lock, re-solve, publish, export."""

from __future__ import annotations

import io

import pytest
import requests
from icalendar import Calendar
from openpyxl import load_workbook
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import Select, WebDriverWait

from data_access.db import session_scope
from data_access.repositories.schedules import ScheduleRepository
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser
WEEK = "2026-W51"


@pytest.fixture
def clean_week(app_on_demo_data, filled_sqlite_url):
    yield app_on_demo_data
    with session_scope(filled_sqlite_url) as session:
        for schedule in ScheduleRepository(session).versions(2026, 51):
            session.delete(schedule)


def _click(dash_duo, selector):
    element = dash_duo.find_element(selector)
    # A long roster page: scroll the button into view and click it where it is.
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element)


def _wait_for_roster_text(dash_duo, text: str, timeout: float) -> None:
    """Wait until the roster grid holds `text` (its cells' text: Chrome draws a grid's rows
    scrolled out of view lazily, so their text is not "visible" to Selenium)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    def holds(driver):
        grids = driver.find_elements("css selector", "#roster-by-person")
        return bool(grids) and text in (grids[0].get_attribute("textContent") or "")

    # The grid is redrawn when the roster changes: an element found a moment ago may be gone.
    WebDriverWait(dash_duo.driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
        holds, f"the roster grid never said {text!r}")


def _solve(dash_duo):
    _click(dash_duo, "#solve-button")
    # The button is disabled while the job runs; wait for the run to start and to end.
    dash_duo.wait_for_element("#solve-button[disabled]", timeout=20)
    dash_duo.wait_for_element("#solve-button:not([disabled])", timeout=90)
    dash_duo.wait_for_contains_text("#solve-status", "Plan berechnet", timeout=30)


def test_plan_lock_resolve_publish_and_export(dash_duo, clean_week):
    sign_in(dash_duo, clean_week, "koordination")
    dash_duo.driver.get(dash_duo.server.url + "/planner")
    dash_duo.wait_for_element("#planner-week", timeout=20)
    Select(dash_duo.find_element("#planner-week")).select_by_value(WEEK)
    Select(dash_duo.find_element("#solve-seconds")).select_by_value("5")
    dash_duo.wait_for_contains_text("#roster-view", "noch keinen Plan", timeout=30)

    _solve(dash_duo)
    dash_duo.wait_for_contains_text("#roster-version", "Version 1 (Entwurf)", timeout=30)
    assert "Alle festen Regeln sind eingehalten" in dash_duo.find_element("#planner-findings").text
    assert dash_duo.find_element("#roster-by-person").is_displayed()  # the roster is in the workspace
    # Score, coverage and people are one click away, drawn when their tab is shown.
    _click(dash_duo, "#planner-tabs input[value='details']")
    dash_duo.wait_for_element("#score-table", timeout=30)
    assert dash_duo.find_element("#score-table").text
    _click(dash_duo, "#planner-tabs input[value='roster']")

    # Lock the first assignment in the list.
    dash_duo.wait_for_element("#edit-assignment option[value]", timeout=20)
    choose = Select(dash_duo.find_element("#edit-assignment"))
    first = next(o for o in choose.options if o.get_attribute("value"))
    locked_label = first.text
    choose.select_by_value(first.get_attribute("value"))
    _click(dash_duo, "#edit-lock")
    dash_duo.wait_for_contains_text("#edit-message", "Geändert", timeout=20)
    _wait_for_roster_text(dash_duo, "gesperrt", timeout=20)

    _solve(dash_duo)
    _wait_for_roster_text(dash_duo, "gesperrt", timeout=30)
    person = locked_label.split(": ", 1)[1].split(":")[0]
    # The roster by person is a grid: one row per person, the name in its "person" cell.
    # Read in one script: the grid may redraw its rows between two Selenium calls.
    row_text = """
        const rows = document.querySelectorAll('#roster-by-person .ag-center-cols-container .ag-row');
        for (const row of rows) {
            const cell = row.querySelector('[col-id=person]');
            if (cell && cell.textContent.trim() === arguments[0]) return row.textContent;
        }
        return null;"""

    text = WebDriverWait(dash_duo.driver, 20).until(lambda driver: driver.execute_script(row_text, person))
    assert "gesperrt" in text  # the lock held through the re-solve

    _click(dash_duo, "#publish-button")
    dash_duo.wait_for_contains_text("#publish-modal-body", "Version 1 für KW 51/2026 wird veröffentlicht", timeout=20)
    assert "erste veröffentlichte Version" in dash_duo.find_element("#publish-modal-body").text
    _click(dash_duo, "#publish-confirm")
    dash_duo.wait_for_contains_text("#publish-message", "Version 1 ist veröffentlicht", timeout=20)
    dash_duo.wait_for_contains_text("#roster-version", "veröffentlicht", timeout=20)

    session = requests.Session()
    for cookie in dash_duo.driver.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"])
    base = dash_duo.server.url + f"/planner/export/{WEEK}"
    xlsx = session.get(base + ".xlsx", timeout=30)
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Nach Person", "Nach Standort"]
    rows = list(book["Nach Person"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Datum", "Wochentag", "Standort")
    assert any(r[5] == person for r in rows[1:])
    ics = session.get(base + ".ics", timeout=30)
    events = [c for c in Calendar.from_ical(ics.content).walk() if c.name == "VEVENT"]
    assert len(events) == len(rows) - 1
    assert all(str(e["dtstart"].dt.tzinfo) == "Europe/Berlin" for e in events)


def _severe(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser")
            if e.get("level") == "SEVERE" and "favicon" not in e.get("message", "")]


def test_leadership_sees_the_roster_without_console_errors(dash_duo, clean_week):
    """Leadership's Planner has no edit, publish or compare controls: no callback of the page
    may name them (a Dash error in the console and an empty roster, as once happened)."""
    from dashboard.services import week_planning as planning

    planning.plan_week(2026, 51, by="test", time_limit_s=5)
    sign_in(dash_duo, clean_week, "leitung")
    dash_duo.driver.get(dash_duo.server.url + "/planner")
    dash_duo.wait_for_element("#planner-week", timeout=20)
    Select(dash_duo.find_element("#planner-week")).select_by_value(WEEK)
    dash_duo.wait_for_contains_text("#roster-version", "Version 1 (Entwurf)", timeout=30)
    _wait_for_roster_text(dash_duo, "Servicezentrum", timeout=20)
    assert not dash_duo.driver.find_elements("css selector", "#edit-apply, #publish-button, #compare-a")
    # The other tabs are drawn when shown, not with the workspace.
    assert not dash_duo.driver.find_elements("css selector", "#score-table, #heat-arrivals")
    for tab, drawn in (("details", "#score-table"), ("demand", "#heat-arrivals"),
                       ("absences", "#planner-absence-table"), ("roster", "#roster-by-person")):
        _click(dash_duo, f"#planner-tabs input[value='{tab}']")
        dash_duo.wait_for_element(drawn, timeout=30)
    assert _severe(dash_duo.driver) == []
    assert not dash_duo.driver.find_elements("css selector", ".dash-fe-error__title")  # no error in the page
    # At phone width the workspace and the details scroll inside their boxes, not the page sideways.
    dash_duo.driver.set_window_size(390, 844)
    for tab in ("roster", "details"):
        _click(dash_duo, f"#planner-tabs input[value='{tab}']")
        dash_duo.wait_for_element("#score-table" if tab == "details" else "#roster-by-person", timeout=30)
        # Charts follow a new window size on their own resize event: give them a moment.
        widths = []

        def fits(driver) -> bool:
            widths[:] = driver.execute_script(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            return widths[0] <= widths[1]

        try:
            WebDriverWait(dash_duo.driver, 15).until(fits)
        except TimeoutException:
            raise AssertionError((tab, widths)) from None
