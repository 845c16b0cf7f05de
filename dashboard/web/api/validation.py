"""Reading the API's JSON bodies: every problem names the field it is about.

400: the request breaks the OpenAPI document (not JSON, an unknown field, a wrong type, a
value outside an enum, no date-time). 422: the request fits the document but is refused on
its meaning (a time in the future, an arrival older than a week, a call before the arrival);
the document lists both.
"""

from __future__ import annotations

import datetime as dt
import re

from dashboard.web.api.errors import ApiError
from planner import clock

IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,128}$")
# A device clock a little ahead of ours is fine; an arrival far in the future is a mistake.
CLOCK_SKEW = dt.timedelta(minutes=5)
# The centre opened long after this; a year 0058 is a device's broken clock (it would store
# a wait of millions of minutes and break every statistic).
EARLIEST = dt.datetime(2000, 1, 1)
# A ticket machine that was offline may post its arrivals late, but not from last month.
OLDEST_ARRIVAL = dt.timedelta(days=7)
UNPROCESSABLE = 422


def json_object(request) -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, None, "not_json")
    return body


def reject_unknown(body: dict, allowed: tuple[str, ...]) -> None:
    for field in body:
        if field not in allowed:
            raise ApiError(400, field, "field_unknown")


def required_string(body: dict, field: str) -> str:
    if field not in body or body[field] in (None, ""):
        raise ApiError(400, field, "missing")
    if not isinstance(body[field], str):
        raise ApiError(400, field, "type")
    return body[field]


def boolean(body: dict, field: str) -> bool:
    if not isinstance(body[field], bool):
        raise ApiError(400, field, "type")
    return body[field]


def local_datetime(body: dict, field: str, now: dt.datetime, *, oldest: dt.timedelta | None = None) -> dt.datetime:
    """An ISO 8601 time as the naive centre wall-clock time the database keeps.

    A time with an offset is brought onto the centre's clock (planner.clock.to_centre); one
    without is taken as the centre's already. `oldest`: how far back the time may lie.
    """
    value = body[field]
    if not isinstance(value, str):
        raise ApiError(400, field, "datetime")
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ApiError(400, field, "datetime") from None
    if parsed.replace(tzinfo=None) < EARLIEST:  # checked first: converting year 1 can overflow
        raise ApiError(UNPROCESSABLE, field, "too_early")
    try:
        parsed = clock.to_centre(parsed)
    except (OverflowError, ValueError):  # year 9999 with an offset
        raise ApiError(UNPROCESSABLE, field, "future") from None
    parsed = parsed.replace(microsecond=0)
    if parsed > now + CLOCK_SKEW:
        raise ApiError(UNPROCESSABLE, field, "future")
    if parsed < max(EARLIEST, now - oldest if oldest else EARLIEST):  # an offset can move it across
        raise ApiError(UNPROCESSABLE, field, "too_early")
    return parsed


def idempotency_key(request) -> str:
    key = request.headers.get("Idempotency-Key", "")
    if not IDEMPOTENCY_KEY.match(key):
        raise ApiError(400, "Idempotency-Key", "key")
    return key
