"""Capacity and the one-booking rule hold when many requests arrive at once: real threads,
each with its own connection, released together, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Flask

from portal.booking import reminders as reminding
from portal.booking import seats, waiting_list
from portal.booking.rules import BookingError, OccasionFull
from portal.database import db
from portal.models import Booking, Occasion, Participant
from tests.booking.helpers import setting
from tests.support.world import World

SWEDEN = ZoneInfo("Europe/Stockholm")


def race(app: Flask, count: int, work: Callable[[int], str]) -> list[str]:
    """Run work(0..count-1) in `count` threads that start at the same moment; returns what
    each said, and fails on anything unexpected."""
    start = threading.Barrier(count)
    results: list[str] = [""] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        with app.app_context():
            try:
                start.wait()
                results[index] = work(index)
            except BaseException as error:  # any surprise fails the test below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def book_or_wait(participant_id: int, occasion_id: int) -> str:
    participant = db.session.get_one(Participant, participant_id)
    occasion = db.session.get_one(Occasion, occasion_id)
    try:
        return seats.book(participant, occasion).status
    except OccasionFull:
        return waiting_list.join_waiting_list(participant, occasion).status
    except BookingError:
        return "refused"


def test_many_people_booking_at_once_never_overbook(app: Flask, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=5)
    people = [world.participant(caseworker) for _ in range(24)]

    results = race(app, len(people), lambda i: book_or_wait(people[i].id, occasion))
    assert results.count("confirmed") == 5
    assert results.count("waiting") == 19
    bookings = world.bookings(occasion)
    assert [b.status for b in bookings].count("confirmed") == 5
    assert len({b.participant_id for b in bookings}) == 24
    assert world.seats_taken(occasion) == 5


def test_one_person_tapping_many_times_books_once(app: Flask, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=5)
    me = world.participant(caseworker)
    results = race(app, 10, lambda _i: book_or_wait(me.id, occasion))
    assert results.count("confirmed") == 1
    assert results.count("refused") == 9
    assert [b.status for b in world.bookings(occasion)] == ["confirmed"]
    assert world.seats_taken(occasion) == 1


def test_a_freed_seat_is_handed_on_once(app: Flask, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=1)
    holder = world.book(world.participant(caseworker), occasion)
    waiting = [world.book(world.participant(caseworker), occasion) for _ in range(4)]
    latecomers = [world.participant(caseworker) for _ in range(4)]

    def work(index: int) -> str:
        if index < 4:  # the holder cancels four times at once (a double-tap, two tabs...)
            booking = db.session.get_one(Booking, holder.id)
            try:
                return seats.cancel(booking.participant, holder.id).status
            except BookingError:
                return "refused"
        if index < 8:  # while others try to grab the seat
            return book_or_wait(latecomers[index - 4].id, occasion)
        waiting_list.expire_offers()
        return "expired"

    results = race(app, 10, work)
    assert results[:4].count("cancelled") == 1
    statuses = {b.id: b.status for b in world.bookings(occasion)}
    assert statuses[holder.id] == "cancelled"
    assert statuses[waiting[0].id] == "offered"
    assert [statuses[b.id] for b in waiting[1:]] == ["waiting"] * 3
    assert (
        list(statuses.values()).count("offered") + list(statuses.values()).count("confirmed") == 1
    )
    assert world.seats_taken(occasion) == 1


def test_concurrent_reminder_runs_send_each_reminder_once(app: Flask, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=10)
    start = world.run(lambda: db.session.get_one(Occasion, occasion).starts_at)
    people = [world.participant(caseworker) for _ in range(6)]
    for person in people:
        world.book(person, occasion, now=start - timedelta(days=3))
    day_before = start.astimezone(SWEDEN).date() - timedelta(days=1)
    noon = datetime.combine(day_before, time(12), tzinfo=SWEDEN)

    results = race(app, 6, lambda _i: str(reminding.send_reminders(noon)))
    assert sum(int(result) for result in results) == 6
    reminders = [m for m in world.messages() if m.kind == "booking_reminder"]
    assert sorted(m.to for m in reminders) == sorted(p.phone for p in people)


def test_nobody_joins_the_queue_past_a_seat_freed_at_the_same_moment(
    app: Flask, world: World
) -> None:
    """Joining the queue shares the occasion's lock (FOR SHARE on PostgreSQL): people joining
    do not wait for each other, but a seat freed meanwhile is either seen (book instead) or
    offered to the first of them."""
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=1)
    holder = world.book(world.participant(caseworker), occasion)
    joining = [world.participant(caseworker) for _ in range(5)]

    def work(index: int) -> str:
        if index == 0:
            booking = db.session.get_one(Booking, holder.id)
            return seats.cancel(booking.participant, holder.id).status
        person = db.session.get_one(Participant, joining[index - 1].id)
        try:
            return waiting_list.join_waiting_list(
                person, db.session.get_one(Occasion, occasion)
            ).status
        except BookingError:
            return "refused"

    results = race(app, 6, work)
    assert results[0] == "cancelled"
    statuses = [b.status for b in world.bookings(occasion) if b.id != holder.id]
    taken = world.seats_taken(occasion)
    if taken == 0:  # the seat was freed before anyone was in the queue: nobody may wait
        assert statuses.count("waiting") == 0
    else:  # the first in the queue has it on offer, the rest wait
        assert statuses[0] == "offered"
        assert statuses[1:].count("offered") == 0
    assert results[1:].count("waiting") == len(statuses)
