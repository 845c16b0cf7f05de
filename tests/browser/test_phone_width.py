"""Every page, as every role that may open it, at a phone's width (390 px): nothing runs off the
screen sideways, nothing goes wrong in the browser's console or in the page.

Wide content (tables, the roster grid, charts) scrolls inside its own box; the page itself
never scrolls sideways. One browser session per role, each page as the role may open it.
"""

from __future__ import annotations

import pytest

from tests.browser.axe import settle
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PHONE = (390, 844)
# A demo login per role; each opens every page its role may open (dashboard/web/auth.PAGE_ROLES).
LOGINS = {"admin": "admin", "coordination": "koordination", "leadership": "leitung", "reception": "empfang",
          "partner": "jobcenter", "team": "sabine"}
SUBPAGES = {"/courses": ["/courses/needs", "/courses/catalogue"]}  # reached from their page's links


def fault_texts() -> list[str]:
    """The German words of the product's fault answers (database away, a job failed, ...)."""
    from dashboard.texts.i18n import CATALOGUE

    return [words[0] for key, words in CATALOGUE.items() if key.startswith("errors.") and "{" not in words[0]]


def pages_of(role: str) -> list[str]:
    from dashboard.web.auth import PAGE_ROLES

    pages = [p for p, roles in PAGE_ROLES.items() if role in roles]
    return pages + [s for p in pages for s in SUBPAGES.get(p, []) if role in ("admin", "coordination")]


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


@pytest.mark.parametrize("role", sorted(LOGINS))
def test_every_page_of_every_role_draws_cleanly_on_a_phone(dash_duo, app_on_demo_data, role):
    """Each page its role may open: no sideways scrolling at 390 px, no error in the browser's
    console, no error or refusal shown in the page."""
    sign_in(dash_duo, app_on_demo_data, LOGINS[role])
    driver = dash_duo.driver
    driver.set_window_size(*PHONE)
    driver.get_log("browser")  # the sign-in's own entries
    wide, broken = {}, {}
    for path in pages_of(role):
        driver.get(dash_duo.server.url + path)
        dash_duo.wait_for_element("main h1", timeout=30)
        settle(dash_duo, timeout=120)
        found = driver.execute_script(OVERFLOW)
        if found["scroll"] > found["width"] + 1:
            wide[path] = found
        errors = [e["message"][:300] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        main = dash_duo.find_element("main").text
        if "Kein Zugriff" in main:
            errors.append("the page refuses the role")
        errors += [text[:60] for text in fault_texts() if text[:60] in main]
        if errors:
            broken[path] = errors
    assert not wide, "pages wider than the phone:\n" + "\n".join(f"{p}: {f}" for p, f in wide.items())
    assert not broken, "pages with errors:\n" + "\n".join(f"{p}: {e}" for p, e in broken.items())
