"""A county administrator decides on the staff page whether a coordinator follows up the
whole county; nobody else can, nor for a coordinator outside their county; it is audited."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from portal.database import db
from portal.models import AuditEvent, Staff, StaffRole
from tests.support.pages import Portal
from tests.support.world import StaffRef, World


def _signed_in(app: Flask, staff: StaffRef) -> Portal:
    portal = Portal(app)
    portal.sign_in_staff(staff.email, staff.password)
    return portal


def _county_wide(world: World, staff_id: int) -> bool:
    return world.run(lambda: db.session.get_one(Staff, staff_id).county_wide)


def test_a_county_administrator_makes_a_coordinator_county_wide(app: Flask, world: World) -> None:
    admin = world.caseworker(role=StaffRole.COUNTY_ADMINISTRATOR)
    coordinator = world.caseworker(world.municipality(), role=StaffRole.COORDINATOR)
    portal = _signed_in(app, admin)
    page = portal.get(f"/staff/admin/staff/{coordinator.id}")
    assert "Their own municipality, beside the county" in page.text
    done = portal.submit(
        page, action=f"/staff/admin/staff/{coordinator.id}/follow-up", reach="county"
    )
    page = portal.follow(done)
    assert _county_wide(world, coordinator.id)
    assert "Every municipality in the county" in page.text
    assert "Now follows up every municipality in the county" in page.text
    event = world.run(
        lambda: db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    )
    assert event is not None
    assert (event.actor_id, event.subject_id, event.action, event.detail) == (
        admin.id,
        coordinator.id,
        "follow_up_changed",
        "county",
    )
    # The coordinator's figures page now has every municipality's rows.
    figures = _signed_in(app, coordinator).get("/staff/figures")
    assert "Figures for" in figures.text and "each of its municipalities" in figures.text

    # And back; a form without a choice says what is missing, and changes nothing.
    page = portal.get(f"/staff/admin/staff/{coordinator.id}")
    refused = portal.client.post(
        f"/staff/admin/staff/{coordinator.id}/follow-up",
        data={"csrf_token": page.soup.select_one("input[name=csrf_token]")["value"]},
    )
    assert refused.status_code == 200
    assert "Choose which figures this coordinator follows up." in refused.get_data(as_text=True)
    assert _county_wide(world, coordinator.id)
    portal.submit(
        page, action=f"/staff/admin/staff/{coordinator.id}/follow-up", reach="municipality"
    )
    assert not _county_wide(world, coordinator.id)


def test_only_a_county_administrator_within_their_county(app: Flask, world: World) -> None:
    admin = world.caseworker(role=StaffRole.ADMINISTRATOR)
    coordinator = world.colleague(admin, role=StaffRole.COORDINATOR)
    county_admin = world.colleague(admin, role=StaffRole.COUNTY_ADMINISTRATOR)
    elsewhere = world.caseworker(world.municipality(county="Annat län"), role=StaffRole.COORDINATOR)
    caseworker = world.colleague(admin)
    url = "/staff/admin/staff/{}/follow-up"

    # An organisation's administrator manages the coordinator, but not their reach.
    portal = _signed_in(app, admin)
    page = portal.get(f"/staff/admin/staff/{coordinator.id}")
    assert page.soup.select_one(f"form[action='{url.format(coordinator.id)}']") is None
    token = page.soup.select_one("input[name=csrf_token]")["value"]
    answer = portal.client.post(
        url.format(coordinator.id), data={"csrf_token": token, "reach": "county"}
    )
    assert answer.status_code == 404

    portal = _signed_in(app, county_admin)
    page = portal.get(f"/staff/admin/staff/{coordinator.id}")
    token = page.soup.select_one("input[name=csrf_token]")["value"]
    for stranger in (elsewhere, caseworker):  # another county; not a coordinator
        answer = portal.client.post(
            url.format(stranger.id), data={"csrf_token": token, "reach": "county"}
        )
        assert answer.status_code == 404
        assert not _county_wide(world, stranger.id)
    assert not _county_wide(world, coordinator.id)


def test_the_reach_goes_with_the_coordinator_role(app: Flask, world: World) -> None:
    county_admin = world.caseworker(role=StaffRole.COUNTY_ADMINISTRATOR)
    coordinator = world.colleague(county_admin, role=StaffRole.COORDINATOR)
    portal = _signed_in(app, county_admin)
    page = portal.get(f"/staff/admin/staff/{coordinator.id}")
    portal.submit(page, action=f"/staff/admin/staff/{coordinator.id}/follow-up", reach="county")
    page = portal.get(f"/staff/admin/staff/{coordinator.id}")
    portal.submit(page, action=f"/staff/admin/staff/{coordinator.id}/role", role="caseworker")
    assert not _county_wide(world, coordinator.id)
