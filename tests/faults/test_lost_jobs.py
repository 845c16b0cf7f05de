"""A background job that ends without an answer is reported, in the embedded mode too."""

from __future__ import annotations

import subprocess
import sys

import diskcache
import pytest
from dash.exceptions import BackgroundCallbackError

from dashboard.web import jobs


@pytest.fixture
def local_jobs(tmp_path):
    return jobs.LocalJobs(diskcache.Cache(str(tmp_path / "cache")))


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()  # exited and reaped: its pid names no process now
    return process.pid


def _running_pid() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])


def test_a_job_gone_without_a_result_is_reported_as_lost(local_jobs):
    result = local_jobs.get_result("no-result-key", _dead_pid())
    assert jobs.is_lost_job(BackgroundCallbackError(result["background_callback_error"]["msg"]))


def test_a_running_job_without_a_result_yet_is_left_alone(local_jobs):
    process = _running_pid()
    try:
        assert local_jobs.get_result("no-result-yet", process.pid) is local_jobs.UNDEFINED
    finally:
        process.kill()
        process.wait()


def test_a_finished_job_gives_its_result(local_jobs):
    local_jobs.handle.set("done-key", ["plan", 1])  # the disk cache keeps Python values
    assert local_jobs.get_result("done-key", _dead_pid()) == ["plan", 1]


def test_a_job_that_ends_while_its_result_is_read_gives_its_result(local_jobs, monkeypatch):
    import psutil

    # Dash asks whether the pid exists, then looks at its children: the job can end in between.
    monkeypatch.setattr(psutil, "pid_exists", lambda _pid: True)
    local_jobs.handle.set("raced-key", {"plan": 2})
    assert local_jobs.get_result("raced-key", _dead_pid()) == {"plan": 2}


def test_only_job_errors_are_turned_into_a_message():
    with pytest.raises(ValueError):
        jobs.on_callback_error(ValueError("a bug elsewhere"))  # propagates unchanged


@pytest.mark.parametrize("raw, seconds", [("", jobs.DEFAULT_START_TIMEOUT_SECONDS), ("2.5", 2.5),
                                          ("0", jobs.DEFAULT_START_TIMEOUT_SECONDS),
                                          ("soon", jobs.DEFAULT_START_TIMEOUT_SECONDS)])
def test_the_start_timeout_comes_from_the_environment(monkeypatch, raw, seconds):
    monkeypatch.setenv(jobs.START_TIMEOUT_ENV, raw)
    assert jobs.start_timeout_seconds() == seconds


def test_local_jobs_start_at_once_and_are_never_given_up(local_jobs, monkeypatch):
    process = _running_pid()
    try:
        assert local_jobs.job_given_up(process.pid) is None
    finally:
        process.kill()
        process.wait()
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert jobs.cancel_waiting_job("solve-status", "koordination") is False


def test_a_local_job_is_forked_from_the_fork_server_with_the_web_process_settings(local_jobs, monkeypatch):
    import os
    import time

    # A fork of the threaded web process could inherit a lock another thread holds: jobs
    # come from the fork server, and see the settings of the web process as they are now.
    monkeypatch.setenv("MIGRADO_JOB_PROBE", f"set-after-start-{time.time()}")

    def probe_job(result_key, _progress_key, _args, _context):
        import os
        import threading

        local_jobs.handle.set(result_key, {"parent": os.getppid(), "threads": threading.active_count(),
                                           "probe": os.environ.get("MIGRADO_JOB_PROBE")})

    pid = local_jobs.call_job_fn("probe-key", probe_job, [], {})
    deadline = time.monotonic() + 120
    while (result := local_jobs.get_result("probe-key", pid)) is local_jobs.UNDEFINED:
        assert time.monotonic() < deadline, "the job did not answer"
        time.sleep(0.1)
    assert result["probe"] == os.environ["MIGRADO_JOB_PROBE"]
    assert result["parent"] != os.getpid()
    assert result["threads"] == 1
