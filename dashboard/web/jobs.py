"""Where background callbacks (solves, rotations) run: chosen by settings alone.

With REDIS_URL set, jobs go to Celery workers through Redis (`celery -A worker worker`),
so any web worker on any host can start a job and any other can fetch its result.
Without it, the embedded default runs each job in a subprocess with a disk cache under
var/, which serves one machine.

Both managers also notice a job that died without an answer (its worker killed, the
machine out of memory): the next poll reports it as an error the callback's `on_error`
turns into a message, instead of the browser waiting forever or silently giving up.

With Celery a job can also wait in the queue with no worker to take it. Each job gets
MIGRADO_JOB_START_TIMEOUT seconds to start; then the poll gives it up and says so. Who
decides is settled per job in Redis by one SET NX on the job's claim key: the worker
writes "started" before it runs the callback, the web side "not_started" (time is up) or
"cancelled" (the user pressed stop while it waited). Whoever comes second yields: a worker
that finds the job given up skips it, and a job a worker took is never reported unstarted.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from pathlib import Path

from dash import CeleryManager, DiskcacheManager

# The messages of a lost, a never started and a cancelled job, recognised by the callback's
# error handler (`on_callback_error`).
JOB_LOST = "MIGRADO_JOB_LOST"
JOB_NOT_STARTED = "MIGRADO_JOB_NOT_STARTED"
JOB_CANCELLED = "MIGRADO_JOB_CANCELLED"
# The values of a job's claim key (see the module's docstring).
STARTED, NOT_STARTED, CANCELLED = b"started", b"not_started", b"cancelled"
START_TIMEOUT_ENV = "MIGRADO_JOB_START_TIMEOUT"
DEFAULT_START_TIMEOUT_SECONDS = 120.0
HEARTBEAT_SECONDS = 2.0
HEARTBEAT_TTL_SECONDS = 10
# How long the web side keeps a finished job's result when nobody fetched it.
RESULT_EXPIRES_SECONDS = 3600


def redis_url() -> str | None:
    return os.environ.get("REDIS_URL", "").strip() or None


def is_lost_job(error: BaseException) -> bool:
    return JOB_LOST in str(error)


def is_unstarted_job(error: BaseException) -> bool:
    return JOB_NOT_STARTED in str(error)


def is_cancelled_job(error: BaseException) -> bool:
    return JOB_CANCELLED in str(error)


def start_timeout_seconds() -> float:
    """How long a queued job may wait for a worker (MIGRADO_JOB_START_TIMEOUT, seconds)."""
    raw = os.environ.get(START_TIMEOUT_ENV, "").strip()
    try:
        value = float(raw) if raw else DEFAULT_START_TIMEOUT_SECONDS
    except ValueError:
        value = 0.0
    if value <= 0:
        logging.getLogger(__name__).warning("%s=%r is not a positive number of seconds: using %s",
                                            START_TIMEOUT_ENV, raw, DEFAULT_START_TIMEOUT_SECONDS)
        value = DEFAULT_START_TIMEOUT_SECONDS
    return value


def _error_payload(message: str) -> dict:
    return {"background_callback_error": {"msg": message, "tb": ""}}


def _lost_payload() -> dict:
    return _error_payload(JOB_LOST)


class _LostJobAware:
    """get_result that turns 'no result and the job is gone (or never came)' into an error."""

    def get_result(self, key, job):
        result = super().get_result(key, job)
        if result is not self.UNDEFINED or job is None:
            return result
        if self.job_gone(job):
            # The job may have written its result just before it ended: read once more.
            result = super().get_result(key, job)
            return _lost_payload() if result is self.UNDEFINED else result
        unstarted = self.job_given_up(job)
        if unstarted is not None:
            return _error_payload(unstarted)
        return result

    def job_given_up(self, job) -> str | None:
        """JOB_NOT_STARTED or JOB_CANCELLED for a job no worker will run, else None."""
        return None


class LocalJobs(_LostJobAware, DiskcacheManager):
    """The embedded default: a process per job (started at once), results on local disk.

    A job is forked from a fork server (one small process, started once with the job's
    modules imported and no other threads), never from the web process itself: a fork of
    the threaded web server copies whatever lock another of its threads holds at that
    instant (SQLite's, a C library's, a logging handler's) and the job can wait on it
    for ever. The job gets the web process's environment as it is when the job starts.
    """

    def call_job_fn(self, key, job_fn, args, context):
        process = _job_processes().Process(
            target=_run_job, args=(dict(os.environ), job_fn, key, self._make_progress_key(key), args, context))
        process.start()
        return process.pid

    def job_gone(self, job) -> bool:
        return not self.job_running(job)

    def terminate_job(self, job):
        import psutil

        try:
            super().terminate_job(job)
        except psutil.NoSuchProcess:
            # The job ended between Dash's "is it there" and its look at the children: it
            # has delivered its result and there is nothing left to stop.
            pass


# What the fork server imports once, so that a job starts in well under a second.
JOB_MODULES = ["dashboard.web.job_modules"]
_PROCESSES = None


def _job_processes():
    """The multiprocess context whose processes come from the fork server."""
    global _PROCESSES
    if _PROCESSES is None:
        from multiprocess import get_context

        context = get_context("forkserver")
        context.set_forkserver_preload(JOB_MODULES)
        _PROCESSES = context
    return _PROCESSES


def _run_job(environment: dict, job_fn, *args) -> None:
    """Run a job in a process from the fork server, with the settings of the web process."""
    os.environ.clear()
    os.environ.update(environment)
    job_fn(*args)


class CeleryJobs(_LostJobAware, CeleryManager):
    """Jobs on Celery workers; a heartbeat in Redis shows the job's process is alive."""

    def make_job_fn(self, fn, progress, key=None):
        return super().make_job_fn(_with_heartbeat(fn, self.handle), progress, key)

    def call_job_fn(self, key, job_fn, args, context):
        task_id = super().call_job_fn(key, job_fn, args, context)
        client = self.handle.backend.client
        # The start deadline lives in Redis (its clock, not a web host's): gone = time is up.
        client.set(_wait_key(task_id), 1, px=max(1, int(start_timeout_seconds() * 1000)))
        owner = _job_owner(context)
        if owner:  # lets the stop button find the job it may cancel while it waits
            client.set(_queued_key(*owner), task_id, ex=RESULT_EXPIRES_SECONDS)
        return task_id

    def job_gone(self, job) -> bool:
        state = self.handle.AsyncResult(job).state
        if state in ("FAILURE", "REVOKED"):
            return True  # e.g. WorkerLostError: the pool process was killed
        client = self.handle.backend.client
        # Started (it beat once) but no longer beating: its whole worker is gone.
        return _claim(client, job) == STARTED and not client.exists(_beat_key(job))

    def job_given_up(self, job) -> str | None:
        client = self.handle.backend.client
        claim = _claim(client, job)
        if claim is None:
            if client.exists(_wait_key(job)):
                return None  # still within its time to start
            # Time is up (or the deadline is unknown: fail closed). Give it up, unless a
            # worker claims it at this very moment: then SET NX fails and it runs.
            client.set(_started_key(job), NOT_STARTED, nx=True, ex=RESULT_EXPIRES_SECONDS)
            claim = _claim(client, job)
        if claim == NOT_STARTED:
            return JOB_NOT_STARTED
        if claim == CANCELLED:
            return JOB_CANCELLED
        return None  # a worker took it


def _claim(client, task_id: str) -> bytes | None:
    value = client.get(_started_key(task_id))
    if value is None or value in (NOT_STARTED, CANCELLED):
        return value
    return STARTED  # "started", or "1" as jobs queued before the claim values wrote it


def _job_owner(context) -> tuple[str, str, str] | None:
    """(login, status output id, page) of a job, from the Dash context it was queued with."""
    try:
        user = (context.get("custom_data") or {}).get("user") or {}
        status = _status_output_of(context.get("outputs_list") or [])
    except AttributeError:
        return None
    login = user.get("login") if isinstance(user, dict) else None
    return (login, status, _page()) if login and status else None


def _page() -> str:
    """The page load a callback request comes from (Dash's signed endId), so that the stop
    button of one browser tab never cancels the job of another."""
    import hashlib

    import flask

    token = flask.request.args.get("endId", "") if flask.has_request_context() else ""
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def cancel_waiting_job(status_output: str, login: str) -> bool:
    """Cancel `login`'s job behind `status_output`, queued from this page, if it still waits for a worker.

    True when it was waiting and will never run (its next poll says so); False when there
    is none, it runs already (stop it through its own stop flag) or jobs are local.
    """
    if not redis_url():
        return False  # local jobs start at once: nothing waits
    client = celery_app().backend.client
    task_id = client.get(_queued_key(login, status_output, _page()))
    if task_id is None:
        return False
    task_id = task_id.decode() if isinstance(task_id, bytes) else str(task_id)
    return bool(client.set(_started_key(task_id), CANCELLED, nx=True, ex=RESULT_EXPIRES_SECONDS))


def _wait_key(task_id: str) -> str:
    return f"migrado-job-wait-{task_id}"


def _queued_key(login: str, status_output: str, page: str) -> str:
    return f"migrado-job-queued-{login}-{status_output}-{page}"


def _beat_key(task_id: str) -> str:
    return f"migrado-job-beat-{task_id}"


def _started_key(task_id: str) -> str:
    return f"migrado-job-started-{task_id}"


def _with_heartbeat(fn, celery_app):
    """Wrap a callback so that its Celery task beats in Redis while it runs."""

    @functools.wraps(fn)
    def beating(*args, **kwargs):
        from celery import current_task

        task_id = current_task.request.id if current_task else None
        if not task_id:
            return fn(*args, **kwargs)
        client = celery_app.backend.client
        # Beat first: a poll that sees the claim must also see a beat (else "lost").
        client.set(_beat_key(task_id), time.time(), ex=HEARTBEAT_TTL_SECONDS)
        # Claim the job before running it; a job given up while it waited is skipped.
        if not client.set(_started_key(task_id), STARTED, nx=True, ex=RESULT_EXPIRES_SECONDS * 24):
            if client.get(_started_key(task_id)) in (NOT_STARTED, CANCELLED):
                logging.getLogger(__name__).info("job %s was given up before it started: skipped", task_id)
                from dash.exceptions import PreventUpdate

                raise PreventUpdate  # Dash stores "no update"; nobody polls for it any more
        done = threading.Event()

        def beat() -> None:
            while True:
                client.set(_beat_key(task_id), time.time(), ex=HEARTBEAT_TTL_SECONDS)
                if done.wait(HEARTBEAT_SECONDS):
                    return

        threading.Thread(target=beat, daemon=True).start()
        try:
            return fn(*args, **kwargs)
        finally:
            done.set()

    return beating


def make_celery(url: str):
    """The Celery app of the background callbacks (broker and results in Redis)."""
    from celery import Celery

    celery = Celery("migrado", broker=url, backend=url)
    celery.conf.update(
        result_expires=RESULT_EXPIRES_SECONDS,
        # One solve at a time per worker process; a solve is long, prefetching more
        # would park jobs behind it while another worker is idle.
        worker_prefetch_multiplier=1,
        task_default_queue=os.environ.get("MIGRADO_CELERY_QUEUE", "migrado"),
        broker_connection_retry_on_startup=True,
    )
    return celery


_CELERY = None


def celery_app():
    """The process's Celery app (one per process, as the callbacks register tasks on it)."""
    global _CELERY
    if _CELERY is None:
        url = redis_url()
        if url is None:
            raise RuntimeError("REDIS_URL is not set: there is no Celery app in the embedded mode")
        _CELERY = make_celery(url)
    return _CELERY


def background_manager(var_dir: Path):
    if redis_url():
        if not os.environ.get("MIGRADO_SECRET_KEY"):
            # Each host would generate its own key under var/: sessions and job handles
            # signed on one host would be refused on another.
            logging.getLogger(__name__).warning("REDIS_URL is set but MIGRADO_SECRET_KEY is not: "
                                                "set the same key on every host")
        return CeleryJobs(celery_app(), expire=RESULT_EXPIRES_SECONDS)
    import diskcache

    var_dir.mkdir(parents=True, exist_ok=True)
    return LocalJobs(diskcache.Cache(str(var_dir / "background-cache")))


def on_callback_error(error: Exception):
    """The app's `on_error`: a failed or lost background job says so on its page.

    The message goes to the callback's status output (an id ending in '-status', e.g. the
    planner's solve-status) through set_props; every other error propagates unchanged, so
    a database outage still becomes a 503 (dashboard.web.unavailable).
    """
    from dash import set_props
    from dash.exceptions import BackgroundCallbackError

    if not isinstance(error, BackgroundCallbackError):
        raise error
    target = _status_output()
    if target is None:
        raise error
    import dash_bootstrap_components as dbc

    from dashboard.texts.i18n import t

    if is_lost_job(error):
        alert = dbc.Alert(t("errors.job.lost"), color="danger", className="job-error")
    elif is_unstarted_job(error):
        alert = dbc.Alert(t("errors.job.not_started"), color="warning", className="job-error job-not-started")
    elif is_cancelled_job(error):
        alert = dbc.Alert(t("errors.job.cancelled"), color="info", className="job-error job-cancelled")
    else:
        alert = dbc.Alert(t("errors.job.failed"), color="danger", className="job-error")
    set_props(target, {"children": alert})
    return None


def _status_output() -> str | None:
    from dash import ctx

    return _status_output_of(ctx.outputs_list)


def _status_output_of(outputs) -> str | None:
    flat = [o for group in outputs for o in (group if isinstance(group, list) else [group])]
    for output in flat:
        ident = output.get("id")
        if isinstance(ident, str) and ident.endswith("-status") and output.get("property") == "children":
            return ident
    return None
