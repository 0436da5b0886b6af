"""The participant books with one tap and cancels before the deadline. Every wrong request
gets a clear message and changes nothing."""

from __future__ import annotations

from datetime import timedelta

from portal.booking.vocabulary import OccasionType
from tests.booking.helpers import flashed, post, setting, signed_in
from tests.support.pages import Portal
from tests.support.world import World, translated


def test_book_with_one_tap_and_get_a_text_message(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=3, address="Folkets hus, sal 2")
    me = world.participant(caseworker)
    signed_in(portal, world, me)

    page = portal.get("/booking")
    done = portal.submit(page, action=f"/booking/occasions/{occasion}/book")
    assert done.response.location == f"/booking/occasions/{occasion}"
    shown = portal.follow(done)
    assert flashed(shown) == "Your seat is booked. We have sent you a text message about it."
    assert "You have a seat." in shown.text
    assert "2 seats left" in shown.text
    assert [b.status for b in world.bookings(occasion)] == ["confirmed"]
    assert world.seats_taken(occasion) == 1

    sms = world.messages(me.phone)[-1]
    assert sms.kind == "booking_confirmed"
    assert "Civic orientation" in sms.body
    assert "Folkets hus, sal 2" in sms.body
    # The short address (every character of a text costs) leads to the bookings.
    assert sms.body.endswith("http://portal.test/b")
    assert portal.get("/b", status=302).response.location == "/booking/mine"

    mine = portal.get("/booking/mine")
    assert "Civic orientation" in mine.soup.select_one("#booked-title").find_next("ul").get_text()


def test_the_text_message_is_in_the_participants_language(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider)
    me = world.participant(caseworker, language="ar")
    signed_in(portal, world, me)
    post(portal, f"/booking/occasions/{occasion}/book")
    sms = world.messages(me.phone)[-1]
    assert sms.language == "ar"
    assert translated(portal.app, "ar", "Civic orientation") in sms.body


def _nothing_changed(world: World, occasion: int, taken: int, messages: int, phone: str) -> None:
    assert world.seats_taken(occasion) == taken
    assert len(world.messages(phone)) == messages


def test_booking_a_started_occasion_is_refused(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, starts_in=-timedelta(minutes=5))
    me = world.participant(caseworker)
    signed_in(portal, world, me)
    before = len(world.messages(me.phone))
    page = portal.follow(post(portal, f"/booking/occasions/{occasion}/book"))
    assert flashed(page) == "This occasion has already started. Choose another one."
    assert not page.soup.select("form[action$='/book']")
    _nothing_changed(world, occasion, 0, before, me.phone)
    assert world.bookings(occasion) == []


def test_booking_a_closed_occasion_is_refused(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, starts_in=timedelta(days=2), book_until=timedelta(days=3))
    me = world.participant(caseworker)
    signed_in(portal, world, me)
    page = portal.follow(post(portal, f"/booking/occasions/{occasion}/book"))
    assert flashed(page).startswith("Booking for this occasion closed on ")
    assert flashed(page).endswith(". Choose another one.")
    assert world.bookings(occasion) == []
    waiting = portal.follow(post(portal, f"/booking/occasions/{occasion}/wait"))
    assert flashed(waiting).startswith("Booking for this occasion closed on ")
    assert world.bookings(occasion) == []


def test_booking_a_full_occasion_is_refused_and_the_waiting_list_offered(
    portal: Portal, world: World
) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=1)
    world.book(world.participant(caseworker), occasion)
    me = world.participant(caseworker)
    signed_in(portal, world, me)
    before = len(world.messages(me.phone))
    page = portal.follow(post(portal, f"/booking/occasions/{occasion}/book"))
    assert flashed(page) == "Sorry, this occasion is full. You can join the waiting list instead."
    assert page.soup.select(f"form[action='/booking/occasions/{occasion}/wait']")
    _nothing_changed(world, occasion, 1, before, me.phone)
    assert len(world.bookings(occasion)) == 1


def test_an_occasion_only_for_its_own_municipality_is_refused(portal: Portal, world: World) -> None:
    caseworker = world.caseworker()
    elsewhere = world.provider(world.municipality("Köping"))
    occasion = world.occasion(elsewhere, open_to_county=False)
    me = world.participant(caseworker)
    signed_in(portal, world, me)
    page = portal.get(f"/booking/occasions/{occasion}")
    assert "Only people who live in Köping can book this occasion." in page.text
    assert not page.soup.select("form[action$='/book']")
    refused = portal.follow(post(portal, f"/booking/occasions/{occasion}/book"))
    assert flashed(refused) == "Only people who live in Köping can book this occasion."
    assert world.bookings(occasion) == []

    neighbour = world.participant(world.caseworker(world.run(lambda: _municipality(occasion))))
    world.book(neighbour, occasion)
    assert world.seats_taken(occasion) == 1


def _municipality(occasion_id: int) -> int:
    from portal.database import db
    from portal.models import Occasion

    return db.session.get_one(Occasion, occasion_id).municipality_id


def test_booking_twice_is_refused(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=5)
    me = world.participant(caseworker)
    signed_in(portal, world, me)
    post(portal, f"/booking/occasions/{occasion}/book")
    before = len(world.messages(me.phone))
    page = portal.follow(post(portal, f"/booking/occasions/{occasion}/book"))
    assert flashed(page) == "You have already booked a seat on this occasion."
    _nothing_changed(world, occasion, 1, before, me.phone)
    assert len(world.bookings(occasion)) == 1


def test_cancel_before_the_deadline_frees_the_seat(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=2, cancel_until=timedelta(days=1))
    me = world.participant(caseworker)
    signed_in(portal, world, me)
    post(portal, f"/booking/occasions/{occasion}/book")
    booking = world.bookings(occasion)[0]

    mine = portal.get("/booking/mine")
    confirm = portal.get(
        mine.soup.select_one(f"a[href='/booking/mine/{booking.id}/cancel']")["href"]
    )
    assert confirm.h1 == "Cancel your booking?"
    done = portal.submit(confirm, action=f"/booking/mine/{booking.id}/cancel")
    assert done.response.location == "/booking/mine"
    page = portal.follow(done)
    assert flashed(page) == "Your booking is cancelled. We have sent you a text message about it."
    assert "You have not booked anything yet." in page.text
    assert world.booking(booking.id).status == "cancelled"
    assert world.seats_taken(occasion) == 0
    sms = world.messages(me.phone)[-1]
    assert sms.kind == "booking_cancelled"
    assert sms.body.startswith("Your booking is cancelled: Civic orientation")

    again = portal.follow(post(portal, f"/booking/mine/{booking.id}/cancel"))
    assert flashed(again) == "This booking is already cancelled."
    assert world.seats_taken(occasion) == 0
    rebooked = portal.follow(post(portal, f"/booking/occasions/{occasion}/book"))
    assert "Your seat is booked." in flashed(rebooked)


def test_cancelling_after_the_deadline_is_refused(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, starts_in=timedelta(days=2), cancel_until=timedelta(days=3))
    me = world.participant(caseworker)
    signed_in(portal, world, me)
    post(portal, f"/booking/occasions/{occasion}/book")
    booking = world.bookings(occasion)[0]
    before = len(world.messages(me.phone))

    mine = portal.get("/booking/mine")
    assert not mine.soup.select(f"a[href='/booking/mine/{booking.id}/cancel']")
    assert "It is too late to cancel here." in mine.text
    confirm = portal.get(f"/booking/mine/{booking.id}/cancel")
    assert not confirm.soup.select("main form")
    refused = portal.follow(post(portal, f"/booking/mine/{booking.id}/cancel"))
    assert flashed(refused).startswith("The last time to cancel was ")
    assert "Contact Organisation" in flashed(refused)
    assert world.booking(booking.id).status == "confirmed"
    _nothing_changed(world, occasion, 1, before, me.phone)


def test_nobody_can_cancel_or_accept_someone_elses_booking(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=1)
    theirs = world.book(world.participant(caseworker), occasion)
    waiting = world.book(world.participant(caseworker), occasion)
    me = world.participant(caseworker)
    signed_in(portal, world, me)

    for url in (
        f"/booking/mine/{theirs.id}/cancel",
        f"/booking/mine/{waiting.id}/cancel",
        f"/booking/mine/{waiting.id}/accept",
        "/booking/mine/999999/cancel",
    ):
        page = post(portal, url, status=404)
        assert page.h1 == "Booking not found"
        assert "This booking is not one of yours, or it does not exist." in page.text
    assert portal.get(f"/booking/mine/{theirs.id}/cancel", status=404).h1 == "Booking not found"
    assert [b.status for b in world.bookings(occasion)] == ["confirmed", "waiting"]
    assert world.seats_taken(occasion) == 1


def test_another_type_and_language_is_booked_the_same_way(portal: Portal, world: World) -> None:
    caseworker = world.caseworker()
    school = world.provider(caseworker.municipality_id)
    occasion = world.occasion(
        school, kind=OccasionType.SFI_PLACEMENT_TEST, language="sv", title="Nivåtest"
    )
    me = world.participant(caseworker)
    signed_in(portal, world, me)
    page = portal.follow(post(portal, f"/booking/occasions/{occasion}/book"))
    assert page.h1 == "SFI placement test in Swedish"
    assert world.messages(me.phone)[-1].body.startswith("Booked: SFI placement test, ")
