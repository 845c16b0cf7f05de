"""The Overview's live figures as every open Overview shows them: computed once per interval.

Leadership, the coordination team and a screen in the office may all have the Overview
open, each refreshing itself every refresh_seconds(). The figures are the same for all of
them, and computing them reads today's visits, tickets, plan and forecast, so a web worker
computes them at most once per `shared_seconds()` (a third of the page's own interval) and
every screen asking within that time gets the same computation, stamped with the moment it
was made (the page's "as of"). A new check-in therefore shows at the latest one page
interval plus a third later, as the page says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from time import monotonic

from dashboard.services.cache import cached
from dashboard.services.live_figures import LiveOverview, live_overview, refresh_seconds
from dashboard.services.overview_figures import PlaceFigures, place_figures
from planner import clock


@dataclass(frozen=True)
class OverviewNow:
    at: dt.datetime  # when these figures were computed
    live: LiveOverview
    places: list[PlaceFigures]


def shared_seconds() -> float:
    return max(1.0, refresh_seconds() / 3)


def overview_now() -> OverviewNow:
    """The live figures of the current interval (computed now if this worker has none yet)."""
    return _computed(clock.today(), int(monotonic() // shared_seconds()))


@cached(seconds=3600, maxsize=4)  # the interval is in the key: an entry is never used after it
def _computed(_day: dt.date, _interval: int) -> OverviewNow:
    now = clock.now()
    return OverviewNow(now, live_overview(now), place_figures(now))
