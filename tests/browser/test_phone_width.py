"""Every page at a phone's width (390 px): nothing runs off the screen sideways.

Wide content (tables, the roster grid, charts) scrolls inside its own box; the page itself
never scrolls sideways. One browser session per role, each page as the role may open it.
"""

from __future__ import annotations

import pytest

from tests.browser.axe import settle
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PHONE = (390, 844)
PAGES = {
    "admin": ["/", "/trends", "/planner", "/staff", "/checkin", "/aufruf", "/courses", "/courses/needs",
              "/courses/catalogue", "/reports", "/admin", "/ausfall"],
    "jobcenter": ["/partner"],
    "sabine": ["/meine-schichten"],
}

# The elements sticking out past the right edge that no scrolling box of their own holds.
OVERFLOW = """
const width = document.documentElement.clientWidth;
const out = [];
for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let held = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX) && p.getBoundingClientRect().right <= width + 1) {
            held = true; break;
        }
    }
    if (!held) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                        (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
                        ' right=' + Math.round(box.right));
}
return {scroll: document.documentElement.scrollWidth, width: width, out: out.slice(0, 5)};
"""


@pytest.mark.parametrize("login", sorted(PAGES))
def test_no_page_scrolls_sideways_on_a_phone(dash_duo, app_on_demo_data, login):
    sign_in(dash_duo, app_on_demo_data, login)
    dash_duo.driver.set_window_size(*PHONE)
    wide = {}
    for path in PAGES[login]:
        dash_duo.driver.get(dash_duo.server.url + path)
        dash_duo.wait_for_element("main h1", timeout=30)
        settle(dash_duo, timeout=120)
        found = dash_duo.driver.execute_script(OVERFLOW)
        if found["scroll"] > found["width"] + 1:
            wide[path] = found
    assert not wide, "pages wider than the phone:\n" + "\n".join(f"{p}: {f}" for p, f in wide.items())
