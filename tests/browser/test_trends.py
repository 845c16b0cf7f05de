"""The Trends page in a real browser: a preset and a filter change what the page shows."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import func, select

from data_access.db import session_scope
from data_access.demo.reference import OPENED
from data_access.demo.visits import FIRST_YEAR_END
from data_access.models import Location, Visit
from dashboard.texts.i18n import fmt_int
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def _count(url: str, places: tuple[str, ...]) -> int:
    """The first year's visits at these places, counted directly in SQL."""
    with session_scope(url) as session:
        return session.scalar(
            select(func.count(Visit.id)).join(Location, Location.id == Visit.location_id)
            .where(Visit.day.between(OPENED, FIRST_YEAR_END), Location.code.in_(places))
        )


def _label(dash_duo, text: str):
    return dash_duo.driver.find_element(By.XPATH, f"//label[normalize-space()='{text}']")


def test_trends_preset_and_filter_show_the_sql_totals(dash_duo, app_on_demo_data, filled_sqlite_url):
    sign_in(dash_duo, app_on_demo_data, "leitung")
    dash_duo.wait_for_element("#live-arrivals-infopoint", timeout=20)
    dash_duo.driver.find_element(By.LINK_TEXT, "Entwicklung").click()
    dash_duo.wait_for_text_to_equal("h1", "Entwicklung", timeout=20)
    dash_duo.wait_for_element("#trends-volume-graph .main-svg", timeout=20)

    _label(dash_duo, "erstes Jahr (25.02.2022 bis 24.02.2023)").click()
    both = fmt_int(_count(filled_sqlite_url, ("infopoint", "centre")), "de")
    dash_duo.wait_for_contains_text("#trends-totals-summary", f"{both} Besuche insgesamt", timeout=20)
    assert dash_duo.find_element("#trends-start").get_attribute("value") == "2022-02-25"
    checked = dash_duo.driver.find_element(By.CSS_SELECTOR, "#trends-preset input:checked").get_attribute("value")
    assert checked == "first_year"  # setting the dates from a preset does not make the range "custom"
    # The data behind the totals is a real, keyboard-reachable table with header cells.
    assert dash_duo.driver.find_elements(By.CSS_SELECTOR, "#trends-totals-data table th")
    before = dash_duo.find_element("#trends-volume-summary").text

    _label(dash_duo, "Infopoint").click()  # untick: the service centre only
    centre = fmt_int(_count(filled_sqlite_url, ("centre",)), "de")
    dash_duo.wait_for_contains_text("#trends-totals-summary", f"{centre} Besuche insgesamt", timeout=20)
    dash_duo.wait_for_contains_text("#trends-volume-summary", centre, timeout=20)
    assert dash_duo.find_element("#trends-volume-summary").text != before
    drawn = dash_duo.driver.execute_script(
        "return document.querySelector('#trends-volume-graph .js-plotly-plot').data.map(t => t.name);")
    assert drawn == ["Servicezentrum"]
    assert dash_duo.get_logs() == []
    if os.environ.get("MIGRADO_SCREENSHOTS"):  # a folder for a picture of the whole page, for review
        dash_duo.driver.set_window_size(1366, 5200)
        dash_duo.driver.save_screenshot(str(Path(os.environ["MIGRADO_SCREENSHOTS"]) / "trends.png"))
