"""Issue 13: the county's offer built an object for every meeting of every occasion it
listed, the clash check and the week one for every booked meeting with its occasion, place
and provider, and the lists of bookings (mine, the caseworker's record) one for every
meeting of every occasion booked, to show a first day, a last day, a count and a few times.
They read those as rows now; the pages say the same."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from flask import Flask
from sqlalchemy import event

from portal.booking.models import Meeting, Occasion
from portal.schedule.services import IsoWeek
from tests.booking.helpers import setting
from tests.support.pages import Portal
from tests.support.world import World


@contextmanager
def objects_loaded() -> Iterator[list[str]]:
    """The names of the classes of the ORM objects loaded meanwhile, one per object."""
    loaded: list[str] = []

    def seen(target: object, _context: object) -> None:
        loaded.append(type(target).__name__)

    for model in (Meeting, Occasion):
        event.listen(model, "load", seen)
    try:
        yield loaded
    finally:
        for model in (Meeting, Occasion):
            event.remove(model, "load", seen)


def test_the_offer_and_its_clash_check_load_no_meeting_objects(
    app: Flask, portal: Portal, world: World
) -> None:
    caseworker, provider = setting(world)
    me = world.participant(caseworker)
    booked = world.occasion(provider, meetings=2, starts_in=timedelta(days=9))
    world.book(me, booked)
    # Meets an hour after the booked one starts, in the same weeks: a clash.
    world.occasion(provider, meetings=4, starts_in=timedelta(days=9, hours=1))
    world.occasion(provider, meetings=3, starts_in=timedelta(days=30))
    portal.sign_in_with_link(world, me)

    with objects_loaded() as loaded:
        page = portal.get("/booking")
    assert "Meeting" not in loaded
    assert loaded.count("Occasion") == 3  # the three listed, and no more
    text = page.text
    assert "4 meetings, the last on" in text and "3 meetings, the last on" in text
    assert text.count("At the same time as something in your week") == 1


def test_the_week_loads_no_booked_meeting_or_occasion_objects(
    app: Flask, portal: Portal, world: World
) -> None:
    caseworker, provider = setting(world)
    me = world.participant(caseworker)
    world.book(me, world.occasion(provider, meetings=2, starts_in=timedelta(days=7)))
    portal.sign_in_with_link(world, me)
    week = IsoWeek.containing(date.today() + timedelta(days=7)).slug

    with objects_loaded() as loaded:
        page = portal.get(f"/week/{week}")
    assert loaded == []
    assert "Civic orientation in Arabic" in page.text


def test_my_bookings_and_the_caseworkers_record_load_no_meeting_objects(
    app: Flask, portal: Portal, world: World
) -> None:
    caseworker, provider = setting(world)
    me = world.participant(caseworker)
    world.book(me, world.occasion(provider, meetings=3, starts_in=timedelta(days=7)))
    world.book(me, world.occasion(provider, meetings=2, starts_in=timedelta(days=20)))
    portal.sign_in_with_link(world, me)

    with objects_loaded() as loaded:
        mine = portal.get("/booking/mine")
    assert "Meeting" not in loaded
    assert "3 meetings, the last on" in mine.text and "2 meetings, the last on" in mine.text

    staff = Portal(app)
    staff.sign_in_staff(caseworker.email, caseworker.password)
    with objects_loaded() as loaded:
        record = staff.get(f"/staff/participants/{me.id}")
    assert "Meeting" not in loaded
    assert "3 meetings, the last on" in record.text and "2 meetings, the last on" in record.text
