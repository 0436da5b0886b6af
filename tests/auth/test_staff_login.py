from __future__ import annotations

import pytest
from flask import Flask

from portal.auth import guessing
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


def _from(app: Flask, address: str) -> Portal:
    portal = Portal(app)
    portal.client.environ_base["REMOTE_ADDR"] = address
    return portal


def test_ten_wrong_passwords_from_ten_addresses_then_the_right_one_gets_in(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 9, as found: the right password from an eleventh address got 429."""
    monkeypatch.setitem(app.config, "STAFF_LOGIN_LIMIT", "10 per 15 minutes")
    staff = world.caseworker()
    for address in range(10):
        attacker = _from(app, f"198.51.100.{address}")
        attacker.submit(attacker.get("/staff/login"), status=200, email=staff.email, password="x")
    done = _from(app, "203.0.113.5").sign_in_staff(staff.email, staff.password)
    assert done.response.location == "/staff/"


def test_wrong_passwords_from_many_addresses_do_not_lock_the_person_out(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 9: ten wrong passwords from ten addresses, then the right one from an
    eleventh, used to get 429 for fifteen minutes."""
    monkeypatch.setitem(app.config, "STAFF_LOGIN_LIMIT", "10 per 15 minutes")
    monkeypatch.setitem(app.config, "STAFF_LOGIN_EMAIL_LIMIT", "5 per hour")
    monkeypatch.setitem(app.config, "STAFF_LOGIN_DELAY", 0.25)
    waits: list[float] = []
    monkeypatch.setattr(guessing.time, "sleep", waits.append)
    staff = world.caseworker()
    for address in range(10):
        attacker = _from(app, f"198.51.100.{address}")
        for _ in range(10):
            attacker.submit(
                attacker.get("/staff/login"), status=200, email=staff.email, password="x"
            )
    assert len(waits) == 100 - 5  # past five wrong passwords, every try waits

    done = _from(app, "203.0.113.5").sign_in_staff(staff.email, staff.password)
    assert done.response.location == "/staff/"
    assert waits[-1] == 0.25  # the person got in, a little later


def test_one_address_is_still_limited_for_one_email(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "STAFF_LOGIN_LIMIT", "3 per minute")
    staff = world.caseworker()
    colleague = world.colleague(staff)
    attacker = _from(app, "198.51.100.1")
    page = attacker.get("/staff/login")
    for _ in range(3):
        page = attacker.submit(page, status=200, email=staff.email, password="wrong")
    attacker.submit(page, status=429, email=staff.email, password=staff.password)
    attacker.submit(page, status=429, email=colleague.email, password=colleague.password)
    assert _from(app, "198.51.100.2").sign_in_staff(staff.email, staff.password).status == 303
