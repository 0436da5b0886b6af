from __future__ import annotations

import pytest
from flask import Flask

from tests.support.pages import Portal
from tests.support.world import World


def test_caseworker_signs_in_with_email_and_password(portal: Portal, world: World) -> None:
    staff = world.caseworker()
    done = portal.sign_in_staff(staff.email.upper(), staff.password)
    assert done.response.location == "/staff/"
    assert portal.get("/staff/").h1 == "Participants"


def test_wrong_password_gets_a_clear_message_and_keeps_the_email(
    portal: Portal, world: World
) -> None:
    staff = world.caseworker()
    page = portal.submit(portal.get("/staff/login"), status=200, email=staff.email, password="x")
    assert page.error_for("password") == "Error: The email address or the password is wrong."
    assert page.value_of("email") == staff.email
    unknown = portal.submit(page, status=200, email="nobody@kommun.example", password="x")
    assert unknown.error_for("password") == page.error_for("password")


def test_staff_login_is_rate_limited(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "STAFF_LOGIN_LIMIT", "3 per minute")
    staff = world.caseworker()
    portal = Portal(app)
    page = portal.get("/staff/login")
    for _ in range(3):
        page = portal.submit(page, status=200, email=staff.email, password="wrong")
    limited = portal.submit(page, status=429, email=staff.email, password=staff.password)
    assert limited.h1 == "Too many tries"


def test_after_sign_in_staff_return_to_the_page_they_asked_for(app: Flask, world: World) -> None:
    staff = world.caseworker()
    participant = world.participant(staff)
    portal = Portal(app)
    asked = portal.client.get(f"/staff/participants/{participant.id}")
    assert asked.status_code == 302
    login = portal.get(asked.location)
    done = portal.submit(login, email=staff.email, password=staff.password)
    assert done.response.location == f"/staff/participants/{participant.id}"


def test_the_next_address_never_leads_off_the_site(portal: Portal, world: World) -> None:
    staff = world.caseworker()
    login = portal.get("/staff/login?next=//evil.example/")
    done = portal.submit(login, email=staff.email, password=staff.password)
    assert done.response.location == "/staff/"
