"""How capacity holds under any concurrency, and the only statements that change it.

A seat is taken only by

    UPDATE occasion SET seats_taken = seats_taken + 1
    WHERE id = :id AND seats_taken < capacity

and the booking row is written in the same transaction, so either both land or neither does.
The database evaluates the condition on the row's newest committed version (PostgreSQL makes
a second writer wait for the first and re-checks the row; SQLite lets one writer in at a
time), and a CHECK constraint (seats_taken <= capacity) refuses anything else. Commands that
free seats or hand the queue on (cancel, accept, expire, join the waiting list) lock the
occasion's row (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE holds the
write lock throughout), so a freed seat goes to the first in line and never to whoever books
at that moment. A partial unique index allows one active booking per participant and
occasion. Seats taken = confirmed + offered bookings.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import CursorResult, and_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal.booking.models import (
    ACTIVE,
    Booking,
    BookingStatus,
    Occasion,
)
from portal.booking.rules import BookingError, Who, already_booked, check_may_book
from portal.database import begin_write, db, utcnow
from portal.participants.models import Participant
from portal.staff.models import Staff


def fresh_occasion(occasion_id: int, lock: bool = False) -> Occasion:
    """The occasion fresh from the database; with `lock`, its row is locked until the
    transaction ends (SELECT ... FOR UPDATE; SQLite's write lock is already held)."""
    query = (
        select(Occasion)
        .where(Occasion.id == occasion_id)
        .options(joinedload(Occasion.municipality, innerjoin=True))
        .execution_options(populate_existing=True)
    )
    if lock:
        query = query.with_for_update(of=Occasion)
    occasion = db.session.scalar(query)
    if occasion is None:
        raise BookingError(_("This occasion does not exist any more."))
    return occasion


def locked_occasion(occasion_id: int) -> Occasion:
    return fresh_occasion(occasion_id, lock=True)


def rowcount(result: Any) -> int:
    return int(cast(CursorResult[Any], result).rowcount)


def take_seat(occasion_id: int) -> bool:
    """Take one seat if one is left. The database decides: see the module's docstring."""
    result = db.session.execute(
        update(Occasion)
        .where(Occasion.id == occasion_id, Occasion.seats_taken < Occasion.capacity)
        .values(seats_taken=Occasion.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )
    return rowcount(result) == 1


def release_seat(occasion_id: int) -> None:
    db.session.execute(
        update(Occasion)
        .where(Occasion.id == occasion_id, Occasion.seats_taken > 0)
        .values(seats_taken=Occasion.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )


def move_status(booking_id: int, source: BookingStatus, **values: Any) -> bool:
    """Change a booking's status only if it still has status `source`."""
    result = db.session.execute(
        update(Booking)
        .where(Booking.id == booking_id, Booking.status == source)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return rowcount(result) == 1


def insert_booking(booking: Booking, who: Who, for_staff: bool) -> None:
    error = already_booked(who, booking, for_staff)
    db.session.add(booking)
    try:
        db.session.flush()
    except IntegrityError:
        # The partial unique index: the same person booked in a request running alongside.
        raise error from None


def may_take_a_place(
    participant: Participant,
    occasion: Occasion,
    staff: Staff | None,
    now: datetime | None,
    lock: bool = False,
) -> tuple[Who, Occasion, int | None, datetime]:
    """The start of booking a seat or joining the waiting list: a write transaction, the
    occasion read fresh (with `lock`, locked) together with any active booking the person
    already has on it, and every rule checked (BookingError otherwise)."""
    who, occasion_id, staff_id = Who.of(participant), occasion.id, staff.id if staff else None
    begin_write()
    now = now or utcnow()
    occasion, existing = _occasion_and_booking(occasion_id, who.id, lock)
    check_may_book(who, occasion, now)
    if existing is not None:
        raise already_booked(who, existing, staff_id is not None)
    return who, occasion, staff_id, now


def _occasion_and_booking(
    occasion_id: int, participant_id: int, lock: bool
) -> tuple[Occasion, Booking | None]:
    """One query for what a booking decides on: the occasion, and the participant's active
    booking on it, if any (the partial unique index allows one)."""
    query = (
        select(Occasion, Booking)
        .outerjoin(
            Booking,
            and_(
                Booking.occasion_id == Occasion.id,
                Booking.participant_id == participant_id,
                Booking.status.in_(ACTIVE),
            ),
        )
        .where(Occasion.id == occasion_id)
        .options(joinedload(Occasion.municipality, innerjoin=True))
        .execution_options(populate_existing=True)
    )
    if lock:
        query = query.with_for_update(of=Occasion)
    row = db.session.execute(query).first()
    if row is None:
        raise BookingError(_("This occasion does not exist any more."))
    return row[0], row[1]
