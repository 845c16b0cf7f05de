"""A coordinator builds a two-week rotation in the browser, follows its progress, rolls it out."""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import Select, WebDriverWait

from data_access.db import session_scope
from data_access.repositories.schedules import ScheduleRepository
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def _click(dash_duo, selector):
    element = dash_duo.find_element(selector)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element)


def test_build_a_rotation_and_roll_it_out_as_drafts(dash_duo, app_on_demo_data, filled_sqlite_url):
    sign_in(dash_duo, app_on_demo_data, "koordination")
    dash_duo.driver.get(dash_duo.server.url + "/planner")
    dash_duo.wait_for_element("#planner-week", timeout=20)
    week = Select(dash_duo.find_element("#planner-week"))
    last = week.options[-1].get_attribute("value")  # far enough ahead to have no plan yet
    week.select_by_value(last)
    year, number = int(last[:4]), int(last[6:])
    _click(dash_duo, "#planner-tabs input[value='rotation']")
    Select(dash_duo.find_element("#rotation-weeks")).select_by_value("2")
    Select(dash_duo.find_element("#rotation-seconds")).select_by_value("5")

    # While it runs, the progress bar moves and its text says how far the search is. A small
    # rotation is solved in a few seconds, and the bar goes back to 0 when it is done: the page
    # itself records the furthest the bar got, so a fast solve is not missed between two looks.
    dash_duo.driver.execute_script("""
        window.rotationSeen = {value: 0, text: ""};
        new MutationObserver(function () {
            var bar = document.getElementById("rotation-progress");
            var text = document.getElementById("rotation-progress-text");
            if (bar) { window.rotationSeen.value = Math.max(window.rotationSeen.value, Number(bar.value) || 0); }
            if (text && text.textContent) { window.rotationSeen.text = text.textContent; }
        }).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
    """)
    _click(dash_duo, "#rotation-build")
    dash_duo.wait_for_element("#rotation-build[disabled]", timeout=20)
    dash_duo.wait_for_element("#rotation-build:not([disabled])", timeout=90)
    seen = dash_duo.driver.execute_script("return window.rotationSeen;")
    assert seen["value"] > 0 and seen["text"], seen
    dash_duo.wait_for_contains_text("#rotation-status", "Rotation: Bewertung", timeout=30)
    view = dash_duo.find_element("#rotation-view").text
    assert "Woche 1" in view and "Woche 2" in view and "Woche 3" not in view

    _click(dash_duo, "#rotation-rollout")
    dash_duo.wait_for_contains_text("#rotation-status", f"Wochenentwürfe angelegt (ab KW {number})", timeout=30)
    # The roster view (hidden behind the rotation view) now shows the rolled-out draft.
    WebDriverWait(dash_duo.driver, 60).until(lambda driver: "Version 1 (Entwurf)" in driver.find_element(
        "css selector", "#roster-view").get_attribute("textContent"))
    with session_scope(filled_sqlite_url) as session:
        schedules = ScheduleRepository(session)
        first = schedules.draft(year, number)
        assert first is not None and first.solver_status == "ROTATION"
        assert schedules.rows(first.id)  # the rotation's shifts, ready to adjust
