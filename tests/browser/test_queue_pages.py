"""The queue in the browser: the desk calls with the keyboard alone, the call display shows the
call, and the display and the visitor's page are axe-clean (German and Arabic)."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.keys import Keys

from dashboard.services import queue
from dashboard.services.unit_of_work import UnitOfWork
from data_access.repositories.checkin import Arrival
from planner import clock
from tests.browser.axe import blocking, run_axe
from tests.browser.conftest import sign_in
from tests.browser.test_checkin_keyboard import press, tab_to

pytestmark = pytest.mark.browser


def ticket_now(url: str, language: str):
    with UnitOfWork(url) as work:
        centre = next(loc.id for loc in work.checkin.locations() if loc.code == "centre")
        visit = work.checkin.record_arrival(Arrival(location_id=centre, target_group="other", language=language,
                                                    concern="housing"), clock.now())
        work.commit()
        visit_id = visit.id
    return queue.issue_ticket(visit_id, language, uow=UnitOfWork(url)), centre


def wait_text(driver, selector: str, text: str, timeout: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        found = driver.find_elements("css selector", selector)
        if found and text in found[0].text:
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(f"{selector} never showed {text!r}")


def test_desk_calls_by_keyboard_and_the_display_and_ticket_follow(dash_duo, app_on_demo_data, filled_sqlite_url):
    driver = dash_duo.driver
    ticket, centre = ticket_now(filled_sqlite_url, "ar")
    token = queue.create_display_token(centre, "Wartebereich", by="admin", uow=UnitOfWork(filled_sqlite_url))
    sign_in(dash_duo, app_on_demo_data, "empfang")
    base = dash_duo.server.url

    # The visitor's page, in Arabic and right to left, is axe-clean; so is the display.
    driver.get(f"{base}/ticket/{ticket.token}")
    wait_text(driver, "#ticket-number", ticket.label, 10)
    assert driver.find_element("css selector", "html").get_attribute("dir") == "rtl"
    assert not blocking(run_axe(driver, "ticket-ar")), run_axe(driver, "ticket-ar")
    driver.get(f"{base}/ticket/{ticket.token}?lang=de")
    assert not blocking(run_axe(driver, "ticket-de"))
    driver.get(f"{base}/anzeige/{token}")
    wait_text(driver, "#queue-next", ticket.label, 10)
    assert not blocking(run_axe(driver, "display")), run_axe(driver, "display")
    display = driver.current_window_handle

    # The desk, in another tab: choose the desk and call the next number, keys only.
    driver.switch_to.new_window("tab")
    driver.get(f"{base}/aufruf")
    dash_duo.wait_for_element("#queue-desk", timeout=20)
    desk_value = next(o.get_attribute("value") for o in driver.find_elements("css selector", "#queue-desk option")
                      if o.text.endswith("Empfang 1") and "Servicezentrum" in o.text)
    tab_to(driver, lambda e: e["id"] == "queue-desk")
    driver.execute_script("arguments[0].focus()", driver.find_element("css selector", "#queue-desk"))
    while driver.find_element("css selector", "#queue-desk").get_attribute("value") != desk_value:
        press(driver, Keys.ARROW_DOWN)
    dash_duo.wait_for_contains_text("#queue-board", ticket.label, timeout=20)
    tab_to(driver, lambda e: e["id"] == "queue-call-next")
    press(driver, Keys.ENTER)
    dash_duo.wait_for_contains_text("#queue-message", f"{ticket.label} ist aufgerufen", timeout=10)

    # The display shows the call (its latency is bench/load.py's); the visitor's page says where to go.
    driver.switch_to.window(display)
    wait_text(driver, "#queue-calls", ticket.label, 10)
    assert "Empfang 1" in driver.find_element("css selector", "#queue-calls").text
    driver.get(f"{base}/ticket/{ticket.token}?lang=de")
    wait_text(driver, "#ticket-message", "Schalter Empfang 1", 15)
