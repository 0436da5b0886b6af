"""Issue 11's staff pages in a real browser under axe: the coordinator's figures with their
charts and tables, the caseworker's list and an answered request, and the provider's pages
for changing an occasion."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page

from portal.database import db
from portal.models import Occasion, Participant, Staff
from portal.plans import change_requests
from portal.plans.versions import current_version
from portal.staff.models import StaffRole
from tests.browser.conftest import check_accessibility
from tests.support.world import StaffRef, World

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


def _signed_in(browser: Browser, live_server: str, staff: StaffRef) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    page.goto(live_server + "/staff/login")
    page.locator("#email").fill(staff.email)
    page.locator("#password").fill(staff.password)
    with page.expect_navigation():
        page.locator("main form button").click()
    return page


def _ask_and_answer(app: Flask, participant_id: int) -> None:
    person = db.session.get_one(Participant, participant_id)
    staff = db.session.get_one(Staff, person.created_by_id)

    with app.test_request_context():
        current = current_version(person)
        assert current is not None
        change = change_requests.request_change(person, current, "Kan vi byta tid?")
        change_requests.answer(change, staff, "Ja, på tisdag.", "sv")


def test_the_coordinators_figures_and_the_caseworkers_desk(
    app: Flask, world: World, live_server: str, browser: Browser
) -> None:
    caseworker = world.caseworker()
    people = [world.participant(caseworker, language="ar") for _ in range(6)]
    world.run(lambda: _ask_and_answer(app, people[0].id))
    coordinator = world.caseworker(caseworker.municipality_id, role=StaffRole.COORDINATOR)

    page = _signed_in(browser, live_server, coordinator)
    page.goto(live_server + "/staff/figures?unit=year")
    page.locator("details").first.locator("summary").click()
    check_accessibility(page, "desks-figures", wide=True)
    assert page.locator("svg.chart").count() > 20

    desk = _signed_in(browser, live_server, caseworker)
    for path in (
        "/staff/",
        "/staff/?show=everyone&q=deltagare",
        f"/staff/participants/{people[0].id}",
    ):
        desk.goto(live_server + path)
        check_accessibility(desk, f"desks{path.replace('/', '-').replace('?', '-')}", wide=True)


def test_the_providers_pages_for_changing_an_occasion(
    app: Flask, world: World, live_server: str, browser: Browser
) -> None:
    caseworker = world.caseworker()
    provider = world.provider(caseworker.municipality_id)
    occasion = world.occasion(provider, meetings=3, capacity=1)
    world.book(world.participant(caseworker), occasion)
    world.book(world.participant(caseworker), occasion)
    held = world.occasion(provider, starts_in=-timedelta(minutes=30), cancel_until=timedelta(0))
    start = world.run(lambda: db.session.get_one(Occasion, held).starts_at)
    world.book(world.participant(caseworker), held, now=start - timedelta(days=2))
    meeting = world.run(lambda: db.session.get_one(Occasion, occasion).meetings[1].id)
    marked = world.run(lambda: db.session.get_one(Occasion, held).meetings[0].id)

    page = _signed_in(browser, live_server, provider)
    base = f"/staff/occasions/{occasion}"
    for path in (
        base,
        f"{base}/edit",
        f"{base}/meetings/{meeting}/move",
        f"{base}/meetings/{meeting}/cancel",
        f"{base}/cancel",
        f"{base}/copy",
        f"/staff/occasions/{held}/meetings/{marked}/attendance",
    ):
        page.goto(live_server + path)
        check_accessibility(page, f"desks{path.replace('/', '-')}", wide=True)
    page.goto(live_server + f"{base}/edit")
    page.locator("#capacity").fill("0")
    with page.expect_navigation():  # the page with the error, once it has loaded
        page.locator("main form button").click()
    check_accessibility(page, "desks-occasion-edit-error", wide=True)
