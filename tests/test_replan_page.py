"""The re-plan on the sick-call page over HTTP: only the coordination team (and admins) may ask
for one or publish it; a team member's or leadership's forged post is refused, and the
coordination team's post draws what the days lack and the changes, and publishes them."""

from __future__ import annotations

import json

from dashboard.services import replacements, replan
from tests.test_api_support import callback_key, own_client, own_db, post_callback  # noqa: F401 - fixtures
from tests.test_team_view import NEXT_TUESDAY, app, planned  # noqa: F401 - fixtures
from tests.web import login


def _propose(client, app, open_id):
    return post_callback(client, callback_key(app, '"type":"rep-replan-out"'),
                         outputs=[({"id": open_id, "type": "rep-replan-out"}, "children")],
                         inputs=[({"id": open_id, "type": "rep-replan"}, "n_clicks", 1)])


def _publish(client, app, open_id, data):
    return post_callback(client, callback_key(app, '"type":"rep-replan-msg"'),
                         outputs=[({"id": open_id, "type": "rep-replan-msg"}, "children")],
                         inputs=[({"id": open_id, "type": "rep-replan-publish"}, "n_clicks", 1)],
                         state=[({"id": open_id, "type": "rep-replan-data"}, "data", data)])


def _store(node):
    """The data of the proposal's dcc.Store in a serialised answer."""
    if isinstance(node, dict):
        if node.get("type") == "Store":
            return node["props"]["data"]
        return next((found for v in node.values() if (found := _store(v)) is not None), None)
    if isinstance(node, list):
        return next((found for v in node if (found := _store(v)) is not None), None)
    return None


def test_only_coordination_replans_and_publishes(own_client, own_db, app, planned):
    [open_id] = replacements.record_sick_call(str(planned["Iryna"]), NEXT_TUESDAY.isoformat(), "", "", "sick",
                                              by="koordination").open_shifts
    forged = {"year": NEXT_TUESDAY.isocalendar()[0], "week": NEXT_TUESDAY.isocalendar()[1], "version": 1,
              "changes": [{"person": planned["Sabine"], "day": NEXT_TUESDAY.isoformat(),
                           "shift": "infopoint.VORM.reception"}]}
    for who in ("sabine", "leitung"):
        login(own_client, who)
        assert _propose(own_client, app, open_id).status_code == 403
        assert _publish(own_client, app, open_id, forged).status_code == 403
    login(own_client, "koordination")
    answer = _propose(own_client, app, open_id)
    body = json.dumps(answer.json, ensure_ascii=False)
    assert answer.status_code == 200 and "Ohne Neuplanung fehlt" in body and "Änderungen" in body
    data = _store(answer.json)
    assert data["changes"]
    published = json.dumps(_publish(own_client, app, open_id, data).json, ensure_ascii=False)
    assert "ist veröffentlicht" in published
    # The same proposal again is stale.
    again = json.dumps(_publish(own_client, app, open_id, data).json, ensure_ascii=False)
    assert "inzwischen geändert" in again
    assert isinstance(replan.publish(data, by="x"), replacements.Problem)
