"""The caseworker registers a participant and follows their status."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.support.pages import Page, Portal
from tests.support.world import StaffRef, World


def signed_in(app: Flask, staff: StaffRef) -> Portal:
    portal = Portal(app)
    portal.sign_in_staff(staff.email, staff.password)
    return portal


def register_page(portal: Portal) -> Page:
    return portal.get("/staff/participants/new")


VALID = {
    "name": "Rania Al-Khatib",
    "phone": "070-123 45 67",
    "language": "ar",
    "gender": "woman",
    "residence_permit_date": "2026-10-01",
}


def test_register_a_participant_with_a_swedish_number(app: Flask, world: World) -> None:
    staff = world.caseworker()
    portal = signed_in(app, staff)
    done = portal.submit(register_page(portal), **VALID)
    assert done.response.location.endswith("/plan")
    editor = portal.follow(done)
    assert "Rania Al-Khatib is registered. Now draft the plan." in editor.text

    from portal.database import db
    from portal.models import Participant

    def stored() -> tuple[str, str, str, int]:
        person = db.session.query(Participant).one()
        return person.phone, person.language, person.gender, person.organisation_id

    assert world.run(stored) == ("+46701234567", "ar", "woman", staff.organisation_id)


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("phone", "12345", "Enter a mobile number in the right format, like 070-123 45 67."),
        ("phone", "08-123 45 67", "Enter a mobile number in the right format, like 070-123 45 67."),
        ("phone", "", "Enter the participant's mobile number."),
        ("name", "", "Enter the participant's full name."),
        ("name", "Rania\u202eKhatib", "Remove the invisible control characters from Full name."),
        ("name", "Rania\x07", "Remove the invisible control characters from Full name."),
        ("name", "R" * 201, "Full name must be 200 characters or fewer."),
        (
            "residence_permit_date",
            "01/10/2026",
            "Enter the date as year-month-day, like 2026-03-14.",
        ),
        (
            "residence_permit_date",
            "2999-01-01",
            "The date of the residence permit must be today or earlier.",
        ),
        ("language", "xx", "Not a valid choice."),
    ],
)
@pytest.mark.sqlite_only
def test_bad_input_gets_a_message_and_keeps_what_was_typed(
    app: Flask, world: World, field: str, typed: str, message: str
) -> None:
    portal = signed_in(app, world.caseworker())
    page = portal.submit(register_page(portal), status=200, **{**VALID, field: typed})
    assert page.error_summary() == [message]
    assert page.error_for(field) == f"Error: {message}"
    if field in ("phone", "name", "residence_permit_date"):
        assert page.value_of(field) == typed
    assert page.value_of("name") == (typed if field == "name" else VALID["name"])


def test_the_caseworker_sees_only_their_own_organisations_participants(
    app: Flask, world: World
) -> None:
    mine = world.caseworker()
    theirs = world.caseworker(world.municipality())
    world.participant(mine, name="Amal Yusuf")
    world.participant(theirs, name="Berhane Kidane")
    dashboard = signed_in(app, mine).get("/staff/")
    assert "Amal Yusuf" in dashboard.text
    assert "Berhane Kidane" not in dashboard.text


def test_the_dashboard_filter_works_without_javascript_and_as_an_htmx_fragment(
    app: Flask, world: World
) -> None:
    staff = world.caseworker()
    world.participant(staff, name="Amal Yusuf")
    world.participant(staff, name="Berhane Kidane")
    portal = signed_in(app, staff)
    page = portal.submit(portal.get("/staff/"), status=200, q="amal")
    assert "Amal Yusuf" in page.text and "Berhane" not in page.text
    assert page.h1 == "Participants"

    fragment = portal.get("/staff/?q=berh", headers={"HX-Request": "true"})
    assert fragment.soup.find("html") is None
    assert fragment.soup.find(id="participant-table") is not None
    assert "Berhane Kidane" in fragment.text and "Amal" not in fragment.text


def test_status_follows_the_participant_through_the_journey(app: Flask, world: World) -> None:
    staff = world.caseworker()
    participant = world.participant(staff)
    caseworker = signed_in(app, staff)
    status_url = f"/staff/participants/{participant.id}"

    def summary() -> str:
        page = caseworker.get(status_url)
        return page.soup.select(".summary-list dd")[3].get_text(strip=True)

    assert summary() == "Link not sent"
    sent = caseworker.submit(caseworker.get(status_url), action=f"{status_url}/send-link")
    assert "A new link has been sent by SMS" in caseworker.follow(sent).text
    assert summary() == "Link sent"

    newcomer = Portal(app)
    link = world.messages(participant.phone)[-1].body.rsplit("portal.test", 1)[1]
    newcomer.get(link, status=303)
    assert summary() == "Link opened"
    newcomer.submit(newcomer.get("/sign-in/code"), code=world.last_code(participant.phone))
    assert summary() == "Signed in, not yet approved"

    page = caseworker.get(status_url)
    outbox = page.text
    assert "is your sign-in code" in outbox
    assert world.last_code(participant.phone) not in outbox  # staff never see codes


def test_a_qr_code_shows_a_new_link_without_sending_an_sms(app: Flask, world: World) -> None:
    staff = world.caseworker()
    participant = world.participant(staff)
    portal = signed_in(app, staff)
    status_url = f"/staff/participants/{participant.id}"
    page = portal.submit(portal.get(status_url), action=f"{status_url}/qr", status=200)
    assert page.soup.find("svg") is not None
    assert world.messages(participant.phone) == []


def test_editing_details_keeps_them(app: Flask, world: World) -> None:
    staff = world.caseworker()
    participant = world.participant(staff, language="sv")
    portal = signed_in(app, staff)
    edit = portal.get(f"/staff/participants/{participant.id}/edit")
    assert edit.value_of("name") == participant.name
    done = portal.submit(edit, language="ar", phone="+46 70 999 88 77")
    shown = portal.follow(done)
    assert "070-999 88 77" in shown.text
    assert "العربية" in shown.text
