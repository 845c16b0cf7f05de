"""The check-in desk with the keyboard alone: record an arrival, call the visitor, finish."""

from __future__ import annotations

import json
import re

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from sqlalchemy import func, select

from data_access.db import session_scope
from data_access.models import Visit
from tests.browser.axe import blocking, run_axe
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def active(driver) -> dict:
    """What has the keyboard focus: read only, to know when to stop pressing Tab."""
    return driver.execute_script(
        "var e = document.activeElement; return {id: e.id, text: e.innerText || '', "
        "label: e.getAttribute('aria-label') || '', type: e.type || '', value: e.value || ''};"
    )


def press(driver, *keys) -> None:
    ActionChains(driver).send_keys(*keys).perform()


def tab_to(driver, matches, limit: int = 120) -> dict:
    for _ in range(limit):
        press(driver, Keys.TAB)
        element = active(driver)
        if matches(element):
            return element
    raise AssertionError(f"Tab never reached the element; last: {active(driver)}")


def _visit_in(element_id: str) -> int | None:
    try:
        return json.loads(element_id).get("visit")
    except (ValueError, AttributeError):
        return None


def test_reception_records_calls_and_finishes_with_keys_only(dash_duo, app_on_demo_data, filled_sqlite_url):
    driver = dash_duo.driver
    sign_in(dash_duo, app_on_demo_data, "empfang")
    dash_duo.wait_for_element("#checkin-group", timeout=20)
    dash_duo.wait_for_element("#checkin-language", timeout=20)
    with session_scope(filled_sqlite_url) as session:
        before = session.scalar(select(func.max(Visit.id)))

    # 1. Target group: Tab into the radio group, Space chooses the first option (Ukraine).
    tab_to(driver, lambda e: e["type"] == "radio" and e["value"] == "ukraine")
    press(driver, Keys.SPACE)
    # 2. Language: the most common one comes first; Space chooses it.
    language = tab_to(driver, lambda e: e["type"] == "radio" and "checkin-language" in e["id"])
    press(driver, Keys.SPACE)
    # 3. Concern: Enter on "Wohnen" records the arrival.
    tab_to(driver, lambda e: e["text"] == "Wohnen")
    press(driver, Keys.ENTER)
    dash_duo.wait_for_contains_text("#checkin-message", "Ankunft erfasst", timeout=10)
    # The ticket number at once, and its print view a Tab away, opening in a new tab.
    number = dash_duo.find_element("#checkin-ticket-number").text
    assert re.fullmatch(r"Wartenummer [A-Z]-\d{3}", number), number
    printed = tab_to(driver, lambda e: e["id"] == "checkin-ticket-print")
    assert number.split()[-1] in printed["text"]
    link = dash_duo.find_element("#checkin-ticket-print")
    assert link.get_attribute("target") == "_blank" and link.get_attribute("href").endswith("/druck")
    left = blocking(run_axe(driver, "/checkin (ticket shown)"))
    assert not left, "\n".join(map(str, left))

    with session_scope(filled_sqlite_url) as session:
        visit = session.scalar(select(Visit).order_by(Visit.id.desc()).limit(1))
        assert visit.id > before
        assert (visit.target_group, visit.concern, visit.language) == ("ukraine", "housing", language["value"])
        visit_id = visit.id

    # Call exactly this visitor from the waiting list (its row's "Aufrufen" button).
    dash_duo.wait_for_element("#checkin-waiting-table", timeout=10)
    tab_to(driver, lambda e: _visit_in(e["id"]) == visit_id and "checkin-call" in e["id"])
    press(driver, Keys.ENTER)
    dash_duo.wait_for_contains_text("#checkin-message", "aufgerufen", timeout=10)

    # Finish: Space ticks "Videodolmetschen genutzt", Enter on "Beraten".
    dash_duo.wait_for_element("#checkin-advice-table", timeout=10)
    tab_to(driver, lambda e: _visit_in(e["id"]) == visit_id and "checkin-video" in e["id"])
    press(driver, Keys.SPACE)
    tab_to(driver, lambda e: _visit_in(e["id"]) == visit_id and '"outcome":"served"' in e["id"])
    press(driver, Keys.ENTER)
    dash_duo.wait_for_contains_text("#checkin-message", "Beratung abgeschlossen", timeout=10)

    with session_scope(filled_sqlite_url) as session:
        visit = session.get(Visit, visit_id)
        assert visit.called_at is not None and visit.finished_at is not None
        assert visit.outcome == "served" and visit.video_interpreter is True
        assert visit.wait_minutes is not None and visit.service_minutes is not None
    assert dash_duo.get_logs() == []
