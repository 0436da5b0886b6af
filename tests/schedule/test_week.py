"""The week, day by day: recurring plan activities at their wall-clock times, whatever the
daylight-saving time, merged with entries from other sources."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask import Flask

from portal.plans import drafting
from portal.plans.vocabulary import ActivityType
from portal.schedule.entries import SWEDEN, ScheduleEntry
from portal.schedule.services import IsoWeek
from tests.schedule.conftest import (
    FRI,
    MON,
    SUN,
    THU,
    TUE,
    WED,
    activity,
    entries,
    sfi,
    with_plan,
)
from tests.support.pages import Page, Portal
from tests.support.world import ParticipantRef, World


def days(page: Page) -> dict[str, str]:
    """Each day's heading and what is listed under it."""
    found = {}
    for section in page.soup.select("section.day"):
        heading = section.find("h2")
        assert heading is not None
        if heading.get("id") == "ongoing-title":
            continue
        title = " ".join(heading.get_text(" ").split()).removesuffix(" Today")
        found[title] = " ".join(
            " ".join(item.get_text(" ").split()) for item in section.select("li.entry")
        )
    return found


def lead(page: Page) -> str:
    found = page.soup.select_one("p.lead")
    return found.get_text() if found else ""


def sign_in(app: Flask, world: World, who: ParticipantRef) -> Portal:
    portal = Portal(app)
    portal.sign_in_with_link(world, who)
    return portal


def test_the_week_lists_each_day_with_the_plans_activities(
    app: Flask, world: World, clock: Callable[[datetime], None]
) -> None:
    who = with_plan(world, sfi(), activity(ActivityType.CIVIC_ORIENTATION, weekdays=FRI))
    portal = sign_in(app, world, who)
    page = portal.get("/week")
    assert page.h1 == "My week"
    assert lead(page) == "Week 37: Sep 7\u2009–\u200913, 2026"
    assert list(days(page)) == [
        "Monday, September 7",
        "Tuesday, September 8",
        "Wednesday, September 9",
        "Thursday, September 10",
        "Friday, September 11",
        "Saturday, September 12",
        "Sunday, September 13",
    ]
    week = days(page)
    assert week["Monday, September 7"] == (
        "8:30 AM – 12:00 PM SFI – Swedish for immigrants In your plan "
        "Place Kopparbergsvägen 17 Map in the browser Responsible SFI school"
    )
    assert "Civic orientation" in week["Friday, September 11"]
    assert week["Sunday, September 13"] == ""
    today = page.soup.select_one("section.day--today h2")
    assert today is not None and "Tuesday, September 8" in today.get_text()
    # Recurring activities are added to the phone's calendar by the feed, not one by one.
    assert not page.soup.select("a[href^='/calendar/event/']")


@pytest.mark.parametrize(
    ("week", "change", "before", "after"),
    [
        # Summer time begins on the last Sunday of March (28 March 2027), at 02:00.
        ("2027-W12", date(2027, 3, 28), timedelta(hours=1), timedelta(hours=2)),
        # It ends on the last Sunday of October (25 October 2026), at 03:00.
        ("2026-W43", date(2026, 10, 25), timedelta(hours=2), timedelta(hours=1)),
    ],
)
def test_weekly_times_stay_on_the_clock_across_daylight_saving_changes(
    app: Flask,
    world: World,
    clock: Callable[[datetime], None],
    week: str,
    change: date,
    before: timedelta,
    after: timedelta,
) -> None:
    clock(datetime(2026, 9, 8, 10, 0))
    who = with_plan(
        world,
        sfi(weekdays=MON | WED, start_date=date(2026, 9, 7), end_date=date(2027, 6, 11)),
        activity(
            ActivityType.JOB_COACHING,
            weekdays=SUN,
            start_time=time(10, 0),
            end_time=time(11, 0),
            start_date=date(2026, 9, 7),
            end_date=date(2027, 6, 11),
        ),
    )
    monday = IsoWeek.parse(week).monday  # type: ignore[union-attr]
    found = entries(world, who, monday, monday + timedelta(days=13))
    sfi_days = [e for e in found if e.kind == "sfi"]
    assert [e.first_day.weekday() for e in sfi_days] == [0, 2, 0, 2]
    for entry in sfi_days:
        assert isinstance(entry.start, datetime) and isinstance(entry.end, datetime)
        local = entry.start.astimezone(SWEDEN)
        assert (local.hour, local.minute) == (8, 30)
        assert entry.end.astimezone(SWEDEN).time() == time(12, 0)
        offset = before if entry.first_day < change else after
        assert local.utcoffset() == offset
        assert entry.start.astimezone(UTC).hour == 8 - offset.seconds // 3600
        assert entry.end - entry.start == timedelta(hours=3, minutes=30)
    # On the very Sunday of the change, 10:00 is still 10:00.
    on_the_day = [e for e in found if e.first_day == change]
    assert len(on_the_day) == 1
    assert isinstance(on_the_day[0].start, datetime)
    assert on_the_day[0].start.astimezone(SWEDEN).time() == time(10, 0)
    assert on_the_day[0].start.astimezone(SWEDEN).utcoffset() == after

    portal = sign_in(app, world, who)
    for slug in (week, IsoWeek.parse(week).shifted(1).slug):  # type: ignore[union-attr]
        page = days(portal.get(f"/week/{slug}"))
        listed = [text for text in page.values() if text]
        assert len(listed) == 3, page
        assert all(text.startswith("8:30 AM – 12:00 PM SFI") for text in listed[:2])
        assert listed[2].startswith("10:00 – 11:00 AM Job coaching")  # CLDR's interval


def test_activities_that_start_and_end_in_the_middle_of_a_week(
    app: Flask, world: World, clock: Callable[[datetime], None]
) -> None:
    # From a Wednesday to the Tuesday after, every weekday.
    who = with_plan(
        world,
        sfi(
            weekdays=MON | TUE | WED | THU | FRI,
            start_date=date(2026, 9, 9),
            end_date=date(2026, 9, 15),
        ),
    )
    portal = sign_in(app, world, who)
    first = days(portal.get("/week/2026-W37"))
    assert [bool(text) for text in first.values()] == [False, False, True, True, True, False, False]
    second = days(portal.get("/week/2026-W38"))
    assert [bool(text) for text in second.values()] == [
        True,
        True,
        False,
        False,
        False,
        False,
        False,
    ]
    assert not any(days(portal.get("/week/2026-W39")).values())


def test_a_weekly_activity_starts_on_its_first_day_of_the_week(
    app: Flask, world: World, clock: Callable[[datetime], None]
) -> None:
    # Starts on a Tuesday, but meets on Mondays and Thursdays: the first time is Thursday.
    who = with_plan(world, sfi(weekdays=MON | THU, start_date=date(2026, 9, 8)))
    found = entries(world, who, date(2026, 9, 7), date(2026, 9, 20))
    assert [e.first_day for e in found] == [date(2026, 9, 10), date(2026, 9, 14), date(2026, 9, 17)]


def test_activities_without_days_or_hours(
    app: Flask, world: World, clock: Callable[[datetime], None]
) -> None:
    who = with_plan(
        world,
        # A period with no weekly days: shown once for the week, not on every day.
        activity(
            ActivityType.JOB_SEEKING,
            weekdays=0,
            start_time=None,
            end_time=None,
            start_date=date(2026, 9, 1),
            end_date=None,
        ),
        # One day without hours: the whole day.
        activity(
            ActivityType.VALIDATION,
            weekdays=0,
            start_time=None,
            end_time=None,
            start_date=date(2026, 9, 9),
            end_date=date(2026, 9, 9),
        ),
        # Weekly days without hours: each of those days, the whole day.
        activity(
            ActivityType.INTERNSHIP,
            weekdays=THU | FRI,
            start_time=None,
            end_time=None,
            start_date=date(2026, 9, 1),
            end_date=date(2026, 12, 18),
        ),
        # An appointment: a date and a time, nothing else.
        activity(
            ActivityType.HEALTH_EXAMINATION,
            weekdays=0,
            start_time=time(13, 0),
            end_time=None,
            start_date=date(2026, 9, 11),
            end_date=None,
        ),
    )
    portal = sign_in(app, world, who)
    page = portal.get("/week/2026-W37")
    ongoing = page.soup.select_one("#ongoing-title")
    assert ongoing is not None and ongoing.get_text() == "During the week"
    during = page.soup.select("section.day")[0].get_text(" ")
    assert "Looking for work" in during and "From Sep 1, 2026" in " ".join(during.split())
    week = days(page)
    assert week["Wednesday, September 9"].startswith("All day Validation of earlier education")
    assert week["Thursday, September 10"].startswith("All day Internship")
    assert week["Friday, September 11"].startswith("All day Internship")
    assert "1:00 PM Health examination" in week["Friday, September 11"]
    assert "Looking for work" not in " ".join(week.values())
    # A one-off appointment can be added to the phone's calendar on its own.
    links = [a["href"] for a in page.soup.select("a[href^='/calendar/event/']")]
    assert len(links) == 2  # the validation day and the health examination
    download = portal.client.get(str(links[0]))
    assert download.status_code == 200
    assert download.mimetype == "text/calendar"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.get_data(as_text=True).count("BEGIN:VEVENT") == 1
    assert portal.client.get("/calendar/event/plan-nosuchthing.ics").status_code == 404


def test_an_occasion_that_overlaps_a_plan_activity_is_shown_with_it(
    app: Flask,
    world: World,
    clock: Callable[[datetime], None],
    occasions: list[ScheduleEntry],
) -> None:
    who = with_plan(world, sfi())
    occasions.append(
        ScheduleEntry(
            uid="booking-7",
            source="booking",
            kind="civic_orientation",
            title="Civic orientation: Swedish society",
            start=datetime(2026, 9, 8, 10, 0, tzinfo=SWEDEN),
            end=datetime(2026, 9, 8, 13, 0, tzinfo=SWEDEN),
            place="Medborgarhuset, sal 2",
            responsible="Västerås stad",
        )
    )
    portal = sign_in(app, world, who)
    page = portal.get("/week")
    tuesday = page.soup.select("section.day")[1]
    items = [" ".join(li.get_text(" ").split()) for li in tuesday.select("li.entry")]
    assert len(items) == 2
    assert items[0].startswith("8:30 AM – 12:00 PM SFI")
    assert items[1].startswith("10:00 AM – 1:00 PM Civic orientation: Swedish society")
    assert "Medborgarhuset, sal 2" in items[1]
    # A booked occasion is one event: it can be added to the calendar on its own.
    assert tuesday.select_one("a[href='/calendar/event/booking-7.ics']") is not None
    download = portal.client.get("/calendar/event/booking-7.ics")
    assert "SUMMARY:Civic orientation: Swedish society" in download.get_data(as_text=True)
    # The home page sees it too.
    home = portal.get("/")
    assert "Civic orientation: Swedish society" in home.text


def test_a_revised_plan_changes_the_schedule_from_its_new_version(
    app: Flask, world: World, clock: Callable[[datetime], None]
) -> None:
    who = with_plan(world, sfi())
    portal = sign_in(app, world, who)
    before = days(portal.get("/week/2026-W38"))
    assert [bool(text) for text in before.values()] == [True] * 4 + [False] * 3

    def revise(draft: object) -> None:
        item = draft.activities[0]  # type: ignore[attr-defined]
        drafting.update_activity(
            item,
            sfi(weekdays=MON | WED, start_time=time(13, 0), end_time=time(16, 0)),
        )

    world.revise_plan(who, revise)
    after = days(portal.get("/week/2026-W38"))
    assert [bool(text) for text in after.values()] == [True, False, True] + [False] * 4
    assert after["Monday, September 14"].startswith("1:00 – 4:00 PM SFI")

    def end_early(draft: object) -> None:
        item = draft.activities[0]  # type: ignore[attr-defined]
        drafting.update_activity(item, sfi(weekdays=MON | WED, end_date=date(2026, 9, 14)))

    world.revise_plan(who, end_early)
    ended = days(portal.get("/week/2026-W38"))
    assert [bool(text) for text in ended.values()] == [True] + [False] * 6


def test_week_navigation(app: Flask, world: World, clock: Callable[[datetime], None]) -> None:
    clock(datetime(2026, 12, 30, 9, 0))
    who = with_plan(world, sfi())
    portal = sign_in(app, world, who)
    this = portal.get("/week")
    assert "Week 53" in this.text  # 2026 has 53 ISO weeks
    assert this.soup.find("a", string="This week") is None
    nav = this.soup.select_one("nav .week-nav")
    assert nav is not None
    forward = nav.find("a", rel="next")
    assert forward is not None and forward["href"] == "/week/2027-W01"
    following = portal.get(str(forward["href"]))
    assert lead(following) == "Week 1: Jan 4\u2009–\u200910, 2027"
    back = following.soup.find("a", string="This week")
    assert back is not None and back["href"] == "/week"
    previous = following.soup.select_one("nav a[rel=prev]")
    assert previous is not None and previous["href"] == "/week/2026-W53"
    assert portal.get("/week/2026-W53").text == this.text

    for wrong in ("2025-W53", "2026-W00", "2026-W54", "1999-W10", "next", "2026-w10"):
        portal.get(f"/week/{wrong}", status=404)


def test_the_week_before_there_is_a_plan(
    app: Flask, world: World, clock: Callable[[datetime], None]
) -> None:
    who = world.participant(plan=False)
    portal = sign_in(app, world, who)
    page = portal.get("/week")
    assert all(text == "" for text in days(page).values())
    assert page.text.count("Nothing planned.") == 7


def test_the_week_has_a_weekday_strip(
    app: Flask, world: World, clock: Callable[[datetime], None]
) -> None:
    """Issue 12: the week at a glance, one cell a day, linking to the day."""
    who = with_plan(world, sfi(), activity(ActivityType.CIVIC_ORIENTATION, weekdays=FRI))
    portal = sign_in(app, world, who)
    page = portal.get("/week")
    strip = page.soup.select("ul.weekday-strip li a")
    assert [a["href"] for a in strip] == [f"#day-{n}" for n in range(1, 8)]
    assert [a.select_one(".weekday-strip__day").get_text() for a in strip] == [
        str(day) for day in range(7, 14)
    ]
    assert [bool(a.select_one(".weekday-strip__busy")) for a in strip] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
    ]
    today = [a for a in strip if a.get("aria-current") == "date"]
    assert len(today) == 1 and today[0]["href"] == "#day-2"  # Tuesday 8 September
    assert " ".join(strip[4].get_text(" ").split()) == "Fr 11 1 activity"
