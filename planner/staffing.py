"""Required staff per role, place and slot from a forecast (docs/architecture.md: the data flow of a week's plan).

Three parts:
- Erlang C (M/M/c queue) and its inverse: waiting probability, service level and expected
  wait for a head-count; the head-count for a service-level target, also as a fractional
  number so that requirements can be added up before rounding (rounding each queue up
  first overstates the need);
- counselling roles: each role is one queue per place and slot fed by the concerns routed
  to it, with the mean service time of those concerns (from history);
- reception: a fixed minimum or a ratio of arrivals per staff hour;
- languages: expected visitors per language and slot from the language mix of past
  visits, marked "staff" when someone on the team should speak it, "video" when a video
  interpreter is the fallback (nobody speaks it, or it is too rare to plan staff for), and
  "common" for languages everybody speaks.

Times are minutes throughout. Pure: pandas and numpy only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

# ---------------------------------------------------------------------------------------
# Erlang C


@dataclass(frozen=True)
class ServiceLevel:
    """`target` share of visitors seen within `within_minutes` (default 80 % in 20 min)."""

    target: float = 0.8
    within_minutes: float = 20.0

    def __post_init__(self) -> None:
        if not 0 < self.target < 1:
            raise ValueError("service-level target must lie strictly between 0 and 1")
        if self.within_minutes < 0:
            raise ValueError("within_minutes must be >= 0")


def traffic_erlangs(arrivals: float, aht_minutes: float, interval_minutes: float) -> float:
    """Offered load: arrivals in the interval times the mean handling time, per interval length."""
    if arrivals < 0 or aht_minutes < 0 or interval_minutes <= 0:
        raise ValueError("arrivals and handling time must be >= 0, the interval > 0")
    return arrivals * aht_minutes / interval_minutes


def erlang_b(agents: int, traffic: float) -> float:
    """Blocking probability of an M/M/c/c loss system (stable recursion, no factorials)."""
    if agents < 0 or traffic < 0:
        raise ValueError("agents and traffic must be >= 0")
    b = 1.0
    for k in range(1, int(agents) + 1):
        b = traffic * b / (k + traffic * b)
    return b


def erlang_c(agents: int, traffic: float) -> float:
    """Probability that an arrival has to wait (M/M/c); 1 when the queue is unstable."""
    if traffic == 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    b = erlang_b(agents, traffic)
    return agents * b / (agents - traffic * (1 - b))


def service_level(
    agents: int, arrivals: float, aht_minutes: float, within_minutes: float, interval_minutes: float = 30.0
) -> float:
    """Share of arrivals whose wait is at most `within_minutes` with `agents` staff."""
    a = traffic_erlangs(arrivals, aht_minutes, interval_minutes)
    if a == 0:
        return 1.0
    if agents <= a:
        return 0.0
    return 1.0 - erlang_c(agents, a) * math.exp(-(agents - a) * within_minutes / aht_minutes)


def expected_wait(agents: int, arrivals: float, aht_minutes: float, interval_minutes: float = 30.0) -> float:
    """Mean wait in minutes (average speed of answer); infinite when the queue is unstable."""
    a = traffic_erlangs(arrivals, aht_minutes, interval_minutes)
    if a == 0:
        return 0.0
    if agents <= a:
        return math.inf
    return erlang_c(agents, a) * aht_minutes / (agents - a)


def required_agents(
    arrivals: float,
    aht_minutes: float,
    target: ServiceLevel = ServiceLevel(),
    interval_minutes: float = 30.0,
    *,
    max_occupancy: float | None = None,
) -> int:
    """Fewest staff that meet `target` (and keep occupancy <= max_occupancy); 0 for no arrivals."""
    a = traffic_erlangs(arrivals, aht_minutes, interval_minutes)
    if a == 0:
        return 0
    n = max(1, math.floor(a) + 1)
    if max_occupancy is not None:
        if not 0 < max_occupancy <= 1:
            raise ValueError("max_occupancy must lie in (0, 1]")
        n = max(n, math.ceil(a / max_occupancy - 1e-12))
    while service_level(n, arrivals, aht_minutes, target.within_minutes, interval_minutes) < target.target:
        n += 1
    return n


def required_agents_fractional(
    arrivals: float,
    aht_minutes: float,
    target: ServiceLevel = ServiceLevel(),
    interval_minutes: float = 30.0,
    *,
    max_occupancy: float | None = None,
) -> float:
    """The head-count as a real number, to be summed before rounding.

    Linear interpolation of the service level between n - 1 and n staff (n the integer
    requirement), never below the offered load / max occupancy; rounding it up gives
    `required_agents` back.
    """
    n = required_agents(arrivals, aht_minutes, target, interval_minutes, max_occupancy=max_occupancy)
    if n == 0:
        return 0.0
    a = traffic_erlangs(arrivals, aht_minutes, interval_minutes)
    floor = a / max_occupancy if max_occupancy else a
    lower = service_level(n - 1, arrivals, aht_minutes, target.within_minutes, interval_minutes)
    upper = service_level(n, arrivals, aht_minutes, target.within_minutes, interval_minutes)
    share = (target.target - lower) / (upper - lower) if upper > lower else 1.0
    value = (n - 1) + min(max(share, 0.0), 1.0)
    return float(min(max(value, floor, n - 1 + 1e-9), n))


# ---------------------------------------------------------------------------------------
# Inputs taken from history


def mix_from_history(
    visits: pd.DataFrame,
    column: str,
    *,
    by_group: bool = False,
    location_col: str = "location",
    group_col: str = "target_group",
) -> dict[str, Any]:
    """Share of each value of `column` per place, e.g. the concern or language mix.

    With `by_group`, one mix per place and target group ({place: {group: {value: share}}}):
    then `staffing_requirement` weights the groups by their forecast for each day, so a
    scenario for one group moves the language and concern demand with it.
    """
    keys = [location_col, group_col, column] if by_group else [location_col, column]
    counts = visits.groupby(keys).size()
    out: dict[str, Any] = {}
    for key, sub in counts.groupby(level=list(range(len(keys) - 1))):
        key = key if isinstance(key, tuple) else (key,)
        total = sub.sum()
        shares = {str(k[-1]): float(v / total) for k, v in sub.items()}
        if by_group:
            out.setdefault(str(key[0]), {})[str(key[1])] = shares
        else:
            out[str(key[0])] = shares
    return out


def service_minutes_from_history(
    visits: pd.DataFrame, *, location_col: str = "location", concern_col: str = "concern", minutes_col: str = "service_minutes"
) -> dict[str, dict[str, float]]:
    """Mean service minutes per place and concern (visits without a service time are left out).

    The mean, not the median: Erlang C's load is arrivals times the mean handling time.
    """
    done = visits.dropna(subset=[minutes_col])
    means = done.groupby([location_col, concern_col])[minutes_col].mean()
    out: dict[str, dict[str, float]] = {}
    for (loc, concern), value in means.items():
        out.setdefault(str(loc), {})[str(concern)] = float(value)
    return out


# ---------------------------------------------------------------------------------------
# Requirement


@dataclass(frozen=True)
class ReceptionRule:
    """Reception staff per slot: at least `minimum`, and one per `arrivals_per_staff_hour`."""

    minimum: float = 1.0
    arrivals_per_staff_hour: float | None = 40.0

    def required(self, arrivals: float, slot_minutes: int) -> float:
        by_ratio = 0.0
        if self.arrivals_per_staff_hour:
            by_ratio = arrivals * (60.0 / slot_minutes) / self.arrivals_per_staff_hour
        return max(self.minimum, by_ratio)


@dataclass(frozen=True)
class StaffingResult:
    """requirements: location, slot_start, role, arrivals, workload_erlangs, required (fractional),
    staff (whole head-count), service_level and expected_wait_minutes at that head-count.
    languages: location, slot_start, language, expected_visitors, cover ("staff"/"video"/"common").
    """

    requirements: pd.DataFrame
    languages: pd.DataFrame
    target: ServiceLevel
    parameters: dict[str, Any] = field(default_factory=dict)

    def total(self, by: Iterable[str] = ("location", "slot_start")) -> pd.DataFrame:
        """Fractional requirements summed over the other keys, rounded up only at the end."""
        by = list(by)
        summed = self.requirements.groupby(by, as_index=False)["required"].sum()
        summed["staff"] = np.ceil(summed["required"] - 1e-9).astype(int)
        return summed


Mix = Mapping[str, Any]


def _depth(mix: Mapping[str, Any]) -> int:
    depth, node = 0, mix
    while isinstance(node, Mapping) and node:
        depth += 1
        node = next(iter(node.values()))
    return depth


def _per_location(mix: Mix | None, location: str) -> dict[str, Any]:
    """The part of a mix for one place: the mix itself when it is the same for all places."""
    if not mix:
        return {}
    if _depth(mix) >= 2:
        return dict(mix.get(location, {}))
    return dict(mix)


def _normalised(mix: Mapping[str, float]) -> dict[str, float]:
    total = sum(mix.values())
    return {k: v / total for k, v in mix.items()} if total > 0 else {}


def _daily_mixes(
    mix: Mix | None, location: str, days: pd.DatetimeIndex, groups: pd.DataFrame | None
) -> dict[pd.Timestamp, dict[str, float]]:
    """The mix for each day: fixed, or the forecast-weighted blend of per-group mixes."""
    if not mix:
        return {d: {} for d in days}
    if _depth(mix) < 3:
        fixed = _normalised(_per_location(mix, location))
        return {d: fixed for d in days}
    per_group = {g: _normalised(m) for g, m in _per_location(mix, location).items()}
    if groups is None or groups.empty:
        raise ValueError("a mix per target group needs a ForecastResult with its groups table")
    sub = groups[groups["location"] == location]
    out: dict[pd.Timestamp, dict[str, float]] = {}
    for day in days:
        weights = sub[sub["day"] == day].set_index("target_group")["expected"]
        weights = weights[weights.index.isin(per_group)]
        if weights.sum() <= 0:
            weights = pd.Series(1.0, index=list(per_group))
        blend: dict[str, float] = {}
        for g, w in weights.items():
            for k, v in per_group[g].items():
                blend[k] = blend.get(k, 0.0) + w * v
        out[day] = _normalised(blend)
    return out


def _roles(mix: dict[str, float], minutes: Mapping[str, float], role_by_concern: Mapping[str, str], default_role: str, loc: str):
    """role -> (share of arrivals, mean service minutes) for one concern mix."""
    missing = [c for c in mix if c not in minutes]
    if missing:
        raise ValueError(f"no service time for concern(s) {missing} at {loc}")
    acc: dict[str, tuple[float, float]] = {}
    for concern, share in mix.items():
        role = role_by_concern.get(concern, default_role)
        s, w = acc.get(role, (0.0, 0.0))
        acc[role] = (s + share, w + share * minutes[concern])
    return {role: (s, w / s if s > 0 else 0.0) for role, (s, w) in acc.items()}


def staffing_requirement(
    forecast: Any,
    service_minutes_by_concern: Mix,
    concern_mix: Mix,
    language_mix: Mix | None = None,
    *,
    target: ServiceLevel = ServiceLevel(),
    role_by_concern: Mapping[str, str] | None = None,
    default_role: str = "counselling",
    reception: ReceptionRule | Mapping[str, ReceptionRule] | None = ReceptionRule(),
    max_occupancy: float | None = None,
    column: str = "expected",
    slot_minutes: int | None = None,
    staff_languages: Iterable[str] | None = None,
    common_languages: Iterable[str] = ("de",),
    min_daily_visitors_for_staff: float = 1.0,
) -> StaffingResult:
    """Required staff per role, place and slot.

    forecast: a `ForecastResult` or its `slots` table (location, slot_start, expected, ...).
    service_minutes_by_concern: {concern: minutes} for all places or {place: {concern: minutes}}
        (see `service_minutes_from_history`).
    concern_mix, language_mix: {value: share}, {place: {value: share}} or, with a
        ForecastResult, {place: {target group: {value: share}}}, blended per day by the
        groups' forecasts (see `mix_from_history`).
    target: the service level the user sets (default 80 % within 20 minutes).
    role_by_concern: which role serves a concern (unlisted concerns go to `default_role`);
        concerns of one role form one queue with their mean service time.
    reception: one rule for all places, one per place, or None for no reception rows.
    max_occupancy: optional cap on the share of time staff are busy.
    column: the forecast column to plan for ("expected", or "hi80" to plan for busy days).
    staff_languages: languages the team can cover; others fall back to video interpretation.
    min_daily_visitors_for_staff: a language expected fewer times a day at a place goes to
        video as well: planning a speaker for it is not worth it.
    """
    slots = getattr(forecast, "slots", forecast)
    groups = getattr(forecast, "groups", None)
    slot_minutes = slot_minutes or getattr(forecast, "slot_minutes", None) or 30
    role_by_concern = dict(role_by_concern or {})
    common = set(common_languages)
    speakers = set(staff_languages) if staff_languages is not None else None

    req_rows: list[tuple] = []
    lang_frames: list[pd.DataFrame] = []
    for loc, sub in slots.groupby("location", sort=True):
        loc = str(loc)
        minutes = _per_location(service_minutes_by_concern, loc)
        day_of_slot = pd.to_datetime(sub["slot_start"]).dt.normalize()
        days = pd.DatetimeIndex(day_of_slot.unique())
        concern_by_day = _daily_mixes(concern_mix, loc, days, groups)
        roles_by_day = {d: _roles(m, minutes, role_by_concern, default_role, loc) for d, m in concern_by_day.items()}
        rule = reception.get(loc) if isinstance(reception, Mapping) else reception

        for day, slot_start, arrivals in zip(day_of_slot, sub["slot_start"], sub[column].astype(float)):
            arrivals = max(float(arrivals), 0.0)
            for role, (share, aht) in sorted(roles_by_day[day].items()):
                lam = arrivals * share
                if aht > 0:
                    req = required_agents_fractional(lam, aht, target, slot_minutes, max_occupancy=max_occupancy)
                    staff = math.ceil(req - 1e-9)
                    level = service_level(staff, lam, aht, target.within_minutes, slot_minutes)
                    wait = expected_wait(staff, lam, aht, slot_minutes)
                else:
                    req, staff, level, wait = 0.0, 0, 1.0, 0.0
                req_rows.append((loc, slot_start, role, lam, lam * aht / slot_minutes, req, staff, level, wait))
            if rule is not None:
                req = rule.required(arrivals, slot_minutes)
                req_rows.append((loc, slot_start, "reception", arrivals, np.nan, req, math.ceil(req - 1e-9), np.nan, np.nan))

        if language_mix:
            language_by_day = _daily_mixes(language_mix, loc, days, groups)
            lang_frames.append(
                _language_rows(loc, sub, day_of_slot, column, language_by_day, common, speakers, min_daily_visitors_for_staff)
            )

    requirements = pd.DataFrame(
        req_rows,
        columns=["location", "slot_start", "role", "arrivals", "workload_erlangs", "required", "staff", "service_level", "expected_wait_minutes"],
    )
    languages_df = (
        pd.concat(lang_frames, ignore_index=True)
        if lang_frames
        else pd.DataFrame(columns=["location", "slot_start", "language", "expected_visitors", "cover"])
    )
    params = {
        "target": target.target,
        "within_minutes": target.within_minutes,
        "max_occupancy": max_occupancy,
        "column": column,
        "role_by_concern": role_by_concern,
        "default_role": default_role,
    }
    return StaffingResult(requirements=requirements, languages=languages_df, target=target, parameters=params)


def _language_rows(
    loc: str,
    slots: pd.DataFrame,
    day_of_slot: pd.Series,
    column: str,
    language_by_day: dict[pd.Timestamp, dict[str, float]],
    common: set[str],
    speakers: set[str] | None,
    min_daily: float,
) -> pd.DataFrame:
    """Expected visitors per language and slot, and who covers the language at this place.

    The cover is decided once per place for the whole horizon, so a language does not flip
    between staff and video from one day to the next.
    """
    arrivals = slots[column].astype(float).clip(lower=0).to_numpy()
    shares = pd.DataFrame([language_by_day[d] for d in day_of_slot]).fillna(0.0)
    visitors = shares.to_numpy() * arrivals[:, None]
    n_days = max(day_of_slot.nunique(), 1)
    frames = []
    for j, lang in enumerate(shares.columns):
        daily = visitors[:, j].sum() / n_days
        if lang in common:
            cover = "common"
        elif (speakers is not None and lang not in speakers) or daily < min_daily:
            cover = "video"
        else:
            cover = "staff"
        frames.append(
            pd.DataFrame(
                {
                    "location": loc,
                    "slot_start": slots["slot_start"].to_numpy(),
                    "language": lang,
                    "expected_visitors": visitors[:, j],
                    "cover": cover,
                }
            )
        )
    return pd.concat(frames, ignore_index=True).sort_values(["slot_start", "language"], ignore_index=True)
