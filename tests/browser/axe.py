"""Run axe-core (vendored under tests/browser/vendor, never served to users) in the dash_duo browser."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from dash.testing.wait import until

from bench.pages import PENDING

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
# WCAG 2.0 and 2.1, levels A and AA: what BITV 2.0 asks for.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

RUN = """
var done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
   .then(function (r) { done(r.violations); })
   .catch(function (e) { done({error: String(e)}); });
"""


@dataclass(frozen=True)
class Finding:
    page: str
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    html: str

    def __str__(self) -> str:
        return f"[{self.impact}] {self.page}: {self.rule} ({self.help}) at {', '.join(self.targets)}: {self.html[:160]}"




def settle(dash_duo, timeout: float = 30) -> None:
    """Wait until Dash has no callback in flight (the page has drawn what it draws).

    dash.testing's own check returns `window.store` itself, which Selenium serialises
    whole: seconds on a page with a large roster. This counts in the browser instead.
    """
    dash_duo.driver.set_script_timeout(300)  # a large page can keep the browser busy for a while
    idle = []

    def quiet() -> bool:  # idle on two polls in a row: a callback may queue the next one
        idle.append(dash_duo.driver.execute_script(PENDING) == 0)
        return idle[-2:] == [True, True]

    until(quiet, timeout=timeout, poll=0.25)


def run_axe(driver, page: str) -> list[Finding]:
    """Every WCAG 2.0/2.1 A and AA violation on the current page, one Finding per element."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(AXE_SOURCE)
    driver.set_script_timeout(300)
    result = driver.execute_async_script(RUN, WCAG_TAGS)
    if isinstance(result, dict) and "error" in result:
        raise AssertionError(f"axe failed on {page}: {result['error']}")
    findings = [
        Finding(page, v["id"], v.get("impact") or "", v["help"], tuple(_target(n) for n in [node]), node["html"])
        for v in result
        for node in v["nodes"]
    ]
    _report(findings)
    return findings


def _target(node: dict) -> str:
    return " ".join(str(part) for part in node["target"])


def _report(findings: list[Finding]) -> None:
    """With MIGRADO_AXE_REPORT=<file>, append every finding (also minor ones) as JSON lines, for review."""
    path = os.environ.get("MIGRADO_AXE_REPORT")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        for f in findings:
            out.write(json.dumps(f.__dict__, ensure_ascii=False) + "\n")


def blocking(findings: list[Finding]) -> list[Finding]:
    """Serious and critical findings that the reviewed allow-list does not excuse."""
    from tests.browser.axe_allowlist import is_allowed

    return [f for f in findings if f.impact in BLOCKING and not is_allowed(f.rule, f.targets[0], f.page)]
