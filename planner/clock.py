"""The centre's clock: what time it is at the centre, whatever the server's zone.

The centre's zone is a setting (`MIGRADO_TIMEZONE`, Europe/Berlin by default). Times the
centre works with (arrivals, shifts, opening hours) are wall-clock times of that zone;
`now()` and `today()` give them without consulting the server's local zone, so a server in
UTC shows 11:44 when it is 11:44 in Dortmund. `to_centre()` brings an instant with an
offset (from a file or the API) onto the centre's wall clock.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Europe/Berlin"


@lru_cache(maxsize=4)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone() -> ZoneInfo:
    """The centre's time zone (read on each call: tests and deployments may set it)."""
    return _zone(os.environ.get("MIGRADO_TIMEZONE", "").strip() or DEFAULT_ZONE)


def now_aware() -> dt.datetime:
    """This instant in the centre's zone, with its offset, to the second."""
    return dt.datetime.now(tz=zone()).replace(microsecond=0)


def now() -> dt.datetime:
    """The centre's wall-clock time now (naive, as the centre's local times are stored)."""
    return now_aware().replace(tzinfo=None)


def today() -> dt.date:
    return now_aware().date()


def to_centre(value: dt.datetime) -> dt.datetime:
    """An instant on the centre's wall clock (naive); a naive value is taken as the centre's already."""
    if value.tzinfo is None:
        return value
    return value.astimezone(zone()).replace(tzinfo=None)


def with_offset(value: dt.datetime) -> dt.datetime:
    """A centre wall-clock time with its offset (+01:00 in winter, +02:00 in summer)."""
    if value.tzinfo is not None:
        return value.astimezone(zone())
    return value.replace(tzinfo=zone())


# The days the product accepts anywhere (forms, imports, the API): outside them a date is a
# typing error (0205 for 2025), and far-off years break the statistics' arithmetic.
YEARS = range(2000, 2101)


def plausible(day: dt.date) -> bool:
    """True for a day within YEARS."""
    return day.year in YEARS
