"""The participant's home: what is left of today, and what comes next."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from flask import Flask

from portal.plans.vocabulary import ActivityType
from tests.schedule.conftest import activity, sfi, with_plan
from tests.support.pages import Page, Portal
from tests.support.world import World


def section(page: Page, title_id: str) -> str:
    heading = page.soup.find(id=title_id)
    assert heading is not None and heading.parent is not None
    return " ".join(heading.parent.get_text(" ").split())


def test_home_shows_what_is_left_today_and_the_next_activity(
    app: Flask, world: World, clock: Callable[[datetime], None]
) -> None:
    who = with_plan(
        world,
        sfi(),
        activity(
            ActivityType.HEALTH_EXAMINATION,
            weekdays=0,
            start_date=date(2026, 10, 1),
            end_date=date(2026, 10, 1),
            start_time=time(13, 0),
            end_time=time(14, 0),
            place="Vårdcentralen Centrum",
        ),
    )
    portal = Portal(app)
    portal.sign_in_with_link(world, who)

    clock(datetime(2026, 9, 8, 10, 0))  # a Tuesday, during SFI
    home = portal.get("/")
    assert home.h1 == "What is next"
    assert section(home, "today-title") == (
        "Today, Tuesday, September 8 8:30 AM – 12:00 PM SFI – Swedish for immigrants "
        "In your plan Place Kopparbergsvägen 17 Map in the browser Responsible SFI school"
    )
    assert section(home, "next-title").startswith(
        "Next Wednesday, September 9 8:30 AM – 12:00 PM SFI"
    )
    links = {a.get_text(): a["href"] for a in home.soup.select("main a")}
    assert links["See my week"] == "/week"
    assert links["Read my plan"] == "/plan"
    assert "Your plan is waiting for you to read and approve it." in home.text

    clock(datetime(2026, 9, 8, 12, 30))  # SFI is over for the day
    later = portal.get("/")
    assert section(later, "today-title") == (
        "Today, Tuesday, September 8 Nothing more is planned for today."
    )

    clock(datetime(2026, 10, 1, 12, 30))  # a Thursday: SFI is over, the doctor is next
    thursday = portal.get("/")
    today = section(thursday, "today-title")
    assert "SFI" not in today
    assert "1:00 – 2:00 PM Health examination" in today
    assert "Vårdcentralen Centrum" in today
    assert section(thursday, "next-title").startswith("Next Monday, October 5 8:30 AM")

    clock(datetime(2027, 6, 11, 13, 0))  # after the last day of the plan
    done = portal.get("/")
    assert "Nothing is planned in the coming weeks." in section(done, "next-title")


def test_home_before_the_plan_is_ready(
    app: Flask, world: World, clock: Callable[[datetime], None]
) -> None:
    who = world.participant(plan=False)
    portal = Portal(app)
    portal.sign_in_with_link(world, who)
    home = portal.get("/")
    assert "Your caseworker has not finished your plan yet." in home.text
    assert "waiting for you to read and approve" not in home.text


def test_the_navigation_leads_home_to_the_week_and_to_the_plan(
    app: Flask, world: World, clock: Callable[[datetime], None]
) -> None:
    who = with_plan(world, sfi())
    portal = Portal(app)
    portal.sign_in_with_link(world, who)
    week = portal.get("/week")
    menu = {a.get_text(): a for a in week.soup.select(".site-nav a")}
    assert [menu[name]["href"] for name in ("Home", "My week", "My plan")] == [
        "/",
        "/week",
        "/plan",
    ]
    assert menu["My week"].get("aria-current") == "page"
    assert menu["Home"].get("aria-current") is None


def test_staff_still_go_to_their_dashboard(app: Flask, world: World) -> None:
    staff = world.caseworker()
    portal = Portal(app)
    portal.sign_in_staff(staff.email, staff.password)
    assert portal.client.get("/").location == "/staff/"
    assert portal.client.get("/week").status_code == 403
