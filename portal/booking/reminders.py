"""The day-before reminder of a booked meeting."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import exists, select

from portal.booking import notices
from portal.booking.models import (
    Booking,
    BookingReminder,
    BookingStatus,
    Meeting,
)
from portal.booking.occasions import local_time
from portal.database import begin_write, db, transaction, utcnow
from portal.dates import local_zone


def send_reminders(now: datetime | None = None) -> int:
    """Queue the day-before reminder for every confirmed booking with a meeting tomorrow
    (in Sweden), from BOOKING_REMINDER_FROM. Each booking gets one per day of meetings, never
    twice, however often and from however many machines this runs; a booking cancelled
    meanwhile gets none. Bookings made after the reminders of the day began have just had
    their confirmation and get none. Returns how many were queued."""
    now = now or utcnow()
    zone = local_zone()
    local_now = now.astimezone(zone)
    remind_from = current_app.config["BOOKING_REMINDER_FROM"]
    if local_now.time() < remind_from:
        return 0
    tomorrow = local_now.date() + timedelta(days=1)
    window_opened = datetime.combine(local_now.date(), remind_from, tzinfo=zone)
    day_start = local_time(tomorrow, time(0))
    day_end = local_time(tomorrow + timedelta(days=1), time(0))
    already = exists().where(
        BookingReminder.booking_id == Booking.id, BookingReminder.day == tomorrow
    )
    due = db.session.scalars(
        select(Booking.id)
        .join(Meeting, Meeting.occasion_id == Booking.occasion_id)
        .where(
            Booking.status == BookingStatus.CONFIRMED,
            Booking.confirmed_at < window_opened,
            Meeting.starts_at >= day_start,
            Meeting.starts_at < day_end,
            Meeting.cancelled_at.is_(None),
            ~already,
        )
        .distinct()
        .order_by(Booking.id)
    ).all()
    if not due:
        return 0
    db.session.rollback()
    return sum(_remind(booking_id, tomorrow, day_start, day_end, now) for booking_id in due)


@transaction
def _remind(
    booking_id: int, day: date, day_start: datetime, day_end: datetime, now: datetime
) -> bool:
    begin_write()
    # Locking the booking makes a concurrent run wait here and then find the reminder, and
    # a cancellation either wait for the reminder or be seen by it.
    booking = db.session.scalar(
        select(Booking)
        .where(Booking.id == booking_id, Booking.status == BookingStatus.CONFIRMED)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if booking is None:
        return False
    sent = db.session.scalar(
        select(BookingReminder.id).where(
            BookingReminder.booking_id == booking_id, BookingReminder.day == day
        )
    )
    if sent is not None:
        return False
    first = db.session.scalar(
        select(Meeting)
        .where(
            Meeting.occasion_id == booking.occasion_id,
            Meeting.starts_at >= day_start,
            Meeting.starts_at < day_end,
            Meeting.cancelled_at.is_(None),
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    )
    if first is None:
        return False
    db.session.add(BookingReminder(booking_id=booking_id, day=day, sent_at=now))
    db.session.flush()
    notices.send_reminder(booking.participant, booking.occasion, first)
    return True
