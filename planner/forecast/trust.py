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
BREAK_ORIGINS = 10  # two weeks of one-step errors
BREAK_MIN = 0.15  # a shift of under 15 % is within what a busy week does


def trust_flags(days: pd.DatetimeIndex, group_first: dict[str, str], one_step: np.ndarray) -> list[dict]:
    """Flags for one place: `days` its open days, `group_first` each group's first day,
    `one_step` the chosen forecast's log-ratio errors one open day ahead, oldest first."""
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
    err = one_step[np.isfinite(one_step)]
    if len(err) >= 3 * BREAK_ORIGINS:
        recent = float(err[-BREAK_ORIGINS:].mean())
        rolling = np.convolve(err[:-BREAK_ORIGINS], np.ones(BREAK_ORIGINS) / BREAK_ORIGINS, mode="valid")
        usual = float(np.quantile(np.abs(rolling), 0.975)) if len(rolling) else 0.0
        if abs(recent) > max(BREAK_MIN, usual):
            pct = round(100 * (np.exp(recent) - 1))
            flags.append({"code": "structural_break", "severity": "warning", "shift_percent": int(pct),
                          "reason": f"the last {BREAK_ORIGINS} open days ran {abs(pct)} % {'above' if pct > 0 else 'below'} "
                                    "the forecast: a change the history does not show yet"})
    return flags
