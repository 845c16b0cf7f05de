"""Production mode end to end: two gunicorn servers, a Celery worker, Redis, PostgreSQL.

A solve started through one web server runs on the Celery worker (another process) and
its result is fetched through the other web server; a worker killed during a solve is
reported on the page, and nothing of the plan is saved.
"""

from __future__ import annotations

import json
import os
import signal
import time

import psutil
import pytest

from data_access.db import dispose_engines, session_scope
from data_access.repositories.schedules import ScheduleRepository
from tests.production import callbacks as cb
from tests.production.processes import Processes, production_env, redis_reachable, wait_for_log, wait_until_up

pytestmark = [pytest.mark.postgres, pytest.mark.production]

SOLVED_WEEK, LOST_WEEK, GONE_WEEK = (2027, 3), (2027, 4), (2027, 5)


@pytest.fixture(scope="module")
def prod(filled_postgres_url, tmp_path_factory):
    reason = redis_reachable()
    if reason:
        pytest.skip(reason)
    processes = Processes(tmp_path_factory.mktemp("prod-logs"))
    env = production_env(filled_postgres_url)
    try:
        worker = processes.celery("celery", env)
        first, second = processes.web("web-a", env), processes.web("web-b", env)
        wait_until_up(first)
        wait_until_up(second)
        wait_for_log(processes, "celery", "ready")
        yield {"a": first, "b": second, "worker": worker, "processes": processes, "url": filled_postgres_url}
    finally:
        processes.stop()
        with session_scope(filled_postgres_url) as session:
            schedules = ScheduleRepository(session)
            for year, week in (SOLVED_WEEK, LOST_WEEK, GONE_WEEK):
                for schedule in schedules.versions(year, week):
                    session.delete(schedule)
        dispose_engines()


@pytest.fixture(scope="module")
def dash_app():
    from app import app  # the same callbacks as the servers' (only to build request bodies)

    app.server.test_client().get("/login")  # Dash registers its callbacks on the first request
    return app


def solve_body(dash_app, week: tuple[int, int], seconds: str) -> dict:
    return cb.callback_body(dash_app, "solve-button.n_clicks", {
        "solve-button.n_clicks": 1, "planner-week.value": f"{week[0]}-W{week[1]:02d}",
        "solve-seconds.value": seconds, "planner-sl-target.value": 80, "planner-sl-wait.value": 20,
    }, output="solve-status")


def poll_until(session, base, body, handles, done, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answer = cb.poll_job(session, base, body, handles)
        if done(answer):
            return answer
        time.sleep(0.5)
    raise TimeoutError(f"no answer in {seconds} s")


def versions(url: str, week: tuple[int, int]) -> list:
    with session_scope(url) as session:
        return [(s.status, s.solver_status) for s in ScheduleRepository(session).versions(*week)]


def test_a_solve_runs_on_the_celery_worker_and_its_result_is_read_through_another_server(prod, dash_app):
    body = solve_body(dash_app, SOLVED_WEEK, "5")
    handles = cb.start_job(cb.logged_in(prod["a"], "koordination"), prod["a"], body)
    # The same user's cookie works on the other server: sessions are signed, not stored.
    other = cb.logged_in(prod["b"], "koordination")
    answer = poll_until(other, prod["b"], body, handles, cb.finished, 120)

    status = json.dumps(answer["response"]["solve-status"], ensure_ascii=False)
    assert "Plan berechnet" in status
    assert versions(prod["url"], SOLVED_WEEK)[0][0] == "draft"
    # It ran in the Celery worker's process, not in a web server.
    assert "succeeded" in prod["processes"].log("celery")
    assert "background_callback_" in prod["processes"].log("celery")


def _running(answer: dict) -> bool:
    return "progress" in answer or cb.finished(answer)


def test_a_killed_pool_process_is_reported_and_nothing_is_saved(prod, dash_app):
    body = solve_body(dash_app, LOST_WEEK, "60")
    session = cb.logged_in(prod["a"], "koordination")
    handles = cb.start_job(session, prod["a"], body)
    # Kill as soon as the job reports it runs: on a quiet machine the week is solved in about
    # a second, and a later kill would find the job already done.
    poll_until(session, prod["b"], body, handles, _running, 60)
    children = psutil.Process(prod["worker"].pid).children()
    assert children, "the Celery worker has no pool process"
    for child in children:
        os.kill(child.pid, signal.SIGKILL)

    answer = poll_until(session, prod["b"], body, handles, cb.finished, 30)
    message = json.dumps(answer.get("sideUpdate", {}), ensure_ascii=False)
    assert "Rechenprozess wurde unerwartet beendet" in message
    assert versions(prod["url"], LOST_WEEK) == []  # no draft, not even an empty one


def test_a_worker_killed_whole_is_noticed_by_its_missing_heartbeat(prod, dash_app):
    wait_for_log(prod["processes"], "celery", "ready")
    body = solve_body(dash_app, GONE_WEEK, "60")
    session = cb.logged_in(prod["b"], "koordination")
    handles = cb.start_job(session, prod["b"], body)
    poll_until(session, prod["a"], body, handles, _running, 60)
    os.killpg(prod["worker"].pid, signal.SIGKILL)  # the worker and its pool, like a lost host

    answer = poll_until(session, prod["a"], body, handles, cb.finished, 40)
    message = json.dumps(answer.get("sideUpdate", {}), ensure_ascii=False)
    assert "Rechenprozess wurde unerwartet beendet" in message
    assert versions(prod["url"], GONE_WEEK) == []
