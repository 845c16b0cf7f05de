"""Nobody takes an open shift: the coordination team asks for a re-plan of the rest of the week
on /ausfall, reads what the days lack and the changes, and publishes them; the page passes axe
with the proposal shown and fits a phone's width."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from dashboard.services import replacements
from data_access.db import dispose_engines, session_scope
from data_access.models import StaffMember
from data_access.repositories.schedules import ScheduleRepository
from planner import clock
from planner.centre import PlannedShift
from tests.browser.axe import blocking, run_axe, settle
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import click
from tests.browser.test_sick_call_path import next_workday
from tests.conftest import private_copy

pytestmark = pytest.mark.browser


def test_a_replan_is_proposed_and_published_when_the_colleague_asked_declines(
        dash_duo, app_on_demo_data, filled_sqlite_url, monkeypatch, tmp_path):
    # A private copy: the session's demo database stays as the other browser tests expect it.
    filled_sqlite_url = private_copy(filled_sqlite_url, tmp_path)
    monkeypatch.setenv("DATABASE_URL", filled_sqlite_url)
    dispose_engines()
    day = next_workday(clock.today())
    with session_scope(filled_sqlite_url) as session:
        staff = {m.display_name: m.id for m in session.query(StaffMember)}
        repo = ScheduleRepository(session)
        year, week, _ = day.isocalendar()
        repo.publish(repo.save_draft(year, week, [
            PlannedShift(day, str(staff["Iryna"]), "infopoint", "VORM", "reception", 525, 750, 0),
            PlannedShift(day, str(staff["Olena"]), "centre", "FRUEH", "counselling", 465, 825, 0),
        ], by="test").id, by="test")
        version_before = repo.latest_published(year, week).version
    [open_id] = replacements.record_sick_call(str(staff["Iryna"]), day.isoformat(), "", "", "sick",
                                              by="koordination").open_shifts
    [offer] = replacements.ask(open_id, [staff["Sabine"]], by="koordination")
    assert replacements.decline(offer, staff["Sabine"], by="sabine") is None

    driver = dash_duo.driver
    driver.set_window_size(390, 844)
    sign_in(dash_duo, app_on_demo_data, "koordination")
    driver.get(dash_duo.server.url + "/ausfall")
    button = dash_duo.wait_for_element("button[id*='rep-replan']", timeout=30)
    click(driver, button)
    dash_duo.wait_for_contains_text("div[id*='rep-replan-out']", "Änderungen", timeout=90)
    text = dash_duo.find_element("div[id*='rep-replan-out']").text
    assert "Ohne Neuplanung" in text and "Iryna" in text
    settle(dash_duo)
    findings = run_axe(driver, "/ausfall (koordination, re-plan proposed, phone)")
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390 + 1
    click(driver, driver.find_element(By.CSS_SELECTOR, "button[id*='rep-replan-publish']"))
    dash_duo.wait_for_contains_text("div[id*='rep-replan-msg']", "ist veröffentlicht", timeout=30)
    with session_scope(filled_sqlite_url) as session:
        latest = ScheduleRepository(session).latest_published(year, week)
        assert latest.version > version_before
        assert not [r for r in ScheduleRepository(session).rows(latest.id) if r.person == "Iryna" and r.day == day]
    left = blocking(findings)
    assert not left, "serious or critical accessibility findings:\n" + "\n".join(map(str, left))
