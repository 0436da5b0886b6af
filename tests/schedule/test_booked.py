"""Booked occasions join the week, the home page and the phone's calendar; a cancelled
booking and a place on a waiting list do not."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from icalendar import Calendar

from portal.booking import seats
from portal.database import db, utcnow
from portal.models import Participant
from portal.schedule.entries import SWEDEN
from portal.schedule.services import IsoWeek
from tests.support.pages import Portal
from tests.support.world import World


def test_a_booked_course_is_in_the_week_and_the_feed_until_it_is_cancelled(
    app: Flask, world: World
) -> None:
    staff = world.caseworker()
    provider = world.provider(staff.municipality_id)
    course = world.occasion(
        provider, meetings=2, starts_in=timedelta(days=9), title="Samhällsorientering del 1"
    )
    full = world.occasion(provider, capacity=1, starts_in=timedelta(days=9, hours=4))
    participant = world.participant(staff, language="en", plan=False)
    world.book(world.participant(staff), full)
    mine = world.book(participant, course)
    waiting = world.book(participant, full)
    assert (mine.status, waiting.status) == ("confirmed", "waiting")

    start = (utcnow() + timedelta(days=9)).astimezone(SWEDEN)
    week = IsoWeek.containing(start.date())
    portal = Portal(app)
    portal.sign_in_with_link(world, participant)
    page = portal.get(f"/week/{week.slug}")
    entries = [" ".join(li.get_text(" ").split()) for li in page.soup.select("li.entry")]
    assert len(entries) == 1, entries  # the course's first meeting; not the waiting list
    assert "Civic orientation" in entries[0] and "Stora gatan 1" in entries[0]
    assert "Booked" in entries[0]
    following = week.shifted(1)
    assert following is not None
    following_page = portal.get(f"/week/{following.slug}")
    assert len(following_page.soup.select("li.entry")) == 1  # the second meeting

    calendar = portal.get("/calendar")
    address = portal.follow(portal.submit(calendar, action="/calendar/address"))
    feed_url = address.soup.select_one("#feed-address")
    assert feed_url is not None
    path = "/" + str(feed_url.get("value") or feed_url.get_text()).split("/", 3)[3]
    feed = Calendar.from_ical(portal.client.get(path).get_data())
    summaries = [str(event["SUMMARY"]) for event in feed.walk("VEVENT")]
    assert summaries.count("Civic orientation in Arabic") == 2

    def cancel() -> None:
        person = db.session.get_one(Participant, participant.id)
        seats.cancel(person, mine.id)

    world.run(cancel)
    assert portal.get(f"/week/{week.slug}").soup.select("li.entry") == []
    feed = Calendar.from_ical(portal.client.get(path).get_data())
    assert [event for event in feed.walk("VEVENT")] == []
