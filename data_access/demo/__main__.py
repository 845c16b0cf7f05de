"""`python -m data_access.demo`: bring the schema up to date and fill it with demo data.

  --seed N            the generator's seed (default 1); the same seed gives the same data
  --scale F           multiply every volume (e.g. 7 for about a million visits)
  --visits N          choose the scale so that the history holds about N visits
  --if-empty          do nothing when the database already holds data (used by `make run`)
  --summary           print the calibration figures of the generated history as JSON
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time

from data_access.db import database_url, session_scope
from data_access.demo.loader import fill
from data_access.demo.visits import generate_visit_frame, summarize
from data_access.migrate import upgrade
from data_access.repositories import ReferenceRepository
from planner import clock


def scale_for(visits: int, seed: int, now: dt.datetime) -> float:
    base = len(generate_visit_frame(seed=seed, until=now))
    return visits / base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_access.demo", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--scale", type=float, default=1.0)
    group.add_argument("--visits", type=int)
    parser.add_argument("--if-empty", action="store_true")
    parser.add_argument("--summary", action="store_true")
    args = parser.parse_args(argv)

    now = clock.now().replace(microsecond=0)
    scale = scale_for(args.visits, args.seed, now) if args.visits else args.scale
    if scale <= 0:
        parser.error(f"--scale must be positive, got {scale}")
    if args.summary:
        print(json.dumps(summarize(generate_visit_frame(seed=args.seed, until=now, scale=scale))))
        return 0

    url = database_url()
    upgrade(url)
    with session_scope(url) as session:
        if ReferenceRepository(session).has_locations():
            if args.if_empty:
                print(f"{_safe(url)} already holds data; nothing to do", file=sys.stderr)
                return 0
            print(f"{_safe(url)} already holds data; use an empty database", file=sys.stderr)
            return 1
        started = time.perf_counter()
        written = fill(session, seed=args.seed, scale=scale, now=now)
    print(
        f"filled {_safe(url)} with {written:,} visits (seed {args.seed}, scale {scale:.3g}) "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


def _safe(url: str) -> str:
    """The URL without a password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    sys.exit(main())
