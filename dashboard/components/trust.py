"""The forecast's trust flags (planner/forecast/trust.py) in words, for the Overview and Trends."""

from __future__ import annotations

from dashboard.texts.i18n import CATALOGUE, t


def trust_sentences(flags: list[dict]) -> list[str]:
    """Why a place's forecast cannot be trusted, in words, and the safer figure the plan uses."""
    words = []
    for flag in flags:
        key = f"forecast.trust.{flag['code']}"
        if key in CATALOGUE:
            words.append(t(key, **{k: v for k, v in flag.items() if k not in ("code", "severity", "reason")}))
    if words:
        words.append(t("forecast.trust.fallback"))
    return words
