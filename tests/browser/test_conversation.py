"""Issue 11 on a 360 px phone, right to left: a new version says what changed field by field
and marks the changed items, and the conversation with the caseworker reads on the plan page
(in Persian, with the caseworker's Swedish answer marked as Swedish)."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from portal.database import db
from portal.models import Participant, Staff
from portal.plans import change_requests
from portal.plans.vocabulary import ActivityType
from tests.browser.conftest import check_accessibility, sign_in_with_link
from tests.support.world import World, translated

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


def _later_sfi(draft: Any) -> None:
    sfi = next(a for a in draft.activities if a.kind == ActivityType.SFI)
    sfi.start_time, sfi.end_time = time(13, 0), time(16, 30)
    sfi.place = "Folkets hus, sal 3"


def _answer(app: Flask, participant_id: int) -> None:
    person = db.session.get_one(Participant, participant_id)
    staff = db.session.get_one(Staff, person.created_by_id)
    change = change_requests.change_requests(person)[0]
    with app.test_request_context():
        change_requests.answer(change, staff, "Vi ses på tisdag klockan 10.", "sv")


def test_changes_and_the_conversation_in_persian_on_a_phone(
    app: Flask, world: World, live_server: str, phone: Page, javascript: bool
) -> None:
    tag = "js" if javascript else "nojs"
    participant = world.participant(language="fa")
    sign_in_with_link(phone, live_server, world, participant)

    # Approve version 1, then the caseworker moves SFI to the afternoon.
    phone.locator('a[href="/plan/approve"]').click()
    phone.locator("#confirm").check()
    phone.locator("main form").first.locator("button").click()
    phone.get_by_label(translated(app, "fa", "Code")).fill(world.last_code(participant.phone))
    phone.locator("main form").first.locator("button").click()
    expect(phone).to_have_url(f"{live_server}/plan/versions/1/receipt")
    world.revise_plan(participant, _later_sfi)

    phone.goto(f"{live_server}/plan")
    html = phone.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    changes = phone.locator(".panel--attention .field-changes")
    expect(changes).to_be_visible()
    expect(changes).to_contain_text("Folkets hus, sal 3")
    expect(phone.locator(".area .item__title .tag").first).to_have_text(
        translated(app, "fa", "Changed")
    )
    check_accessibility(phone, f"conversation-fa-{tag}-1-changes", javascript)

    # Ask for a change in Persian; the caseworker answers in Swedish.
    phone.locator('a[href="/plan/change"]').first.click()
    phone.locator("#message").fill("لطفاً کلاس را به صبح برگردانید.")
    phone.locator("main form").first.locator("button").click()
    world.run(lambda: _answer(app, participant.id))

    phone.goto(f"{live_server}/week")
    phone.goto(f"{live_server}/plan#conversation")
    thread = phone.locator("#conversation")
    expect(thread).to_be_visible()
    expect(thread.locator(".free-text__body[lang=fa]")).to_contain_text("لطفاً کلاس")
    expect(thread.locator(".free-text__body[lang=sv]")).to_have_text("Vi ses på tisdag klockan 10.")
    check_accessibility(phone, f"conversation-fa-{tag}-2-thread", javascript)

    phone.locator("#message").fill("ممنون!")
    phone.locator("#conversation form button").click()
    expect(phone).to_have_url(f"{live_server}/plan#conversation")
    expect(phone.locator("#conversation")).to_contain_text("ممنون!")
    check_accessibility(phone, f"conversation-fa-{tag}-3-reply", javascript)
