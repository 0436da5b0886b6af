"""Provider staff publish occasions, see who is coming and mark attendance; the caseworker
sees the participant's bookings and attendance."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Flask

from portal.database import db
from portal.models import Occasion
from tests.booking.helpers import flashed, setting
from tests.support.pages import Portal
from tests.support.world import World

SWEDEN = ZoneInfo("Europe/Stockholm")


def next_monday(weeks: int = 2) -> date:
    today = date.today()
    return today + timedelta(days=7 * weeks - today.weekday())


def publish_form(monday: date, **overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "kind": "civic_orientation",
        "title": "Samhällsorientering på tigrinja",
        "language": "ti",
        "address": "Medborgarhuset, sal 2",
        "capacity": "12",
        "first_date": monday.isoformat(),
        "start_time": "09:00",
        "end_time": "12:00",
        "book_by": f"{(monday - timedelta(days=3)).isoformat()}T16:00",
        "cancel_by": f"{(monday - timedelta(days=2)).isoformat()}T12:00",
        "description": "Ta med legitimation.",
    }
    fields.update(overrides)
    return fields


def test_a_provider_lands_on_their_occasions(portal: Portal, world: World) -> None:
    provider = world.provider()
    done = portal.sign_in_staff(provider.email, provider.password)
    page = portal.follow(portal.follow(done, status=302))
    assert page.h1 == "Occasions"
    assert page.soup.select_one(".site-nav a").get_text() == "Occasions"
    assert "Nothing is published yet." in page.text


def test_publish_one_meeting(app: Flask, portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    portal.sign_in_staff(provider.email, provider.password)
    monday = next_monday()
    form = portal.get("/staff/occasions/new")
    assert form.soup.select_one("#open_to_county").has_attr("checked")
    done = portal.submit(form, **publish_form(monday))
    page = portal.follow(done)
    assert flashed(page) == "The occasion is published. Participants can book it now."
    assert page.h1 == "Civic orientation in Tigrinya"
    assert "0 of 12" in page.text

    def stored() -> tuple[datetime, datetime, datetime, int]:
        occasion = db.session.scalars(db.select(Occasion)).one()
        return occasion.starts_at, occasion.ends_at, occasion.book_by, len(occasion.meetings)

    starts, ends, book_by, meetings = world.run(stored)
    assert starts == datetime.combine(monday, time(9), SWEDEN)
    assert ends == datetime.combine(monday, time(12), SWEDEN)
    assert book_by == datetime.combine(monday - timedelta(days=3), time(16), SWEDEN)
    assert meetings == 1

    reader = Portal(app)
    reader.sign_in_with_link(world, world.participant(caseworker, language="ti"))
    offer = reader.get("/booking")
    assert offer.lang == "ti"
    assert "Samhällsorientering på tigrinja" in offer.text
    assert "9:00" in offer.text and "12:00" in offer.text


def test_publish_a_series_booked_as_a_whole(portal: Portal, world: World) -> None:
    _caseworker, provider = setting(world)
    portal.sign_in_staff(provider.email, provider.password)
    monday = next_monday()
    form = portal.get("/staff/occasions/new")
    done = portal.submit(
        form,
        **publish_form(
            monday,
            last_date=(monday + timedelta(weeks=4, days=2)).isoformat(),
            weekdays=["0", "2"],
        ),
    )
    page = portal.follow(done)
    assert len(page.soup.select(".meetings li")) == 10


def test_publishing_mistakes_get_messages_and_keep_what_was_typed(
    portal: Portal, world: World
) -> None:
    _caseworker, provider = setting(world)
    portal.sign_in_staff(provider.email, provider.password)
    form = portal.get("/staff/occasions/new")

    empty = portal.submit(form, status=200, title="", address="", capacity="", first_date="")
    assert empty.error_for("address") == "Error: Enter the address where it takes place."
    assert empty.error_for("capacity") == "Error: Enter the number of seats, 1 or more."
    assert empty.error_for("first_date") == "Error: Enter the date of the first meeting."
    assert empty.error_for("start_time") == "Error: Enter the time it starts."
    assert empty.error_for("book_by") == "Error: Enter the last time to book."
    assert empty.soup.select_one(".error-summary") is not None

    monday = next_monday()
    wrong = portal.submit(
        form,
        status=200,
        **publish_form(
            monday,
            capacity="many",
            end_time="08:00",
            last_date=(monday - timedelta(days=1)).isoformat(),
            book_by="tomorrow",
        ),
    )
    assert wrong.error_for("capacity") == "Error: Enter a whole number, like 12."
    assert wrong.error_for("end_time") == "Error: The end time must be after the start time."
    assert wrong.error_for("last_date") == (
        "Error: The last date must be the same as or after the first date."
    )
    assert wrong.error_for("book_by") == (
        "Error: Enter the date and time as year-month-day hours:minutes, like 2026-03-14 08:30."
    )
    assert wrong.value_of("capacity") == "many"
    assert wrong.value_of("title") == "Samhällsorientering på tigrinja"
    assert wrong.value_of("book_by") == "tomorrow"

    no_days = portal.submit(
        form,
        status=200,
        **publish_form(monday, last_date=(monday + timedelta(days=1)).isoformat(), weekdays=["4"]),
    )
    assert no_days.error_for("weekdays") == (
        "Error: No meeting falls on the chosen days. Choose other days."
    )

    late = portal.submit(
        form, status=200, **publish_form(monday, book_by=f"{monday.isoformat()}T10:00")
    )
    assert late.error_summary() == [
        "The last times to book and to cancel must be before the first meeting starts."
    ]
    past = date.today() - timedelta(days=1)
    gone = portal.submit(
        form,
        status=200,
        **publish_form(
            past,
            book_by=f"{(past - timedelta(days=3)).isoformat()}T16:00",
            cancel_by=f"{(past - timedelta(days=3)).isoformat()}T16:00",
        ),
    )
    assert gone.error_summary() == ["The first meeting must be in the future."]
    assert world.run(lambda: db.session.scalars(db.select(Occasion)).all()) == []


def test_the_attendee_list_and_the_waiting_list(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=2)
    for name in ("Selam Tesfay", "Ahmad Karimi", "Hiwet Gebre", "Noor Haddad"):
        world.book(world.participant(caseworker, name=name), occasion)
    portal.sign_in_staff(provider.email, provider.password)
    page = portal.get(f"/staff/occasions/{occasion}")
    names = [row.select("td")[0].get_text(strip=True) for row in page.soup.select("tbody tr")]
    assert names == ["Ahmad Karimi", "Selam Tesfay"]
    assert [li.select_one("bdi").get_text() for li in page.soup.select("ol li")] == [
        "Hiwet Gebre",
        "Noor Haddad",
    ]
    listing = portal.get("/staff/occasions")
    assert "2 of 2" in listing.text


def test_providers_see_only_their_own_occasions(app: Flask, world: World) -> None:
    _caseworker, provider = setting(world)
    mine = world.occasion(provider)
    other = world.provider(provider.municipality_id)
    theirs = world.occasion(other)
    portal = Portal(app)
    portal.sign_in_staff(provider.email, provider.password)
    assert portal.client.get(f"/staff/occasions/{theirs}").status_code == 404
    assert portal.client.get(f"/staff/occasions/{theirs}/meetings/1/attendance").status_code == 404
    assert portal.client.get(f"/staff/occasions/{mine}").status_code == 200
    assert portal.client.get("/staff/participants/new").status_code == 403

    caseworker = Portal(app)
    staff = world.caseworker()
    caseworker.sign_in_staff(staff.email, staff.password)
    assert caseworker.client.get("/staff/occasions").status_code == 403
    assert caseworker.client.get(f"/staff/occasions/{mine}").status_code == 403


def _meeting_id(occasion_id: int) -> int:
    return db.session.get_one(Occasion, occasion_id).meetings[0].id


def test_mark_attendance_and_the_caseworker_sees_it(app: Flask, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, starts_in=-timedelta(minutes=30), cancel_until=timedelta(0))
    came = world.participant(caseworker, name="Selam Tesfay")
    stayed_home = world.participant(caseworker, name="Ahmad Karimi")
    start = world.run(lambda: db.session.get_one(Occasion, occasion).starts_at)
    one = world.book(came, occasion, now=start - timedelta(days=2))
    other = world.book(stayed_home, occasion, now=start - timedelta(days=2))
    meeting = world.run(lambda: _meeting_id(occasion))

    portal = Portal(app)
    portal.sign_in_staff(provider.email, provider.password)
    show = portal.get(f"/staff/occasions/{occasion}")
    form = portal.get(show.soup.select_one(".meetings a")["href"])
    assert form.h1 == "Attendance"
    marking = f"/staff/occasions/{occasion}/meetings/{meeting}/attendance"
    done = portal.submit(
        form, marking, **{f"booking_{one.id}": "attended", f"booking_{other.id}": "absent"}
    )
    page = portal.follow(done)
    assert flashed(page) == "Attendance is saved."
    row = {
        tr.select("td")[0].get_text(strip=True): tr.get_text(" ", strip=True)
        for tr in page.soup.select("tbody tr")
    }
    assert "Attended" in row["Selam Tesfay"]
    assert "Absent" in row["Ahmad Karimi"]

    again = portal.get(f"/staff/occasions/{occasion}/meetings/{meeting}/attendance")
    assert again.soup.select_one(f"#booking_{one.id}-0").has_attr("checked")
    portal.submit(again, marking, **{f"booking_{one.id}": "absent"})

    desk = Portal(app)
    desk.sign_in_staff(caseworker.email, caseworker.password)
    person = desk.get(f"/staff/participants/{came.id}")
    bookings = person.soup.select_one("#bookings").find_next("table").get_text(" ", strip=True)
    assert "Attended 0 of 1 meeting" in bookings
    assert "1 absence" in bookings


def test_attendance_waits_for_the_meeting(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider)
    world.book(world.participant(caseworker), occasion)
    meeting = world.run(lambda: _meeting_id(occasion))
    portal.sign_in_staff(provider.email, provider.password)
    page = portal.get(f"/staff/occasions/{occasion}/meetings/{meeting}/attendance")
    assert "You can mark attendance once the meeting has started." in page.text
    assert not page.soup.select("main form")
