"""The pages of issue 10 under axe in a real browser: what participants see (their data, the
statements) at 360 px in a right-to-left and a left-to-right language; what staff see
(accounts, administration, the county, two-factor sign-in) on an office screen, error
states included."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page

from portal.models import StaffRole
from tests.accounts.steps import NEW_PASSWORD, totp_code
from tests.browser.conftest import PHONE, check_accessibility, sign_in_with_link
from tests.support.world import World

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

DESK = {"width": 1280, "height": 900}


@pytest.mark.parametrize("code", ["ar", "sv"])
def test_what_participants_see(
    app: Flask, world: World, live_server: str, browser: Browser, code: str
) -> None:
    staff = world.caseworker()
    participant = world.participant(staff, language=code)
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, locale=code
    )
    page = context.new_page()
    for path in ("/accessibility", "/privacy"):
        page.goto(live_server + path)
        check_accessibility(page, f"new-{code}-anonymous{path.replace('/', '-')}")
    sign_in_with_link(page, live_server, world, participant)
    for path in ("/my-data", "/accessibility", "/privacy"):
        page.goto(live_server + path)
        assert page.locator("html").get_attribute("dir") == ("rtl" if code == "ar" else "ltr")
        check_accessibility(page, f"new-{code}{path.replace('/', '-')}")
    page.goto(live_server + "/my-data")
    with page.expect_download() as download:
        page.locator("a[href='/my-data/download.html']").click()
    assert download.value.suggested_filename.startswith("my-data-")
    context.close()


def _sign_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(base + "/staff/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form button").first.click()


def _visit(page: Page, url: str, name: str) -> None:
    page.goto(url)
    check_accessibility(page, name, wide=True)


def test_what_administrators_see(
    app: Flask, world: World, live_server: str, browser: Browser
) -> None:
    admin = world.caseworker(role=StaffRole.ADMINISTRATOR)
    county_admin = world.colleague(admin, role=StaffRole.COUNTY_ADMINISTRATOR)
    colleague = world.colleague(admin)
    context = browser.new_context(viewport=DESK, locale="sv-SE")
    page = context.new_page()
    _sign_in(page, live_server, admin.email, admin.password)
    organisation = f"{live_server}/staff/admin/organisations/{admin.organisation_id}"
    _visit(page, organisation, "new-admin-organisation")
    _visit(page, organisation + "/log", "new-admin-log")
    _visit(page, f"{live_server}/staff/admin/staff/{colleague.id}", "new-admin-person")
    world.approval(world.participant(admin))
    assert app.test_cli_runner().invoke(args=["verify-approvals"]).exit_code == 0
    _visit(page, f"{live_server}/staff/approvals", "new-admin-approval-record")
    _visit(page, organisation + "/invite", "new-admin-invite")
    page.locator("main form button").click()  # nothing typed: the error state
    check_accessibility(page, "new-admin-invite-error", wide=True)
    page.locator("#name").fill("Sara Lind")
    page.locator("#email").fill("sara.lind@kommun.example")
    page.locator("#role-0").check()
    page.locator("main form button").click()
    check_accessibility(page, "new-admin-link-shown", wide=True)
    shown = page.locator(".link-shown").inner_text().strip()
    link = live_server + "/" + shown.split("/", 3)[3]  # PUBLIC_BASE_URL is the test's

    page.goto(f"{live_server}/staff/admin/staff/{colleague.id}")
    page.locator(f"form[action='/staff/admin/staff/{colleague.id}/role'] select").select_option(
        "coordinator"
    )
    page.locator(f"form[action='/staff/admin/staff/{colleague.id}/role'] button").click()
    check_accessibility(page, "new-admin-role-changed", wide=True)
    context.close()

    # The invited person, on a browser of their own: the set-up link and the password.
    context = browser.new_context(viewport=DESK, locale="sv-SE")
    page = context.new_page()
    page.goto(link)
    assert not re.search(r"/staff/welcome/.", page.url)  # the token has left the address
    check_accessibility(page, "new-welcome", wide=True)
    page.locator("#password").fill("kort")
    page.locator("#confirm").fill("kort")
    page.locator("main form button").click()
    check_accessibility(page, "new-welcome-error", wide=True)
    page.locator("#password").fill(NEW_PASSWORD)
    page.locator("#confirm").fill(NEW_PASSWORD)
    page.locator("main form button").click()
    _visit(page, live_server + "/staff/account", "new-account")
    _visit(page, live_server + "/staff/account/password", "new-account-password")
    page.locator("main form button").click()
    check_accessibility(page, "new-account-password-error", wide=True)
    _visit(page, live_server + "/staff/account/two-factor", "new-two-factor-set-up")
    page.locator("#code").fill("000000")
    page.locator("main form button").click()
    check_accessibility(page, "new-two-factor-set-up-error", wide=True)
    secret = page.locator(".secret").inner_text().replace(" ", "")
    page.locator("#code").fill(totp_code(secret, -1))
    page.locator("main form button").click()
    check_accessibility(page, "new-recovery-codes", wide=True)
    page.locator("form[action='/sign-out'] button").click()
    _sign_in(page, live_server, "sara.lind@kommun.example", NEW_PASSWORD)
    check_accessibility(page, "new-second-factor", wide=True)
    page.locator("#code").fill("123")
    page.locator("main form button").click()
    check_accessibility(page, "new-second-factor-error", wide=True)
    page.locator("#code").fill(totp_code(secret))
    page.locator("main form button").click()
    assert page.url.endswith("/staff/")
    page.goto(link)
    check_accessibility(page, "new-link-used", wide=True)
    context.close()

    context = browser.new_context(viewport=DESK, locale="sv-SE")
    page = context.new_page()
    _sign_in(page, live_server, county_admin.email, county_admin.password)
    _visit(page, live_server + "/staff/county/", "new-county")
    page.locator("form[action='/staff/county/organisations'] button").click()
    check_accessibility(page, "new-county-error", wide=True)
    context.close()


def test_what_caseworkers_see_of_duplicates_and_the_access_log(
    app: Flask, world: World, live_server: str, browser: Browser
) -> None:
    staff = world.caseworker()
    person = world.participant(staff, name="Rania Al-Khatib", phone="+46701234567")
    context = browser.new_context(viewport=DESK, locale="sv-SE")
    page = context.new_page()
    _sign_in(page, live_server, staff.email, staff.password)
    _visit(page, f"{live_server}/staff/participants/{person.id}/access-log", "new-access-log")
    for name, label in (("Rania Al-Khatib", "same"), ("Omar Al-Khatib", "shared")):
        page.goto(live_server + "/staff/participants/new")
        page.locator("#name").fill(name)
        page.locator("#phone").fill("070-123 45 67")
        page.locator("#gender-0").check()
        with page.expect_navigation():
            page.locator("main form button").click()
        check_accessibility(page, f"new-register-{label}-phone", wide=True)
    context.close()
