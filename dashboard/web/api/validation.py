"""Reading the API's JSON bodies: every problem names the field it is about."""

from __future__ import annotations

import datetime as dt
import re

from dashboard.web.api.errors import ApiError

IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,128}$")
# A device clock a little ahead of ours is fine; an arrival far in the future is a mistake.
CLOCK_SKEW = dt.timedelta(minutes=5)
# The centre opened long after this; a year 0058 is a device's broken clock (it would store
# a wait of millions of minutes and break every statistic).
EARLIEST = dt.datetime(2000, 1, 1)


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


def local_datetime(body: dict, field: str, now: dt.datetime) -> dt.datetime:
    """An ISO 8601 time as the naive local time the database keeps (like every timestamp here).

    A time with an offset is converted to the server's local time, the centre's clock.
    """
    value = body[field]
    if not isinstance(value, str):
        raise ApiError(400, field, "datetime")
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(400, field, "datetime") from None
    if parsed.replace(tzinfo=None) < EARLIEST:  # checked first: converting year 1 can overflow
        raise ApiError(400, field, "too_early")
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone().replace(tzinfo=None)
        except (OverflowError, ValueError):  # year 9999 with an offset
            raise ApiError(400, field, "future") from None
    parsed = parsed.replace(microsecond=0)
    if parsed > now + CLOCK_SKEW:
        raise ApiError(400, field, "future")
    if parsed < EARLIEST:  # an offset can move it across
        raise ApiError(400, field, "too_early")
    return parsed


def idempotency_key(request) -> str:
    key = request.headers.get("Idempotency-Key", "")
    if not IDEMPOTENCY_KEY.match(key):
        raise ApiError(400, "Idempotency-Key", "key")
    return key
