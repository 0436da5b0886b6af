"""The provider's and the caseworker's booking pages on an office desktop, under axe."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from portal.database import db
from portal.models import Occasion
from tests.browser.conftest import ARTIFACTS
from tests.support.world import World

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


def axe(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.add_script_tag(url="/static/vendor/axe.min.js")
    results: dict[str, Any] = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
    ]
    assert not violations, f"{name}: " + "\n".join(violations)


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
    axe(page, "provider-1-occasions")
    page.locator(f"a[href='/staff/occasions/{full}']").click()
    axe(page, "provider-2-attendees")
    page.goto(f"{live_server}/staff/occasions/{started}")
    page.locator(".meetings a").click()
    axe(page, "provider-3-attendance")
    page.goto(f"{live_server}/staff/occasions/new")
    axe(page, "provider-4-new")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page, "provider-5-new-errors")
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    sign_in(page, live_server, caseworker.email, caseworker.password)
    page.goto(f"{live_server}/staff/participants/{person.id}")
    axe(page, "caseworker-1-bookings")
    page.goto(f"{live_server}/staff/participants/{person.id}/booking")
    axe(page, "caseworker-2-book")
    context.close()
