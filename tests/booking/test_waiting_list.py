"""A full occasion has a waiting list, served in order: a freed seat is offered by SMS to the
first in line, who has the hold time to accept it before it passes to the next."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask

from portal.booking import seats, waiting_list
from portal.database import db, utcnow
from portal.models import Booking
from tests.booking.helpers import flashed, post, setting, signed_in
from tests.support.pages import Portal
from tests.support.world import ParticipantRef, StaffRef, World, translated


def full_occasion(world: World, capacity: int = 1, **kwargs: object) -> tuple[StaffRef, int]:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=capacity, **kwargs)  # type: ignore[arg-type]
    for _ in range(capacity):
        world.book(world.participant(caseworker), occasion)
    return caseworker, occasion


def cancel_as(app: Flask, participant: ParticipantRef, booking_id: int) -> None:
    portal = Portal(app)
    portal.sign_in_with_link(World(app), participant)
    post(portal, f"/booking/mine/{booking_id}/cancel")


def test_join_the_waiting_list_and_see_your_place(portal: Portal, world: World) -> None:
    caseworker, occasion = full_occasion(world)
    world.book(world.participant(caseworker), occasion)
    me = world.participant(caseworker)
    signed_in(portal, world, me)
    page = portal.get(f"/booking/occasions/{occasion}")
    done = portal.follow(portal.submit(page, action=f"/booking/occasions/{occasion}/wait"))
    assert flashed(done) == (
        "You are number 2 on the waiting list. If a seat becomes free, we will send you a text message."
    )
    assert "You are number 2 on the waiting list." in done.text
    assert "You are number 2 in line." in portal.get("/booking/mine").text
    assert world.seats_taken(occasion) == 1

    again = portal.follow(post(portal, f"/booking/occasions/{occasion}/wait"))
    assert flashed(again) == "You are already on the waiting list for this occasion."
    booked = portal.follow(post(portal, f"/booking/occasions/{occasion}/book"))
    assert flashed(booked) == "You are already on the waiting list for this occasion."
    assert [b.status for b in world.bookings(occasion)] == ["confirmed", "waiting", "waiting"]


def test_the_waiting_list_is_only_for_full_occasions(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=2)
    signed_in(portal, world, world.participant(caseworker))
    page = portal.follow(post(portal, f"/booking/occasions/{occasion}/wait"))
    assert flashed(page) == "There are free seats on this occasion: book a seat instead."
    assert world.bookings(occasion) == []


def test_leave_the_waiting_list(portal: Portal, world: World) -> None:
    caseworker, occasion = full_occasion(world)
    me = world.participant(caseworker)
    mine = world.book(me, occasion)
    signed_in(portal, world, me)
    confirm = portal.get(f"/booking/mine/{mine.id}/cancel")
    assert confirm.h1 == "Leave the waiting list?"
    page = portal.follow(portal.submit(confirm, action=f"/booking/mine/{mine.id}/cancel"))
    assert flashed(page) == "You have left the waiting list."
    assert world.booking(mine.id).status == "cancelled"
    assert world.seats_taken(occasion) == 1


def test_a_freed_seat_is_offered_to_the_first_in_line_by_sms(
    app: Flask, portal: Portal, world: World
) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=1, starts_in=timedelta(days=5))
    holder = world.participant(caseworker)
    seat = world.book(holder, occasion)
    first = world.participant(caseworker, language="ar")
    second = world.participant(caseworker)
    first_wait = world.book(first, occasion)
    second_wait = world.book(second, occasion)

    cancel_as(app, holder, seat.id)
    assert world.booking(first_wait.id).status == "offered"
    assert world.booking(second_wait.id).status == "waiting"
    assert world.seats_taken(occasion) == 1  # the offer holds the seat

    sms = world.messages(first.phone)[-1]
    assert sms.kind == "booking_offer"
    assert sms.language == "ar"
    assert translated(app, "ar", "Civic orientation") in sms.body
    assert sms.body.endswith("http://portal.test/b")
    assert not [m for m in world.messages(second.phone) if m.kind == "booking_offer"]

    expires = world.run(lambda: db.session.get_one(Booking, first_wait.id).offer_expires_at)
    assert expires is not None
    assert timedelta(hours=23, minutes=59) < expires - utcnow() <= timedelta(hours=24)

    signed_in(portal, world, first)
    mine = portal.get("/booking/mine")
    assert mine.soup.select_one("#offers-title") is not None
    accepted = portal.follow(portal.submit(mine, action=f"/booking/mine/{first_wait.id}/accept"))
    assert flashed(accepted) == translated(
        app, "ar", "The seat is yours. We have sent you a text message about it."
    )
    assert world.booking(first_wait.id).status == "confirmed"
    assert world.messages(first.phone)[-1].kind == "booking_confirmed"
    assert world.seats_taken(occasion) == 1

    again = portal.follow(post(portal, f"/booking/mine/{first_wait.id}/accept"))
    assert flashed(again) == translated(app, "ar", "You have already accepted this seat.")


def test_saying_no_passes_the_seat_to_the_next(app: Flask, portal: Portal, world: World) -> None:
    caseworker, occasion = full_occasion(world)
    holder_booking = world.bookings(occasion)[0]
    first = world.participant(caseworker)
    second = world.participant(caseworker)
    offered = world.book(first, occasion)
    next_in_line = world.book(second, occasion)
    holder = world.run(lambda: _participant_ref(holder_booking.participant_id))
    cancel_as(app, holder, holder_booking.id)

    signed_in(portal, world, first)
    confirm = portal.get(f"/booking/mine/{offered.id}/cancel")
    assert confirm.h1 == "Say no to the seat?"
    page = portal.follow(portal.submit(confirm, action=f"/booking/mine/{offered.id}/cancel"))
    assert flashed(page) == "You have said no to the seat."
    assert world.booking(offered.id).status == "cancelled"
    assert world.booking(next_in_line.id).status == "offered"
    assert world.seats_taken(occasion) == 1


def _participant_ref(participant_id: int) -> ParticipantRef:
    from portal.models import Participant

    person = db.session.get_one(Participant, participant_id)
    return ParticipantRef(person.id, person.name, person.phone, person.language)


def test_an_offer_not_accepted_in_time_passes_to_the_next(world: World) -> None:
    caseworker, occasion = full_occasion(world)
    holder = world.bookings(occasion)[0]
    first = world.book(world.participant(caseworker), occasion)
    second = world.book(world.participant(caseworker), occasion)
    world.run(lambda: _cancel(holder.id))
    assert world.booking(first.id).status == "offered"

    assert world.run(lambda: waiting_list.expire_offers(utcnow() + timedelta(hours=23))) == 0
    assert world.booking(first.id).status == "offered"
    assert world.run(lambda: waiting_list.expire_offers(utcnow() + timedelta(hours=25))) == 1
    assert world.booking(first.id).status == "lapsed"
    assert world.booking(second.id).status == "offered"
    assert world.seats_taken(occasion) == 1
    assert world.run(lambda: waiting_list.expire_offers(utcnow() + timedelta(hours=25))) == 0


def test_when_nobody_waits_a_lapsed_offer_frees_the_seat(world: World) -> None:
    caseworker, occasion = full_occasion(world)
    holder = world.bookings(occasion)[0]
    first = world.book(world.participant(caseworker), occasion)
    world.run(lambda: _cancel(holder.id))
    world.run(lambda: waiting_list.expire_offers(utcnow() + timedelta(days=2)))
    assert world.booking(first.id).status == "lapsed"
    assert world.seats_taken(occasion) == 0


def _cancel(booking_id: int) -> None:
    booking = db.session.get_one(Booking, booking_id)
    seats.cancel(booking.participant, booking_id)


def test_the_hold_time_is_configurable_and_never_beyond_the_start(
    world: World, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "BOOKING_OFFER_HOLD", timedelta(hours=2))
    caseworker, occasion = full_occasion(world)
    holder = world.bookings(occasion)[0]
    first = world.book(world.participant(caseworker), occasion)
    world.run(lambda: _cancel(holder.id))
    expires = world.run(lambda: db.session.get_one(Booking, first.id).offer_expires_at)
    assert expires is not None
    assert timedelta(hours=1, minutes=59) < expires - utcnow() <= timedelta(hours=2)

    _soon_caseworker, soon = full_occasion(
        world, starts_in=timedelta(hours=1), cancel_until=timedelta(0)
    )
    soon_holder = world.bookings(soon)[0]
    waiting = world.book(world.participant(caseworker), soon)
    world.run(lambda: _cancel(soon_holder.id))

    def expiry_and_start() -> tuple[object, object]:
        offer = db.session.get_one(Booking, waiting.id)
        return offer.offer_expires_at, offer.occasion.starts_at

    expiry, start = world.run(expiry_and_start)
    assert expiry == start


def test_accepting_an_expired_offer_is_refused_and_the_seat_goes_on(
    app: Flask, portal: Portal, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "BOOKING_OFFER_HOLD", timedelta(0))
    caseworker, occasion = full_occasion(world)
    holder = world.bookings(occasion)[0]
    me = world.participant(caseworker)
    mine = world.book(me, occasion)
    next_in_line = world.book(world.participant(caseworker), occasion)
    world.run(lambda: _cancel(holder.id))
    monkeypatch.setitem(app.config, "BOOKING_OFFER_HOLD", timedelta(hours=24))

    signed_in(portal, world, me)
    page = portal.follow(post(portal, f"/booking/mine/{mine.id}/accept"))
    assert flashed(page) == "Sorry, the time to accept this seat has run out."
    assert world.booking(mine.id).status == "lapsed"
    assert world.booking(next_in_line.id).status == "offered"
    assert world.seats_taken(occasion) == 1


def test_expire_offers_command(app: Flask, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "BOOKING_OFFER_HOLD", timedelta(0))
    caseworker, occasion = full_occasion(world)
    holder = world.bookings(occasion)[0]
    first = world.book(world.participant(caseworker), occasion)
    second = world.participant(caseworker)
    then = world.book(second, occasion)
    world.run(lambda: _cancel(holder.id))
    monkeypatch.setitem(app.config, "BOOKING_OFFER_HOLD", timedelta(hours=24))

    result = app.test_cli_runner().invoke(args=["expire-offers"])
    assert result.exit_code == 0, result.output
    assert "offers lapsed and passed on: 1" in result.output
    assert world.booking(first.id).status == "lapsed"
    assert world.booking(then.id).status == "offered"
    offer = [m for m in world.messages(second.phone) if m.kind == "booking_offer"]
    assert [m.status for m in offer] == ["sent"]
