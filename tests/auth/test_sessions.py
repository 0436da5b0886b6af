"""Sessions end when they should, decided on the server: a deactivated account, a new mobile
number, a new link, a caseworker's "sign out everywhere", and time without use."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select, update

from portal.auth.models import LoginSession, SessionEnd
from portal.database import db, utcnow
from portal.models import Staff
from tests.support.pages import Portal
from tests.support.world import ParticipantRef, StaffRef, World


def signed_in_participant(
    app: Flask, world: World, staff: StaffRef
) -> tuple[Portal, ParticipantRef]:
    participant = world.participant(staff)
    phone = Portal(app)
    phone.sign_in_with_link(world, participant)
    assert phone.client.get("/plan").status_code == 200
    return phone, participant


def signed_in_staff(app: Flask, staff: StaffRef) -> Portal:
    desk = Portal(app)
    desk.sign_in_staff(staff.email, staff.password)
    assert desk.client.get("/staff/").status_code == 200
    return desk


def is_signed_out(portal: Portal, page: str) -> bool:
    response = portal.client.get(page)
    return response.status_code == 302 and (
        "/sign-in" in response.location or "/staff/login" in response.location
    )


def age_sessions(world: World, by: timedelta) -> None:
    def work() -> None:
        db.session.execute(update(LoginSession).values(last_seen_at=utcnow() - by))
        db.session.commit()

    world.run(work)


def sessions_of(world: World, participant: ParticipantRef) -> list[tuple[str | None, int | None]]:
    def work() -> list[tuple[str | None, int | None]]:
        rows = db.session.execute(
            select(LoginSession.end_reason, LoginSession.ended_by_id)
            .where(LoginSession.participant_id == participant.id)
            .order_by(LoginSession.id)
        )
        return [(row.end_reason, row.ended_by_id) for row in rows]

    return world.run(work)


# --- staff ---------------------------------------------------------------------------------


def test_a_deactivated_account_has_no_session_whatever_deactivated_it(
    app: Flask, world: World
) -> None:
    """Deactivating on the administration page ends sessions (tests/accounts); an account
    made inactive any other way (the database, a script) is signed out all the same."""
    staff = world.caseworker()
    desk = signed_in_staff(app, staff)

    def deactivate() -> None:
        db.session.execute(update(Staff).where(Staff.id == staff.id).values(active=False))
        db.session.commit()

    world.run(deactivate)
    assert is_signed_out(desk, "/staff/")


def test_staff_are_signed_out_after_30_minutes_without_a_request(app: Flask, world: World) -> None:
    staff = world.caseworker()
    desk = signed_in_staff(app, staff)
    age_sessions(world, timedelta(minutes=29))
    assert desk.client.get("/staff/").status_code == 200
    # That request counted as use: another 29 minutes later it still works.
    age_sessions(world, timedelta(minutes=29))
    assert desk.client.get("/staff/").status_code == 200
    age_sessions(world, timedelta(minutes=31))
    assert is_signed_out(desk, "/staff/")
    # A refused request is no use: the session stays idle.
    assert is_signed_out(desk, "/staff/")


def test_a_request_renews_the_last_use(app: Flask, world: World) -> None:
    staff = world.caseworker()
    desk = signed_in_staff(app, staff)
    age_sessions(world, timedelta(minutes=20))
    desk.client.get("/staff/")

    def last_seen() -> timedelta:
        seen = db.session.scalar(select(LoginSession.last_seen_at))
        assert seen is not None
        return utcnow() - seen

    assert world.run(last_seen) < timedelta(minutes=1)


# --- participants: time ---------------------------------------------------------------------


def test_a_participants_phone_stays_signed_in_for_weeks_but_not_for_ever(
    app: Flask, world: World
) -> None:
    staff = world.caseworker()
    phone, _ = signed_in_participant(app, world, staff)
    age_sessions(world, timedelta(days=29))
    assert phone.client.get("/plan").status_code == 200
    age_sessions(world, timedelta(days=31))
    assert is_signed_out(phone, "/plan")


def test_the_participants_idle_time_is_configurable(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "PARTICIPANT_IDLE_TIMEOUT", timedelta(days=7))
    staff = world.caseworker()
    phone, _ = signed_in_participant(app, world, staff)
    age_sessions(world, timedelta(days=8))
    assert is_signed_out(phone, "/plan")


# --- participants: the caseworker's doing ----------------------------------------------------


def test_a_new_mobile_number_signs_the_participant_out_everywhere(app: Flask, world: World) -> None:
    staff = world.caseworker()
    phone, participant = signed_in_participant(app, world, staff)
    desk = signed_in_staff(app, staff)
    form = desk.get(f"/staff/participants/{participant.id}/edit")
    saved = desk.follow(desk.submit(form, phone="070-999 88 77"))
    assert "has been signed out on every phone and computer." in saved.text
    assert is_signed_out(phone, "/plan")
    assert sessions_of(world, participant) == [(SessionEnd.PHONE_CHANGED, None)]


def test_other_changes_keep_the_participant_signed_in(app: Flask, world: World) -> None:
    staff = world.caseworker()
    phone, participant = signed_in_participant(app, world, staff)
    desk = signed_in_staff(app, staff)
    form = desk.get(f"/staff/participants/{participant.id}/edit")
    saved = desk.follow(desk.submit(form, name="Another Name"))
    assert "signed out" not in saved.text
    assert phone.client.get("/plan").status_code == 200


def test_a_new_link_by_sms_signs_the_participant_out_everywhere(app: Flask, world: World) -> None:
    staff = world.caseworker()
    phone, participant = signed_in_participant(app, world, staff)
    desk = signed_in_staff(app, staff)
    page = desk.get(f"/staff/participants/{participant.id}")
    shown = desk.follow(desk.submit(page, action=f"/staff/participants/{participant.id}/send-link"))
    assert f"{participant.name} has been signed out on every phone and computer." in shown.text
    assert is_signed_out(phone, "/plan")
    assert sessions_of(world, participant) == [(SessionEnd.NEW_LINK, staff.id)]
    # With nobody signed in, sending a link says nothing about signing out.
    again = desk.follow(
        desk.submit(shown, action=f"/staff/participants/{participant.id}/send-link")
    )
    assert "signed out" not in again.text


def test_a_new_link_as_a_qr_code_signs_the_participant_out_everywhere(
    app: Flask, world: World
) -> None:
    staff = world.caseworker()
    phone, participant = signed_in_participant(app, world, staff)
    desk = signed_in_staff(app, staff)
    page = desk.get(f"/staff/participants/{participant.id}")
    qr = desk.submit(page, action=f"/staff/participants/{participant.id}/qr", status=200)
    assert "has been signed out on every phone and computer." in qr.text
    assert is_signed_out(phone, "/plan")


def test_a_caseworker_signs_a_participant_out_everywhere(app: Flask, world: World) -> None:
    staff = world.caseworker()
    phone, participant = signed_in_participant(app, world, staff)
    second_phone = Portal(app)
    second_phone.sign_in_with_link(world, participant)
    desk = signed_in_staff(app, staff)
    action = f"/staff/participants/{participant.id}/sign-out-everywhere"
    page = desk.get(f"/staff/participants/{participant.id}")
    done = desk.follow(desk.submit(page, action=action))
    assert f"{participant.name} has been signed out on every phone and computer." in done.text
    assert is_signed_out(second_phone, "/plan")
    # The first phone was already signed out by the second link.
    assert sessions_of(world, participant) == [
        (SessionEnd.NEW_LINK, None),
        (SessionEnd.SIGNED_OUT_EVERYWHERE, staff.id),
    ]
    again = desk.follow(desk.submit(done, action=action))
    assert f"{participant.name} was not signed in anywhere." in again.text
    assert is_signed_out(phone, "/plan")


def test_signing_out_everywhere_needs_the_form(app: Flask, world: World) -> None:
    staff = world.caseworker()
    phone, participant = signed_in_participant(app, world, staff)
    desk = signed_in_staff(app, staff)
    response = desk.client.post(f"/staff/participants/{participant.id}/sign-out-everywhere")
    assert response.status_code in (303, 400)
    assert phone.client.get("/plan").status_code == 200


def test_a_page_that_changes_nothing_in_the_cookie_does_not_send_it_again(
    portal: Portal, world: World
) -> None:
    """The server decides when a session ends, so the cookie need not be signed and sent
    with every page to push its expiry on (issue 13): only when what it holds changes."""
    portal.sign_in_with_link(world, world.participant())
    for page in ("/plan", "/week", "/booking"):
        response = portal.client.get(page)
        assert response.status_code == 200
        assert not response.headers.getlist("Set-Cookie"), page
