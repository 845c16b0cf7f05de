"""Long CPU-bound work in a process of its own, at a lower CPU priority than the web's.

A 50,000-row import parses and checks for seconds. Run in a web worker's thread it holds
that worker's interpreter lock, and the check-ins the same worker serves wait behind it
(bench/load.py --import-rows: the check-ins' p95 rose by about a third). In a process of
its own the import takes only what the check-ins leave of the cores: on Linux it runs in
the idle scheduling class (SCHED_IDLE: a core only when no other process wants it; with
niceness 10 alone it still took about a tenth of a busy core, and the check-ins' p95 under
bench/load.py's import was about 9 % higher), elsewhere its niceness is raised by
NICENESS. Neither needs a privilege. On a machine busy without a pause for TIMEOUT_SECONDS
the import would not finish; it stops then, and its committed chunks are skipped when it
is run again.

`run(function, *args)` starts `python -m dashboard.services.apart`, hands it the function
(by module and name) and its arguments pickled on stdin, and waits for the pickled result
or exception on stdout. A new interpreter, not a fork: a fork of a threaded server copies
locks that its other threads hold.
"""

from __future__ import annotations

import importlib
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

NICENESS = 10
TIMEOUT_SECONDS = 900  # as the import page's own limit: a request never waits longer


class ApartFailed(RuntimeError):
    """The apart process ended without an answer (killed, out of memory, a broken install)."""


def run(function: Callable[..., T], *args) -> T:
    """`function(*args)` in a new process at lower priority; its exception is raised here."""
    request = pickle.dumps((function.__module__, function.__qualname__, args))
    done = subprocess.run([sys.executable, "-m", __name__], input=request, capture_output=True,
                          timeout=TIMEOUT_SECONDS, check=False)
    try:
        failed, value = pickle.loads(done.stdout)
    except Exception as error:  # noqa: BLE001 - whatever came back, it is not an answer
        tail = done.stderr.decode("utf-8", "replace")[-500:]
        raise ApartFailed(f"exit {done.returncode}: {tail}") from error
    if failed:
        raise value
    return value


def _lower_priority() -> None:
    os.nice(NICENESS)
    if hasattr(os, "sched_setscheduler"):
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        except OSError:  # a kernel without the idle class: the niceness stays
            pass


def _serve() -> None:
    _lower_priority()
    module, name, args = pickle.loads(sys.stdin.buffer.read())
    function = importlib.import_module(module)
    for part in name.split("."):
        function = getattr(function, part)
    try:
        answer = (False, function(*args))
    except Exception as error:  # noqa: BLE001 - handed to the caller, who raises it
        answer = (True, error)
    try:
        data = pickle.dumps(answer)
    except Exception:  # noqa: BLE001 - an exception that does not pickle still says what it was
        data = pickle.dumps((True, ApartFailed(repr(answer[1])[:500])))
    sys.stdout.buffer.write(data)


if __name__ == "__main__":
    _serve()
