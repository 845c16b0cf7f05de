"""The coordination team plans a week with the keyboard alone: sign in, open the Planner,
choose the week, set the solve time, solve, wait, publish. No mouse clicks."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.keys import Keys

from data_access.db import session_scope
from data_access.demo.reference import DEMO_PASSWORD
from data_access.repositories.schedules import ScheduleRepository
from tests.browser.conftest import start
from tests.browser.test_accessibility import drop_week
from tests.browser.test_checkin_keyboard import active, press, tab_to
from planner import clock

pytestmark = pytest.mark.browser


def _week(today: dt.date, k: int) -> str:
    year, week, _ = (today + dt.timedelta(weeks=k)).isocalendar()
    return f"{year}-W{week:02d}"


def test_coordination_solves_and_publishes_with_keys_only(dash_duo, app_on_demo_data, filled_sqlite_url):
    driver = dash_duo.driver
    today = clock.today()
    # The select starts at next week; go down to a week no other browser test plans.
    steps = next(k for k in (3, 2, 4) if _week(today, 1 + k) not in ("2026-W51", _week(today, 5)))
    week = _week(today, 1 + steps)

    start(dash_duo, app_on_demo_data)
    driver.get(dash_duo.server.url + "/login")
    dash_duo.wait_for_element("#login")
    assert active(driver)["id"] == "login"  # the login field has the focus on arrival
    press(driver, "koordination", Keys.TAB, DEMO_PASSWORD, Keys.ENTER)
    dash_duo.wait_for_element("#react-entry-point", timeout=20)

    try:
        # The navigation: Tab to "Dienstplanung", Enter.
        tab_to(driver, lambda e: e["text"].strip() == "Dienstplanung")
        press(driver, Keys.ENTER)
        dash_duo.wait_for_text_to_equal("h1", "Dienstplanung", timeout=20)
        dash_duo.wait_for_element("#planner-week", timeout=20)

        tab_to(driver, lambda e: e["id"] == "planner-week")
        press(driver, *([Keys.ARROW_DOWN] * steps))
        assert active(driver)["value"] == week
        dash_duo.wait_for_contains_text("#roster-view", "noch keinen Plan", timeout=30)

        tab_to(driver, lambda e: e["id"] == "solve-seconds")
        press(driver, Keys.ARROW_UP)  # 20 s -> 5 s
        assert active(driver)["value"] == "5"

        tab_to(driver, lambda e: e["id"] == "solve-button")
        press(driver, Keys.ENTER)
        dash_duo.wait_for_contains_text("#solve-status", "Plan berechnet", timeout=240)
        dash_duo.wait_for_contains_text("#roster-version", "Entwurf", timeout=240)

        # The focus waits on "publish", the next step (the solve button was disabled meanwhile).
        assert active(driver)["id"] == "publish-button"
        # Publishing asks first: the dialog takes the focus; Escape closes it and gives the
        # focus back to "publish"; the second time Enter confirms.
        press(driver, Keys.ENTER)
        dash_duo.wait_for_element(".modal.show #publish-modal-body", timeout=30)
        dash_duo.wait_for_contains_text("#publish-modal-body", "wird veröffentlicht", timeout=30)
        _wait_for_focus(dash_duo, "publish-confirm")
        press(driver, Keys.ESCAPE)
        dash_duo.wait_for_no_elements(".modal.show #publish-modal-body", timeout=10)
        _wait_for_focus(dash_duo, "publish-button")
        press(driver, Keys.ENTER)
        dash_duo.wait_for_element(".modal.show #publish-modal-body", timeout=30)
        _wait_for_focus(dash_duo, "publish-confirm")
        press(driver, Keys.ENTER)
        dash_duo.wait_for_contains_text("#publish-message", "ist veröffentlicht", timeout=60)
        dash_duo.wait_for_no_elements(".modal.show #publish-modal-body", timeout=10)

        year, number = (int(x) for x in week.split("-W"))
        with session_scope(filled_sqlite_url) as session:
            published = ScheduleRepository(session).latest_published(year, number)
            assert published is not None and published.published_at is not None
    finally:
        drop_week(filled_sqlite_url, week)


def _wait_for_focus(dash_duo, element_id: str, timeout: float = 5.0) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(dash_duo.driver, timeout).until(lambda d: active(d)["id"] == element_id,
                                                  f"the focus did not reach #{element_id}")
