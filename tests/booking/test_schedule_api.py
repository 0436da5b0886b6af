"""`bookings_between`: the booked meetings the weekly schedule merges in."""

from __future__ import annotations

from datetime import timedelta

from portal.booking import bookings, seats
from portal.database import db, utcnow
from portal.models import Booking, Occasion
from tests.booking.helpers import setting
from tests.support.world import World


def test_confirmed_bookings_with_a_meeting_in_the_range(world: World) -> None:
    caseworker, provider = setting(world)
    course = world.occasion(provider, meetings=3, starts_in=timedelta(days=2), title="Course")
    later = world.occasion(provider, starts_in=timedelta(days=40), title="Later")
    full = world.occasion(provider, capacity=1, starts_in=timedelta(days=3), title="Full")
    dropped = world.occasion(provider, starts_in=timedelta(days=4), title="Dropped")
    me = world.participant(caseworker)
    world.book(world.participant(caseworker), full)
    for occasion in (course, later, full, dropped):
        world.book(me, occasion)

    def cancel_dropped() -> None:
        booking = db.session.scalars(
            db.select(Booking).where(
                Booking.occasion_id == dropped, Booking.participant_id == me.id
            )
        ).one()
        seats.cancel(booking.participant, booking.id)

    world.run(cancel_dropped)

    def week_two() -> list[tuple[str, list[int]]]:
        start = utcnow() + timedelta(days=7)
        end = start + timedelta(days=7)
        found = bookings.bookings_between(me.id, start, end)
        db.session.expunge_all()  # what the caller reads must already be loaded
        return [(b.occasion.title, [m.id for m in b.occasion.meetings]) for b in found]

    assert [(title, len(ids)) for title, ids in world.run(week_two)] == [("Course", 3)]

    def first_weeks() -> list[str]:
        found = bookings.bookings_between(me.id, utcnow(), utcnow() + timedelta(days=10))
        return [b.occasion.title for b in found]

    assert world.run(first_weeks) == ["Course"]

    def meetings() -> list[tuple[str, int]]:
        found = bookings.booked_meetings_between(me.id, utcnow(), utcnow() + timedelta(days=60))
        start = db.session.get_one(Occasion, course).starts_at
        return [
            (db.session.get_one(Occasion, m.occasion_id).title, (m.starts_at - start).days)
            for m in found
        ]

    assert world.run(meetings) == [
        ("Course", 0),
        ("Course", 7),
        ("Course", 14),
        ("Later", 38),
    ]
