"""Every route carries an explicit access decision, and the decisions hold."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from portal.access import Access, access_of
from tests.conftest import make_app
from tests.support.pages import Portal
from tests.support.world import World

# Changing this list is a conscious decision: these pages answer anyone.
PUBLIC = {
    "main.index",
    "main.language",
    "health.healthz",
    "auth.staff_login",
    "auth.sign_out",
    "auth.signed_out",
    "auth.invitation",
    "auth.sign_in",
    "auth.enter_code",
    "auth.new_code",
    "auth.who",
    # Says only that no more codes go out for now: the same for everyone.
    "auth.too_many_codes",
    # A calendar app fetches the feed with nothing but its secret address (≥128 random bits).
    "schedule.feed",
    # The service worker: the same script for everyone, nothing personal in it.
    "schedule.service_worker",
    # Staff: a one-time set-up link, and the steps between a right password (kept in the
    # signed session cookie) and a signed-in session.
    "welcome.open_link",
    "welcome.choose_password",
    "two_factor.verify",
    "two_factor.set_up",
    "external_sign_in.start",
    "external_sign_in.finish",
    # The SMS gateway's delivery reports: refused (401) without the gateway's credentials,
    # which only the address we hand the gateway carries (tests/sms/test_elks.py).
    "sms.delivery_report",
    # A receipt's address checks it against the record, revealing no one (≥256 random bits).
    "verification.check",
    "verification.result",
    # What the law asks every page to link to.
    "statements.accessibility",
    "statements.privacy",
}


def endpoints(app: Flask) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()} - {"static"})


@pytest.mark.sqlite_only
def test_every_route_has_an_access_decision(app: Flask) -> None:
    undecided = [e for e in endpoints(app) if access_of(app.view_functions[e]) is None]
    assert not undecided, f"routes without @public, @participant_only or @staff_only: {undecided}"


@pytest.mark.sqlite_only
def test_public_routes_are_exactly_the_listed_ones(app: Flask) -> None:
    public = {e for e in endpoints(app) if access_of(app.view_functions[e]) is Access.PUBLIC}
    assert public == PUBLIC


def test_a_route_without_decision_is_refused() -> None:
    app = make_app("sqlite://")
    app.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    response = app.test_client().get("/forgotten")
    assert response.status_code == 403
    assert b"secret" not in response.data


def build_urls(app: Flask, endpoint: str, values: dict[str, object]) -> list[tuple[str, str]]:
    result = []
    for rule in app.url_map.iter_rules(endpoint):
        arguments = {name: values.get(name, 1) for name in rule.arguments}
        if "kind" in rule.arguments:
            arguments["kind"] = "goals"
        if "token" in rule.arguments:
            arguments["token"] = "x" * 22
        with app.test_request_context():
            from flask import url_for

            url = url_for(endpoint, **arguments)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            result.append((method, url))
    return result


def test_anonymous_visitors_reach_only_public_routes(app: Flask) -> None:
    client = app.test_client()
    for endpoint in endpoints(app):
        if endpoint in PUBLIC:
            continue
        for method, url in build_urls(app, endpoint, {}):
            response = client.open(url, method=method)
            assert response.status_code in (302, 400), f"{method} {url}: {response.status_code}"
            if response.status_code == 302:
                assert re.search(r"/(sign-in|staff/login)", response.location)


def test_caseworker_cannot_reach_another_organisations_participant(
    app: Flask, world: World
) -> None:
    own = world.caseworker()
    other = world.caseworker(world.municipality())
    stranger = world.participant(other)
    ids = world.run(lambda: _ids_of(stranger.id))
    portal = Portal(app)
    portal.sign_in_staff(own.email, own.password)
    checked = 0
    for endpoint in endpoints(app):
        rules = list(app.url_map.iter_rules(endpoint))
        if not any("participant_id" in rule.arguments for rule in rules):
            continue
        for method, url in build_urls(app, endpoint, {"participant_id": stranger.id, **ids}):
            data = {"csrf_token": _csrf(portal)} if method == "POST" else None
            response = portal.client.open(url, method=method, data=data)
            assert response.status_code in (403, 404), f"{method} {url}: {response.status_code}"
            checked += 1
    assert checked > 15


def _ids_of(participant_id: int) -> dict[str, object]:
    from portal.database import db
    from portal.models import Participant
    from portal.plans.versions import current_version

    person = db.session.get_one(Participant, participant_id)
    version = current_version(person)
    assert version is not None
    return {
        "goal_id": version.goals[0].id,
        "activity_id": version.activities[0].id,
        "item_id": version.goals[0].id,
        "number": version.number,
        "change_id": 1,
    }


def _csrf(portal: Portal) -> str:
    page = portal.get("/staff/participants/new")
    token = page.soup.find("input", attrs={"name": "csrf_token"})
    assert token is not None
    return str(token["value"])


def test_staff_cannot_open_participant_pages_and_participants_not_staff_pages(
    app: Flask, world: World
) -> None:
    staff = world.caseworker()
    participant = world.participant(staff)

    as_staff = Portal(app)
    as_staff.sign_in_staff(staff.email, staff.password)
    assert as_staff.client.get("/plan").status_code == 403

    as_participant = Portal(app)
    as_participant.sign_in_with_link(world, participant)
    assert as_participant.client.get("/staff/").status_code == 403
    assert as_participant.client.get(f"/staff/participants/{participant.id}").status_code == 403


def test_a_participant_sees_only_their_own_plan(app: Flask, world: World) -> None:
    staff = world.caseworker()
    me = world.participant(staff, name="Amal Yusuf")
    other = world.participant(staff, name="Berhane Kidane")
    portal = Portal(app)
    plan = portal.sign_in_with_link(world, me)
    assert "Amal" not in plan.text  # the plan page does not even need the name
    version = portal.get("/plan/versions/1")
    assert "Berhane" not in version.text
    assert portal.client.get("/plan/versions/2").status_code == 404
    del other


def test_a_coordinator_sees_figures_and_never_a_participants_record(
    app: Flask, world: World
) -> None:
    """Issue 11: a coordinator landed on the participant list with a "Register" button,
    and an old plan version, with the participant's IP address, opened for them."""
    from portal.staff.models import StaffRole

    caseworker = world.caseworker()
    participant = world.participant(caseworker)
    coordinator = world.caseworker(caseworker.municipality_id, role=StaffRole.COORDINATOR)
    world.run(lambda: _same_organisation(coordinator.id, caseworker.organisation_id))
    ids = world.run(lambda: _ids_of(participant.id))
    portal = Portal(app)
    portal.sign_in_staff(coordinator.email, coordinator.password)

    landing = portal.follow(portal.get("/staff/", status=302))
    assert landing.url == "/staff/figures" and landing.h1 == "Follow-up figures"
    assert "Register a participant" not in landing.soup.get_text()
    assert not landing.soup.select("a[href^='/staff/participants']")

    refused = 0
    for endpoint in endpoints(app):
        rules = list(app.url_map.iter_rules(endpoint))
        if not any("participant_id" in rule.arguments for rule in rules) and endpoint not in (
            "participants.new",
            "staff.outbox",
        ):
            continue
        for method, url in build_urls(app, endpoint, {"participant_id": participant.id, **ids}):
            data = {"csrf_token": _csrf_from(landing)} if method == "POST" else None
            response = portal.client.open(url, method=method, data=data)
            assert response.status_code == 403, f"{method} {url}: {response.status_code}"
            refused += 1
    assert refused > 15
    assert portal.client.get("/staff/participants/1/plan/versions/1").status_code == 403


def _same_organisation(staff_id: int, organisation_id: int) -> None:
    from portal.database import db
    from portal.models import Staff

    db.session.get_one(Staff, staff_id).organisation_id = organisation_id
    db.session.commit()


def _csrf_from(page: object) -> str:
    token = page.soup.find("input", attrs={"name": "csrf_token"})  # type: ignore[attr-defined]
    if token is None:
        return "no-token"
    return str(token["value"])
