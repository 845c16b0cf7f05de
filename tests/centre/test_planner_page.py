"""The Planner page's callbacks as the browser calls them: content and who may call them."""

from __future__ import annotations

import pytest

from dashboard.services import week_planning as planning
from tests.web import call, login

WEEK = "2026-W51"
VIEW = {"planner-week.value": WEEK, "planner-refresh.data": 0, "planner-sl-target.value": 80,
        "planner-sl-wait.value": 20}


def test_demand_heat_maps_for_a_week(client, web_app):
    login(client, "leitung")
    response = call(client, web_app, "planner-demand-wanted.data",
                    {**VIEW, "demand-place.value": "infopoint", "planner-demand-wanted.data": {"key": "x"}})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "heat-arrivals" in body and "heat-counselling" in body
    assert "Erwartete Ankünfte je halbe Stunde" in body and "am meisten am" in body  # the text alternative


def test_workspace_shows_roster_rows_findings_and_gaps(client, web_app):
    outcome = planning.plan_week(2026, 51, by="test", time_limit_s=5)
    login(client, "leitung")  # leadership looks on
    reply = call(client, web_app, "planner-refresh.data", VIEW, output="roster-version").get_json()["response"]
    assert "Version 1 (Entwurf)" in str(reply["roster-version"])
    people = reply["roster-by-person"]["rowData"]
    first = outcome.shifts[0]
    row = next(r for r in people if r["id"] == first.person)
    assert f"{first.start // 60:02d}:{first.start % 60:02d}" in " ".join(str(v) for v in row.values())
    headers = [c["headerName"] for c in reply["roster-by-person"]["columnDefs"]]
    assert any(first.day.strftime("%d.%m.") in h for h in headers)
    assert reply["roster-by-place"]["rowData"]  # the other view of the same week
    assert "Alle festen Regeln sind eingehalten" in str(reply["planner-findings"]) or "feste Regeln" in str(
        reply["planner-findings"])
    assert reply["planner-gaps"]  # the gaps, or the sentence that there are none


def test_details_tab_shows_score_people_coverage_and_languages(client, web_app):
    planning.plan_week(2026, 51, by="test", time_limit_s=5)
    login(client, "leitung")
    body = call(client, web_app, "planner-details-wanted.data", {**VIEW, "planner-details-wanted.data": {"key": "x"}},
                output="planner-details").get_data(as_text=True)
    for part in ("score-table", "people-table", "language-table", "coverage-centre-counselling"):
        assert part in body, part


@pytest.mark.parametrize("user", ["empfang", "jobcenter"])
def test_other_roles_get_nothing(client, web_app, user):
    login(client, user)
    assert call(client, web_app, "planner-refresh.data", VIEW, output="roster-version").status_code == 403
    assert call(client, web_app, "solve-button.n_clicks", {**VIEW, "solve-button.n_clicks": 1}).status_code == 403


def test_leadership_may_look_but_not_publish(client, web_app):
    login(client, "leitung")
    response = call(client, web_app, "publish-button.n_clicks", {"publish-button.n_clicks": 1, **VIEW})
    assert response.status_code == 403  # not even the confirmation dialog
    response = call(client, web_app, "publish-confirm.n_clicks", {"publish-confirm.n_clicks": 1, **VIEW})
    assert response.status_code == 403


def test_candidates_for_an_open_shift_through_the_page(client, web_app):
    planning.plan_week(2026, 51, by="test", time_limit_s=5)
    login(client, "koordination")
    response = call(client, web_app, "edit-candidates.n_clicks", {
        "edit-candidates.n_clicks": 1, "planner-week.value": WEEK,
        "edit-shift.value": "infopoint.NACHM.reception", "edit-day.value": "2026-12-16"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "candidate-table" in body or "niemand mehr frei" in body
    login(client, "leitung")
    assert call(client, web_app, "edit-candidates.n_clicks", {"edit-candidates.n_clicks": 1}).status_code == 403


def test_publishing_asks_first_with_the_version_and_its_changes(client, web_app):
    from data_access.db import session_scope
    from data_access.repositories.schedules import ScheduleRepository

    planning.plan_week(2026, 51, by="test", time_limit_s=5)
    with session_scope() as session:
        schedules = ScheduleRepository(session)
        version = schedules.draft(2026, 51).version
        before = schedules.latest_published(2026, 51)
        published_before = before.version if before else None
    login(client, "koordination")
    ask = {"publish-button.n_clicks": 1, "publish-cancel.n_clicks": None, **VIEW}
    dialog = call(client, web_app, "publish-button.n_clicks", ask).get_json()["response"]
    assert dialog["publish-modal"]["is_open"] is True and dialog["publish-confirm"]["disabled"] is False
    assert f"Version {version} für KW 51/2026" in str(dialog["publish-modal-body"])
    if published_before is None:
        assert "erste veröffentlichte Version" in str(dialog["publish-modal-body"])
    else:
        assert f"Gegenüber Version {published_before}:" in str(dialog["publish-modal-body"])
    with session_scope() as session:  # asking publishes nothing
        assert ScheduleRepository(session).draft(2026, 51).version == version

    cancel = call(client, web_app, "publish-cancel.n_clicks", {**ask, "publish-cancel.n_clicks": 1}).get_json()
    assert cancel["response"]["publish-modal"]["is_open"] is False

    done = call(client, web_app, "publish-confirm.n_clicks", {"publish-confirm.n_clicks": 1, **VIEW}).get_json()
    assert done["response"]["publish-modal"]["is_open"] is False
    assert f"Version {version} ist veröffentlicht." in str(done["response"]["publish-message"])

    planning.plan_week(2026, 51, by="test", time_limit_s=5)  # the next draft compares with it
    client.set_cookie("lang", "en")
    dialog = call(client, web_app, "publish-button.n_clicks", ask).get_json()["response"]
    assert f"Version {version + 1} for week 51/2026" in str(dialog["publish-modal-body"])
    assert f"Against version {version}:" in str(dialog["publish-modal-body"])


def test_a_hand_edit_sends_only_the_rows_it_changed(client, web_app):
    planning.plan_week(2026, 51, by="test", time_limit_s=5)
    view = planning.evaluate(2026, 51)
    row = next(r for r in view.rows if r.staff_id is not None and not r.locked)
    login(client, "koordination")
    values = {**VIEW, "edit-lock.n_clicks": 1, "edit-assignment.value": str(row.id)}
    reply = call(client, web_app, "edit-lock.n_clicks", values).get_json()["response"]
    person = reply["roster-by-person"]["rowTransaction"]
    assert person["add"] == [] and person["remove"] == []
    assert [r["id"] for r in person["update"]] == [str(row.staff_id)]  # one person's row, not the grid
    assert "gesperrt" in " ".join(str(v) for v in person["update"][0].values())
    place = reply["roster-by-place"]["rowTransaction"]
    assert len(place["update"]) == 1 and place["add"] == [] and place["remove"] == []
    assert "Geändert" in str(reply["edit-message"])
    assert "Version 1 (Entwurf)" in str(reply["roster-version"])
    login(client, "leitung")
    assert call(client, web_app, "edit-lock.n_clicks", values).status_code == 403


def test_after_an_edit_of_a_published_week_the_form_still_names_the_same_shift(client, web_app):
    """The first edit of a published week copies it into a draft with new ids: the form's choice
    follows the shift into the draft (else the next edit of it is refused as "choose a shift")."""
    from dashboard.services import schedule_changes

    planning.plan_week(2026, 51, by="test", time_limit_s=5)
    schedule_changes.publish_draft(2026, 51, by="test")
    published = planning.evaluate(2026, 51)
    assert published.status == "published"
    row = next(r for r in published.rows if r.staff_id is not None and not r.locked)
    login(client, "koordination")
    values = {**VIEW, "edit-lock.n_clicks": 1, "edit-assignment.value": str(row.id)}
    reply = call(client, web_app, "edit-lock.n_clicks", values).get_json()["response"]
    chosen = reply["edit-assignment"]["value"]
    draft = planning.evaluate(2026, 51)
    assert draft.status == "draft" and chosen != str(row.id)
    assert next(r for r in draft.rows if str(r.id) == chosen).key() == row.key()
    assert chosen in {o["value"] for o in reply["edit-assignment"]["options"]}
    # The next edit of the same shift, as the form now names it, is applied.
    again = call(client, web_app, "edit-unlock.n_clicks",
                 {**VIEW, "edit-unlock.n_clicks": 1, "edit-assignment.value": chosen}).get_json()["response"]
    assert "Geändert" in str(again["edit-message"])
