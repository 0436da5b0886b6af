"""Every page under axe in a real browser: the participant's at 360 px in a right-to-left and
a left-to-right language, the caseworker's on an office screen, error states included."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page

from tests.browser.conftest import PHONE, check_accessibility
from tests.support.world import World, translated

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


def visit(page: Page, base: str, path: str, name: str) -> None:
    page.goto(base + path)
    check_accessibility(page, name)


@pytest.mark.parametrize("code", ["ar", "sv"])
def test_every_participant_page(
    app: Flask, world: World, live_server: str, browser: Browser, code: str
) -> None:
    staff = world.caseworker()
    provider = world.provider(staff.municipality_id)
    occasion = world.occasion(provider, language=code)
    participant = world.participant(staff, language=code)
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, locale=code
    )
    page = context.new_page()
    for path in ("/", "/sign-in", "/language", "/signed-out", "/i/unknown-link-000000000"):
        visit(page, live_server, path, f"every-{code}-anonymous{path.replace('/', '-')}")
    page.goto(live_server + "/sign-in")
    page.locator("main form button").click()  # nothing typed: the error state
    check_accessibility(page, f"every-{code}-sign-in-error")

    page.goto(live_server + world.invite(participant))
    page.get_by_label(translated(app, code, "Code")).fill("12")
    page.locator("main form").first.locator("button").click()
    check_accessibility(page, f"every-{code}-code-error")
    page.get_by_label(translated(app, code, "Code")).fill(world.last_code(participant.phone))
    page.locator("main form").first.locator("button").click()

    for path in (
        "/",
        "/plan",
        "/plan/versions",
        "/plan/versions/1",
        "/plan/approve",
        "/plan/change",
        "/week",
        "/calendar",
        "/booking",
        f"/booking/occasions/{occasion}",
        "/booking/mine",
        "/no-such-page",
    ):
        visit(page, live_server, path, f"every-{code}{re.sub(r'[/]', '-', path)}")
    page.goto(live_server + "/plan/change")
    page.locator("main form button").click()
    check_accessibility(page, f"every-{code}-change-error")
    context.close()


def test_every_caseworker_page(
    app: Flask, world: World, live_server: str, browser: Browser
) -> None:
    staff = world.caseworker()
    participant = world.participant(staff, language="ar")
    world.invite(participant)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    page.goto(live_server + "/staff/login")
    page.locator("main form button").click()
    check_accessibility(page, "every-staff-login-error", wide=True)
    page.locator("#email").fill(staff.email)
    page.locator("#password").fill(staff.password)
    page.locator("main form button").click()

    plan = f"/staff/participants/{participant.id}/plan"
    for path in (
        "/staff/",
        "/staff/participants/new",
        f"/staff/participants/{participant.id}",
        f"/staff/participants/{participant.id}/edit",
        plan,
        f"{plan}/versions/1",
        "/staff/outbox",
        "/staff/translations",
        f"/staff/participants/{participant.id}/booking",
    ):
        page.goto(live_server + path)
        check_accessibility(page, f"every-staff{path.replace('/', '-')}", wide=True)

    page.goto(live_server + "/staff/participants/new")
    page.locator("#phone").fill("12345")
    page.locator("main form button").click()
    check_accessibility(page, "every-staff-register-error", wide=True)

    page.goto(live_server + plan)
    page.locator(f"form[action='{plan}/revise'] button").click()
    for path in (f"{plan}/goals/new", f"{plan}/activities/new"):
        page.goto(live_server + path)
        check_accessibility(page, f"every-staff{path.replace('/', '-')}", wide=True)
        page.locator("main form button").click()  # required fields empty: the error state
        check_accessibility(page, f"every-staff{path.replace('/', '-')}-error", wide=True)
    context.close()
