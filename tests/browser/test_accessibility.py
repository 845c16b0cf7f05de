"""axe-core (WCAG 2.0/2.1, A and AA) on every page, for every role that may open it, in the
states that matter: the login page (also with its error), the Planner after a solve and on
each of its tabs and with its publish confirmation (a modal dialog) open, the Staff page with
a validation error shown, and the English interface.

One browser session per role; a page is checked once it has drawn (no callback in flight).
Findings the reviewed allow-list (tests/browser/axe_allowlist.py) does not excuse fail the test.
"""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from selenium.webdriver.support.ui import Select

from data_access.db import session_scope
from data_access.demo.reference import DEMO_PASSWORD
from data_access.repositories.schedules import ScheduleRepository
from tests.browser.axe import blocking, run_axe, settle
from tests.browser.conftest import start
from planner import clock
from tests.conftest import published_demo_week

pytestmark = pytest.mark.browser

PAGES = {
    "admin": ["/", "/trends", "/planner", "/staff", "/partner", "/checkin", "/admin"],
    "koordination": ["/", "/trends", "/staff", "/partner", "/checkin"],  # the Planner: solved, below
    "leitung": ["/", "/trends", "/planner"],
    "empfang": ["/", "/checkin"],
    "jobcenter": ["/partner"],
}


def solve_week(today: dt.date, avoid: tuple[str, ...] = ("2026-W51",), offset: int = 5) -> str:
    """A week of the Planner's select that other browser tests do not use."""
    for k in range(offset, offset + 4):
        year, week, _ = (today + dt.timedelta(weeks=k)).isocalendar()
        value = f"{year}-W{week:02d}"
        if value not in avoid:
            return value
    raise AssertionError("no free week")


def drop_week(url: str, week: str) -> None:
    year, number = (int(x) for x in week.split("-W"))
    with session_scope(url) as session:
        for schedule in ScheduleRepository(session).versions(year, number):
            session.delete(schedule)


def start_and_sign_in(dash_duo, app, login: str, check_login_page: bool = False) -> list:
    findings = []
    start(dash_duo, app)
    driver = dash_duo.driver
    driver.get(dash_duo.server.url + "/login")
    dash_duo.wait_for_element("#login")
    if check_login_page:
        if os.environ.get("MIGRADO_OIDC_ISSUER"):
            assert driver.find_elements("css selector", "a[href^='/login/sso']"), "no city-account button"
        findings += run_axe(driver, "/login")
        # The login page with its error shown.
        dash_duo.find_element("#login").send_keys(login)
        dash_duo.find_element("#password").send_keys("wrong")
        dash_duo.find_element("button[type=submit]").click()
        dash_duo.wait_for_element(".alert-danger")
        findings += run_axe(driver, "/login (error)")
        # The wrong password's answer, 401, is logged as a failed load: expected here.
        assert all("401" in e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE")
    dash_duo.find_element("#login").clear()
    dash_duo.find_element("#login").send_keys(login)
    dash_duo.find_element("#password").send_keys(DEMO_PASSWORD)
    dash_duo.find_element("button[type=submit]").click()
    dash_duo.wait_for_element("#react-entry-point", timeout=20)
    assert_no_csp_errors(driver, "/login")
    return findings


def visit(dash_duo, path: str, label: str | None = None) -> list:
    driver = dash_duo.driver
    driver.get(dash_duo.server.url + path)
    dash_duo.wait_for_element("main h1", timeout=30)
    settle(dash_duo, timeout=240)
    assert "Kein Zugriff" not in dash_duo.find_element("main").text, path
    assert_no_csp_errors(driver, label or path)
    return run_axe(driver, label or path)


def assert_no_csp_errors(driver, label: str) -> None:
    """No error in the browser's console: a script or style the Content-Security-Policy
    blocks, a callback that failed, a component that could not draw show only there."""
    entries = driver.get_log("browser")
    blocked = [e["message"] for e in entries
               if "Content Security Policy" in e["message"] or "Refused to" in e["message"]]
    assert not blocked, f"{label}: blocked by the Content-Security-Policy:\n" + "\n".join(blocked)
    errors = [e["message"] for e in entries if e.get("level") == "SEVERE"]
    assert not errors, f"{label}: errors in the browser's console:\n" + "\n".join(errors)


def check(findings: list) -> None:
    left = blocking(findings)
    assert not left, "serious or critical accessibility findings:\n" + "\n".join(map(str, left))


@pytest.mark.parametrize("login", ["admin", "leitung", "empfang", "jobcenter"])
def test_pages_pass_axe(dash_duo, app_on_demo_data, login, monkeypatch):
    if login == "jobcenter":  # the login page is checked here, with the city account's button shown
        monkeypatch.setenv("MIGRADO_OIDC_ISSUER", "https://login.stadt.example/realms/stadt")
        monkeypatch.setenv("MIGRADO_OIDC_CLIENT_ID", "migrado-ops")
    findings = start_and_sign_in(dash_duo, app_on_demo_data, login, check_login_page=login == "jobcenter")
    for path in PAGES[login]:
        findings += visit(dash_duo, path, f"{path} ({login})")
    if login == "admin":
        # The plain (non-Dash) pages: the visit import and the printable roster of a published week.
        year, week = published_demo_week()
        for path in ("/admin/import", f"/planner/export/{year}-W{week:02d}/print"):
            dash_duo.driver.get(dash_duo.server.url + path)
            dash_duo.wait_for_element("h1", timeout=20)
            assert_no_csp_errors(dash_duo.driver, f"{path} (admin)")
            findings += run_axe(dash_duo.driver, f"{path} (admin)")
    if login == "leitung":
        # The English interface: <html lang="en"> and the same checks.
        dash_duo.driver.add_cookie({"name": "lang", "value": "en", "path": "/"})
        for path in ("/", "/trends", "/planner"):
            findings += visit(dash_duo, path, f"{path} (leitung, en)")
            assert dash_duo.driver.find_element("css selector", "html").get_attribute("lang") == "en"
    check(findings)


def test_coordination_states_pass_axe(dash_duo, app_on_demo_data, filled_sqlite_url):
    driver = dash_duo.driver
    week = solve_week(clock.today())
    findings = start_and_sign_in(dash_duo, app_on_demo_data, "koordination")
    try:
        for path in PAGES["koordination"]:
            findings += visit(dash_duo, path, f"{path} (koordination)")

        # Staff: the absence form with its validation error ("bis" before "von").
        driver.get(dash_duo.server.url + "/staff")
        dash_duo.wait_for_element("#staff-absence-person option[value='1'], #staff-absence-person option:nth-child(2)",
                                  timeout=20)
        person = Select(dash_duo.find_element("#staff-absence-person"))
        person.select_by_index(1)
        settle(dash_duo)
        start = dash_duo.find_element("#staff-absence-from").get_attribute("value")
        later = (dt.date.fromisoformat(start) + dt.timedelta(days=10)).isoformat()
        set_value(driver, dash_duo.find_element("#staff-absence-from"), later)
        click(driver, dash_duo.find_element("#staff-absence-save"))
        dash_duo.wait_for_contains_text("#staff-absence-message", "liegt vor", timeout=10)
        findings += run_axe(driver, "/staff (koordination, validation error)")

        # Planner: after a solve, then each tab.
        driver.get(dash_duo.server.url + "/planner")
        dash_duo.wait_for_element("#planner-week", timeout=20)
        Select(dash_duo.find_element("#planner-week")).select_by_value(week)
        Select(dash_duo.find_element("#solve-seconds")).select_by_value("5")
        dash_duo.wait_for_contains_text("#roster-view", "noch keinen Plan", timeout=30)
        findings += run_axe(driver, "/planner (koordination, no plan)")
        click(driver, dash_duo.find_element("#solve-button"))
        dash_duo.wait_for_contains_text("#solve-status", "Plan berechnet", timeout=90)
        dash_duo.wait_for_contains_text("#roster-version", "Entwurf", timeout=240)
        settle(dash_duo, timeout=240)
        findings += run_axe(driver, "/planner (koordination, solved)")

        # The confirmation before publishing: a modal dialog with the focus inside it.
        click(driver, dash_duo.find_element("#publish-button"))
        dash_duo.wait_for_element(".modal.show #publish-modal-body", timeout=30)
        dash_duo.wait_for_contains_text("#publish-modal-body", "wird veröffentlicht", timeout=30)
        time.sleep(0.5)  # the dialog's fade-in: measure once it is over
        assert driver.execute_script(
            "return document.querySelector('.modal.show').contains(document.activeElement)")
        findings += run_axe(driver, "/planner (koordination, publish dialog open)")
        click(driver, dash_duo.find_element("#publish-cancel"))
        dash_duo.wait_for_no_elements(".modal.show #publish-modal-body", timeout=10)
        dash_duo.wait_for_no_elements(".modal-backdrop", timeout=10)
        for tab in ("demand", "details", "absences", "versions", "rotation"):
            click(driver, driver.find_element("css selector", f"#planner-tabs input[value='{tab}']"))
            settle(dash_duo, timeout=240)
            time.sleep(0.5)  # Bootstrap's .15 s colour transition: measure contrast once it is over
            findings += run_axe(driver, f"/planner (koordination, tab {tab})")
    finally:
        drop_week(filled_sqlite_url, week)
    check(findings)


def click(driver, element) -> None:
    """Scroll the element into view and click it there (a long page may cover it otherwise)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element)


def set_value(driver, element, value: str) -> None:
    """Set an input's value as typing would (React sees the input event)."""
    driver.execute_script(
        "var e = arguments[0];"
        "Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(e, arguments[1]);"
        "e.dispatchEvent(new Event('input', {bubbles: true}));"
        "e.dispatchEvent(new Event('change', {bubbles: true}));",
        element, value,
    )
