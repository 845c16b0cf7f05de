"""The demo centre's weeks planned and published, as its coordination team would have left them.

`python -m data_access.demo` writes only the partner organisations' agreed turns as the
published plans of the current week and the next two (the partner portal needs them, and
the data layer cannot run the planner). A coordinator who opens the demo should find the
current and the next week fully planned: this step solves them around those turns and
publishes the result, once. `make run`, `make demo` and `make serve-prod` call it after the
demo fill;
weeks that a coordinator has planned (any version not written by the demo) are left alone.

    python -m dashboard.services.demo_plans [--weeks 2] [--seconds 8]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from dashboard.services import schedule_changes
from dashboard.services import week_planning as planning
from dashboard.services.unit_of_work import UnitOfWork
from planner import clock

DEMO_AUTHOR = "demo"  # created_by of the demo's partner-turn plans (data_access.demo.schedules)
PLANNED_BY = "koordination"


def only_partner_turns(iso_year: int, iso_week: int, *, uow: UnitOfWork | None = None) -> bool:
    """True when the week's one version is the demo's plan of partner turns."""
    with uow or UnitOfWork() as work:
        versions = work.schedules.versions(iso_year, iso_week)
        return len(versions) == 1 and versions[0].created_by == DEMO_AUTHOR and versions[0].status == "published"


def plan_demo_weeks(today: dt.date, weeks: int = 2, seconds: float = 8.0) -> list[tuple[int, int, str]]:
    """Plan and publish the demo's weeks from today's on: (year, week, solver status) of each one done."""
    done = []
    monday = today - dt.timedelta(days=today.weekday())
    for k in range(weeks):
        year, number, _ = (monday + dt.timedelta(weeks=k)).isocalendar()
        if not only_partner_turns(year, number):
            continue
        outcome = planning.plan_week(year, number, by=PLANNED_BY, time_limit_s=seconds)
        # No plan within the time (a busy machine): the partner turns alone would be
        # published as the week's plan; the week stays a draft for the coordination.
        if outcome.schedule_id is None or not outcome.result.feasible:
            continue
        schedule_changes.publish_draft(year, number, by=PLANNED_BY)
        done.append((year, number, outcome.result.status))
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weeks", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=8.0, help="solve time per week")
    args = parser.parse_args(argv)
    started = time.monotonic()
    done = plan_demo_weeks(clock.today(), args.weeks, args.seconds)
    for year, number, status in done:
        print(f"demo plan: week {number}/{year} planned and published ({status})")
    if done:
        print(f"demo plans ready in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
