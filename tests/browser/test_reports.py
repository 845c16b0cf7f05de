"""The report page in a browser: pick a quarter, show it, every chart with its table, axe-clean."""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import Select

from tests.browser.axe import run_axe, settle
from tests.browser.test_accessibility import check, start_and_sign_in, visit

pytestmark = pytest.mark.browser


def test_leadership_picks_a_quarter_and_reads_the_report(dash_duo, app_on_demo_data):
    findings = start_and_sign_in(dash_duo, app_on_demo_data, "leitung")
    findings += visit(dash_duo, "/reports", "/reports (leitung)")
    dash_duo.find_element("#report-kind input[value='quarter']").click()
    dash_duo.wait_for_text_to_equal("#report-number-label", "Quartal", timeout=20)
    Select(dash_duo.find_element("#report-year")).select_by_value("2025")
    Select(dash_duo.find_element("#report-number")).select_by_value("4")
    dash_duo.find_element("#report-show").click()
    dash_duo.wait_for_contains_text("#report-summary", "Im 4. Quartal 2025 fanden", timeout=60)
    settle(dash_duo, timeout=120)
    assert dash_duo.find_element("#report-pdf").get_attribute("href").endswith("/reports/2025-Q4.pdf?lang=de")
    # Every chart with its data table.
    charts = dash_duo.driver.find_elements("css selector", "#report-body figure")
    assert len(charts) >= 5
    for chart in charts:
        assert chart.find_elements("css selector", "details table"), chart.text[:80]
    findings += run_axe(dash_duo.driver, "/reports (a quarter shown)")
    check(findings)
