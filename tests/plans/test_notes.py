"""Issue 12: a caseworker's notes reach the participant in their own language; what they
approve is the same signed content in every language."""

from __future__ import annotations

import hashlib
import json

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import select

from portal.database import db
from portal.models import Approval, OneTimeCode, Participant
from portal.plans import reading, versions
from tests.plans.test_approval import approve
from tests.support.pages import Portal
from tests.support.world import ParticipantRef, StaffRef, World, translated


def new_activity(portal: Portal, plan: str, **fields: object) -> object:
    form = portal.get(f"{plan}/activities/new")
    typed: dict[str, object] = {
        "kind": "internship",
        "responsible": "employment_service",
        "place": "ICA Maxi",
        "start_date": "2026-09-07",
        **fields,
    }
    return portal.submit(form, **typed)


def caseworker(app: Flask, world: World, language: str) -> tuple[Portal, StaffRef, ParticipantRef]:
    staff = world.caseworker()
    participant = world.participant(staff, language=language, plan=False)
    portal = Portal(app)
    portal.sign_in_staff(staff.email, staff.password)
    return portal, staff, participant


def test_a_caseworkers_notes_are_read_in_the_participants_language(
    app: Flask, world: World
) -> None:
    portal, _staff, participant = caseworker(app, world, "ar")
    plan = f"/staff/participants/{participant.id}/plan"
    form = portal.get(f"{plan}/activities/new")
    # The phrasebook is offered with a blank for each value, and the writer's language.
    assert form.soup.select_one("#phrases-bring_work_clothes[type=checkbox]") is not None
    assert form.soup.select_one("label[for=phrases-supervisor-name]") is not None
    assert (
        form.value_of("note_language") == ""
        or form.soup.select_one("#note_language option[selected]")["value"] == "sv"
    )
    new_activity(
        portal,
        plan,
        **{
            "phrases-bring_work_clothes": "y",
            "phrases-supervisor": "y",
            "phrases-supervisor-name": "Anders",
            "phrases-absent_call": "y",
            "phrases-absent_call-phone": "021-10 20 30",
            "note": "Handledare: Anders. Ta med arbetskläder.",
            "note_language": "sv",
        },
    )
    portal.submit(portal.get(plan), action=f"{plan}/publish")

    reader = Portal(app)
    page = reader.sign_in_with_link(world, participant)
    assert page.lang == "ar"
    sentences = [" ".join(li.get_text().split()) for li in page.soup.select(".phrases li")]
    assert sentences == [
        translated(app, "ar", "Bring work clothes and work shoes."),
        translated(app, "ar", "Your supervisor at the workplace is %(name)s.", name="Anders"),
        translated(app, "ar", "If you cannot come, call %(phone)s.", phone="021-10 20 30"),
    ]
    # Names and numbers are isolated; the number is one to call.
    assert page.soup.select_one(".phrases bdi").get_text() == "Anders"
    assert page.soup.select_one(".phrases a[href='tel:+4621102030']") is not None
    # The caseworker's own words stay Swedish, marked as theirs, with their language.
    free = page.soup.select_one(".free-text__body")
    assert free.get_text() == "Handledare: Anders. Ta med arbetskläder."
    assert (free["lang"], free["dir"]) == ("sv", "ltr")
    label = page.soup.select_one(".free-text__label").get_text()
    swedish = translated(app, "ar", "Your caseworker wrote, in %(language)s:").replace(
        "%(language)s", "السويدية"
    )
    assert label == swedish


def test_a_chosen_sentence_needs_its_blanks_and_keeps_what_was_typed(
    app: Flask, world: World
) -> None:
    portal, _staff, participant = caseworker(app, world, "en")
    plan = f"/staff/participants/{participant.id}/plan"
    page = new_activity(
        portal,
        plan,
        status=200,
        **{
            "phrases-contact_person": "y",
            "phrases-contact_person-name": "Selam Haile",
            "phrases-contact_person-phone": "12",
            "phrases-room-room": "B2",  # typed, but the sentence not ticked
        },
    )
    assert page.error_summary() == ["Enter a phone number with its area code."]
    assert page.error_summary_links() == ["#phrases-contact_person-phone"]
    assert page.error_for("phrases-contact_person") == (
        "Error: Enter a phone number with its area code."
    )
    assert page.value_of("phrases-contact_person-name") == "Selam Haile"
    assert page.value_of("phrases-contact_person-phone") == "12"
    assert page.value_of("phrases-room-room") == "B2"
    assert page.soup.select_one("#phrases-contact_person").has_attr("checked")

    empty = new_activity(portal, plan, status=200, **{"phrases-first_day_time": "y"})
    assert empty.error_for("phrases-first_day_time") == "Error: Enter the time."


def published_content(world: World, participant: ParticipantRef, language: str) -> str:
    def work() -> str:
        person = db.session.get_one(Participant, participant.id)
        version = versions.current_version(person)
        assert version is not None
        with force_locale(language):
            return reading.canonical(reading.signed_content(version), 1)

    with world.app.test_request_context():
        return world.run(work)


def test_the_signed_content_is_the_same_in_every_language(app: Flask, world: World) -> None:
    portal, _staff, participant = caseworker(app, world, "ar")
    plan = f"/staff/participants/{participant.id}/plan"
    new_activity(
        portal,
        plan,
        **{"phrases-interpreter": "y", "phrases-ask_for": "y", "phrases-ask_for-name": "Lena"},
    )
    portal.submit(portal.get(plan), action=f"{plan}/publish")
    contents = {code: published_content(world, participant, code) for code in ("ar", "sv", "ti")}
    assert len(set(contents.values())) == 1
    signed = json.loads(contents["ar"])
    activity = signed["areas"][0]["activities"][0]
    assert activity["phrases"] == [
        {"id": "interpreter", "values": {}},
        {"id": "ask_for", "values": {"name": "Lena"}},
    ]
    assert "Lena" in contents["ar"] and "interpreter" in contents["ar"]
    assert translated(app, "ar", "An interpreter will be there.") not in contents["ar"]

    reader = Portal(app)
    shown = reader.sign_in_with_link(world, participant)
    approve(reader, world, participant, shown)

    def stored() -> tuple[str, str, str]:
        approval = db.session.scalars(select(Approval)).one()
        return approval.content, approval.content_sha256, approval.language

    content, digest, language = world.run(stored)
    assert content == contents["sv"] and language == "ar"
    assert hashlib.sha256(content.encode()).hexdigest() == digest


@pytest.mark.sqlite_only
def test_an_approval_signed_before_stays_as_it_was(app: Flask, world: World) -> None:
    """Approvals made with translated labels (format 1) keep their content and hash."""
    participant = world.participant(language="en")
    portal = Portal(app)
    portal.sign_in_with_link(world, participant)
    old = json.dumps({"version": 1, "language": "en", "areas": [], "statement": "I approve."})

    def signed_as_before() -> None:
        person = db.session.get_one(Participant, participant.id)
        version = versions.current_version(person)
        code = db.session.scalars(select(OneTimeCode)).first()
        assert version is not None and code is not None
        db.session.add(
            Approval(
                participant_id=person.id,
                plan_version_id=version.id,
                content=old,
                content_sha256=hashlib.sha256(old.encode()).hexdigest(),
                language="en",
                statement_version=1,
                code_id=code.id,
            )
        )
        db.session.commit()

    world.run(signed_as_before)
    page = portal.get("/plan")
    assert "You approved this plan on" in page.text
    content, digest = world.run(
        lambda: db.session.execute(select(Approval.content, Approval.content_sha256)).one()
    )
    assert content == old and hashlib.sha256(content.encode()).hexdigest() == digest
