"""Administrators invite staff with a one-time link; the invited choose a password."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from portal.database import db
from portal.models import AuditEvent, Staff, StaffLink, StaffRole
from tests.accounts.steps import NEW_PASSWORD, accept, invite, link_on
from tests.support.pages import Portal
from tests.support.world import World


def test_an_invited_caseworker_chooses_a_password_and_signs_in(app: Flask, world: World) -> None:
    admin = world.caseworker(role=StaffRole.ADMINISTRATOR)
    portal = Portal(app)
    portal.sign_in_staff(admin.email, admin.password)
    shown = invite(portal, admin.organisation_id)
    assert shown.soup.select_one(".qr svg title") is not None
    link = link_on(shown)
    assert re.fullmatch(r"/staff/welcome/[A-Za-z0-9_-]{22}", link)
    stored = world.run(lambda: db.session.scalars(select(StaffLink.token_hash)).all())
    assert link.rsplit("/", 1)[1] not in stored  # only a hash is kept

    newcomer = Portal(app)
    opened = newcomer.get(link, status=303)
    assert opened.response.location == "/staff/welcome"  # the token leaves the address
    form = newcomer.follow(opened)
    assert "sara.lind@kommun.example" in form.text
    short = newcomer.submit(form, status=200, password="kort", confirm="kort")
    assert short.error_for("password") == "Error: Choose a password of at least 12 characters."
    other = newcomer.submit(form, status=200, password=NEW_PASSWORD, confirm="något annat här")
    assert other.error_for("confirm") == "Error: The two passwords are not the same."
    done = newcomer.submit(form, password=NEW_PASSWORD, confirm=NEW_PASSWORD)
    assert done.response.location == "/staff/"
    assert newcomer.get("/staff/").h1 == "Participants"

    again = Portal(app)
    assert again.get(link, status=410).h1 == "This link has already been used"
    again.sign_in_staff("sara.lind@kommun.example", NEW_PASSWORD)
    assert again.get("/staff/").h1 == "Participants"


def test_the_link_can_go_by_text_message_to_a_work_phone(app: Flask, world: World) -> None:
    admin = world.caseworker(role=StaffRole.ADMINISTRATOR)
    portal = Portal(app)
    portal.sign_in_staff(admin.email, admin.password)
    form = portal.get(f"/staff/admin/organisations/{admin.organisation_id}/invite")
    missing = portal.submit(
        form,
        status=200,
        name="Per Berg",
        email="per.berg@kommun.example",
        role="provider",
        delivery="sms",
    )
    assert missing.error_for("phone") == "Error: Enter a work mobile number to send the link to."
    assert missing.value_of("email") == "per.berg@kommun.example"  # what was typed is kept
    sent = portal.submit(missing, phone="070-111 22 33", delivery="sms")
    assert sent.response.location.startswith("/staff/admin/staff/")
    message = world.messages("+46701112233")[-1]
    assert message.kind == "staff_invitation" and message.language == "sv"
    link = re.search(r"(/staff/welcome/\S+)", message.body)
    assert link and "*" * 22 in message.display_body
    accept(Portal(app), link.group(1))


def test_an_email_in_use_is_refused_and_every_invitation_is_logged(
    app: Flask, world: World
) -> None:
    admin = world.caseworker(role=StaffRole.ADMINISTRATOR)
    portal = Portal(app)
    portal.sign_in_staff(admin.email, admin.password)
    invite(portal, admin.organisation_id, email="ANNA@kommun.example", role="coordinator")
    form = portal.get(f"/staff/admin/organisations/{admin.organisation_id}/invite")
    taken = portal.submit(
        form, status=200, name="Anna", email="anna@kommun.example", role="caseworker"
    )
    assert taken.error_for("email") == (
        "Error: Someone already has an account with this email address."
    )
    log = portal.get(f"/staff/admin/organisations/{admin.organisation_id}/log")
    assert "Invited as Coordinator" in log.text
    events = world.run(lambda: db.session.scalars(select(AuditEvent)).all())
    assert [(e.action, e.actor_id) for e in events] == [("invited", admin.id)]


def test_the_command_line_invites_too(app: Flask, world: World) -> None:
    caseworker = world.caseworker()
    name = world.run(lambda: db.session.get_one(Staff, caseworker.id).organisation.name)
    result = app.test_cli_runner().invoke(
        args=[
            "invite-staff",
            "--organisation",
            name,
            "--email",
            "Ny@Kommun.example",
            "--name",
            "Ny Person",
            "--role",
            "administrator",
        ]
    )
    assert result.exit_code == 0, result.output
    link = re.search(
        r"One-time link for Ny Person: http://portal\.test(/staff/welcome/\S+)", result.output
    )
    assert link, result.output
    accept(Portal(app), link.group(1))
    unknown = app.test_cli_runner().invoke(
        args=["invite-staff", "--organisation", "Ingen", "--email", "a@b.se", "--name", "A"]
    )
    assert unknown.exit_code != 0 and "No organisation is called 'Ingen'" in unknown.output
