"""When the forecast cannot be trusted, say so as a fact the pages can word.

Each flag is a dict: `code`, `severity` ("warning": plan with the safer figure; "note": what
the forecast leaves out), `reason` (English, for logs and the benchmark) and the figures
behind it. The dashboard words the codes in German.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SHORT_DAYS = 56  # under 8 weeks, a weekday has fewer than 8 observations
YEAR_DAYS = 365
NEW_GROUP_DAYS = 56
BREAK_DAYS = 10  # two weeks of a five-day centre
BREAK_MIN = 0.15  # a shift of under 15 % is within what a busy week does


def level_shift(total: np.ndarray, weekdays: np.ndarray, end: int, days: int = BREAK_DAYS, weeks: int = 8) -> float:
    """Mean log ratio of the `days` open days before `end` to the same weekdays in the `weeks` weeks before them."""
    recent = np.arange(end - days, end)
    ref_from = max(0, end - days - weeks * 7)
    ratios = []
    for t in recent:
        ref = total[ref_from : end - days][weekdays[ref_from : end - days] == weekdays[t]]
        if len(ref):
            ratios.append(np.log((total[t] + 1.0) / (ref.mean() + 1.0)))
    return float(np.mean(ratios)) if ratios else 0.0


def trust_flags(days: pd.DatetimeIndex, group_first: dict[str, str], total: np.ndarray) -> list[dict]:
    """Flags for one place: `days` its open days, `group_first` each group's first day,
    `total` its daily arrivals on those days."""
    flags: list[dict] = []
    if len(days) == 0:
        return [{"code": "no_history", "severity": "warning", "reason": "no history"}]
    span = (days[-1] - days[0]).days + 1
    if span < SHORT_DAYS:
        flags.append({"code": "short_history", "severity": "warning", "days": int(span),
                      "reason": f"only {span} days of history; at least {SHORT_DAYS} are needed for a weekly pattern"})
    if span < YEAR_DAYS:
        flags.append({"code": "no_yearly", "severity": "note", "days": int(span),
                      "reason": f"{span} days of history, less than a year: no time-of-year pattern (holidays, summer)"})
    for group, first in group_first.items():
        age = (days[-1] - pd.Timestamp(first)).days
        if days[0] < pd.Timestamp(first) and age < NEW_GROUP_DAYS:
            flags.append({"code": "new_group", "severity": "warning", "group": group, "since": first,
                          "reason": f"group {group} came first on {first}: too little history for it"})
    wd = days.day_of_week.to_numpy()
    T = len(total)
    if T >= BREAK_DAYS + 4 * 7:
        recent = level_shift(total, wd, T)
        # How far a stretch of that length usually strays: the same statistic over the last year.
        past = [abs(level_shift(total, wd, end)) for end in range(T - BREAK_DAYS, max(BREAK_DAYS + 28, T - 260), -BREAK_DAYS)]
        usual = float(np.quantile(past, 0.95)) if len(past) >= 5 else 0.0
        if abs(recent) > max(BREAK_MIN, usual):
            pct = round(100 * (np.exp(recent) - 1))
            flags.append({"code": "structural_break", "severity": "warning", "shift_percent": int(pct),
                          "reason": f"the last {BREAK_DAYS} open days ran {abs(pct)} % {'above' if pct > 0 else 'below'} "
                                    "the weeks before: a change the history does not show yet"})
    return flags
