"""Issue 12: a place keeps its town (Västerås has a Stora gatan too) and links to a map,
without the page loading one."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

from flask import Flask
from icalendar import Calendar

from portal.database import utcnow
from portal.schedule.entries import SWEDEN
from portal.schedule.services import IsoWeek
from tests.support.pages import Page, Portal
from tests.support.world import World

ADDRESS = "Folkets hus, Stora gatan 34"


def check_place(page: Page) -> None:
    place = page.soup.select_one("a.place")
    assert place is not None, page.url
    assert " ".join(place.get_text().split()) == f"{ADDRESS}, Köping"
    assert place["href"].startswith("geo:0,0?q=")
    assert unquote(place["href"].split("q=", 1)[1]) == f"{ADDRESS}, Köping, Sverige"
    osm = place.find_next_sibling("a")
    assert osm is not None and osm["href"].startswith("https://www.openstreetmap.org/search?")
    assert parse_qs(urlsplit(osm["href"]).query)["query"] == [f"{ADDRESS}, Köping, Sverige"]
    # A link, not a map: nothing is loaded from elsewhere.
    assert not page.soup.select("iframe, img[src^='http'], script[src^='http']")


def test_a_booked_course_in_another_town_shows_its_town_everywhere(
    app: Flask, world: World
) -> None:
    staff = world.caseworker()
    koping = world.municipality("Köping")
    provider = world.provider(koping)
    course = world.occasion(
        provider, address=ADDRESS, municipality_id=koping, starts_in=timedelta(days=1, hours=2)
    )
    participant = world.participant(staff, plan=False)
    world.book(participant, course)
    portal = Portal(app)
    portal.sign_in_with_link(world, participant)

    start = (utcnow() + timedelta(days=1, hours=2)).astimezone(SWEDEN)
    check_place(portal.get(f"/week/{IsoWeek.containing(start.date()).slug}"))
    check_place(portal.get("/"))
    check_place(portal.get(f"/booking/occasions/{course}"))
    check_place(portal.get("/booking/mine"))

    calendar = portal.get("/calendar")
    address = portal.follow(portal.submit(calendar, action="/calendar/address"))
    path = "/" + str(address.soup.select_one("#feed-address")["value"]).split("/", 3)[3]
    feed = Calendar.from_ical(portal.client.get(path).get_data())
    locations = [str(event["LOCATION"]) for event in feed.walk("VEVENT")]
    assert locations == [f"{ADDRESS}, Köping"]


def test_a_plan_activity_shows_its_town_and_a_map(app: Flask, world: World) -> None:
    staff = world.caseworker()
    participant = world.participant(staff, plan=False)
    portal = Portal(app)
    portal.sign_in_staff(staff.email, staff.password)
    plan = f"/staff/participants/{participant.id}/plan"
    form = portal.get(f"{plan}/activities/new")
    koping = next(
        option["value"] for option in form.soup.select("#municipality option") if option["value"]
    )
    portal.submit(
        form,
        kind="sfi",
        responsible="sfi_school",
        place=ADDRESS,
        municipality=koping,
        start_date="2026-09-07",
    )
    portal.submit(portal.get(plan), action=f"{plan}/publish")
    reader = Portal(app)
    page = reader.sign_in_with_link(world, participant)
    town = form.soup.select_one(f"#municipality option[value='{koping}']").get_text()
    place = page.soup.select_one("a.place")
    assert " ".join(place.get_text().split()) == f"{ADDRESS}, {town}"
