"""Schemathesis checks of our own, loaded by tests/security/test_api_fuzz.py (SCHEMATHESIS_HOOKS).

Beside Schemathesis's own checks: every refusal is a JSON problem naming its code (and, for a
refusal on meaning, the field), and every visit the API answers with has plausible times.
"""

from __future__ import annotations

import datetime as dt

import schemathesis

# The 422 codes the OpenAPI document lists (dashboard/web/api/openapi.py).
ON_MEANING = {"future", "too_early", "before_arrival", "before_call", "too_late", "not_called", "missing"}
LONGEST_WAIT_MINUTES = 24 * 60


@schemathesis.check
def refusals_name_field_and_code(ctx, response, case):
    """4xx answers are the document's Error: a code, a German / English message, and a field on 422."""
    if not 400 <= response.status_code < 500:
        return None
    error = response.json().get("error")
    assert isinstance(error, dict) and error.get("code"), f"refusal without a code: {response.text[:200]}"
    assert " / " in error.get("message", ""), f"refusal without a German / English message: {error}"
    if response.status_code == 422:
        assert error.get("field"), f"a refusal on meaning must name the field: {error}"
        assert error["code"] in ON_MEANING, f"422 with a code the document does not list: {error}"
    return None


@schemathesis.check
def visit_times_are_plausible(ctx, response, case):
    """A visit answered (so stored) has times with offsets, no wait or service time beyond a day."""
    if response.status_code not in (200, 201):
        return None
    visit = response.json()
    if not isinstance(visit, dict) or "arrived_at" not in visit:
        return None
    now = dt.datetime.now(dt.timezone.utc)
    for field in ("arrived_at", "called_at", "finished_at"):
        if visit.get(field) is None:
            continue
        at = dt.datetime.fromisoformat(visit[field])
        assert at.tzinfo is not None, f"{field} without an offset: {visit[field]}"
        assert now - dt.timedelta(days=9) < at < now + dt.timedelta(days=2), f"{field} implausible: {visit[field]}"
    for field in ("wait_minutes", "service_minutes"):
        value = visit.get(field)
        assert value is None or 0 <= value <= LONGEST_WAIT_MINUTES, f"{field} implausible: {value}"
    return None
