"""The centre's clock: naive local time in Europe/Berlin, as the database keeps timestamps."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def centre_now() -> dt.datetime:
    return dt.datetime.now(BERLIN).replace(tzinfo=None, microsecond=0)
