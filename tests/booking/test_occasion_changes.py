"""Issue 11: a provider edits, moves, cancels and copies what they published, and everyone
concerned is texted in their language; attendance has "everyone present", reasons for
absence and an export; the caseworker's summary counts only meetings that took place."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import Flask

from portal.database import db
from portal.models import Occasion
from tests.booking.helpers import flashed, setting
from tests.support.pages import Page, Portal
from tests.support.world import World, translated


def _occasion(occasion_id: int) -> dict[str, object]:
    occasion = db.session.get_one(Occasion, occasion_id)
    return {
        "address": occasion.address,
        "capacity": occasion.capacity,
        "seats_taken": occasion.seats_taken,
        "starts_at": occasion.starts_at,
        "cancelled": occasion.cancelled_at is not None,
        "meetings": [(m.id, m.starts_at, m.cancelled_at is not None) for m in occasion.meetings],
    }


def provider_portal(app: Flask, provider: object) -> Portal:
    portal = Portal(app)
    portal.sign_in_staff(provider.email, provider.password)  # type: ignore[attr-defined]
    return portal


def texts(world: World, phone: str, kind: str) -> list[str]:
    return [m.body for m in world.messages(phone) if m.kind == kind]


def test_a_new_place_is_texted_to_everyone_booked_and_waiting_in_their_language(
    app: Flask, world: World
) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=1, language="ar")
    booked = world.participant(caseworker, language="ar")
    waiting = world.participant(caseworker, language="sv")
    world.book(booked, occasion)
    assert world.book(waiting, occasion).status == "waiting"
    portal = provider_portal(app, provider)
    form = portal.get(f"/staff/occasions/{occasion}/edit")
    assert form.value_of("address") == "Stora gatan 1"
    page = portal.follow(portal.submit(form, address="Folkets hus, sal 3"))
    assert flashed(page) == "The changes are saved. Everyone booked has been told."
    assert world.run(lambda: _occasion(occasion))["address"] == "Folkets hus, sal 3"
    arabic = texts(world, booked.phone, "occasion_changed")
    swedish = texts(world, waiting.phone, "occasion_changed")
    assert len(arabic) == len(swedish) == 1
    assert "Folkets hus, sal 3" in arabic[0] and "Folkets hus, sal 3" in swedish[0]
    assert arabic[0].startswith(
        translated(
            app,
            "ar",
            "Changed: %(what)s, %(when)s, %(address)s, %(municipality)s.",
        ).split("%")[0]
    )
    assert swedish[0].startswith("Ändrat") or swedish[0].startswith(
        translated(
            app,
            "sv",
            "Changed: %(what)s, %(when)s, %(address)s, %(municipality)s.",
        ).split("%")[0]
    )


def test_fewer_seats_than_taken_needs_a_choice_of_who_waits(app: Flask, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=3)
    people = [world.participant(caseworker, name=f"Person {n}") for n in range(4)]
    bookings = [world.book(person, occasion) for person in people]
    assert [b.status for b in bookings] == ["confirmed"] * 3 + ["waiting"]
    portal = provider_portal(app, provider)
    form = portal.get(f"/staff/occasions/{occasion}/edit")
    refused = portal.submit(form, status=200, capacity="2")
    assert "Choose 1 person to move to the waiting list" in " ".join(refused.error_summary())
    assert refused.value_of("capacity") == "2"
    assert world.run(lambda: _occasion(occasion))["capacity"] == 3

    portal.submit(refused, capacity="2", to_waiting_list=str(bookings[1].id))
    after = world.run(lambda: _occasion(occasion))
    assert (after["capacity"], after["seats_taken"]) == (2, 2)
    statuses = [b.status for b in world.bookings(occasion)]
    assert statuses == ["confirmed", "waiting", "confirmed", "waiting"]
    assert texts(world, people[1].phone, "moved_to_waiting_list")
    assert world.seats_taken(occasion) == 2

    # More seats again: the first in line (the one who was moved) is offered one.
    portal.submit(portal.get(f"/staff/occasions/{occasion}/edit"), capacity="3")
    assert [b.status for b in world.bookings(occasion)][1] == "offered"
    assert world.seats_taken(occasion) == 3


def test_move_and_cancel_one_meeting_of_a_series(app: Flask, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, meetings=3)
    person = world.participant(caseworker, language="sv")
    world.book(person, occasion)
    first, second, third = world.run(lambda: _occasion(occasion))["meetings"]  # type: ignore[misc]
    portal = provider_portal(app, provider)

    move = portal.get(f"/staff/occasions/{occasion}/meetings/{first[0]}/move")
    day = move.value_of("day")
    moved = portal.follow(portal.submit(move, start_time="13:00", end_time="16:00"))
    assert flashed(moved) == "The meeting is moved. Everyone booked has been told."
    assert texts(world, person.phone, "occasion_changed")
    assert world.run(lambda: _occasion(occasion))["meetings"][0][1].astimezone().hour != first[1]
    assert day == move.value_of("day")

    cancel = portal.get(f"/staff/occasions/{occasion}/meetings/{second[0]}/cancel")
    done = portal.follow(portal.submit(cancel))
    assert flashed(done) == "The meeting is cancelled. Everyone booked has been told."
    assert [m[2] for m in world.run(lambda: _occasion(occasion))["meetings"]] == [
        False,
        True,
        False,
    ]  # type: ignore[index]
    assert texts(world, person.phone, "meeting_cancelled")
    assert "Cancelled" in done.soup.select_one(".meetings").get_text()

    last = portal.get(f"/staff/occasions/{occasion}/meetings/{third[0]}/cancel")
    portal.submit(last)
    refused = portal.get(f"/staff/occasions/{occasion}/meetings/{first[0]}/cancel")
    page = portal.submit(refused, status=200)
    assert "cancel the whole occasion instead" in " ".join(page.error_summary())


def test_cancel_the_whole_occasion(app: Flask, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=1)
    booked = world.participant(caseworker)
    waiting = world.participant(caseworker)
    world.book(booked, occasion)
    world.book(waiting, occasion)
    portal = provider_portal(app, provider)
    page = portal.follow(portal.submit(portal.get(f"/staff/occasions/{occasion}/cancel")))
    assert flashed(page) == "The occasion is cancelled. Everyone booked or waiting has been told."
    assert {b.status for b in world.bookings(occasion)} == {"cancelled"}
    assert world.run(lambda: _occasion(occasion))["cancelled"]
    assert texts(world, booked.phone, "occasion_cancelled")
    assert texts(world, waiting.phone, "occasion_cancelled")

    other = world.participant(caseworker)
    newcomer = Portal(app)
    newcomer.sign_in_with_link(world, other)
    assert not newcomer.get("/booking").soup.select(f"a[href='/booking/occasions/{occasion}']")
    refused = newcomer.get(f"/booking/occasions/{occasion}")
    assert "This occasion is cancelled." in refused.text


def test_copy_an_occasion_to_next_term(app: Flask, world: World) -> None:
    _caseworker, provider = setting(world)
    occasion = world.occasion(provider, meetings=3)
    before = world.run(lambda: _occasion(occasion))
    portal = provider_portal(app, provider)
    start = before["starts_at"]
    later = (start + timedelta(weeks=20)).astimezone().date()  # type: ignore[operator]
    page = portal.follow(
        portal.submit(portal.get(f"/staff/occasions/{occasion}/copy"), first_date=later.isoformat())
    )
    assert flashed(page) == "The copy is published. Participants can book it now."
    copy_id = int(page.url.rstrip("/").split("/")[-1])
    assert copy_id != occasion
    after = world.run(lambda: _occasion(copy_id))
    sweden = ZoneInfo("Europe/Stockholm")
    for old, new in zip(before["meetings"], after["meetings"], strict=True):  # type: ignore[call-overload]
        old_local, new_local = old[1].astimezone(sweden), new[1].astimezone(sweden)
        assert new_local.time() == old_local.time()  # the same wall-clock time, DST or not
        assert (new_local.date() - old_local.date()).days == 140
    assert after["capacity"] == before["capacity"] and after["seats_taken"] == 0


def _attendance(portal: Portal, occasion: int, meeting: int) -> Page:
    return portal.get(f"/staff/occasions/{occasion}/meetings/{meeting}/attendance")


def test_everyone_present_reasons_for_absence_and_the_export(app: Flask, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(
        provider, starts_in=-timedelta(minutes=30), cancel_until=timedelta(0), meetings=9
    )
    start = world.run(lambda: _occasion(occasion))["starts_at"]
    came = world.participant(caseworker, name="Selam Tesfay")
    away = world.participant(caseworker, name="Ahmad Karimi")
    one = world.book(came, occasion, now=start - timedelta(days=2))  # type: ignore[operator]
    other = world.book(away, occasion, now=start - timedelta(days=2))  # type: ignore[operator]
    meeting = world.run(lambda: _occasion(occasion))["meetings"][0][0]  # type: ignore[index]
    portal = provider_portal(app, provider)

    form = _attendance(portal, occasion, meeting)
    marking = f"/staff/occasions/{occasion}/meetings/{meeting}/attendance"
    portal.submit(form, marking, **{f"booking_{other.id}": "absent", f"reason_{other.id}": "valid"})
    page = _attendance(portal, occasion, meeting)
    done = portal.follow(
        portal.submit(
            page, f"/staff/occasions/{occasion}/meetings/{meeting}/attendance/all-present"
        )
    )
    assert flashed(done) == "Everyone not yet marked is marked as present."
    again = _attendance(portal, occasion, meeting)
    assert again.soup.select_one(f"#booking_{one.id}-0").has_attr("checked")  # attended
    assert again.soup.select_one(f"#booking_{other.id}-1").has_attr("checked")  # still absent
    assert again.value_of(f"reason_{other.id}") in ("", "valid")
    assert again.soup.select_one(f"#reason_{other.id} option[selected]")["value"] == "valid"

    export = portal.client.get(f"/staff/occasions/{occasion}/attendees.csv")
    assert export.mimetype == "text/csv"
    lines = export.get_data(as_text=True).splitlines()
    assert lines[0].startswith("Name,Municipality,Status,")
    assert len(lines[0].split(",")) >= 3 + 9
    assert any(
        line.startswith("Ahmad Karimi,") and "Absent (Valid reason)" in line for line in lines
    )
    assert any(line.startswith("Selam Tesfay,") and ",Attended," in line + "," for line in lines)

    # After the first of nine meetings the caseworker reads one meeting held, not nine.
    desk = Portal(app)
    desk.sign_in_staff(caseworker.email, caseworker.password)
    person = desk.get(f"/staff/participants/{came.id}")
    summary = person.soup.select_one("#bookings").find_next("table").get_text(" ", strip=True)
    assert "Attended 1 of 1 meeting held so far" in summary
    assert "8 meetings still to come" in summary
