"""Two-factor sign-in for staff: required in production, optional in development."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from portal.config import Development, Production
from portal.database import db
from portal.models import AuditEvent, StaffRole, TwoFactor
from tests.accounts.steps import NEW_PASSWORD, accept, invite, link_on, set_up_app, totp_code
from tests.support.pages import Portal
from tests.support.world import StaffRef, World


@pytest.fixture
def required(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "STAFF_TWO_FACTOR_REQUIRED", True)


def test_production_requires_it_and_development_does_not() -> None:
    assert Production.STAFF_TWO_FACTOR_REQUIRED is True
    assert Development.STAFF_TWO_FACTOR_REQUIRED is False


@pytest.mark.usefixtures("required")
def test_a_new_member_of_staff_sets_up_the_app_before_their_first_session(
    app: Flask, world: World
) -> None:
    admin = world.caseworker(role=StaffRole.ADMINISTRATOR)
    world.run(lambda: _give_app(admin.id))
    portal = Portal(app)
    link = link_on(invite(_signed_in_admin(app, admin), admin.organisation_id))

    chosen = accept(portal, link)
    assert chosen.response.location == "/staff/login/two-factor/set-up"
    assert portal.client.get("/staff/").status_code == 302  # not signed in yet
    page = portal.follow(chosen)
    assert page.soup.select_one(".qr svg") is not None
    wrong = portal.submit(page, status=200, code="000000")
    assert (
        wrong.error_for("code") == "Error: The code is wrong. Type the 6 digits the app shows now."
    )
    secret, codes = set_up_app(portal, wrong)
    assert portal.get("/staff/").h1 == "Participants"

    stored = world.run(lambda: db.session.scalars(select(TwoFactor.secret_encrypted)).all())
    assert len(stored) == 2 and all(secret not in value for value in stored)

    # The next sign-in asks for a code after the password; each code works once.
    again = Portal(app)
    asked = again.sign_in_staff("sara.lind@kommun.example", NEW_PASSWORD)
    assert asked.response.location == "/staff/login/two-factor"
    step = again.follow(asked)
    assert again.client.get("/staff/").status_code == 302
    done = again.submit(step, code=totp_code(secret))
    assert done.response.location == "/staff/"
    replay = Portal(app)
    step = replay.follow(replay.sign_in_staff("sara.lind@kommun.example", NEW_PASSWORD))
    refused = replay.submit(step, status=200, code=totp_code(secret))
    assert refused.error_for("code") == "Error: The code is wrong. Check the app and try again."

    # A recovery code instead of the app, once.
    used = replay.submit(refused, code=codes[0].upper().replace("-", " "))
    assert used.response.location == "/staff/"
    assert "You have 9 left" in replay.get("/staff/").text
    once_more = Portal(app)
    step = once_more.follow(once_more.sign_in_staff("sara.lind@kommun.example", NEW_PASSWORD))
    assert once_more.submit(step, status=200, code=codes[0]).error_for("code")
    actions = world.run(lambda: db.session.scalars(select(AuditEvent.action)).all())
    assert "two_factor_set_up" in actions and "recovery_code_used" in actions


APP_SECRET = "ORSXG5BNONSWG4TFOQWTEMBNMJ4XIZLT"


def _give_app(staff_id: int) -> None:
    """The administrator already has an app: their secret is one only this test knows."""
    from portal.accounts.two_factor import seal

    db.session.add(TwoFactor(staff_id=staff_id, secret_encrypted=seal(APP_SECRET), last_step=0))
    db.session.commit()


def _signed_in_admin(app: Flask, admin: StaffRef) -> Portal:
    portal = Portal(app)
    step = portal.follow(portal.sign_in_staff(admin.email, admin.password))
    portal.submit(step, code=totp_code(APP_SECRET))
    return portal


@pytest.mark.usefixtures("required")
def test_an_account_made_before_two_factor_sets_it_up_at_sign_in(app: Flask, world: World) -> None:
    staff = world.caseworker()
    portal = Portal(app)
    asked = portal.sign_in_staff(staff.email, staff.password)
    assert asked.response.location == "/staff/login/two-factor/set-up"
    set_up_app(portal, portal.follow(asked))
    assert portal.get("/staff/").h1 == "Participants"


@pytest.mark.usefixtures("required")
def test_the_second_step_is_rate_limited_like_the_password(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff = world.caseworker()
    world.run(lambda: _give_app(staff.id))
    monkeypatch.setitem(app.config, "STAFF_LOGIN_LIMIT", "3 per minute")
    portal = Portal(app)
    step = portal.follow(portal.sign_in_staff(staff.email, staff.password))
    for _ in range(3):
        step = portal.submit(step, status=200, code="123456")
    assert portal.submit(step, status=429, code="654321").h1 == "Too many tries"


@pytest.mark.usefixtures("required")
def test_wrong_app_codes_elsewhere_do_not_lock_the_person_out(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As with the password (issue 9): someone who has the password but not the phone
    cannot, by guessing codes, keep its owner from signing in from their own address."""
    staff = world.caseworker()
    world.run(lambda: _give_app(staff.id))
    monkeypatch.setitem(app.config, "STAFF_LOGIN_LIMIT", "3 per minute")
    thief = Portal(app)
    thief.client.environ_base["REMOTE_ADDR"] = "198.51.100.1"
    step = thief.follow(thief.sign_in_staff(staff.email, staff.password))
    for _ in range(3):
        step = thief.submit(step, status=200, code="123456")
    owner = Portal(app)
    owner.client.environ_base["REMOTE_ADDR"] = "203.0.113.5"
    step = owner.follow(owner.sign_in_staff(staff.email, staff.password))
    assert owner.submit(step, code=totp_code(APP_SECRET)).response.location == "/staff/"


def test_in_development_it_is_optional_and_set_up_from_the_account(
    app: Flask, world: World
) -> None:
    staff = world.caseworker()
    portal = Portal(app)
    assert portal.sign_in_staff(staff.email, staff.password).response.location == "/staff/"
    account = portal.get("/staff/account")
    assert "Not set up" in account.text
    secret, _codes = set_up_app(portal, portal.get("/staff/account/two-factor"))
    assert "10 recovery codes left" in portal.get("/staff/account").text
    # Once set up, it is asked for even where it is not required.
    again = Portal(app)
    asked = again.sign_in_staff(staff.email, staff.password)
    assert asked.response.location == "/staff/login/two-factor"
    assert again.submit(again.follow(asked), code=totp_code(secret)).response.location == "/staff/"


def test_the_pending_step_dies_when_the_password_changes(app: Flask, world: World) -> None:
    staff = world.caseworker()
    world.run(lambda: _give_app(staff.id))
    portal = Portal(app)
    step = portal.follow(portal.sign_in_staff(staff.email, staff.password))

    def change_password() -> None:
        from portal.auth.passwords import hash_password
        from portal.models import Staff

        db.session.get_one(Staff, staff.id).password_hash = hash_password("ett helt annat lösen")
        db.session.commit()

    world.run(change_password)
    gone = portal.submit(step, status=302, code=totp_code(APP_SECRET))
    assert gone.response.location == "/staff/login"
