"""Administrators change roles, deactivate and reset; staff change their own password."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from portal.database import db
from portal.models import AuditEvent, Staff, StaffRole, TwoFactor
from tests.accounts.steps import NEW_PASSWORD, accept, link_on, set_up_app
from tests.support.pages import Portal
from tests.support.world import StaffRef, World


def _admin_and_colleague(app: Flask, world: World) -> tuple[Portal, int, Portal, StaffRef]:
    admin = world.caseworker(role=StaffRole.ADMINISTRATOR)
    colleague = world.colleague(admin)
    as_admin = Portal(app)
    as_admin.sign_in_staff(admin.email, admin.password)
    as_colleague = Portal(app)
    as_colleague.sign_in_staff(colleague.email, colleague.password)
    return as_admin, admin.id, as_colleague, colleague


def test_a_role_change_is_recorded_with_who_and_when(app: Flask, world: World) -> None:
    as_admin, admin_id, _, colleague = _admin_and_colleague(app, world)
    page = as_admin.get(f"/staff/admin/staff/{colleague.id}")
    done = as_admin.submit(
        page, action=f"/staff/admin/staff/{colleague.id}/role", role="coordinator"
    )
    page = as_admin.follow(done)
    assert "The role is changed." in page.text
    assert "Role changed from Caseworker to Coordinator" in page.text
    event = world.run(lambda: db.session.scalars(select(AuditEvent)).one())
    assert (event.actor_id, event.subject_id, event.detail) == (
        admin_id,
        colleague.id,
        "caseworker>coordinator",
    )
    assert event.at is not None


def test_deactivation_ends_sessions_at_once_and_stops_sign_in(app: Flask, world: World) -> None:
    as_admin, _, as_colleague, colleague = _admin_and_colleague(app, world)
    assert as_colleague.get("/staff/").status == 200
    page = as_admin.get(f"/staff/admin/staff/{colleague.id}")
    as_admin.submit(page, action=f"/staff/admin/staff/{colleague.id}/deactivate")
    assert as_colleague.client.get("/staff/").status_code == 302  # signed out at once
    again = Portal(app)
    refused = again.submit(
        again.get("/staff/login"),
        status=200,
        email=colleague.email,
        password=colleague.password,
    )
    assert refused.error_for("password") == "Error: The email address or the password is wrong."
    page = as_admin.get(f"/staff/admin/staff/{colleague.id}")
    assert "Deactivated" in page.text
    as_admin.submit(page, action=f"/staff/admin/staff/{colleague.id}/reactivate")
    again.sign_in_staff(colleague.email, colleague.password)
    assert again.get("/staff/").status == 200


def test_a_reset_stops_the_password_and_the_app_and_gives_a_new_link(
    app: Flask, world: World
) -> None:
    as_admin, _, as_colleague, colleague = _admin_and_colleague(app, world)
    set_up_app(as_colleague, as_colleague.get("/staff/account/two-factor"))
    page = as_admin.get(f"/staff/admin/staff/{colleague.id}")
    shown = as_admin.submit(
        page, action=f"/staff/admin/staff/{colleague.id}/reset", status=200, delivery="show"
    )
    link = link_on(shown)
    assert as_colleague.client.get("/staff/").status_code == 302
    assert not world.run(lambda: db.session.scalars(select(TwoFactor)).all())
    old = Portal(app)
    refused = old.submit(
        old.get("/staff/login"),
        status=200,
        email=colleague.email,
        password=colleague.password,
    )
    assert refused.error_for("password")
    fresh = Portal(app)
    assert accept(fresh, link).response.location == "/staff/"
    fresh.sign_in_staff(colleague.email, NEW_PASSWORD)


def test_administrators_do_not_change_their_own_account(app: Flask, world: World) -> None:
    admin = world.caseworker(role=StaffRole.ADMINISTRATOR)
    portal = Portal(app)
    portal.sign_in_staff(admin.email, admin.password)
    page = portal.get(f"/staff/admin/staff/{admin.id}")
    assert "Ask another administrator to change your own account." in page.text
    assert not page.soup.select(f"form[action='/staff/admin/staff/{admin.id}/deactivate']")
    token = page.soup.find("input", attrs={"name": "csrf_token"})["value"]  # type: ignore[index]
    portal.client.post(f"/staff/admin/staff/{admin.id}/deactivate", data={"csrf_token": token})
    assert world.run(lambda: db.session.get_one(Staff, admin.id).active)


def test_staff_change_their_own_password_and_other_sessions_end(app: Flask, world: World) -> None:
    staff = world.caseworker()
    here = Portal(app)
    here.sign_in_staff(staff.email, staff.password)
    elsewhere = Portal(app)
    elsewhere.sign_in_staff(staff.email, staff.password)
    form = here.get("/staff/account/password")
    wrong = here.submit(
        form, status=200, current="fel", password=NEW_PASSWORD, confirm=NEW_PASSWORD
    )
    assert wrong.error_for("current") == "Error: Your current password is wrong."
    done = here.submit(wrong, current=staff.password, password=NEW_PASSWORD, confirm=NEW_PASSWORD)
    assert "Your password is changed" in here.follow(done).text
    assert here.get("/staff/").status == 200
    assert elsewhere.client.get("/staff/").status_code == 302
    Portal(app).sign_in_staff(staff.email, NEW_PASSWORD)
    actions = world.run(lambda: db.session.scalars(select(AuditEvent.action)).all())
    assert actions == ["password_changed"]
