"""How many SQL statements each participant page sends, pinned: a page that starts asking
once per booking, or asks the same thing twice, fails here (issue 13). Counted with
SQLAlchemy's before_cursor_execute, on SQLite and on PostgreSQL, with few rows and with
more, which must cost the same.

When a change makes a page need fewer, lower its pin; a higher one needs a reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask

from portal.database import db
from portal.schedule.services import IsoWeek
from tests.booking.helpers import csrf, setting
from tests.support.pages import Portal
from tests.support.queries import queries, statements
from tests.support.world import World

# The signed-in session and the participant come in one query, which every page pays.
PINNED = {
    "/": 6,
    "/plan": 7,
    "/week": 4,
    "/week/{week}": 4,  # a week with a booked meeting: its bookings and meetings in one
    "/calendar": 2,
    "/booking": 11,
    "/booking/mine": 6,
    "/booking/occasions/{occasion}": 9,
}


def counted(app: Flask, portal: Portal, path: str) -> int:
    portal.get(path)  # a first visit may write (an offer passed on, a feed made)
    with statements(app) as seen:
        portal.get(path)
    return len(queries(seen))


@pytest.mark.parametrize("page", list(PINNED))
def test_each_participant_page_sends_its_pinned_number_of_queries_whatever_it_shows(
    app: Flask, portal: Portal, world: World, page: str
) -> None:
    caseworker, provider = setting(world)
    me = world.participant(caseworker, language="ar")
    others = [world.participant(caseworker) for _ in range(2)]
    booked = world.occasion(provider, meetings=3)
    world.book(me, booked)
    # Two full occasions on whose waiting lists I stand: places are counted per booking.
    for later in (8, 9):
        full = world.occasion(provider, capacity=1, starts_in=timedelta(days=later))
        world.book(others[0], full)
        world.book(me, full)
    portal.sign_in_with_link(world, me)
    week = IsoWeek.containing(date.today() + timedelta(days=7)).slug
    path = page.format(occasion=booked, week=week)
    few = counted(app, portal, path)

    for later in (7, 11, 12):  # more of everything the pages show
        world.book(me, world.occasion(provider, meetings=2, starts_in=timedelta(days=later)))
        full = world.occasion(provider, capacity=1, starts_in=timedelta(days=later))
        world.book(others[1], full)
        world.book(me, full)
    more = counted(app, portal, path)

    assert (few, more) == (PINNED[page], PINNED[page]), (
        f"{path}: {few} queries with few bookings, {more} with more; pinned {PINNED[page]}"
    )


# Booking sends as few statements as its rules need (issue 13): the session and its person,
# offers passed on (before each booking page), then on PostgreSQL one statement that reads
# what the rules decide on (the occasion, and that it is in the person's county), takes the
# seat (or the place in the queue) and writes the booking; the text's row; for the queue,
# the place's number. SQLite, without data-modifying CTEs, reads and then writes.
BOOKING_PINNED = {
    ("postgresql", "book"): 4,
    ("postgresql", "full"): 3,
    ("postgresql", "wait"): 4,
    ("sqlite", "book"): 6,
    ("sqlite", "full"): 4,
    ("sqlite", "wait"): 5,
}


def test_booking_a_seat_or_a_place_in_the_queue_sends_its_pinned_number_of_statements(
    app: Flask, portal: Portal, world: World
) -> None:
    caseworker, provider = setting(world)
    me = world.participant(caseworker, language="ar")
    occasion = world.occasion(provider, capacity=1)
    full = world.occasion(provider, capacity=1, starts_in=timedelta(days=9))
    world.book(world.participant(caseworker), full)
    portal.sign_in_with_link(world, me)
    with app.app_context():
        dialect = db.engine.dialect.name
    seen: dict[tuple[str, str], int] = {}
    for name, path in (
        ("book", f"/booking/occasions/{occasion}/book"),
        ("full", f"/booking/occasions/{full}/book"),
        ("wait", f"/booking/occasions/{full}/wait"),
    ):
        token = {"csrf_token": csrf(portal)}
        with statements(app) as sent:
            portal.post(path, token)
        seen[dialect, name] = len(queries(sent))
    assert [b.status for b in world.bookings(occasion)] == ["confirmed"]
    assert [b.status for b in world.bookings(full)][-1] == "waiting"
    assert [m.kind for m in world.messages(me.phone)][-1] == "booking_confirmed"
    assert seen == {key: pin for key, pin in BOOKING_PINNED.items() if key[0] == dialect}
