"""The Overview in a real browser: real figures, German first, English on request."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.texts.i18n import fmt_int
from dashboard.services.overview_figures import overview_figures
from dashboard.web.auth import PAGE_ROLES
from tests.browser.conftest import sign_in
from planner import clock

pytestmark = pytest.mark.browser


def test_overview_shows_real_figures_and_switches_language(dash_duo, app_on_demo_data):
    figures = overview_figures(clock.now())
    week = {p.location: p.week for p in figures.places}
    since_opening = sum(n for _, _, n in figures.groups_all)
    assert since_opening > 100_000  # the demo history, not an empty database

    sign_in(dash_duo, app_on_demo_data)
    dash_duo.wait_for_text_to_equal("#week-infopoint", fmt_int(week["infopoint"], "de"), timeout=20)
    dash_duo.wait_for_text_to_equal("#week-centre", fmt_int(week["centre"], "de"))
    assert dash_duo.driver.find_element("css selector", "html").get_attribute("lang") == "de"
    assert "Überblick" in dash_duo.find_element("h1").text
    dash_duo.wait_for_element("#daily-visits .main-svg")
    table_text = dash_duo.find_element("#groups-table").get_attribute("textContent")
    assert "andere Nationalitäten" in table_text

    dash_duo.find_element("#language-switch").click()
    dash_duo.wait_for_text_to_equal("h1", "Overview", timeout=20)
    assert dash_duo.driver.find_element("css selector", "html").get_attribute("lang") == "en"
    # English number format: a thousands comma instead of a point.
    assert dash_duo.find_element("#week-infopoint").text == fmt_int(week["infopoint"], "en")
    assert dash_duo.find_element("#language-switch").text == "Deutsch"

    dash_duo.find_element("#language-switch").click()
    dash_duo.wait_for_text_to_equal("h1", "Überblick", timeout=20)


def test_every_page_is_reachable_from_the_navigation(dash_duo, app_on_demo_data):
    sign_in(dash_duo, app_on_demo_data, "admin")
    dash_duo.wait_for_element("#week-infopoint", timeout=20)
    links = dash_duo.driver.find_elements("css selector", "nav a.nav-link")
    labels = [link.text for link in links]
    assert labels[:3] == ["Überblick", "Entwicklung", "Dienstplanung"]
    assert len(labels) == sum(1 for roles in PAGE_ROLES.values() if "admin" in roles)
    for label in labels:
        dash_duo.driver.find_element("link text", label).click()
        dash_duo.wait_for_text_to_equal("h1", label, timeout=30)
        assert "Kein Zugriff" not in dash_duo.find_element("main").text
    assert dash_duo.get_logs() == []
