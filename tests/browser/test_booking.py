"""A newcomer on a 360 px phone books civic orientation in their language and cancels it, in
Arabic (right to left), with JavaScript and without."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from portal.booking.vocabulary import OccasionType
from tests.browser.conftest import check_accessibility, sign_in_with_link
from tests.support.world import World

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


def test_newcomer_books_and_cancels(
    app: Flask, world: World, live_server: str, phone: Page, javascript: bool
) -> None:
    tag = "js" if javascript else "nojs"
    caseworker = world.caseworker()
    provider = world.provider(caseworker.municipality_id)
    occasion = world.occasion(
        provider,
        capacity=3,
        meetings=6,
        title="Samhällsorientering på arabiska, vårkursen",
        address="Medborgarhuset, Stora torget 1, sal 2",
    )
    world.occasion(provider, kind=OccasionType.SFI, language="sv", title="SFI kurs B")
    participant = world.participant(caseworker, language="ar")

    sign_in_with_link(phone, live_server, world, participant)

    phone.locator(".site-nav a[href='/booking']").click()
    expect(phone).to_have_url(f"{live_server}/booking")
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    cards = phone.locator(".occasion")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Samhällsorientering på arabiska")  # own language first
    check_accessibility(phone, f"booking-ar-{tag}-1-offer", javascript)

    if javascript:  # htmx narrows the list in place; without JavaScript the form is a GET
        phone.locator("details.filters summary").click()
        phone.locator("#kind").select_option("sfi")
        expect(cards).to_have_count(1)
        expect(phone).to_have_url(
            f"{live_server}/booking?kind=sfi&language=&municipality=&from_date="
        )
        phone.locator("#kind").select_option("")
        expect(cards).to_have_count(2)

    cards.first.locator(f"form[action='/booking/occasions/{occasion}/book'] button").click()
    expect(phone).to_have_url(f"{live_server}/booking/occasions/{occasion}")
    expect(phone.locator(".notification--success")).to_be_visible()
    expect(phone.locator(".meetings li")).to_have_count(6)
    check_accessibility(phone, f"booking-ar-{tag}-2-booked", javascript)
    booking = world.bookings(occasion)[0]
    assert booking.status == "confirmed"
    assert world.messages(participant.phone)[-1].kind == "booking_confirmed"

    phone.locator(".site-nav a[href='/booking/mine']").click()
    expect(phone).to_have_url(f"{live_server}/booking/mine")
    check_accessibility(phone, f"booking-ar-{tag}-3-mine", javascript)

    phone.locator(f"a[href='/booking/mine/{booking.id}/cancel']").click()
    expect(phone).to_have_url(f"{live_server}/booking/mine/{booking.id}/cancel")
    check_accessibility(phone, f"booking-ar-{tag}-4-cancel", javascript)
    phone.locator("main form button").click()

    expect(phone).to_have_url(f"{live_server}/booking/mine")
    expect(phone.locator(".notification--success")).to_be_visible()
    check_accessibility(phone, f"booking-ar-{tag}-5-cancelled", javascript)
    assert world.booking(booking.id).status == "cancelled"
    assert world.seats_taken(occasion) == 0
    assert world.messages(participant.phone)[-1].kind == "booking_cancelled"
