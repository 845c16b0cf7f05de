"""What-if scenarios laid over a forecast (docs/architecture.md).

A scenario is plain, immutable data: demand multipliers that hold from a date on
(optionally until a date, optionally only for one place or one target group) and extra
closed days. `planner.forecast.forecast_arrivals` applies it, so everything computed
from the forecast (staffing requirement, roster) reflects it without knowing about it.

`to_dict`/`from_dict` give a JSON-safe form so a stored forecast run can say which
scenario it used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@dataclass(frozen=True)
class Multiplier:
    """Scale expected arrivals by `factor` on every day from `from_day` on.

    `location`/`target_group` of None mean "all". `until_day` (inclusive) ends it.
    Multipliers that overlap multiply with each other.
    """

    factor: float
    from_day: dt.date
    location: str | None = None
    target_group: str | None = None
    until_day: dt.date | None = None

    def __post_init__(self) -> None:
        if not self.factor >= 0:
            raise ValueError(f"multiplier factor must be >= 0, got {self.factor!r}")
        object.__setattr__(self, "from_day", _as_date(self.from_day))
        if self.until_day is not None:
            object.__setattr__(self, "until_day", _as_date(self.until_day))
            if self.until_day < self.from_day:
                raise ValueError("until_day lies before from_day")

    def applies(self, location: str, target_group: str | None, day: dt.date) -> bool:
        if day < self.from_day or (self.until_day is not None and day > self.until_day):
            return False
        if self.location is not None and self.location != location:
            return False
        if self.target_group is not None and self.target_group != target_group:
            return False
        return True


@dataclass(frozen=True)
class ClosedDay:
    """A day a place (or, with location None, every place) is closed."""

    day: dt.date
    location: str | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "day", _as_date(self.day))

    def applies(self, location: str, day: dt.date) -> bool:
        return self.day == day and (self.location is None or self.location == location)


@dataclass(frozen=True)
class Scenario:
    """A named set of multipliers and extra closed days; the empty scenario changes nothing."""

    multipliers: tuple[Multiplier, ...] = ()
    closed_days: tuple[ClosedDay, ...] = ()
    name: str = ""
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "multipliers", tuple(self.multipliers))
        object.__setattr__(self, "closed_days", tuple(self.closed_days))

    @property
    def is_empty(self) -> bool:
        return not self.multipliers and not self.closed_days

    def factor(self, location: str, target_group: str | None, day: dt.date) -> float:
        """Product of all multipliers that apply to this place, group and day."""
        result = 1.0
        for m in self.multipliers:
            if m.applies(location, target_group, day):
                result *= m.factor
        return result

    def is_closed(self, location: str, day: dt.date) -> bool:
        return any(c.applies(location, day) for c in self.closed_days)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "multipliers": [
                {
                    "factor": m.factor,
                    "from_day": m.from_day.isoformat(),
                    "until_day": m.until_day.isoformat() if m.until_day else None,
                    "location": m.location,
                    "target_group": m.target_group,
                }
                for m in self.multipliers
            ],
            "closed_days": [
                {"day": c.day.isoformat(), "location": c.location, "reason": c.reason}
                for c in self.closed_days
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Scenario:
        if not data:
            return cls()
        return cls(
            name=data.get("name", ""),
            multipliers=tuple(
                Multiplier(
                    factor=float(m["factor"]),
                    from_day=m["from_day"],
                    until_day=m.get("until_day"),
                    location=m.get("location"),
                    target_group=m.get("target_group"),
                )
                for m in data.get("multipliers", ())
            ),
            closed_days=tuple(
                ClosedDay(day=c["day"], location=c.get("location"), reason=c.get("reason", ""))
                for c in data.get("closed_days", ())
            ),
        )


NO_SCENARIO = Scenario()
