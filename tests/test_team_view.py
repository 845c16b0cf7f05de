"""The team's own view and the sick-call page over HTTP: roles, own data only, forged posts.

A team login sees only its own published shifts, calendar, offers and leave requests;
callbacks are posted by hand with forged ids, as an attacker would. The coordination
team's sick-call page is closed to team members and partners.
"""

from __future__ import annotations

import datetime as dt
import json

import icalendar
import pytest

from data_access.db import session_scope
from data_access.models import LeaveRequest, OpenShift, ReplacementOffer, StaffMember
from data_access.repositories.schedules import ScheduleRepository
from planner import clock
from planner.centre import PlannedShift
from tests.test_api_support import callback_key, own_client, own_db, post_callback  # noqa: F401 - fixtures
from tests.web import call, login, nav_links, page_content

TODAY = clock.today()
NEXT_MONDAY = TODAY + dt.timedelta(days=7 - TODAY.weekday())
NEXT_TUESDAY = NEXT_MONDAY + dt.timedelta(days=1)


@pytest.fixture
def app(own_client):
    from app import app as dash_app

    return dash_app


def ids(url) -> dict[str, int]:
    with session_scope(url) as session:
        return {m.display_name: m.id for m in session.query(StaffMember)}


@pytest.fixture
def planned(own_db):
    """Next week published: Iryna at the Infopoint's reception Tuesday morning, Sabine on
    Monday, Olena counselling on Tuesday."""
    staff = ids(own_db)
    year, week, _ = NEXT_MONDAY.isocalendar()
    shifts = [
        PlannedShift(NEXT_TUESDAY, str(staff["Iryna"]), "infopoint", "VORM", "reception", 525, 750, 0),
        PlannedShift(NEXT_MONDAY, str(staff["Sabine"]), "centre", "SPAET", "reception", 600, 990, 30),
        PlannedShift(NEXT_TUESDAY, str(staff["Olena"]), "centre", "FRUEH", "counselling", 465, 825, 0),
    ]
    with session_scope(own_db) as session:
        repo = ScheduleRepository(session)
        repo.publish(repo.save_draft(year, week, shifts, by="test").id, by="test")
    return staff


def text_of(response) -> str:
    return json.dumps(response.json, ensure_ascii=False) if response.is_json else response.get_data(as_text=True)


def _record(client, app, person, day, at=""):
    return call(client, app, "rep-record.n_clicks", {
        "rep-record.n_clicks": 1, "rep-person.value": str(person), "rep-day.value": day.isoformat(),
        "rep-time.value": at, "rep-until.value": "", "rep-kind.value": "sick"})


def _ask(client, app, open_id, people):
    return post_callback(
        client, callback_key(app, "rep-ask-msg"),
        outputs=[({"id": open_id, "type": "rep-ask-msg"}, "children")],
        inputs=[({"id": open_id, "type": "rep-ask"}, "n_clicks", 1)],
        state=[({"id": open_id, "type": "rep-pick"}, "value", [str(p) for p in people])],
    )


def _answer(client, app, offer_id, action="accept"):
    return post_callback(
        client, callback_key(app, '"type":"offer-msg"'),
        outputs=[({"id": offer_id, "type": "offer-msg"}, "children")],
        inputs=[({"id": offer_id, "type": "offer-accept"}, "n_clicks", 1 if action == "accept" else None),
                ({"id": offer_id, "type": "offer-decline"}, "n_clicks", 1 if action == "decline" else None)],
        changed=[f'{{"id":{offer_id},"type":"offer-{action}"}}.n_clicks'],
    )


def _offers(url):
    with session_scope(url) as session:
        return {(o.staff_id, o.status): o.id for o in session.query(ReplacementOffer)}


def test_a_team_login_lands_on_its_own_shifts_and_sees_nobody_elses(own_client, own_db, planned):
    response = login(own_client, "sabine")
    assert response.headers["Location"].endswith("/meine-schichten")
    page = page_content(own_client, "/meine-schichten")
    body = text_of(page)
    assert "Meine Schichten" in body and "Sabine" in body
    assert "10:00–16:30" in body  # her Monday
    # Others' shifts are not there (colleagues' names are, as whom to give a shift to).
    assert "08:45–12:30" not in body and "07:45–13:45" not in body
    assert set(nav_links(own_client.get("/_dash-layout").json)) == {"/meine-schichten"}


@pytest.mark.parametrize("path", ["/ausfall", "/staff", "/planner", "/partner"])
def test_a_team_member_cannot_open_the_coordination_pages(own_client, planned, path):
    login(own_client, "olena")
    body = text_of(page_content(own_client, path))
    assert "Kein Zugriff" in body and "Ausfall erfassen" not in body and "Iryna" not in body


@pytest.mark.parametrize("who", ["olena", "jobcenter", "leitung"])
def test_only_coordination_may_record_a_sick_call(own_client, own_db, app, planned, who):
    login(own_client, who)
    assert _record(own_client, app, planned["Iryna"], NEXT_TUESDAY).status_code == 403
    with session_scope(own_db) as session:
        assert session.query(OpenShift).count() == 0


def test_my_shifts_is_closed_to_the_other_roles(own_client, planned):
    for who in ("koordination", "jobcenter"):
        login(own_client, who)
        assert "Meine Schichten" not in text_of(page_content(own_client, "/meine-schichten"))
        assert own_client.get("/meine-schichten.ics").status_code == 403


def test_sick_call_ask_and_accept_through_the_app_with_forged_posts_refused(own_client, own_db, app, planned):
    staff = planned
    login(own_client, "koordination")
    recorded = _record(own_client, app, staff["Iryna"], NEXT_TUESDAY)
    assert recorded.status_code == 200 and "1 veröffentlichte Dienste sind jetzt offen" in text_of(recorded)
    body = text_of(recorded)
    assert "niemand sonst" in body and "Sabine" in body  # what breaks, and Sabine proposed
    with session_scope(own_db) as session:
        open_id = session.query(OpenShift).one().id
    # Olena counsels; the server refuses to ask her for reception whatever the browser sends.
    assert "kann nicht angefragt werden" in text_of(_ask(own_client, app, open_id, [staff["Olena"]]))
    assert "2 angefragt" in text_of(_ask(own_client, app, open_id, [staff["Sabine"], staff["Katrin"]]))
    offers = _offers(own_db)
    sabine_offer = offers[(staff["Sabine"], "asked")]
    # The coordination team cannot answer for a team member.
    assert _answer(own_client, app, sabine_offer).status_code == 403
    # Olena (another team member) forges Sabine's offer id: not found, nothing changes.
    login(own_client, "olena")
    forged = _answer(own_client, app, sabine_offer)
    assert forged.status_code == 200 and "gibt es nicht" in text_of(forged)
    assert _offers(own_db)[(staff["Sabine"], "asked")] == sabine_offer
    # Sabine sees the offer on her page and takes it.
    login(own_client, "sabine")
    assert "Übernehmen" in text_of(page_content(own_client, "/meine-schichten"))
    taken = _answer(own_client, app, sabine_offer)
    assert "Der Dienst ist Ihrer" in text_of(taken)
    assert "08:45–12:30" in text_of(page_content(own_client, "/meine-schichten"))
    with session_scope(own_db) as session:
        assert session.query(OpenShift).one().status == "filled"
    calendar = icalendar.Calendar.from_ical(own_client.get("/meine-schichten.ics").data)
    events = [e for e in calendar.walk("VEVENT")]
    assert len(events) == 2 and all("Sabine" in str(e["description"]) for e in events)


def test_leave_request_by_the_team_member_and_decision_by_coordination(own_client, own_db, app, planned):
    login(own_client, "mehmet")
    start = (TODAY + dt.timedelta(days=30)).isoformat()
    response = call(own_client, app, "own-leave-submit.n_clicks", {
        "own-leave-submit.n_clicks": 1, "own-leave-from.value": start, "own-leave-to.value": start,
        "own-leave-note.value": "Umzug"})
    assert "Antrag gestellt" in text_of(response)
    with session_scope(own_db) as session:
        request = session.query(LeaveRequest).one()
        assert request.staff_id == planned["Mehmet"] and request.requested_by == "mehmet"
    # Another team member does not see it; the coordination team does and approves it.
    login(own_client, "sabine")
    assert "Umzug" not in text_of(page_content(own_client, "/meine-schichten"))
    decide_key = callback_key(app, '"type":"leave-msg"')

    def decide(ident):
        return post_callback(own_client, decide_key, outputs=[({"id": ident, "type": "leave-msg"}, "children")],
                             inputs=[({"id": ident, "type": "leave-approve"}, "n_clicks", 1),
                                     ({"id": ident, "type": "leave-refuse"}, "n_clicks", None)])

    assert decide(request.id).status_code == 403
    login(own_client, "koordination")
    assert "Umzug" in text_of(page_content(own_client, "/ausfall"))
    assert "Genehmigt" in text_of(decide(request.id))
    with session_scope(own_db) as session:
        assert session.query(LeaveRequest).one().status == "approved"


def test_wishes_and_hour_account_on_the_own_page(own_client, own_db, app, planned):
    later = NEXT_MONDAY + dt.timedelta(weeks=6)

    def wish(day):
        return call(own_client, app, "own-wish-submit.n_clicks", {
            "own-wish-submit.n_clicks": 1, "own-wish-day.value": day.isoformat(), "own-wish-kind.value": "unavailable"})

    login(own_client, "koordination")
    assert wish(later).status_code == 403
    login(own_client, "mehmet")
    assert "Eingetragen" in text_of(wish(later))
    assert "schon veröffentlicht" in text_of(wish(NEXT_TUESDAY))
    body = text_of(page_content(own_client, "/meine-schichten"))
    assert "Mein Stundenkonto" in body and "Noch keine Wünsche" not in body
    login(own_client, "sabine")
    assert "Noch keine Wünsche" in text_of(page_content(own_client, "/meine-schichten"))  # Mehmet's is not hers
    login(own_client, "koordination")
    assert "Stundenkonten des Teams" in text_of(page_content(own_client, "/ausfall"))


def test_swap_through_the_app_with_forged_posts_refused(own_client, own_db, app, planned):
    with session_scope(own_db) as session:
        repo = ScheduleRepository(session)
        year, week, _ = NEXT_MONDAY.isocalendar()
        rows = repo.rows(repo.latest_published(year, week).id)
        sabine_shift = next(r.id for r in rows if r.person == "Sabine")
        olena_shift = next(r.id for r in rows if r.person == "Olena")
    key = callback_key(app, '"type":"swap-give-msg"')

    def give(shift_id, to):
        return post_callback(own_client, key, outputs=[({"id": shift_id, "type": "swap-give-msg"}, "children")],
                             inputs=[({"id": shift_id, "type": "swap-give"}, "n_clicks", 1)],
                             state=[({"id": shift_id, "type": "swap-to"}, "value", to)])

    login(own_client, "sabine")
    assert "Abgeben" in text_of(page_content(own_client, "/meine-schichten"))
    # Olena's shift, forged into Sabine's session: not found, nothing written.
    assert "nicht Ihrer" in text_of(give(olena_shift, str(planned["Iryna"])))
    assert "Olena kann den Dienst nicht übernehmen" in text_of(give(sabine_shift, str(planned["Olena"])))
    assert "Angefragt: 1" in text_of(give(sabine_shift, str(planned["Iryna"])))
    with session_scope(own_db) as session:
        swap = session.query(OpenShift).one()
        assert (swap.origin, swap.absent_staff_id) == ("swap", planned["Sabine"])
        offer = session.query(ReplacementOffer).one()
        offer.status = "accepted"
        swap.status, swap.filled_by_staff_id = "accepted", planned["Iryna"]
    approve_key = callback_key(app, '"type":"swap-msg"')

    def approve():
        return post_callback(own_client, approve_key, outputs=[({"id": swap.id, "type": "swap-msg"}, "children")],
                             inputs=[({"id": swap.id, "type": "swap-approve"}, "n_clicks", 1),
                                     ({"id": swap.id, "type": "swap-refuse"}, "n_clicks", None)])

    assert approve().status_code == 403  # a team member cannot approve
    login(own_client, "koordination")
    assert "Tausch genehmigen" in text_of(page_content(own_client, "/ausfall"))
    assert "veröffentlicht als Version" in text_of(approve())


def test_a_partner_organisation_takes_a_cover_request_for_its_member(own_client, own_db, app, planned):
    staff = planned
    year, week, _ = NEXT_MONDAY.isocalendar()
    with session_scope(own_db) as session:
        repo = ScheduleRepository(session)
        draft = repo.start_draft_from(repo.latest_published(year, week).id, by="test")
        repo.add_assignment(draft.id, PlannedShift(NEXT_TUESDAY, str(staff["Thomas"]), "centre", "FRUEH", "welfare",
                                                   465, 825, 0))
        repo.publish(draft.id, by="test")
    login(own_client, "koordination")
    assert "1 veröffentlichte Dienste" in text_of(_record(own_client, app, staff["Thomas"], NEXT_TUESDAY))
    with session_scope(own_db) as session:
        open_id = session.query(OpenShift).one().id
    assert "1 angefragt" in text_of(_ask(own_client, app, open_id, [staff["Hanna"]]))
    offer = _offers(own_db)[(staff["Hanna"], "asked")]
    key = callback_key(app, '"type":"poffer-msg"')

    def take():
        return post_callback(own_client, key, outputs=[({"id": offer, "type": "poffer-msg"}, "children")],
                             inputs=[({"id": offer, "type": "poffer-accept"}, "n_clicks", 1),
                                     ({"id": offer, "type": "poffer-decline"}, "n_clicks", None)])

    login(own_client, "jobcenter")  # another organisation: not found, nothing changes
    assert "gibt es nicht" in text_of(take())
    login(own_client, "wohlfahrt")
    assert "Hanna" in text_of(page_content(own_client, "/partner"))
    assert "Übernommen; der Plan wurde als Version" in text_of(take())
    with session_scope(own_db) as session:
        assert session.query(OpenShift).one().status == "filled"
        latest = ScheduleRepository(session).latest_published(year, week)
        rows = ScheduleRepository(session).rows(latest.id)
        assert [(r.person, r.task) for r in rows if r.day == NEXT_TUESDAY and r.task == "welfare"] == [("Hanna", "welfare")]


def test_when_nobody_can_take_it_the_page_says_so_and_points_to_a_re_plan(own_client, own_db, app, planned):
    staff = planned
    year, week, _ = NEXT_MONDAY.isocalendar()
    with session_scope(own_db) as session:
        repo = ScheduleRepository(session)
        draft = repo.start_draft_from(repo.latest_published(year, week).id, by="test")
        repo.add_assignment(draft.id, PlannedShift(NEXT_TUESDAY, str(staff["Nadia"]), "centre", "FRUEH", "jobcenter",
                                                   465, 825, 0))
        repo.publish(draft.id, by="test")
    login(own_client, "koordination")
    body = text_of(_record(own_client, app, staff["Nadia"], NEXT_TUESDAY))  # the only Jobcenter adviser
    assert "Niemand kann den Dienst ohne Regelverstoß übernehmen" in body and "neu planen" in body
    assert "Rolle passt nicht zur Aufgabe" in body  # who cannot, and why


def test_leadership_sees_the_team_hour_balances_but_records_nothing(own_client, app, planned):
    login(own_client, "leitung")
    body = text_of(page_content(own_client, "/ausfall"))
    assert "Stundenkonten des Teams" in body and "Sabine" in body
    assert "Ausfall erfassen" not in body and "Urlaubsanträge" not in body
    assert _record(own_client, app, planned["Iryna"], NEXT_TUESDAY).status_code == 403


def test_a_team_member_subscribes_to_their_own_calendar(own_client, own_db, app, planned):
    def manage(action):
        return call(own_client, app, f"own-cal-{action}.n_clicks", {f"own-cal-{action}.n_clicks": 1},
                    output="own-cal-output")

    login(own_client, "koordination")
    assert manage("renew").status_code == 403
    login(own_client, "sabine")
    first = text_of(manage("renew"))
    url = next(word for word in first.replace('"', " ").split() if "/calendar/" in word)
    path = url[url.index("/calendar/"):]
    events = icalendar.Calendar.from_ical(own_client.get(path).data).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Empfang – MigraDo Servicezentrum Friedensplatz"]  # her Monday only
    second = text_of(manage("renew"))
    new_path = next(w for w in second.replace('"', " ").split() if "/calendar/" in w)
    assert own_client.get(path).status_code == 404  # the old address stops working
    assert own_client.get(new_path[new_path.index("/calendar/"):]).status_code == 200
    manage("revoke")
    assert own_client.get(new_path[new_path.index("/calendar/"):]).status_code == 404
    assert own_client.get("/calendar/not-a-token.ics").status_code == 404
