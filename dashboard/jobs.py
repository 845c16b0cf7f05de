"""Where background callbacks (solves, rotations) run: chosen by settings alone.

With REDIS_URL set, jobs go to Celery workers through Redis (`celery -A worker worker`),
so any web worker on any host can start a job and any other can fetch its result.
Without it, the embedded default runs each job in a subprocess with a disk cache under
var/, which serves one machine.

Both managers also notice a job that died without an answer (its worker killed, the
machine out of memory): the next poll reports it as an error the callback's `on_error`
turns into a message, instead of the browser waiting forever or silently giving up.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from pathlib import Path

from dash import CeleryManager, DiskcacheManager

# The message of a lost job, recognised by `is_lost_job` in the callback's error handler.
JOB_LOST = "MIGRADO_JOB_LOST"
HEARTBEAT_SECONDS = 2.0
HEARTBEAT_TTL_SECONDS = 10
# How long the web side keeps a finished job's result when nobody fetched it.
RESULT_EXPIRES_SECONDS = 3600


def redis_url() -> str | None:
    return os.environ.get("REDIS_URL", "").strip() or None


def is_lost_job(error: BaseException) -> bool:
    return JOB_LOST in str(error)


def _lost_payload() -> dict:
    return {"background_callback_error": {"msg": JOB_LOST, "tb": ""}}


class _LostJobAware:
    """get_result that turns 'no result and the job is gone' into an error."""

    def get_result(self, key, job):
        result = super().get_result(key, job)
        if result is not self.UNDEFINED or job is None or not self.job_gone(job):
            return result
        # The job may have written its result just before it ended: read once more.
        result = super().get_result(key, job)
        return _lost_payload() if result is self.UNDEFINED else result


class LocalJobs(_LostJobAware, DiskcacheManager):
    """The embedded default: a subprocess per job, results on local disk."""

    def job_gone(self, job) -> bool:
        return not self.job_running(job)


class CeleryJobs(_LostJobAware, CeleryManager):
    """Jobs on Celery workers; a heartbeat in Redis shows the job's process is alive."""

    def make_job_fn(self, fn, progress, key=None):
        return super().make_job_fn(_with_heartbeat(fn, self.handle), progress, key)

    def job_gone(self, job) -> bool:
        state = self.handle.AsyncResult(job).state
        if state in ("FAILURE", "REVOKED"):
            return True  # e.g. WorkerLostError: the pool process was killed
        client = self.handle.backend.client
        # Started (it beat once) but no longer beating: its whole worker is gone.
        return bool(client.exists(_started_key(job))) and not client.exists(_beat_key(job))


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
        done = threading.Event()

        def beat() -> None:
            while True:
                client.set(_beat_key(task_id), time.time(), ex=HEARTBEAT_TTL_SECONDS)
                if done.wait(HEARTBEAT_SECONDS):
                    return

        client.set(_started_key(task_id), 1, ex=RESULT_EXPIRES_SECONDS * 24)
        client.set(_beat_key(task_id), time.time(), ex=HEARTBEAT_TTL_SECONDS)
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
    a database outage still becomes a 503 (dashboard.unavailable).
    """
    from dash import set_props
    from dash.exceptions import BackgroundCallbackError

    if not isinstance(error, BackgroundCallbackError):
        raise error
    target = _status_output()
    if target is None:
        raise error
    import dash_bootstrap_components as dbc

    from dashboard.i18n import t

    text = t("errors.job.lost") if is_lost_job(error) else t("errors.job.failed")
    set_props(target, {"children": dbc.Alert(text, color="danger", className="job-error")})
    return None


def _status_output() -> str | None:
    from dash import ctx

    outputs = ctx.outputs_list
    flat = [o for group in outputs for o in (group if isinstance(group, list) else [group])]
    for output in flat:
        ident = output.get("id")
        if isinstance(ident, str) and ident.endswith("-status") and output.get("property") == "children":
            return ident
    return None
