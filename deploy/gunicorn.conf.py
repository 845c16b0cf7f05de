"""gunicorn settings of production mode: `gunicorn -c deploy/gunicorn.conf.py app:server`.

Everything comes from the environment (see deploy/production.env.example); the
defaults suit one host with 2 cores.
"""

import gc
import os

bind = os.environ.get("MIGRADO_BIND", "127.0.0.1:8051")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads let one worker serve several quick requests (check-ins, polls) while another
# request waits on the database; long work runs on Celery, never in a request.
threads = int(os.environ.get("MIGRADO_THREADS", "4"))
worker_class = "gthread"
# Each worker listens on a socket of its own and the kernel spreads new connections over
# them. With one shared socket, the worker that happened to wake first took most of the
# clients' keep-alive connections and ran at 100 % of its one core while the other idled.
reuse_port = True
# Load the app once in the master: workers fork with it ready (faster, less memory).
preload_app = True
timeout = 60
graceful_timeout = 20
keepalive = 5
# Workers are not recycled after a number of requests (MIGRADO_MAX_REQUESTS=N turns it on).
# Each worker listens on a socket of its own (reuse_port), and the kernel keeps handing a
# recycling worker new connections until its socket closes: under load every recycle
# reset a dozen of them (the load benchmark at 50 x 800 counted 21 failed requests, all
# at the two workers' restarts). No leak is known that recycling would have to contain.
max_requests = int(os.environ.get("MIGRADO_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("MIGRADO_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("MIGRADO_LOG_LEVEL", "info")


def when_ready(server):
    """Move everything the preloaded app created into the garbage collector's permanent
    generation before the workers fork. Otherwise each full collection in a worker walks
    the whole app (Dash, plotly, pandas) again: under the load benchmark the longest
    pause was 245 ms before and 124 ms after, and every request queued in the worker
    waited that long. It also keeps those pages shared between the workers."""
    gc.freeze()


def post_fork(server, worker):
    """Each worker opens its own database connections; pooled ones from the master are
    left to the master (closing a shared socket from the child would break it)."""
    from data_access.db import dispose_engines

    dispose_engines(close=False)

# gunicorn 25+ opens a control socket under ~/.gunicorn; several instances on one host
# (or engineers sharing one) would fight over it, and nothing here uses it.
control_socket_disable = True
