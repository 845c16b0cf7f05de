"""The Celery worker of production mode: `celery -A worker worker` (REDIS_URL must be set).

Importing the app registers every background callback as a Celery task; the worker then
runs the solves that any web worker queues.
"""

import app as _web  # noqa: F401 - builds the Dash app, which registers the callbacks as tasks
from dashboard.web.jobs import celery_app

# Celery's `-A worker` looks for `app`, then `celery`: both name the Celery app here.
celery = app = celery_app()

# Leadership's monthly report: beat asks every hour; run_monthly sends once, on or after the
# month's first working day (`celery -A worker worker -B`, or a separate `celery -A worker beat`).
from dashboard.reports.delivery import run_monthly  # noqa: E402


@celery.task(name="migrado.monthly_report")
def monthly_report() -> str:
    return run_monthly()


celery.conf.beat_schedule = {
    "monthly-report": {"task": "migrado.monthly_report", "schedule": 3600.0},
}
