"""The phone's calendar: a secret, renewable feed address that carries the whole schedule as
valid iCalendar, with recurring activities as recurring events in Swedish time."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import recurring_ical_events
from flask import Flask
from icalendar import Calendar
from sqlalchemy import select

from portal.auth.tokens import hash_token
from portal.database import db
from portal.models import CalendarFeed
from portal.plans.vocabulary import ActivityType
from portal.schedule.calendar import sweden_timezone
from portal.schedule.entries import SWEDEN, ScheduleEntry
from tests.schedule.conftest import FRI, MON, WED, activity, entries, sfi, with_plan
from tests.support.pages import Page, Portal
from tests.support.world import World


def make_address(portal: Portal, action: str = "/calendar/address") -> tuple[Page, str]:
    page = portal.follow(portal.submit(portal.get("/calendar"), action=action))
    field = page.soup.find(id="feed-address")
    assert field is not None, page.text
    return page, str(field["value"])


def path_of(address: str) -> str:
    return "/" + address.split("/", 3)[3]


def test_the_feed_carries_the_whole_schedule_as_valid_icalendar(
    app: Flask,
    world: World,
    clock: Callable[[datetime], None],
    occasions: list[ScheduleEntry],
) -> None:
    who = with_plan(
        world,
        sfi(weekdays=MON | WED, start_date=date(2026, 9, 8)),  # a Tuesday
        activity(
            ActivityType.HEALTH_EXAMINATION,
            weekdays=0,
            start_date=date(2026, 10, 1),
            end_date=date(2026, 10, 1),
            start_time=time(13, 0),
            end_time=time(14, 0),
            place="Vårdcentralen",
            note="Ta med dina mediciner.",
        ),
        activity(
            ActivityType.INTERNSHIP,
            weekdays=FRI,
            start_time=None,
            end_time=None,
            start_date=date(2026, 9, 1),
            end_date=date(2026, 11, 27),
        ),
        name="Amal Yusuf",
    )
    occasions.append(
        ScheduleEntry(
            uid="booking-3",
            source="booking",
            kind="civic_orientation",
            title="Civic orientation",
            start=datetime(2026, 9, 9, 13, 0, tzinfo=SWEDEN),
            end=datetime(2026, 9, 9, 16, 0, tzinfo=SWEDEN),
        )
    )
    portal = Portal(app)
    portal.sign_in_with_link(world, who)
    page, address = make_address(portal)
    assert address.startswith("http://portal.test/calendar/") and address.endswith(".ics")
    webcal = page.soup.find("a", string="Open in my calendar")
    assert webcal is not None and webcal["href"] == "webcal://" + address.split("://")[1]

    # The calendar app has no cookie: the address alone opens the feed.
    response = app.test_client().get(path_of(address))
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = response.get_data(as_text=True)
    feed = Calendar.from_ical(body)

    assert str(feed["VERSION"]) == "2.0"
    zones = feed.walk("VTIMEZONE")
    assert [str(zone["TZID"]) for zone in zones] == ["Europe/Stockholm"]
    events = {str(event["SUMMARY"]): event for event in feed.walk("VEVENT")}
    assert set(events) == {
        "SFI – Swedish for immigrants",
        "Health examination",
        "Internship",
        "Civic orientation",
    }
    for event in events.values():
        assert event["UID"] and event["DTSTAMP"]

    weekly = events["SFI – Swedish for immigrants"]
    assert weekly["DTSTART"].params["TZID"] == "Europe/Stockholm"
    # The first occurrence, not the start date (a Tuesday): RRULE counts DTSTART as one.
    assert weekly.decoded("DTSTART") == datetime(
        2026, 9, 9, 8, 30, tzinfo=ZoneInfo("Europe/Stockholm")
    )
    rule = weekly["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["BYDAY"] == ["MO", "WE"]
    assert rule["UNTIL"] == [datetime(2027, 6, 11, 21, 59, 59, tzinfo=UTC)]
    assert str(weekly["LOCATION"]) == "Kopparbergsvägen 17"
    assert str(weekly["DESCRIPTION"]) == "Responsible: SFI school"
    assert events["Internship"].decoded("DTSTART") == date(2026, 9, 4)
    assert events["Internship"]["RRULE"]["UNTIL"] == [date(2026, 11, 27)]
    assert "RRULE" not in events["Health examination"]

    # Nothing personal beyond the schedule: no name, no number, no caseworker's notes.
    for private in ("Amal", "Yusuf", who.phone, "0" + who.phone[3:], "mediciner"):
        assert private not in body

    # What the phone's calendar makes of it is what the week page shows, summer time or not.
    for first, last in (
        (date(2026, 9, 7), date(2026, 9, 20)),
        (date(2026, 10, 19), date(2026, 11, 1)),
    ):
        start = datetime.combine(first, time(0), SWEDEN)
        end = datetime.combine(last + timedelta(days=1), time(0), SWEDEN)
        expanded = sorted(
            (str(e["SUMMARY"]), _as_local(e.decoded("DTSTART")))
            for e in recurring_ical_events.of(feed).between(start, end)
        )
        shown = entries(world, who, first, last)
        assert expanded == sorted((e.title, _as_local(e.start)) for e in shown)
        assert expanded


def _as_local(value: datetime | date) -> datetime | date:
    return value.astimezone(SWEDEN).replace(tzinfo=None) if isinstance(value, datetime) else value


def test_a_renewed_address_replaces_the_old_one(
    app: Flask, world: World, clock: Callable[[datetime], None]
) -> None:
    who = with_plan(world, sfi())
    portal = Portal(app)
    portal.sign_in_with_link(world, who)
    _page, first = make_address(portal)
    token = first.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 22 and re.fullmatch(r"[A-Za-z0-9_-]+", token)  # 128 random bits

    def stored() -> list[str]:
        return list(db.session.scalars(select(CalendarFeed.token_hash)))

    assert world.run(stored) == [hash_token(token)]  # only the hash is kept

    # Shown once: the page no longer has it when it is opened again.
    again = portal.get("/calendar")
    assert again.soup.find(id="feed-address") is None
    assert "You made a calendar address on" in again.text
    assert token not in again.response.get_data(as_text=True)

    renewed_page, second = make_address(portal)
    assert "You have a new calendar address. The old one no longer works." in renewed_page.text
    assert second != first
    calendar_app = app.test_client()
    assert calendar_app.get(path_of(first)).status_code == 404
    assert calendar_app.get(path_of(second)).status_code == 200
    assert len(world.run(stored)) == 1

    assert calendar_app.get("/calendar/AAAAAAAAAAAAAAAAAAAAAA.ics").status_code == 404


def test_each_participant_has_their_own_feed(
    app: Flask, world: World, clock: Callable[[datetime], None]
) -> None:
    first = with_plan(world, sfi())
    second = with_plan(world, activity(ActivityType.INTERNSHIP))
    addresses = []
    for who in (first, second):
        portal = Portal(app)
        portal.sign_in_with_link(world, who)
        addresses.append(make_address(portal)[1])
    feeds = [app.test_client().get(path_of(a)).get_data(as_text=True) for a in addresses]
    assert "SFI" in feeds[0] and "Internship" not in feeds[0]
    assert "Internship" in feeds[1] and "SFI" not in feeds[1]


def test_the_feed_speaks_the_participants_language(
    app: Flask, world: World, clock: Callable[[datetime], None]
) -> None:
    from tests.support.world import translated

    who = with_plan(world, sfi(), language="sv")
    portal = Portal(app)
    portal.sign_in_with_link(world, who)
    _page, address = make_address(portal)
    body = app.test_client().get(path_of(address), headers={"Accept-Language": "en"})
    summary = translated(app, "sv", "SFI – Swedish for immigrants")
    assert f"SUMMARY:{summary}" in body.get_data(as_text=True)


def test_the_time_zone_agrees_with_the_systems_time_zone_data() -> None:
    zone = sweden_timezone().to_tz()
    for year in range(1996, 2038):
        for month in (3, 10):
            # Around each change, and at noon on every day of the month.
            last = date(year, month, 31)
            sunday = last - timedelta(days=(last.weekday() + 1) % 7)
            change = datetime(sunday.year, sunday.month, sunday.day, 1, 0, tzinfo=UTC)
            moments = [change + timedelta(minutes=m) for m in (-61, -1, 0, 1, 59, 61)]
            moments += [datetime(year, month, day, 11, tzinfo=UTC) for day in range(1, 32)]
            for moment in moments:
                assert (
                    moment.astimezone(zone).utcoffset() == moment.astimezone(SWEDEN).utcoffset()
                ), moment
