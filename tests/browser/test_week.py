"""The participant's week on a 360 px phone, right to left, with and without JavaScript; and
the service worker that keeps the plan readable without a signal until sign-out."""

from __future__ import annotations

import re
import time as time_
from collections.abc import Callable, Iterator
from datetime import date, datetime, time

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from portal.plans.vocabulary import ActivityType
from tests.browser.conftest import PHONE, check_accessibility, sign_in_with_link
from tests.schedule.conftest import activity, sfi, with_plan
from tests.support.world import World, translated

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


def test_the_week_on_a_phone_in_arabic(
    app: Flask,
    world: World,
    live_server: str,
    phone: Page,
    javascript: bool,
    clock: Callable[[datetime], None],
) -> None:
    tag = "js" if javascript else "nojs"
    who = with_plan(
        world,
        sfi(),
        activity(
            ActivityType.HEALTH_EXAMINATION,
            weekdays=0,
            start_date=date(2026, 9, 15),
            end_date=date(2026, 9, 15),
            start_time=time(13, 0),
            end_time=time(14, 0),
            place="Vårdcentralen Centrum, Västerås",
        ),
        language="ar",
    )
    sign_in_with_link(phone, live_server, world, who)

    phone.goto(live_server + "/")
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    expect(phone.locator("h1")).to_have_text(translated(app, "ar", "What is next"))
    expect(phone.locator("#today-title + ul .entry")).to_have_count(1)
    check_accessibility(phone, f"week-ar-{tag}-1-home", javascript)

    phone.locator(".site-nav a[href='/week']").click()
    expect(phone).to_have_url(f"{live_server}/week")
    expect(phone.locator("h1")).to_have_text(translated(app, "ar", "My week"))
    expect(phone.locator("section.day")).to_have_count(7)
    expect(phone.locator("section.day--today .entry")).to_have_count(1)
    check_accessibility(phone, f"week-ar-{tag}-2-week", javascript)

    phone.locator("nav a[rel=next]").click()
    expect(phone).to_have_url(f"{live_server}/week/2026-W38")
    tuesday = phone.locator("section.day").nth(1)
    expect(tuesday.locator(".entry")).to_have_count(2)
    expect(tuesday).to_contain_text("Vårdcentralen Centrum, Västerås")
    check_accessibility(phone, f"week-ar-{tag}-3-next-week", javascript)

    phone.locator("main a[href='/calendar']").click()
    check_accessibility(phone, f"week-ar-{tag}-4-calendar", javascript)
    phone.locator("main form button").click()
    expect(phone).to_have_url(f"{live_server}/calendar")
    address = phone.locator("#feed-address")
    expect(address).to_have_value(re.compile(r"^http://portal\.test/calendar/[\w-]{22,}\.ics$"))
    check_accessibility(phone, f"week-ar-{tag}-5-address", javascript)


@pytest.fixture
def online_phone(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="sv-SE",
        service_workers="allow",
    )
    yield context
    context.close()


KEPT_PAGES = """async () => {
    const cache = await caches.open("portal-pages-v1");
    return (await cache.keys()).map((request) => new URL(request.url).pathname).sort();
}"""


def kept(page: Page) -> list[str]:
    result: list[str] = page.evaluate(KEPT_PAGES)
    return result


def eventually(page: Page, function: str, timeout: float = 10) -> None:
    """Wait until `function` (JavaScript, may be async) is true in the page. Not
    wait_for_function: the pages' CSP forbids the eval it uses."""
    deadline = time_.monotonic() + timeout
    while not page.evaluate(function):
        assert time_.monotonic() < deadline, f"never true: {function}"
        page.wait_for_timeout(100)


def keeps(page: Page, paths: list[str]) -> None:
    deadline = time_.monotonic() + 10
    while kept(page) != paths:
        assert time_.monotonic() < deadline, f"kept {kept(page)}, not {paths}"
        page.wait_for_timeout(100)


def test_the_plan_stays_readable_offline_until_sign_out(
    app: Flask,
    world: World,
    live_server: str,
    online_phone: BrowserContext,
    clock: Callable[[datetime], None],
) -> None:
    who = with_plan(world, sfi())
    phone = online_phone.new_page()
    sign_in_with_link(phone, live_server, world, who)
    # The first page came before the worker: the worker fetches and keeps it.
    eventually(phone, "() => navigator.serviceWorker.controller !== null")
    keeps(phone, ["/plan"])
    phone.goto(live_server + "/week")
    keeps(phone, ["/plan", "/week"])
    phone.goto(live_server + "/plan/versions")  # not a page the worker keeps
    phone.wait_for_timeout(300)
    assert kept(phone) == ["/plan", "/week"]

    online_phone.set_offline(True)
    phone.goto(live_server + "/plan")
    expect(phone.locator("h1")).to_have_text("My introduction plan")
    expect(phone.get_by_text("Kopparbergsvägen 17")).to_be_visible()
    notice = phone.locator("[data-offline-notice]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("This is the page as it was on Sep 8, 2026 at 10:00")
    # Styled as before: the stylesheet was kept too.
    assert phone.evaluate("getComputedStyle(document.body).margin") == "0px"
    phone.goto(live_server + "/week")
    expect(phone.locator("section.day--today .entry")).to_have_count(1)
    with pytest.raises(PlaywrightError):
        phone.goto(live_server + "/plan/versions")

    online_phone.set_offline(False)
    phone.goto(live_server + "/plan")
    expect(phone.locator("[data-offline-notice]")).to_be_hidden()
    phone.locator(".site-footer form button").click()
    expect(phone).to_have_url(f"{live_server}/signed-out")
    eventually(phone, "async () => (await caches.keys()).length === 0")
    eventually(phone, "async () => (await navigator.serviceWorker.getRegistrations()).length === 0")

    online_phone.set_offline(True)
    with pytest.raises(PlaywrightError):
        phone.goto(live_server + "/plan")


def test_a_page_for_someone_else_drops_what_was_kept(
    app: Flask,
    world: World,
    live_server: str,
    online_phone: BrowserContext,
    clock: Callable[[datetime], None],
) -> None:
    """A shared phone: the next person signs in without the first signing out."""
    first = with_plan(world, sfi(place="Första skolan"))
    second = with_plan(world, sfi(place="Andra skolan"))
    phone = online_phone.new_page()
    sign_in_with_link(phone, live_server, world, first)
    keeps(phone, ["/plan"])
    phone.goto(live_server + "/week")
    keeps(phone, ["/plan", "/week"])

    sign_in_with_link(phone, live_server, world, second)
    keeps(phone, ["/plan"])
    online_phone.set_offline(True)
    phone.goto(live_server + "/plan")
    expect(phone.get_by_text("Andra skolan")).to_be_visible()
    with pytest.raises(PlaywrightError):
        phone.goto(live_server + "/week")
