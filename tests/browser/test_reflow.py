"""Issue 12: every participant page, in every language, reflows at 320 px and at 400 % zoom
with WCAG 1.4.12 text spacing (no sideways scrolling); the menu fits two lines of a 360 px
phone; labels never overlap their values.

One browser for all; per language one seeded app, one sign-in per screen size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page

from portal.config import Config
from portal.database import db
from portal.models import Participant, Staff
from portal.plans import drafting, versions
from portal.plans.drafting import ActivityDetails
from portal.plans.vocabulary import ActivityType
from portal.vocabulary import Area, OrganisationKind
from tests.browser.conftest import sign_in_with_link
from tests.support.world import ParticipantRef, World

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

# WCAG 1.4.12: what a reader may set without losing content or getting a sideways scroll.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""
# 400 % zoom of a 1280 x 1024 screen: 320 x 256 CSS pixels, each 4 device pixels.
ZOOMED = {"width": 320, "height": 256}
NARROW = {"width": 320, "height": 568}
PHONE = {"width": 360, "height": 740}


@dataclass
class Seeded:
    participant: ParticipantRef
    occasion: int
    booking: int
    used_link: str


def seed(world: World, code: str) -> Seeded:
    """A participant with everything a page can show: phrasebook notes and free text, a town,
    a booked course with an addition to its title, a caseworker to call."""
    staff = world.caseworker()
    provider = world.provider(staff.municipality_id)
    occasion = world.occasion(
        provider,
        language=code,
        meetings=3,
        title="Samhällsorienteringsutbildning, kvällsgrupp i Västerås stadsbibliotek",
        address="Arbetsmarknadsförvaltningens lokaler, Stora gatan 34",
        starts_in=timedelta(days=3),
    )
    participant = world.participant(staff, language=code)

    def enrich() -> None:
        person = db.session.get_one(Participant, participant.id)
        caseworker = db.session.get_one(Staff, staff.id)
        # Swedish names run long, in words no line can break.
        organiser = db.session.get_one(Staff, provider.id).organisation
        organiser.name = "Vuxenutbildningsförvaltningen, Västmanlands kommunalförbund"
        caseworker.phone, caseworker.contact_hours = "+46313900610", "0123 09:00-10:30"
        draft = drafting.start_revision(versions.plan_of(person), caseworker)
        drafting.add_activity(
            draft,
            ActivityDetails(
                kind=ActivityType.INTERNSHIP,
                area=Area.WORK,
                responsible=OrganisationKind.EMPLOYMENT_SERVICE,
                place="ICA Maxi Stormarknad Erikslund, varumottagningen baksidan",
                start_date=date.today(),
                end_date=date.today() + timedelta(days=60),
                weekdays=0b0011111,
                start_time=time(7, 0),
                end_time=time(15, 30),
                note="Handledare: Anders Johansson-Lindqvist. Ta med arbetskläder och skor.",
                phrases=[
                    {"id": "bring_work_clothes", "values": {}},
                    {"id": "supervisor", "values": {"name": "Anders Johansson-Lindqvist"}},
                    {"id": "absent_call", "values": {"phone": "+46313900620"}},
                ],
                municipality_id=person.municipality_id,
            ),
        )
        drafting.publish(draft, caseworker)

    world.run(enrich)
    world.approval(participant)  # version 2, with its receipt
    used_link = world.invite(participant)
    booking = world.book(participant, occasion)
    return Seeded(participant, occasion, booking.id, used_link)


def pages(seeded: Seeded) -> list[str]:
    return [
        "/",
        "/plan",
        "/plan/versions",
        "/plan/versions/2",
        "/plan/versions/2/receipt",
        "/receipt",
        "/plan/approve",
        "/plan/change",
        "/week",
        "/calendar",
        "/booking",
        f"/booking/occasions/{seeded.occasion}",
        "/booking/mine",
        f"/booking/mine/{seeded.booking}/cancel",
        "/no-such-page",
    ]


ANONYMOUS = [
    "/",
    "/sign-in",
    "/sign-in/too-many-codes",
    "/language",
    "/signed-out",
    "/i/AAAAAAAAAAAAAAAAAAAAAA",
]


def scroll_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def check_reflow(page: Page, where: str, spacing: bool, problems: list[str] | None = None) -> None:
    """No sideways scrolling; with `problems`, what is wrong is listed there, not raised."""
    if spacing:
        page.add_style_tag(content=TEXT_SPACING)
    width = scroll_width(page)
    limit = page.viewport_size["width"]  # type: ignore[index]
    if width > limit:
        wide = page.evaluate(
            """limit => [...document.querySelectorAll('body *')]
                 .filter(e => { const r = e.getBoundingClientRect();
                                return r.width && (r.right > limit + 1 || r.left < -1); })
                 .slice(-5).map(e => `${e.tagName}.${e.className}: ${e.textContent.trim().slice(0, 60)}`)""",
            limit,
        )
        problem = f"{where}: scrolls sideways, {width} px wide: {wide}"
        if problems is None:
            raise AssertionError(problem)
        problems.append(problem)


def context(browser: Browser, code: str, viewport: dict[str, int], scale: int) -> BrowserContext:
    return browser.new_context(
        viewport=viewport,
        device_scale_factor=scale,
        is_mobile=True,
        locale=code.replace("_", "-"),
        # The text-spacing stylesheet is added to the page, as a reader's own would be.
        bypass_csp=True,
    )


@pytest.fixture
def seeded(world: World, request: pytest.FixtureRequest) -> Iterator[Seeded]:
    yield seed(world, request.node.callspec.params["code"])


@pytest.mark.parametrize("code", Config.LANGUAGES)
def test_every_participant_page_reflows_in_every_language(
    app: Flask, world: World, live_server: str, browser: Browser, seeded: Seeded, code: str
) -> None:
    problems: list[str] = []
    for viewport, scale, spacing, mode in (
        (NARROW, 2, False, "320px"),
        (ZOOMED, 4, True, "400%+spacing"),
    ):
        phone = context(browser, code, viewport, scale)
        page = phone.new_page()
        for path in [*ANONYMOUS, seeded.used_link]:
            page.goto(live_server + path)
            check_reflow(page, f"{code} {mode} {path}", spacing, problems)
        page.goto(live_server + world.invite(seeded.participant))
        check_reflow(page, f"{code} {mode} /sign-in/code", spacing, problems)
        page.locator("#code").fill(world.last_code(seeded.participant.phone))
        page.locator("main form").first.locator("button").click()
        page.wait_for_url(f"{live_server}/plan")
        for path in pages(seeded):
            page.goto(live_server + path)
            check_reflow(page, f"{code} {mode} {path}", spacing, problems)
        phone.close()

    phone = context(browser, code, PHONE, 2)
    page = phone.new_page()
    sign_in_with_link(page, live_server, world, seeded.participant)
    tops = page.evaluate(
        "[...document.querySelectorAll('.site-nav > li')]"
        ".map(li => Math.round(li.getBoundingClientRect().top))"
    )
    if len(set(tops)) > 2:
        problems.append(f"{code}: the menu takes {len(set(tops))} lines of a 360 px phone")
    page.goto(f"{live_server}/booking/occasions/{seeded.occasion}")
    # Where the words are, not where their boxes are: a label too long for its column
    # spills over its value.
    overlaps = page.evaluate(
        """() => {
             const text = node => { const range = document.createRange();
                                    range.selectNodeContents(node);
                                    return [...range.getClientRects()]; };
             const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 &&
                                    a.top < b.bottom - 1 && b.top < a.bottom - 1;
             return [...document.querySelectorAll('dl > dt')].flatMap(dt => {
               const label = text(dt), value = text(dt.nextElementSibling);
               return label.some(a => value.some(b => meet(a, b))) ? [dt.textContent.trim()] : [];
             });
           }"""
    )
    if overlaps:
        problems.append(f"{code}: labels overlap their values at 360 px: {overlaps}")
    phone.close()
    assert not problems, "\n".join(problems)


def test_the_staff_approval_page_wraps_its_hash(
    app: Flask, world: World, live_server: str, browser: Browser
) -> None:
    staff = world.caseworker()
    participant = world.participant(staff, language="uk")
    phone = context(browser, "uk", PHONE, 2)
    page = phone.new_page()
    sign_in_with_link(page, live_server, world, participant)
    page.goto(f"{live_server}/plan/approve")
    page.locator("#confirm").check()
    page.locator("main form button").click()
    page.locator("#code").fill(world.last_code(participant.phone))
    page.locator("main form").first.locator("button").click()
    phone.close()

    desk = context(browser, "sv", NARROW, 2)
    page = desk.new_page()
    page.goto(f"{live_server}/staff/login")
    page.locator("#email").fill(staff.email)
    page.locator("#password").fill(staff.password)
    page.locator("main form button").click()
    page.goto(f"{live_server}/staff/participants/{participant.id}/plan/versions/1")
    assert len(page.locator("code").inner_text()) == 64
    check_reflow(page, "staff approval at 320px", spacing=False)
    page.add_style_tag(content=TEXT_SPACING)
    check_reflow(page, "staff approval with text spacing", spacing=False)
    desk.close()
