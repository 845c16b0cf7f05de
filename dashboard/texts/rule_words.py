"""Names of the roster engine's rules in the interface's language (texts in dashboard/texts/rules.py)."""

from __future__ import annotations

from dashboard.texts.i18n import CATALOGUE, t
from planner.roster.groups import RELAXED_PREFIX


def rule_name(rule: str, lang: str | None = None) -> str:
    """The name of a rule of the score table; "relaxed: <rule>" for a relaxed hard rule."""
    if rule.startswith(RELAXED_PREFIX):
        return t("rule.relaxed", lang, rule=rule_name(rule[len(RELAXED_PREFIX):], lang))
    key = f"rule.{rule}"
    return t(key, lang) if key in CATALOGUE else rule


def broken_rule(rule: str, lang: str | None = None) -> str:
    """What a plan does wrong when it breaks a hard rule."""
    key = f"rule.broken.{rule}"
    if key in CATALOGUE:
        return t(key, lang)
    return t("rule.broken.other", lang, rule=rule_name(rule, lang))
