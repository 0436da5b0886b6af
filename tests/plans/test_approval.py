"""Journeys 2 and 3: the participant reads the plan, approves it, or asks for a change."""

from __future__ import annotations

import hashlib
import json

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from portal.database import db
from portal.models import Approval, LoginSession, OneTimeCode
from portal.plans.models import Goal
from portal.plans.vocabulary import GoalKind, Term
from tests.support.pages import Page, Portal
from tests.support.world import ParticipantRef, World


def approve(portal: Portal, world: World, participant: ParticipantRef, plan: Page) -> Page:
    statement = portal.get("/plan/approve")
    code_page = portal.follow(portal.submit(statement, confirm="y"))
    done = portal.submit(code_page, code=world.last_code(participant.phone))
    return portal.follow(done)


def test_the_plan_reads_in_the_participants_language(app: Flask, world: World) -> None:
    participant = world.participant(language="en")
    plan = Portal(app).sign_in_with_link(world, participant)
    assert plan.h1 == "My introduction plan"
    text_ = plan.text
    for shown in (
        "Work",
        "Long-term goal",
        "Work in my own profession",
        "SFI – Swedish for immigrants",
        "SFI school",
        "Kopparbergsvägen 17",
        "Monday, Tuesday, Wednesday, and Thursday",
        "Health examination",
        "The region's health care",
    ):
        assert shown in text_
    notes = plan.soup.select(".free-text")
    assert [" ".join(n.get_text(" ").split()) for n in notes] == [
        "Your caseworker wrote, in Swedish: Arbeta som elektriker.",
        "Your caseworker wrote, in Swedish: Ta med ditt kort.",
    ]


def test_approving_records_a_signature_of_exactly_what_was_shown(app: Flask, world: World) -> None:
    participant = world.participant(language="en")
    portal = Portal(app)
    plan = portal.sign_in_with_link(world, participant)
    receipt = approve(portal, world, participant, plan)
    assert "Thank you. You have approved version 1 of your plan." in receipt.text
    assert receipt.h1 == "Receipt for your approval"
    approved = portal.get("/plan")
    assert "You approved this plan on" in approved.text
    assert approved.soup.find("a", string="Your receipt")["href"] == "/plan/versions/1/receipt"
    assert approved.soup.find("a", string="Approve the plan") is None

    def record() -> dict[str, object]:
        approval = db.session.scalars(select(Approval)).one()
        login = db.session.scalars(
            select(LoginSession).where(LoginSession.participant_id == participant.id)
        ).one()
        code = db.session.get_one(OneTimeCode, approval.code_id)
        return {
            "participant": approval.participant_id,
            "version": approval.version.number,
            "language": approval.language,
            "statement": approval.statement_version,
            "hash_ok": hashlib.sha256(approval.content.encode()).hexdigest()
            == approval.content_sha256,
            "content": json.loads(approval.content),
            "ip": approval.ip_address,
            "agent": approval.user_agent,
            "invitation": approval.invitation_id == login.invitation_id is not None,
            "login": approval.login_session_id == login.id,
            "code_purpose": code.purpose,
            "code_version": code.plan_version_id == approval.plan_version_id,
        }

    stored = world.run(record)
    content = stored.pop("content")
    assert stored == {
        "participant": participant.id,
        "version": 1,
        "language": "en",
        "statement": 1,
        "hash_ok": True,
        "ip": "127.0.0.1",
        "agent": stored["agent"],
        "invitation": True,
        "login": True,
        "code_purpose": "approve",
        "code_version": True,
    }
    assert isinstance(content, dict)
    # What was signed is structure, the same in every language: codes, not labels.
    assert content["format"] == 2 and content["statement"] == 1
    kinds = [goal["kind"] for area in content["areas"] for goal in area["goals"]]
    assert "job_in_profession" in kinds


def test_an_approval_is_never_edited(app: Flask, world: World) -> None:
    participant = world.participant()
    portal = Portal(app)
    approve(portal, world, participant, portal.sign_in_with_link(world, participant))

    def tamper() -> None:
        db.session.execute(text("UPDATE approval SET language = 'sv'"))
        db.session.commit()

    with pytest.raises(DBAPIError, match="never edited"):
        world.run(tamper)

    def tamper_orm() -> None:
        approval = db.session.scalars(select(Approval)).one()
        approval.language = "sv"
        db.session.commit()

    with pytest.raises(RuntimeError, match="never edited"):
        world.run(tamper_orm)


def test_the_confirmation_box_must_be_ticked(app: Flask, world: World) -> None:
    participant = world.participant()
    portal = Portal(app)
    portal.sign_in_with_link(world, participant)
    page = portal.submit(portal.get("/plan/approve"), status=200)
    assert page.error_summary() == ["Tick the box to confirm that you approve the plan."]
    assert [m.kind for m in world.messages(participant.phone)].count("code_approve") == 0


def test_a_sign_in_code_cannot_approve(app: Flask, world: World) -> None:
    participant = world.participant()
    portal = Portal(app)
    portal.sign_in_with_link(world, participant)
    sign_in_code = world.last_code(participant.phone)
    code_page = portal.follow(portal.submit(portal.get("/plan/approve"), confirm="y"))
    approve_code = world.last_code(participant.phone)
    if sign_in_code != approve_code:
        refused = portal.submit(code_page, status=200, code=sign_in_code)
        assert "The code is wrong" in refused.error_for("code")
    assert world.run(lambda: db.session.scalars(select(Approval)).all()) == []


def test_a_revised_plan_needs_approval_again_and_says_what_changed(
    app: Flask, world: World
) -> None:
    participant = world.participant(language="en")
    portal = Portal(app)
    approve(portal, world, participant, portal.sign_in_with_link(world, participant))

    def add_goal(draft: object) -> None:
        db.session.add(
            Goal(version=draft, area="housing", term=Term.LONG, kind=GoalKind.OWN_HOME, note="")
        )

    world.revise_plan(participant, add_goal)
    plan = portal.get("/plan")
    assert "Your plan has changed and needs your approval again" in plan.text
    assert "New: Have a home of my own" in plan.text
    again = approve(portal, world, participant, plan)
    assert "Thank you. You have approved version 2 of your plan." in again.text

    history = portal.get("/plan/versions")
    assert history.text.count("Approved") == 2
    versions = world.run(
        lambda: [
            a.version.number for a in db.session.scalars(select(Approval).order_by(Approval.id))
        ]
    )
    assert versions == [1, 2]


def test_a_code_for_an_older_version_cannot_approve_the_new_one(app: Flask, world: World) -> None:
    participant = world.participant()
    portal = Portal(app)
    portal.sign_in_with_link(world, participant)
    code_page = portal.follow(portal.submit(portal.get("/plan/approve"), confirm="y"))
    world.revise_plan(participant, lambda draft: None)
    done = portal.follow(portal.submit(code_page, code=world.last_code(participant.phone)))
    assert "The plan changed while you were approving it. Read it again." in done.text
    assert world.run(lambda: db.session.scalars(select(Approval)).all()) == []


def test_asking_for_a_change_reaches_the_caseworker(app: Flask, world: World) -> None:
    staff = world.caseworker()
    participant = world.participant(staff, language="ar")
    portal = Portal(app)
    portal.sign_in_with_link(world, participant)
    form = portal.get("/plan/change")
    empty = portal.submit(form, status=200, message="   ")
    assert empty.lang == "ar" and len(empty.error_summary()) == 1
    sent = portal.follow(portal.submit(form, message="أريد تغيير موعد الدورة"))
    assert sent.h1  # back on the plan, in Arabic

    caseworker = Portal(app)
    caseworker.sign_in_staff(staff.email, staff.password)
    status = caseworker.get(f"/staff/participants/{participant.id}")
    assert "أريد تغيير موعد الدورة" in status.text
    assert status.soup.select(".summary-list dd")[3].get_text(strip=True) == "Change requested"
    handled = caseworker.submit(
        status, action=status.soup.select_one('form[action$="/handled"]')["action"]
    )
    assert "Handled" in caseworker.follow(handled).text


def test_a_participant_with_no_published_plan_is_told_it_is_coming(
    app: Flask, world: World
) -> None:
    participant = world.participant(plan=False)
    plan = Portal(app).sign_in_with_link(world, participant)
    assert "Your caseworker has not finished your plan yet." in plan.text
