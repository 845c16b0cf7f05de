"""The ONE reviewed list of axe-core findings the accessibility tests accept, each with its reason.

An entry names the axe rule, a piece of the element's CSS selector (as axe reports it) and,
optionally, the page path it applies to. Add an entry only after a review: a finding excused
here is one a user may still meet, so the reason must say why it is not a barrier or why it
cannot be fixed in this code (for example inside a third-party widget).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Allowed:
    rule: str
    target: str  # a substring of the element's selector
    reason: str
    page: str | None = None  # a page path prefix; None: every page


ALLOWED: tuple[Allowed, ...] = ()


def is_allowed(rule: str, target: str, page: str) -> bool:
    return any(
        a.rule == rule and a.target in target and (a.page is None or page.startswith(a.page)) for a in ALLOWED
    )
