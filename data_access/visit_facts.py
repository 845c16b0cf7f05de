"""What a visit's row repeats from its arrival, computed in one place: its slot and channel.

Every writer of visits (the desk, the devices' API, the import, the demo history) stores
the 30-minute slot of the arrival and the channel of the place beside the arrival itself,
so charts group by indexed columns instead of by expressions (docs/architecture.md).
"""

from __future__ import annotations

from sqlalchemy import case

SLOT_MINUTES = 30
INFOPOINT = "infopoint"  # the place kind whose visits are Infopoint consultations
ADVICE = "advice"


def slot_of(at):
    """The slot of the day an arrival falls in (0 = 00:00-00:29, 19 = 09:30-09:59).

    Works on a datetime and, element-wise, on a pandas DatetimeIndex.
    """
    return (at.hour * 60 + at.minute) // SLOT_MINUTES


def channel_of(place_kind: str) -> str:
    """Infopoint or advice: the channel of a visit at a place of this kind."""
    return INFOPOINT if place_kind == INFOPOINT else ADVICE


def channel_sql(place_kind_column):
    """channel_of as an SQL expression, for statements that write visits from a SELECT."""
    return case((place_kind_column == INFOPOINT, INFOPOINT), else_=ADVICE)
