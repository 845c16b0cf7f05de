"""Which visits a check-in device may change: those of its place, else only its own.

A token is a secret on a machine in a public hall; if one leaks, it must not reach the
visits of every place. A device registered for a place (device_token.location_id) may call
and finish that place's visits; a device without a place only the visits it posted.
"""

from __future__ import annotations


def may_write(device_id: int, device_location_id: int | None, visit_device_id: int | None,
              visit_location_id: int) -> bool:
    if device_location_id is not None:
        return visit_location_id == device_location_id
    return visit_device_id == device_id
