"""The caseworker books on a participant's behalf and follows their bookings."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from portal.database import db
from portal.models import Booking
from tests.booking.helpers import flashed, setting
from tests.support.pages import Portal
from tests.support.world import World


def test_book_on_behalf_of_a_participant(app: Flask, portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=4, title="Vår kurs")
    person = world.participant(caseworker, name="Rania Al-Khatib", language="ar")
    portal.sign_in_staff(caseworker.email, caseworker.password)

    page = portal.get(f"/staff/participants/{person.id}")
    assert "No bookings yet." in page.text
    offer = portal.get(page.soup.select_one("#bookings").find_next("a")["href"])
    assert offer.h1 == "Book for Rania Al-Khatib"
    assert "Vår kurs" in offer.text
    done = portal.submit(offer, action=f"/staff/participants/{person.id}/booking/{occasion}/book")
    assert done.response.location == f"/staff/participants/{person.id}#bookings"
    shown = portal.follow(done)
    assert flashed(shown) == "Rania Al-Khatib has a seat. They get a text message about it."
    table = shown.soup.select_one("#bookings").find_next("table").get_text(" ", strip=True)
    assert "Vår kurs" in table
    assert "Booked" in table

    sms = world.messages(person.phone)[-1]
    assert (sms.kind, sms.language) == ("booking_confirmed", "ar")
    booked_by = world.run(lambda: db.session.scalars(select(Booking.booked_by_id)).one())
    assert booked_by == caseworker.id

    again = portal.follow(
        portal.post(
            f"/staff/participants/{person.id}/booking/{occasion}/book",
            {"csrf_token": offer.soup.select_one("input[name=csrf_token]")["value"]},
        )
    )
    assert flashed(again) == "Rania Al-Khatib has already booked a seat on this occasion."

    reader = Portal(app)
    reader.sign_in_with_link(world, person)
    assert "Vår kurs" in reader.get("/booking/mine").text


def test_the_waiting_list_and_cancelling_on_behalf(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=1)
    holder = world.participant(caseworker, name="Daniel Tesfaye")
    world.book(holder, occasion)
    person = world.participant(caseworker, name="Yonas Tesfamariam")
    portal.sign_in_staff(caseworker.email, caseworker.password)

    offer = portal.get(f"/staff/participants/{person.id}/booking")
    assert "Full" in offer.text
    waited = portal.follow(
        portal.submit(offer, action=f"/staff/participants/{person.id}/booking/{occasion}/wait")
    )
    assert flashed(waited) == "Yonas Tesfamariam is number 1 on the waiting list."

    holder_page = portal.get(f"/staff/participants/{holder.id}")
    seat = world.bookings(occasion)[0]
    cancelled = portal.follow(
        portal.submit(
            holder_page,
            action=f"/staff/participants/{holder.id}/booking/bookings/{seat.id}/cancel",
        )
    )
    assert flashed(cancelled) == "The booking is cancelled."
    assert world.messages(holder.phone)[-1].kind == "booking_cancelled"
    assert [b.status for b in world.bookings(occasion)] == ["cancelled", "offered"]
    assert world.messages(person.phone)[-1].kind == "booking_offer"
    shown = portal.get(f"/staff/participants/{person.id}")
    assert "A seat is offered until" in shown.text


def test_the_same_rules_hold_for_caseworkers(portal: Portal, world: World) -> None:
    caseworker = world.caseworker()
    koping = world.municipality("Köping")
    elsewhere = world.provider(koping)
    local_only = world.occasion(elsewhere, open_to_county=False, title="Bara Köping")
    person = world.participant(caseworker)
    portal.sign_in_staff(caseworker.email, caseworker.password)
    offer = portal.get(f"/staff/participants/{person.id}/booking")
    assert "Bara Köping" not in offer.text
    token = offer.soup.select_one("input[name=csrf_token]")["value"]
    refused = portal.follow(
        portal.post(
            f"/staff/participants/{person.id}/booking/{local_only}/book", {"csrf_token": token}
        )
    )
    assert flashed(refused) == "Only people who live in Köping can book this occasion."
    assert world.bookings(local_only) == []

    other_booking = world.book(world.participant(world.caseworker(koping)), local_only)
    answer = portal.client.post(
        f"/staff/participants/{person.id}/booking/bookings/{other_booking.id}/cancel",
        data={"csrf_token": token},
    )
    assert answer.status_code == 404
    assert world.booking(other_booking.id).status == "confirmed"
