"""Access decisions over the administration pages: an administrator only within their own
organisation, a county administrator only within their county, nobody else at all."""

from __future__ import annotations

from flask import Flask

from portal.models import StaffRole
from tests.support.pages import Portal
from tests.support.world import StaffRef, World
from tests.test_access import build_urls, endpoints

ADMIN_PAGES = ("administration.", "county.")


def _admin_endpoints(app: Flask) -> list[str]:
    return [e for e in endpoints(app) if e.startswith(ADMIN_PAGES)]


def _signed_in(app: Flask, staff: StaffRef) -> tuple[Portal, str]:
    portal = Portal(app)
    portal.sign_in_staff(staff.email, staff.password)
    page = portal.get("/staff/account")
    token = page.soup.find("input", attrs={"name": "csrf_token"})
    assert token is not None
    return portal, str(token["value"])


def _answers(app: Flask, portal: Portal, token: str, values: dict[str, object]) -> list[int]:
    codes = []
    for endpoint in _admin_endpoints(app):
        for method, url in build_urls(app, endpoint, values):
            data = {"csrf_token": token} if method == "POST" else None
            codes.append(portal.client.open(url, method=method, data=data).status_code)
    return codes


def _county(world: World) -> tuple[StaffRef, StaffRef]:
    """An organisation's administrator, and a caseworker of another organisation in the
    same county."""
    admin = world.caseworker(role=StaffRole.ADMINISTRATOR)
    neighbour = world.caseworker(world.municipality())
    return admin, neighbour


def test_an_administrator_reaches_nothing_outside_their_organisation(
    app: Flask, world: World
) -> None:
    admin, neighbour = _county(world)
    elsewhere = world.caseworker(world.municipality(county="Annat län"))
    portal, token = _signed_in(app, admin)
    assert portal.get(f"/staff/admin/organisations/{admin.organisation_id}").status == 200
    for stranger in (neighbour, elsewhere):
        values = {"organisation_id": stranger.organisation_id, "staff_id": stranger.id}
        answers = _answers(app, portal, token, values)
        # Their own organisation's pages take no ids; the county's are not theirs (403).
        assert set(answers) <= {302, 403, 404}, answers
        assert answers.count(404) >= 9
    assert portal.client.get("/staff/county/").status_code == 403


def test_a_county_administrator_reaches_their_county_and_nothing_else(
    app: Flask, world: World
) -> None:
    admin, neighbour = _county(world)
    county_admin = world.colleague(admin, role=StaffRole.COUNTY_ADMINISTRATOR)
    elsewhere = world.caseworker(world.municipality(county="Annat län"))
    portal, token = _signed_in(app, county_admin)
    assert portal.get(f"/staff/admin/organisations/{neighbour.organisation_id}").status == 200
    assert portal.get(f"/staff/admin/staff/{neighbour.id}").status == 200
    county = portal.get("/staff/county/")
    assert f"/staff/admin/organisations/{neighbour.organisation_id}" in str(county.soup)
    assert f"/staff/admin/organisations/{elsewhere.organisation_id}" not in str(county.soup)
    values = {"organisation_id": elsewhere.organisation_id, "staff_id": elsewhere.id}
    answers = _answers(app, portal, token, values)
    assert set(answers) <= {200, 302, 303, 404}, answers
    assert answers.count(404) >= 9


def test_no_other_role_reaches_administration(app: Flask, world: World) -> None:
    admin, _ = _county(world)
    for role in (StaffRole.CASEWORKER, StaffRole.PROVIDER, StaffRole.COORDINATOR):
        staff = world.colleague(admin, role=role)
        portal, token = _signed_in(app, staff)
        values = {"organisation_id": admin.organisation_id, "staff_id": admin.id}
        answers = _answers(app, portal, token, values)
        assert set(answers) == {403}, (role, answers)


def test_an_administrator_cannot_take_over_a_county_administrator(app: Flask, world: World) -> None:
    admin = world.caseworker(role=StaffRole.ADMINISTRATOR)
    above = world.colleague(admin, role=StaffRole.COUNTY_ADMINISTRATOR)
    portal, token = _signed_in(app, admin)
    organisation = portal.get(f"/staff/admin/organisations/{admin.organisation_id}")
    assert f"/staff/admin/staff/{above.id}" not in str(organisation.soup)
    assert portal.client.get(f"/staff/admin/staff/{above.id}").status_code == 404
    for action in ("reset", "deactivate", "role"):
        response = portal.client.post(
            f"/staff/admin/staff/{above.id}/{action}",
            data={"csrf_token": token, "delivery": "show", "role": "caseworker"},
        )
        assert response.status_code == 404, action
