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


def visit(page: Page, base: str, path: str, name: str, javascript: bool = True) -> None:
    page.goto(base + path)
    check_accessibility(page, name, javascript)


# 360x740, right to left and left to right, in scripts from Arabic to Ge'ez and Cyrillic;
# with JavaScript and without it (htmx and read-aloud only add to the page).
LANGUAGES = [
    ("ar", True),
    ("ar", False),
    ("ti", True),
    ("ti", False),
    ("uk", True),
    ("uk", False),
    ("ckb", True),
    ("ckb", False),
    ("sv", True),
]


@pytest.mark.parametrize(
    ("code", "javascript"), LANGUAGES, ids=[f"{c}-{'js' if j else 'nojs'}" for c, j in LANGUAGES]
)
def test_every_participant_page(
    app: Flask, world: World, live_server: str, browser: Browser, code: str, javascript: bool
) -> None:
    staff = world.caseworker()
    provider = world.provider(staff.municipality_id)
    occasion = world.occasion(provider, language=code)
    participant = world.participant(staff, language=code)
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        locale=code.replace("_", "-"),
        java_script_enabled=javascript,
    )
    page = context.new_page()
    mode = "js" if javascript else "nojs"
    for path in (
        "/",
        "/sign-in",
        "/sign-in/too-many-codes",
        "/language",
        "/signed-out",
        "/i/unknown-link-000000000",
    ):
        visit(
            page,
            live_server,
            path,
            f"every-{code}-{mode}-anonymous{path.replace('/', '-')}",
            javascript,
        )
    page.goto(live_server + "/sign-in")
    page.locator("main form button").click()  # nothing typed: the error state
    check_accessibility(page, f"every-{code}-{mode}-sign-in-error", javascript)

    page.goto(live_server + world.invite(participant))
    page.get_by_label(translated(app, code, "Code")).fill("12")
    page.locator("main form").first.locator("button").click()
    check_accessibility(page, f"every-{code}-{mode}-code-error", javascript)
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
        visit(
            page, live_server, path, f"every-{code}-{mode}{re.sub(r'[/]', '-', path)}", javascript
        )
    page.goto(live_server + "/plan/change")
    page.locator("main form button").click()
    check_accessibility(page, f"every-{code}-{mode}-change-error", javascript)

    # Signing: the receipt (in the language and in Swedish), and the page that checks it.
    page.goto(live_server + "/plan/approve")
    page.locator("#confirm").check()
    page.locator("main form").first.locator("button").click()
    page.get_by_label(translated(app, code, "Code")).fill(world.last_code(participant.phone))
    page.locator("main form").first.locator("button").click()
    page.wait_for_url(f"{live_server}/plan/versions/1/receipt")
    check_accessibility(page, f"every-{code}-{mode}-receipt", javascript)
    address = page.locator(".receipt dd.hash a").first.get_attribute("href") or ""
    anonymous = browser.new_context(
        viewport=PHONE, is_mobile=True, locale=code, java_script_enabled=javascript
    )
    checker = anonymous.new_page()
    visit(checker, live_server, "/receipt", f"every-{code}-{mode}-receipt-check", javascript)
    visit(
        checker,
        live_server,
        "/receipt/" + address.rsplit("/", 1)[1],
        f"every-{code}-{mode}-receipt-checked",
        javascript,
    )
    assert checker.locator(".panel--success").count() == 1
    anonymous.close()
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
