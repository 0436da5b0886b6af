"""The day-before reminder: for confirmed bookings only, once per day of meetings, however
often `send-reminders` runs."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from portal.booking import reminders as reminding
from portal.booking import seats, waiting_list
from portal.database import db, utcnow
from portal.models import Booking, Occasion
from tests.booking.helpers import setting
from tests.support.world import World, translated

SWEDEN = ZoneInfo("Europe/Stockholm")


def first_start(world: World, occasion: int) -> datetime:
    return world.run(lambda: db.session.get_one(Occasion, occasion).starts_at)


def day_before(start: datetime, hour: int, minute: int = 0) -> datetime:
    local = start.astimezone(SWEDEN).date() - timedelta(days=1)
    return datetime.combine(local, time(hour, minute), tzinfo=SWEDEN)


def remind(world: World, now: datetime) -> int:
    return world.run(lambda: reminding.send_reminders(now))


def reminders(world: World, phone: str) -> list[str]:
    return [m.body for m in world.messages(phone) if m.kind == "booking_reminder"]


def test_the_reminder_goes_once_the_day_before(world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, starts_in=timedelta(days=6), address="Folkets hus")
    start = first_start(world, occasion)
    me = world.participant(caseworker)
    world.book(me, occasion, now=start - timedelta(days=3))

    assert remind(world, start - timedelta(days=3)) == 0
    assert remind(world, day_before(start, 9, 59)) == 0  # not before 10 in the morning
    assert remind(world, day_before(start, 10, 30)) == 1
    assert remind(world, day_before(start, 10, 35)) == 0
    assert remind(world, day_before(start, 23, 59)) == 0
    texts = reminders(world, me.phone)
    assert len(texts) == 1
    assert texts[0].startswith("Reminder: Civic orientation tomorrow at ")
    assert "Folkets hus" in texts[0]


def test_the_reminder_is_in_the_participants_language(world: World, app: Flask) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider)
    start = first_start(world, occasion)
    me = world.participant(caseworker, language="ar")
    world.book(me, occasion, now=start - timedelta(days=3))
    remind(world, day_before(start, 12))
    sms = [m for m in world.messages(me.phone) if m.kind == "booking_reminder"]
    assert [m.language for m in sms] == ["ar"]
    assert translated(app, "ar", "Civic orientation") in sms[0].body


def test_no_reminder_for_a_cancelled_booking_or_a_waiting_list(world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=1)
    start = first_start(world, occasion)
    cancelled = world.participant(caseworker)
    waiting = world.participant(caseworker)
    booking = world.book(cancelled, occasion, now=start - timedelta(days=3))
    world.book(waiting, occasion, now=start - timedelta(days=3))

    def cancel() -> None:
        found = db.session.get_one(Booking, booking.id)
        seats.cancel(found.participant, booking.id, now=start - timedelta(days=2))

    world.run(cancel)
    world.run(lambda: waiting_list.expire_offers(start - timedelta(hours=30)))
    assert remind(world, day_before(start, 12)) == 0
    assert reminders(world, cancelled.phone) == []
    assert reminders(world, waiting.phone) == []


def test_a_booking_made_after_the_reminders_went_gets_only_its_confirmation(
    world: World,
) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider)
    start = first_start(world, occasion)
    early = world.participant(caseworker)
    late = world.participant(caseworker)
    world.book(early, occasion, now=start - timedelta(days=3))
    world.book(late, occasion, now=day_before(start, 14))
    assert remind(world, day_before(start, 15)) == 1
    assert len(reminders(world, early.phone)) == 1
    assert reminders(world, late.phone) == []


def test_a_course_gets_a_reminder_before_each_day_of_meetings(world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, meetings=3)
    start = first_start(world, occasion)
    me = world.participant(caseworker)
    world.book(me, occasion, now=start - timedelta(days=3))
    for week in range(3):
        meeting = start + timedelta(weeks=week)
        assert remind(world, day_before(meeting, 11)) == 1
        assert remind(world, day_before(meeting, 18)) == 0
    assert len(reminders(world, me.phone)) == 3


def test_send_reminders_command(app: Flask, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "BOOKING_REMINDER_FROM", time(0, 0))
    caseworker, provider = setting(world)
    today = datetime.now(SWEDEN).date()
    noon = datetime.combine(today + timedelta(days=1), time(12), tzinfo=SWEDEN)
    occasion = world.occasion(provider, starts_in=noon - utcnow(), cancel_until=timedelta(0))
    me = world.participant(caseworker)
    world.book(me, occasion, now=datetime.combine(today - timedelta(days=1), time(9), SWEDEN))

    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-reminders"])
    assert first.exit_code == 0, first.output
    assert "reminders queued: 1" in first.output
    again = runner.invoke(args=["send-reminders"])
    assert "reminders queued: 0" in again.output
    sent = [m for m in world.messages(me.phone) if m.kind == "booking_reminder"]
    assert [m.status for m in sent] == ["sent"]
