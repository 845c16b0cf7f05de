#!/usr/bin/env bash
# Production mode on this machine: PostgreSQL, Redis, a Celery worker and gunicorn with
# several workers on http://127.0.0.1:8051. Settings come from the environment or from
# deploy/production.env (see deploy/production.env.example); the defaults below use this
# machine's PostgreSQL (a database `migrado` of its own) and Redis (database 1).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

if [ -f deploy/production.env ]; then set -a; . deploy/production.env; set +a; fi
export DATABASE_URL="${DATABASE_URL:-postgresql://root@127.0.0.1:5432/migrado}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/1}"
export WEB_CONCURRENCY="${WEB_CONCURRENCY:-2}"
export MIGRADO_BIND="${MIGRADO_BIND:-127.0.0.1:8051}"
# Locally over plain HTTP: secure cookies would never be sent back.
export MIGRADO_SECURE_COOKIES="${MIGRADO_SECURE_COOKIES:-0}"
if [ -z "${MIGRADO_SECRET_KEY:-}" ]; then
    # One key for all workers, kept under var/ like the embedded mode's.
    mkdir -p var
    [ -s var/secret_key ] || $BIN/python -c "import secrets; print(secrets.token_hex(32))" > var/secret_key
    export MIGRADO_SECRET_KEY="$(cat var/secret_key)"
fi

$BIN/python deploy/create_database.py
$BIN/python -m data_access.demo --if-empty   # migrates, and fills the demo centre when empty
$BIN/python -m dashboard.services.demo_plans  # plans and publishes the demo's current and next week, once

# -B: this worker also runs beat (the monthly report mailing); on several hosts run beat once.
$BIN/celery -A worker worker --loglevel "${MIGRADO_LOG_LEVEL:-info}" \
    --concurrency "${CELERY_CONCURRENCY:-2}" --hostname "migrado@%h" -B --schedule var/celerybeat-schedule &
CELERY_PID=$!
trap 'kill "$CELERY_PID" 2>/dev/null; wait "$CELERY_PID" 2>/dev/null || true' EXIT INT TERM

$BIN/gunicorn -c deploy/gunicorn.conf.py app:server
