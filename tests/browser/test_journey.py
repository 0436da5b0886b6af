"""The core journey as a newcomer on a 360 px phone: open the link, enter the code read from
the outbox, read the plan in Arabic, right to left, and approve it."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.database import db
from portal.models import Approval
from tests.browser.conftest import check_accessibility
from tests.support.world import World, translated

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


def test_newcomer_approves_their_plan_in_arabic(
    app: Flask, world: World, live_server: str, phone: Page, javascript: bool
) -> None:
    tag = "js" if javascript else "nojs"
    participant = world.participant(language="ar")
    link = world.invite(participant)

    phone.goto(live_server + link)
    assert re.fullmatch(rf"{live_server}/sign-in/code", phone.url), "no token after the redirect"
    html = phone.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    check_accessibility(phone, f"journey-ar-{tag}-1-code", javascript)

    phone.get_by_label(translated(app, "ar", "Code")).fill(world.last_code(participant.phone))
    phone.locator("main form").first.locator("button").click()
    expect(phone).to_have_url(f"{live_server}/plan")
    expect(phone.locator("h1")).to_have_text(translated(app, "ar", "My introduction plan"))
    expect(phone.get_by_text(translated(app, "ar", "Long-term goal"))).to_be_visible()
    expect(phone.get_by_text("Arbeta som elektriker.")).to_be_visible()
    check_accessibility(phone, f"journey-ar-{tag}-2-plan", javascript)

    phone.locator('a[href="/plan/approve"]').click()
    check_accessibility(phone, f"journey-ar-{tag}-3-statement", javascript)
    phone.locator("#confirm").check()
    phone.locator("main form").first.locator("button").click()
    expect(phone).to_have_url(f"{live_server}/plan/approve/code")
    check_accessibility(phone, f"journey-ar-{tag}-4-sign", javascript)
    phone.get_by_label(translated(app, "ar", "Code")).fill(world.last_code(participant.phone))
    phone.locator("main form").first.locator("button").click()

    # The receipt, in Arabic and in Swedish, with the address that checks it.
    expect(phone).to_have_url(f"{live_server}/plan/versions/1/receipt")
    expect(phone.locator(".receipt__swedish[lang=sv]")).to_be_visible()
    check_accessibility(phone, f"journey-ar-{tag}-5-receipt", javascript)
    phone.locator("main a[href='/plan']").click()
    expect(phone.locator(".panel--success")).to_be_visible()
    check_accessibility(phone, f"journey-ar-{tag}-6-approved", javascript)
    languages = world.run(lambda: [a.language for a in db.session.scalars(select(Approval))])
    assert languages == ["ar"]
