"""The provider's and the caseworker's booking pages on an office desktop, under axe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from portal.database import db
from portal.models import Occasion
from tests.browser.conftest import check_accessibility
from tests.support.world import World

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


def sign_in(page: Page, live_server: str, email: str, password: str) -> None:
    page.goto(f"{live_server}/staff/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form button").click()


def test_provider_and_caseworker_pages(
    app: Flask, world: World, live_server: str, browser: Browser
) -> None:
    caseworker = world.caseworker()
    provider = world.provider(caseworker.municipality_id)
    started = world.occasion(provider, starts_in=-timedelta(minutes=10), cancel_until=timedelta(0))
    full = world.occasion(provider, capacity=1, meetings=3)
    start = world.run(lambda: db.session.get_one(Occasion, started).starts_at)
    person = world.participant(caseworker, name="Rania Al-Khatib")
    world.book(person, started, now=start - timedelta(days=1))
    world.book(world.participant(caseworker, name="Daniel Tesfaye"), full)
    world.book(person, full)

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    sign_in(page, live_server, provider.email, provider.password)
    expect(page).to_have_url(f"{live_server}/staff/occasions")
    check_accessibility(page, "provider-1-occasions", wide=True)
    page.locator(f"a[href='/staff/occasions/{full}']").click()
    check_accessibility(page, "provider-2-attendees", wide=True)
    page.goto(f"{live_server}/staff/occasions/{started}")
    page.locator(".meetings a").click()
    check_accessibility(page, "provider-3-attendance", wide=True)
    page.goto(f"{live_server}/staff/occasions/new")
    check_accessibility(page, "provider-4-new", wide=True)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check_accessibility(page, "provider-5-new-errors", wide=True)
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    sign_in(page, live_server, caseworker.email, caseworker.password)
    page.goto(f"{live_server}/staff/participants/{person.id}")
    check_accessibility(page, "caseworker-1-bookings", wide=True)
    page.goto(f"{live_server}/staff/participants/{person.id}/booking")
    check_accessibility(page, "caseworker-2-book", wide=True)
    context.close()
