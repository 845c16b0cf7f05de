"""How fast the pages are in a real browser, for every role, as the team uses them.

    python -m bench.pages [--runs 10] [--databases sqlite,postgresql] [--roles coordination,...] [--json] [--no-write]

Starts the app (`python app.py`) on a fresh demo database (SQLite; PostgreSQL too when it
answers), signs in through the login form in headless Chromium as each demo role, and
times, per page and action, from the click or the address until the page is usable: its
main content drawn and no Dash callback in flight. Actions: `open` for every page a role
may open; on the Planner as the coordination team also `edit` (lock an assignment until
the change shows) and `solve` ("Plan the week" until the result shows, with the solver's
own time from the same run as `solver_s`). Every
browser-console error is counted. Prints a table, writes its section of docs/benchmarks.md
and, with --json, one object per line: page, role, action, median_s, p95_s,
console_errors (plus solver_s for solve, database).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.docs import write_section  # noqa: E402
from bench.load_servers import POSTGRES_URL, free_port  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "migrado-demo"
# One demo login per role (data_access/demo/reference.py) and the pages that role may open.
ROLES = {
    "admin": "admin",
    "coordination": "koordination",
    "leadership": "leitung",
    "reception": "empfang",
    "partner": "jobcenter",
}
# What "usable" means per page: this element is drawn (beside no callback in flight).
READY = {
    "/": "#main",
    "/trends": "#main",
    "/planner": "#main",
    "/staff": "#main",
    "/partner": "#main",
    "/checkin": "#main",
    "/admin": "#main",
}


@dataclass
class Timing:
    page: str
    role: str
    action: str
    database: str
    seconds: list[float] = field(default_factory=list)
    console_errors: int = 0
    solver_seconds: list[float] = field(default_factory=list)

    def row(self) -> dict:
        ordered = sorted(self.seconds)
        p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))] if ordered else None
        row = {"page": self.page, "role": self.role, "action": self.action, "database": self.database,
               "runs": len(ordered), "median_s": round(statistics.median(ordered), 3) if ordered else None,
               "p95_s": round(p95, 3) if p95 is not None else None, "console_errors": self.console_errors}
        if self.action == "solve":
            row["solver_s"] = round(statistics.median(self.solver_seconds), 3) if self.solver_seconds else None
        return row


def postgres_url() -> str | None:
    """A fresh schema on this machine's PostgreSQL, or None when it does not answer."""
    base = POSTGRES_URL
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(base, isolation_level="AUTOCOMMIT")
        schema = f"migrado_pages_{uuid.uuid4().hex[:8]}"
        with engine.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means "not available"
        print(f"PostgreSQL not available ({error.__class__.__name__}): skipped", file=sys.stderr)
        return None
    return f"{base}?options=-csearch_path%3D{schema}"


def prepare(url: str) -> None:
    """The demo data and the demo's planned weeks, as `make run` makes them."""
    env = {**os.environ, "DATABASE_URL": url}
    for module in ("data_access.demo", "dashboard.services.demo_plans"):
        args = [sys.executable, "-m", module] + (["--if-empty"] if module == "data_access.demo" else [])
        subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


# How many Dash callbacks are in flight (counted in the browser: serialising the store is slow).
PENDING = """
var store = window.store;
if (!store) { return -1; }
var callbacks = Object.assign({}, store.getState().callbacks);
delete callbacks.stored; delete callbacks.completed;
return Object.values(callbacks).reduce(function (n, list) { return n + list.length; }, 0);
"""


class App:
    """`python app.py` on a free port, against one database."""

    def __init__(self, url: str, folder: Path) -> None:
        self.port = free_port()
        self.log = open(folder / f"app-{self.port}.log", "w")  # noqa: SIM115 - closed in stop()
        env = {**os.environ, "DATABASE_URL": url, "MIGRADO_PORT": str(self.port)}
        self.process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"
        import requests

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/healthz", timeout=2).ok:
                    return
            except requests.RequestException:
                time.sleep(0.3)
        raise RuntimeError(f"the app did not start; see {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,900",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    chromium = "/usr/bin/chromium"
    if os.path.exists(chromium):
        options.binary_location = chromium
    service = Service("/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else Service()
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_script_timeout(120)
    return driver


def console_errors(driver) -> int:
    # Favicon misses and similar resource noise are not page errors.
    return sum(1 for entry in driver.get_log("browser")
               if entry.get("level") == "SEVERE" and "favicon" not in entry.get("message", ""))


def settle(driver, selector: str, timeout: float = 60) -> float:
    """Seconds until `selector` is drawn and no callback is in flight on two polls in a row."""
    from selenium.webdriver.common.by import By

    start = time.perf_counter()
    idle = 0
    while time.perf_counter() - start < timeout:
        drawn = driver.find_elements(By.CSS_SELECTOR, selector)
        pending = driver.execute_script(PENDING)
        idle = idle + 1 if (drawn and pending == 0) else 0
        if idle >= 2:
            return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError(f"{selector} not usable within {timeout} s")


def wait_started(driver, timeout: float = 3) -> None:
    """Until the click's callback is in flight (so that "settled" means after it)."""
    deadline = time.monotonic() + timeout
    while driver.execute_script(PENDING) == 0 and time.monotonic() < deadline:
        time.sleep(0.01)


def start_to_settled(driver, start: float, selector: str) -> float:
    wait_started(driver)
    settle(driver, selector)
    return time.perf_counter() - start


def sign_in(driver, base: str, login: str) -> None:
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()
    driver.get(base + "/login")
    driver.find_element(By.ID, "login").send_keys(login)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    settle(driver, "#react-entry-point")


def time_open(driver, base: str, path: str, timing: Timing, runs: int) -> None:
    driver.get_log("browser")
    for _ in range(runs):
        driver.get("about:blank")
        start = time.perf_counter()
        driver.get(base + path)
        settle(driver, READY[path])
        timing.seconds.append(time.perf_counter() - start)
    timing.console_errors += console_errors(driver)


def _click(driver, selector: str) -> None:
    from selenium.webdriver.common.by import By

    element = driver.find_element(By.CSS_SELECTOR, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element)


def _wait_text(driver, selector: str, pattern: str, timeout: float = 120) -> str:
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = driver.find_elements(By.CSS_SELECTOR, selector)
        text = found[0].text if found else ""
        if re.search(pattern, text):
            return text
        time.sleep(0.02)
    raise TimeoutError(f"{selector} never showed {pattern!r}")


def _wait_for(driver, selector: str, timeout: float = 120) -> None:
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + timeout
    while not driver.find_elements(By.CSS_SELECTOR, selector):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{selector} never appeared")
        time.sleep(0.02)


def time_planner_actions(driver, base: str, database: str, runs: int) -> list[Timing]:
    """Edit, switch view and solve on the Planner, as the coordination team."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    edit = Timing("/planner", "coordination", "edit", database)
    solve = Timing("/planner", "coordination", "solve", database)
    driver.get(base + "/planner")
    settle(driver, READY["/planner"])
    driver.get_log("browser")
    for run in range(runs):
        options = [o for o in Select(driver.find_element(By.CSS_SELECTOR, "#edit-assignment")).options
                   if o.get_attribute("value")]
        if not options:
            break
        Select(driver.find_element(By.CSS_SELECTOR, "#edit-assignment")).select_by_value(options[0].get_attribute("value"))
        settle(driver, "#edit-assignment")
        action = "#edit-lock" if run % 2 == 0 else "#edit-unlock"
        start = time.perf_counter()
        _click(driver, action)
        edit.seconds.append(start_to_settled(driver, start, "#roster-by-person"))
    edit.console_errors += console_errors(driver)
    for _ in range(max(1, runs // 3)):  # a solve takes seconds: fewer runs
        # The last run's result says the same words: this run's result counts once the button,
        # disabled while the job runs, is enabled again. (Emptying the status by script would
        # pull nodes from under React: "removeChild" errors in the console.)
        start = time.perf_counter()
        _click(driver, "#solve-button")
        wait_started(driver)
        _wait_for(driver, "#solve-button[disabled]")
        _wait_for(driver, "#solve-button:not([disabled])")
        text = _wait_text(driver, "#solve-status", r"Plan berechnet|Plan computed")
        solve.seconds.append(time.perf_counter() - start)
        seconds = re.search(r"([\d.,]+) s\.?\s*$", text)
        if seconds:
            solve.solver_seconds.append(float(seconds.group(1).replace(".", "").replace(",", ".")
                                              if "," in seconds.group(1) else seconds.group(1)))
        settle(driver, "#roster-by-person")
    solve.console_errors += console_errors(driver)
    return [edit, solve]


def measure(database: str, url: str, runs: int, folder: Path, only: tuple[str, ...] = tuple(ROLES)) -> list[Timing]:
    from dashboard.web.auth import PAGE_ROLES

    prepare(url)
    app = App(url, folder)
    driver = browser()
    timings: list[Timing] = []
    try:
        for role, login in ROLES.items():
            if role not in only:
                continue
            sign_in(driver, app.base, login)
            for path, roles in PAGE_ROLES.items():
                if role in roles and path in READY:
                    timing = Timing(path, role, "open", database)
                    time_open(driver, app.base, path, timing, runs)
                    timings.append(timing)
            if role == "coordination":
                timings.extend(time_planner_actions(driver, app.base, database, runs))
    finally:
        driver.quit()
        app.stop()
    return timings


def table(rows: list[dict]) -> str:
    lines = ["| database | page | role | action | runs | median s | p95 s | solver s | console errors |",
             "|---|---|---|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        solver = "" if r.get("solver_s") is None else f"{r['solver_s']:.2f}"
        lines.append(f"| {r['database']} | {r['page']} | {r['role']} | {r['action']} | {r['runs']} | "
                     f"{r['median_s']} | {r['p95_s']} | {solver} | {r['console_errors']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--roles", default=",".join(ROLES),
                        help="the roles to measure (comma-separated; default: all): a short run of one page")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-write", "--no-docs", dest="no_write", action="store_true")
    args = parser.parse_args(argv)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        folder = Path(tmp)
        for database in [d.strip() for d in args.databases.split(",") if d.strip()]:
            url = f"sqlite:///{folder / 'pages.db'}" if database == "sqlite" else postgres_url()
            if url is None:
                continue
            roles = tuple(r.strip() for r in args.roles.split(",") if r.strip())
            rows.extend(t.row() for t in measure(database, url, args.runs, folder, roles))
    if args.json:
        for row in rows:
            print(json.dumps(row))
    else:
        print(table(rows))
    if not args.no_write:
        body = (f"`python -m bench.pages --runs {args.runs}`: headless Chromium, demo data, from the "
                "address or click until the page's content is drawn and no callback is in flight. "
                "Shared 2-core machine: figures vary with load.\n\n" + table(rows))
        write_section("pages", "## Pages in the browser (`python -m bench.pages`)\n\n" + body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
