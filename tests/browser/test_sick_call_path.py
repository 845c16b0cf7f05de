"""A sick call for the next working day handled in the browser in at most five actions of the
coordination team, the colleague accepting on their own page; both pages pass axe.

Actions counted (the Must of issue 20): open "Ausfall und Ersatz" from the navigation,
choose the person, give the day, record, ask (the first proposals are preselected).
"""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from data_access.db import session_scope
from data_access.demo.reference import DEMO_PASSWORD
from data_access.models import OpenShift, StaffMember
from data_access.repositories.schedules import ScheduleRepository
from planner import clock
from planner.centre import PlannedShift
from tests.browser.axe import blocking, run_axe, settle
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import click, set_value

pytestmark = pytest.mark.browser


def next_workday(today: dt.date) -> dt.date:
    day = today + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def test_sick_call_for_the_next_workday_in_five_actions_and_the_colleague_accepts(
        dash_duo, app_on_demo_data, filled_sqlite_url):
    day = next_workday(clock.today())
    with session_scope(filled_sqlite_url) as session:
        staff = {m.display_name: m.id for m in session.query(StaffMember)}
        repo = ScheduleRepository(session)
        year, week, _ = day.isocalendar()
        draft = repo.save_draft(year, week, [
            PlannedShift(day, str(staff["Iryna"]), "infopoint", "VORM", "reception", 525, 750, 0),
            PlannedShift(day, str(staff["Olena"]), "centre", "FRUEH", "counselling", 465, 825, 0),
        ], by="test")
        repo.publish(draft.id, by="test")
        # Sabine is furthest below her hours (imported starting balance): she is proposed first.
        session.get(StaffMember, staff["Sabine"]).balance_minutes = -100 * 60
        version_before = repo.latest_published(year, week).version

    driver = dash_duo.driver
    sign_in(dash_duo, app_on_demo_data, "koordination")
    actions = 0
    # 1: the navigation's "Ausfall und Ersatz".
    click(driver, dash_duo.wait_for_element("a.nav-link[href='/ausfall']", timeout=20))
    actions += 1
    # 2: the person.
    Select(dash_duo.wait_for_element("#rep-person", timeout=20)).select_by_value(str(staff["Iryna"]))
    actions += 1
    # 3: the day.
    set_value(driver, dash_duo.find_element("#rep-day"), day.isoformat())
    actions += 1
    # 4: record.
    click(driver, dash_duo.find_element("#rep-record"))
    actions += 1
    dash_duo.wait_for_contains_text("#rep-record-msg", "1 veröffentlichte Dienste sind jetzt offen", timeout=20)
    dash_duo.wait_for_contains_text("#rep-open", "Sabine", timeout=20)
    assert "niemand sonst" in dash_duo.find_element("#rep-open").text  # what breaks is said
    settle(dash_duo)
    findings = run_axe(driver, "/ausfall (koordination, open shift)")
    # 5: ask the preselected first proposals.
    ask = driver.find_element(By.CSS_SELECTOR, "button[id*='rep-ask']")
    click(driver, ask)
    actions += 1
    dash_duo.wait_for_contains_text("#rep-open", "angefragt", timeout=20)
    assert actions <= 5

    # The colleague, on her own page (a phone-sized window), takes the shift.
    driver.delete_all_cookies()
    driver.set_window_size(390, 844)
    driver.get(dash_duo.server.url + "/login")
    dash_duo.wait_for_element("#login").send_keys("sabine")
    dash_duo.find_element("#password").send_keys(DEMO_PASSWORD)
    dash_duo.find_element("button[type=submit]").click()
    dash_duo.wait_for_contains_text("h1", "Meine Schichten", timeout=20)
    settle(dash_duo)
    findings += run_axe(driver, "/meine-schichten (sabine, offer open, phone)")
    take = driver.find_element(By.CSS_SELECTOR, "button[id*='offer-accept']")
    click(driver, take)
    dash_duo.wait_for_contains_text("div[id*='offer-msg']", "Der Dienst ist Ihrer", timeout=20)

    with session_scope(filled_sqlite_url) as session:
        repo = ScheduleRepository(session)
        latest = repo.latest_published(year, week)
        assert latest.version == version_before + 1
        infopoint = [(r.person, r.task) for r in repo.rows(latest.id) if r.day == day and r.place == "infopoint"]
        assert infopoint == [("Sabine", "reception")]
        assert session.query(OpenShift).one().status == "filled"
    left = blocking(findings)
    assert not left, "serious or critical accessibility findings:\n" + "\n".join(map(str, left))
