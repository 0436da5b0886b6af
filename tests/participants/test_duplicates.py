"""No person registered twice: the same name and number is refused with a link to the
record there is; a number someone else of the organisation has asks who this is."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.database import db
from portal.models import Participant
from tests.participants.test_register import VALID, register_page, signed_in
from tests.support.pages import Portal
from tests.support.world import World


def _count() -> int:
    return int(db.session.scalar(select(func.count()).select_from(Participant)) or 0)


def test_the_same_name_and_number_twice_is_refused_with_a_link(app: Flask, world: World) -> None:
    staff = world.caseworker()
    portal = signed_in(app, staff)
    portal.submit(register_page(portal), **VALID)
    first = world.run(lambda: db.session.scalars(select(Participant.id)).one())
    # However the name is spaced or cased, and however the number is written.
    again = portal.submit(
        register_page(portal),
        status=200,
        **{**VALID, "name": "  rania   AL-KHATIB ", "phone": "+46 70 123 45 67"},
    )
    assert again.error_for("name") == (
        "Error: Rania Al-Khatib is already registered with this mobile number."
    )
    assert again.soup.select_one(f"a[href='/staff/participants/{first}']") is not None
    assert again.value_of("name") == "rania   AL-KHATIB"  # what was typed is kept
    # Ticking "shares the phone" does not make the same person someone else.
    ticked = portal.submit(again, status=200, shares_phone="y")
    assert ticked.error_for("name")
    assert world.run(_count) == 1


def test_someone_else_on_the_same_phone_is_asked_about_then_registered(
    app: Flask, world: World
) -> None:
    staff = world.caseworker()
    portal = signed_in(app, staff)
    portal.submit(register_page(portal), **VALID)
    asked = portal.submit(register_page(portal), status=200, **{**VALID, "name": "Omar Al-Khatib"})
    assert asked.error_for("shares_phone") == (
        "Error: Tick the box if this is another person who shares the phone."
    )
    assert "This mobile number already belongs to: Rania Al-Khatib" in asked.text
    done = portal.submit(asked, shares_phone="y")
    assert done.response.location.endswith("/plan")
    assert world.run(_count) == 2


def test_another_organisation_is_not_told_who_has_the_number(app: Flask, world: World) -> None:
    portal = signed_in(app, world.caseworker())
    portal.submit(register_page(portal), **VALID)
    other = signed_in(app, world.caseworker(world.municipality()))
    done = other.submit(register_page(other), **VALID)
    assert done.response.location.endswith("/plan")


def test_changing_details_into_a_duplicate_is_refused(app: Flask, world: World) -> None:
    staff = world.caseworker()
    portal = signed_in(app, staff)
    rania = world.participant(staff, name="Rania Al-Khatib", phone="+46701234567")
    omar = world.participant(staff, name="Omar Ali", phone="+46709876543")
    form = portal.get(f"/staff/participants/{omar.id}/edit")
    refused = portal.submit(form, status=200, name="Rania Al-Khatib", phone="070-123 45 67")
    assert refused.error_for("name")
    assert refused.soup.select_one(f"a[href='/staff/participants/{rania.id}']") is not None
    kept = portal.submit(portal.get(f"/staff/participants/{omar.id}/edit"), name="Omar Ali Said")
    assert kept.response.location == f"/staff/participants/{omar.id}"


def test_the_database_refuses_a_duplicate_whatever_runs_at_once(app: Flask, world: World) -> None:
    staff = world.caseworker()
    world.participant(staff, name="Rania Al-Khatib", phone="+46701234567")

    def insert_directly() -> None:
        first = db.session.scalars(select(Participant)).one()
        db.session.add(
            Participant(
                organisation_id=first.organisation_id,
                municipality_id=first.municipality_id,
                name="RANIA al-khatib",
                phone=first.phone,
                language="ar",
                gender="woman",
            )
        )
        db.session.commit()

    with pytest.raises(IntegrityError):
        world.run(insert_directly)


def test_a_shared_phone_never_shows_two_identical_names(app: Flask, world: World) -> None:
    staff = world.caseworker()
    world.participant(staff, name="Amal Yusuf", phone="+46701234567")
    world.participant(staff, name="Hodan Yusuf", phone="+46701234567")
    caseworker = signed_in(app, staff)
    again = {**VALID, "name": "Amal Yusuf", "phone": "070-123 45 67", "shares_phone": "y"}
    caseworker.submit(register_page(caseworker), status=200, **again)
    portal = Portal(app)
    code = portal.follow(portal.submit(portal.get("/sign-in"), phone="070-123 45 67"))
    who = portal.follow(portal.submit(code, code=world.last_code("+46701234567")))
    names = [label.get_text() for label in who.soup.select("fieldset label")]
    assert sorted(names) == ["Amal Yusuf", "Hodan Yusuf"]
