"""The centre's clock: naive local time in the centre's zone (the setting), as the database
keeps timestamps."""

from __future__ import annotations

import datetime as dt

from planner import clock


def centre_now() -> dt.datetime:
    return clock.now()
