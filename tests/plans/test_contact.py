"""Issue 12: the plan and home pages name the caseworker and how to reach them."""

from __future__ import annotations

from flask import Flask

from portal.database import db
from portal.models import Staff
from tests.support.pages import Page, Portal
from tests.support.world import World, translated


def contact(page: Page) -> str:
    section = page.soup.select_one("section.contact")
    assert section is not None, page.url
    return " ".join(section.get_text(" ").split())


def test_a_caseworker_sets_how_participants_reach_them(app: Flask, world: World) -> None:
    staff = world.caseworker()
    participant = world.participant(staff, language="ar")
    desk = Portal(app)
    desk.sign_in_staff(staff.email, staff.password)
    form = desk.get("/staff/contact")
    wrong = desk.submit(form, status=200, phone="12", days=["0"], start="", end="")
    assert wrong.error_for("phone") == "Error: Enter a phone number with its area code."
    assert wrong.error_for("end") == "Error: Enter the times you answer, or choose no days."
    assert wrong.value_of("phone") == "12"
    saved = desk.follow(
        desk.submit(form, phone="021-39 00 00", days=["0", "1", "3"], start="09:00", end="11:30")
    )
    assert "Your contact details are saved." in saved.text
    assert saved.value_of("phone") == "+4621390000"

    reader = Portal(app)
    plan = reader.sign_in_with_link(world, participant)
    home = reader.get("/")
    for page in (plan, home):
        text = contact(page)
        assert page.soup.select_one("section.contact h2").get_text(strip=True) == translated(
            app, "ar", "Your caseworker"
        )
        assert world.run(lambda: db.session.get_one(Staff, staff.id).name) in text
        call = page.soup.select_one("section.contact a[href='tel:+4621390000']")
        assert call is not None and call.select_one("bdi").get_text() == "021-39 00 00"
        hours = translated(app, "ar", "Answers the phone: %(days)s, %(times)s")
        assert hours.split("%(")[0].strip() in text
        assert "الاثنين" in text and "الخميس" in text  # Monday, Thursday
        assert "9:00" in text and "11:30" in text and "Monday" not in text


def test_without_a_phone_the_page_says_where_to_ask(app: Flask, world: World) -> None:
    participant = world.participant(language="en")
    plan = Portal(app).sign_in_with_link(world, participant)
    text = contact(plan)
    assert text.startswith("Your caseworker Handläggare")
    assert "Ask for your caseworker at the municipality's reception." in text
