"""Production mode with no Celery worker at all: a queued solve is given up and said so.

A gunicorn server with REDIS_URL set queues solves for Celery, but no worker listens on
the queue. After MIGRADO_JOB_START_TIMEOUT (a few seconds here) the Planner says that no
worker is reachable instead of waiting forever; the stop button cancels a solve that
still waits; a worker that comes up later skips both jobs instead of running them unseen.
"""

from __future__ import annotations

import json
import time

import pytest

from tests.conftest import private_copy
from tests.production import callbacks as cb
from tests.production.processes import Processes, production_env, redis_reachable, wait_for_log, wait_until_up
from tests.production.test_celery_solve import poll_until, solve_body, versions

pytestmark = [pytest.mark.production]

START_TIMEOUT = 4.0
NOT_STARTED_WEEK, CANCELLED_WEEK = (2027, 8), (2027, 9)


@pytest.fixture(scope="module")
def no_worker(filled_sqlite_url, tmp_path_factory):
    reason = redis_reachable()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("no-worker")
    url = private_copy(filled_sqlite_url, folder)  # logins write audit rows: not into the shared file
    processes = Processes(folder)
    env = production_env(url, MIGRADO_JOB_START_TIMEOUT=str(START_TIMEOUT))
    try:
        base = processes.web("web", env)
        wait_until_up(base)
        yield {"base": base, "env": env, "processes": processes, "url": url}
    finally:
        processes.stop()


@pytest.fixture(scope="module")
def dash_app():
    from app import app  # the same callbacks as the server's (only to build request bodies)

    app.server.test_client().get("/login")
    return app


def _message(answer: dict) -> str:
    return json.dumps(answer.get("sideUpdate", {}), ensure_ascii=False)


def test_the_stop_button_cancels_a_solve_that_waits_for_a_worker(no_worker, dash_app):
    base = no_worker["base"]
    week = f"{CANCELLED_WEEK[0]}-W{CANCELLED_WEEK[1]:02d}"
    body = solve_body(dash_app, CANCELLED_WEEK, "5")
    session = cb.logged_in(base, "koordination")
    handles = cb.start_job(session, base, body)
    started = time.monotonic()
    stop = cb.callback_body(dash_app, "stop-button.n_clicks",
                            {"stop-button.n_clicks": 1, "planner-week.value": week})
    # The same user's stop button in another tab (another page load) leaves this job alone.
    other_tab = session.post(base + "/_dash-update-component", params={"endId": "another-page-load"},
                             json=stop, timeout=30)
    assert other_tab.status_code == 200
    assert not cb.finished(cb.poll_job(session, base, body, handles))
    assert session.post(base + "/_dash-update-component", json=stop, timeout=30).status_code == 200

    answer = poll_until(session, base, body, handles, cb.finished, 30)
    assert time.monotonic() - started < START_TIMEOUT  # at once, not at the start deadline
    assert "abgebrochen, bevor sie begonnen hat" in _message(answer)


def test_a_solve_no_worker_picks_up_is_reported_and_a_late_worker_skips_it(no_worker, dash_app):
    base = no_worker["base"]
    body = solve_body(dash_app, NOT_STARTED_WEEK, "5")
    session = cb.logged_in(base, "koordination")
    handles = cb.start_job(session, base, body)
    started = time.monotonic()
    # While it may still start, polls get no answer (the renderer keeps polling).
    assert not cb.finished(cb.poll_job(session, base, body, handles))

    answer = poll_until(session, base, body, handles, cb.finished, 30)
    assert time.monotonic() - started >= START_TIMEOUT - 0.5
    message = _message(answer)
    assert "Die Berechnung wurde nicht gestartet: kein Rechen-Dienst (Worker) erreichbar" in message
    assert "job-not-started" in message

    # In English too.
    session.cookies.set("lang", "en")
    handles = cb.start_job(session, base, body)
    answer = poll_until(session, base, body, handles, cb.finished, 30)
    assert "The calculation was not started: no computing service (worker) is reachable" in _message(answer)

    # A worker that comes up now finds the given-up jobs in the queue and skips them all.
    processes = no_worker["processes"]
    processes.celery("late-worker", no_worker["env"])
    wait_for_log(processes, "late-worker", "ready")
    wait_for_log(processes, "late-worker", "given up before it started: skipped", 30)
    deadline = time.monotonic() + 30
    while processes.log("late-worker").count("given up before it started: skipped") < 3:
        assert time.monotonic() < deadline, processes.log("late-worker")[-3000:]
        time.sleep(0.3)
    assert versions(no_worker["url"], NOT_STARTED_WEEK) == []
    assert versions(no_worker["url"], CANCELLED_WEEK) == []
