"""Issue 9: the participant's receipt after signing, the public page that checks it, and
what staff see when the record of approvals has been changed."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select

from portal.database import db
from portal.models import Approval
from tests.plans.test_approval import approve
from tests.plans.test_approval_chain import as_superuser, signed
from tests.support.pages import Page, Portal
from tests.support.world import ParticipantRef, World


def signed_with_receipt(
    app: Flask, world: World, language: str = "en"
) -> tuple[Portal, ParticipantRef, Page]:
    participant = world.participant(language=language)
    portal = Portal(app)
    receipt = approve(portal, world, participant, portal.sign_in_with_link(world, participant))
    return portal, participant, receipt


def address_on(receipt: Page) -> str:
    """The path of the address the receipt shows (on PUBLIC_BASE_URL)."""
    link = receipt.soup.select_one(".receipt dd.hash a")
    assert link is not None and str(link["href"]).startswith("http://portal.test/receipt/")
    return urlsplit(str(link["href"])).path


def test_the_receipt_says_what_was_signed_in_the_readers_language_and_in_swedish(
    app: Flask, world: World
) -> None:
    _portal, participant, receipt = signed_with_receipt(app, world, language="en")
    assert receipt.url.endswith("/plan/versions/1/receipt")
    stored = world.run(lambda: db.session.scalars(select(Approval)).one())
    text = receipt.text
    assert "Plan version 1" in text and "Language shown English" in text
    proof = receipt.soup.find("dt", string="How you proved it was you").find_next_sibling("dd")
    assert " ".join(proof.get_text().split()) == (
        f"With a code sent by text message to ••• ••• •• {participant.phone[-2:]}"
    )
    assert proof.select_one("bdi") is not None
    assert stored.content_sha256 in text
    swedish = receipt.soup.select_one(".receipt__swedish")
    assert swedish is not None and swedish["lang"] == "sv"
    assert "Planens version" in swedish.get_text() and stored.content_sha256 in swedish.get_text()
    # The address holds a long random id; the database holds only its hash.
    receipt_id = address_on(receipt).rsplit("/", 1)[1]
    assert len(receipt_id) >= 43
    assert stored.receipt_sha256 == hashlib.sha256(receipt_id.encode()).hexdigest()
    assert receipt.soup.select_one(".receipt__qr svg title") is not None


def test_the_address_confirms_the_receipt_and_reveals_no_one(app: Flask, world: World) -> None:
    _portal, participant, receipt = signed_with_receipt(app, world)
    stranger = Portal(app)
    opened = stranger.get(address_on(receipt), status=303)
    assert opened.response.location == "/receipt"  # the id leaves the address at once
    checked = stranger.follow(opened)
    stored = world.run(lambda: db.session.scalars(select(Approval)).one())
    assert "This receipt matches the record." in checked.text
    assert "Plan version 1" in checked.text and stored.content_sha256 in checked.text
    for private in (participant.name, participant.phone, participant.phone[-6:], "elektriker"):
        assert private not in checked.response.get_data(as_text=True)

    wrong = Portal(app)
    nothing = wrong.follow(wrong.get(address_on(receipt)[:-3] + "AAA", status=303))
    assert "No approval matches this receipt." in nothing.text

    as_superuser(app, "UPDATE approval SET language = 'sv'")
    changed = stranger.get("/receipt")
    assert "has been changed since it was signed" in changed.text


def test_the_address_is_shown_only_in_the_session_that_signed(app: Flask, world: World) -> None:
    _portal, participant, _receipt = signed_with_receipt(app, world)
    later = Portal(app)
    later.sign_in_with_link(world, participant)
    receipt = later.get("/plan/versions/1/receipt")
    assert receipt.soup.select(".receipt dd.hash a") == []
    assert "shown only after you sign" in receipt.text
    assert later.client.get("/plan/versions/2/receipt").status_code == 404


def test_the_receipt_is_right_to_left_in_arabic_with_swedish_left_to_right(
    app: Flask, world: World
) -> None:
    _portal, _participant, receipt = signed_with_receipt(app, world, language="ar")
    assert receipt.lang == "ar" and receipt.dir == "rtl"
    swedish = receipt.soup.select_one(".receipt__swedish")
    assert swedish is not None and (swedish["lang"], swedish["dir"]) == ("sv", "ltr")
    assert "Receipt" not in receipt.h1
    # "••• ••• •• 67" reads left to right inside the Arabic sentence, as a number does.
    masked = [b for b in receipt.soup.select("bdi") if "•••" in b.get_text()]
    assert masked and all(b.get("dir") == "ltr" for b in masked)


def test_the_caseworker_sees_that_the_record_was_changed(app: Flask, world: World) -> None:
    staff = world.caseworker()
    participant = world.participant(staff)
    first = signed(world, participant)
    signed(world, world.participant(staff))
    caseworker = Portal(app)
    caseworker.sign_in_staff(staff.email, staff.password)
    page = caseworker.get(f"/staff/participants/{participant.id}")
    assert "The record of approvals has been changed" not in page.text

    as_superuser(app, "DELETE FROM approval WHERE id = :id", id=first)
    page = caseworker.get(f"/staff/participants/{participant.id}")
    assert "The record of approvals has been changed" in page.text
    assert re.search(r"At approval \d+ ?: the approval before it has been removed", page.text)


def test_administrators_and_coordinators_see_the_chain_checked(app: Flask, world: World) -> None:
    from portal.staff.models import StaffRole

    staff = world.caseworker()
    first = signed(world, world.participant(staff))
    second = signed(world, world.participant(staff))
    admin = world.colleague(staff, StaffRole.ADMINISTRATOR)
    portal = Portal(app)
    portal.sign_in_staff(admin.email, admin.password)
    page = portal.get("/staff/approvals")
    assert "The full check has not run yet." in page.text

    def nightly() -> int:
        return app.test_cli_runner().invoke(args=["verify-approvals"]).exit_code

    assert nightly() == 0
    page = portal.get("/staff/approvals")
    assert "The record of approvals is intact." in page.text and "2 approvals checked." in page.text

    # A changed row shows once the nightly walk has read it.
    as_superuser(app, "UPDATE approval SET ip_address = '10.0.0.1' WHERE id = :id", id=first)
    assert nightly() == 1
    page = portal.get("/staff/approvals")
    assert "The record of approvals is broken." in page.text
    assert f"Approval {first} has been changed since it was signed." in page.text

    # A removed row shows at once: every link is checked on each visit.
    as_superuser(app, "DELETE FROM approval WHERE id = :id", id=first)
    page = portal.get("/staff/approvals")
    assert re.search(rf"At approval {second} ?: the approval before it has been removed", page.text)

    caseworker = Portal(app)
    caseworker.sign_in_staff(staff.email, staff.password)
    assert caseworker.client.get("/staff/approvals").status_code == 403
