"""Printing on A4, as Chromium prints: the published roster (the printable view) and the Trends
page rendered to PDF through the DevTools protocol (Page.printToPDF, the page's own @page size).

What is checked: the paper (A4, landscape for the roster, portrait for Trends), a sane number
of pages, and, with the print stylesheet applied, that nothing is wider than the printable
width of the page (a cut-off roster or chart would be), that every person's row is there and
that navigation and controls stay off the paper.
"""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest

from tests.browser.axe import settle
from tests.browser.conftest import sign_in
from planner import clock

pytestmark = pytest.mark.browser

MM = 72 / 25.4  # PDF points per millimetre
PX = 96 / 25.4  # CSS pixels per millimetre
A4 = (210 * MM, 297 * MM)


def _pdf(driver) -> bytes:
    result = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False})
    return base64.b64decode(result["data"])


def _pages(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height (points) of every page; Chromium writes page objects uncompressed."""
    assert pdf.startswith(b"%PDF-")
    boxes = re.findall(rb"/Type /Page\b(?!s).*?/MediaBox \[([\d.\s-]+)\]", pdf, re.S)
    if not boxes:  # the MediaBox may come before /Type
        boxes = re.findall(rb"/MediaBox \[([\d.\s-]+)\][^>]*?/Type /Page\b(?!s)", pdf, re.S)
    sizes = []
    for box in boxes:
        x0, y0, x1, y1 = (float(v) for v in box.split())
        sizes.append((x1 - x0, y1 - y0))
    return sizes


def _is_a4(size: tuple[float, float], landscape: bool) -> bool:
    want = (A4[1], A4[0]) if landscape else A4
    return all(abs(a - b) < 2 for a, b in zip(size, want))


def _print_layout(driver, width_mm: float) -> dict:
    """Lay the page out as print does at the printable width and measure it."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": int(width_mm * PX), "height": 1200, "deviceScaleFactor": 1, "mobile": False})
    return driver.execute_script("""
        var visible = function(el) { return el && el.getClientRects().length > 0; };
        var widest = 0;
        document.querySelectorAll('body *').forEach(function(el) {
            if (visible(el)) { widest = Math.max(widest, el.getBoundingClientRect().right); }
        });
        return {
            widest: widest,
            scroll: document.documentElement.scrollWidth,
            rows: Array.from(document.querySelectorAll('tbody tr th[scope=row]')).map(function(th) {
                return th.textContent.trim(); }),
            navbar: visible(document.querySelector('.navbar')),
            buttons: Array.from(document.querySelectorAll('button, select, input')).filter(visible).length,
            charts: document.querySelectorAll('.js-plotly-plot').length,
        };
    """)


def _reset(driver) -> None:
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_published_roster_prints_on_a4_landscape_whole(dash_duo, app_on_demo_data, filled_sqlite_url):
    from dashboard.services import week_planning as planning
    from data_access.db import session_scope
    from data_access.repositories.schedules import ScheduleRepository

    # A whole week planned for the full team and published (this test's own database copy).
    year, week, _ = (clock.today() + dt.timedelta(weeks=6)).isocalendar()
    outcome = planning.plan_week(year, week, by="test", time_limit_s=5)
    with session_scope(filled_sqlite_url) as session:
        schedules = ScheduleRepository(session)
        schedules.publish(outcome.schedule_id, by="test")
        people = {r.person for r in schedules.rows(outcome.schedule_id)}
    assert len(people) >= 10
    sign_in(dash_duo, app_on_demo_data, "koordination")
    driver = dash_duo.driver
    driver.get(dash_duo.server.url + f"/planner/export/{year}-W{week:02d}/print")
    dash_duo.wait_for_element("table", timeout=20)

    pages = _pages(_pdf(driver))
    assert 1 <= len(pages) <= 3, pages  # about 16 people on A4 landscape
    assert all(_is_a4(p, landscape=True) for p in pages), pages

    layout = _print_layout(driver, 297 - 2 * 12)  # the view's @page margin is 12 mm
    _reset(driver)
    assert layout["scroll"] <= int((297 - 24) * PX) + 1 and layout["widest"] <= (297 - 24) * PX + 1, layout
    assert set(layout["rows"]) == people  # every person's row is on the paper


def test_trends_print_on_a4_portrait_without_controls(dash_duo, app_on_demo_data):
    sign_in(dash_duo, app_on_demo_data, "leitung")
    driver = dash_duo.driver
    driver.get(dash_duo.server.url + "/trends")
    dash_duo.wait_for_element("main h1", timeout=30)
    dash_duo.wait_for_element(".js-plotly-plot", timeout=60)
    settle(dash_duo, timeout=120)

    pages = _pages(_pdf(driver))
    assert 1 <= len(pages) <= 12, len(pages)
    assert all(_is_a4(p, landscape=False) for p in pages), pages

    layout = _print_layout(driver, 210 - 2 * 12)  # app.css: @page { size: A4; margin: 12mm }
    _reset(driver)
    assert layout["charts"] >= 1
    assert not layout["navbar"] and layout["buttons"] == 0, layout  # navigation and controls stay off paper
    assert layout["scroll"] <= int((210 - 24) * PX) + 1, layout  # nothing runs off the right edge
