"""How capacity holds under any concurrency, and the only statements that change it.

A seat is taken only by

    UPDATE occasion SET seats_taken = seats_taken + 1
    WHERE id = :id AND seats_taken < capacity

and the booking row is written in the same transaction, so either both land or neither does.
The database evaluates the condition on the row's newest committed version (PostgreSQL makes
a second writer wait for the first and re-checks the row; SQLite lets one writer in at a
time), and a CHECK constraint (seats_taken <= capacity) refuses anything else. Commands that
free seats or hand the queue on (cancel, accept, expire) lock the occasion's row (SELECT ...
FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE holds the write lock throughout), so a
freed seat goes to the first in line and never to whoever books at that moment. Joining the
queue holds a share of that lock (FOR SHARE) until its place is written: people joining do
not wait for each other, but a seat is freed only before a place is decided (which then sees
the seat, and refuses) or after it is in the queue (which the seat is then offered to). A partial unique index allows one active booking per participant and
occasion. Seats taken = confirmed + offered bookings.

Booking a seat or a place in the queue (`claim`) is one statement on PostgreSQL: what the
rules decide on is read, the seat taken and the booking written together (data-modifying
CTEs), and the rules are then checked on what was read; a refusal rolls it all back. SQLite,
which has no such CTEs and holds the write lock anyway, reads, checks, then writes.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import (
    CursorResult,
    Integer,
    Row,
    Select,
    String,
    Table,
    bindparam,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.elements import BindParameter

from portal.booking.models import (
    ACTIVE,
    Booking,
    BookingStatus,
    Occasion,
)
from portal.booking.rules import (
    Bookable,
    BookingError,
    NotOffered,
    Who,
    already_booked,
    check_may_book,
)
from portal.database import WROTE, UTCDateTime, begin_write, db, key_of
from portal.organisations.models import Municipality
from portal.participants.models import Participant
from portal.sms.service import Recipient


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


def occasion_key(occasion: Occasion | int) -> int:
    """An occasion's id, from the object (without a query) or as given."""
    return occasion if isinstance(occasion, int) else key_of(occasion)


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


@dataclass(frozen=True)
class Place:
    """A booking as the command that wrote it left it: no need to read the row again."""

    id: int
    occasion_id: int
    participant_id: int
    status: BookingStatus


@dataclass(frozen=True)
class Claim:
    """What `claim` read and wrote: the occasion as the rules saw it, the person, and the
    booking written (None: no seat was left to take, or, for the queue, seats are free)."""

    occasion: Bookable
    recipient: Recipient
    booking_id: int | None


_OCCASION = cast(Table, Occasion.__table__)
_BOOKING = cast(Table, Booking.__table__)
_PARTICIPANT = cast(Table, Participant.__table__)
_PLACE = cast(Table, Municipality.__table__).alias("place")  # where the occasion is
_HOME = cast(Table, Municipality.__table__).alias("home")  # where the participant lives

_PARAMS: dict[str, BindParameter[Any]] = {
    "occasion_id": bindparam("occasion_id", type_=Integer),
    "participant_id": bindparam("participant_id", type_=Integer),
    "status": bindparam("status", type_=String),
    "now": bindparam("now", type_=UTCDateTime),
    "confirmed_at": bindparam("confirmed_at", type_=UTCDateTime),
    "staff_id": bindparam("staff_id", type_=Integer),
}


def _facts(lock: bool) -> Select[Any]:
    """The occasion, its place, the person and their active booking on it: one row."""
    occasion, person = _OCCASION.c, _PARTICIPANT.c
    existing = (
        select(_BOOKING.c.status)
        .where(
            _BOOKING.c.occasion_id == occasion.id,
            _BOOKING.c.participant_id == person.id,
            # Written out, not bound: a prepared statement then still uses the partial
            # unique index, whose condition is these statuses.
            _BOOKING.c.status.in_([literal_column(f"'{status}'") for status in ACTIVE]),
        )
        .scalar_subquery()
    )
    query = (
        select(
            occasion.id,
            occasion.kind,
            occasion.address,
            occasion.starts_at,
            occasion.book_by,
            occasion.cancelled_at,
            occasion.open_to_county,
            occasion.municipality_id,
            _PLACE.c.name.label("municipality_name"),
            _PLACE.c.county_id,
            occasion.seats_taken,
            occasion.capacity,
            person.id.label("participant_id"),
            person.name.label("participant_name"),
            person.municipality_id.label("home_municipality_id"),
            _HOME.c.county_id.label("home_county_id"),
            person.phone,
            person.language,
            person.organisation_id,
            existing.label("existing"),
        )
        .select_from(
            _OCCASION.join(_PLACE, _PLACE.c.id == occasion.municipality_id)
            .join(_PARTICIPANT, person.id == _PARAMS["participant_id"])
            .join(_HOME, _HOME.c.id == person.municipality_id)
        )
        .where(occasion.id == _PARAMS["occasion_id"])
    )
    # A share of the occasion's lock: see the module's docstring.
    return query.with_for_update(of=_OCCASION, read=True) if lock else query


def _inserted(occasion_id: Select[Any]) -> Any:
    """INSERT INTO booking ... SELECT: a booking on the occasion `occasion_id` selects, if
    it selects one."""
    return (
        insert(_BOOKING)
        .from_select(
            [
                "occasion_id",
                "participant_id",
                "status",
                "created_at",
                "confirmed_at",
                "booked_by_id",
            ],
            occasion_id.add_columns(
                _PARAMS["participant_id"],
                _PARAMS["status"],
                _PARAMS["now"],
                _PARAMS["confirmed_at"],
                _PARAMS["staff_id"],
            ),
        )
        .returning(_BOOKING.c.id)
    )


def _in_one_statement(status: BookingStatus) -> Select[Any]:
    """PostgreSQL: the facts read, the seat taken (a confirmed booking) or the occasion
    share-locked and found full (a place in the queue), and the booking written, at once."""
    if status == BookingStatus.CONFIRMED:
        facts = _facts(lock=False).cte("facts")
        taken = (
            update(_OCCASION)
            .where(
                _OCCASION.c.id == facts.c.id,
                facts.c.existing.is_(None),
                _OCCASION.c.seats_taken < _OCCASION.c.capacity,
            )
            .values(seats_taken=_OCCASION.c.seats_taken + 1)
            .returning(_OCCASION.c.id)
            .cte("taken")
        )
        placed = _inserted(select(taken.c.id)).cte("placed")
    else:
        facts = _facts(lock=True).cte("facts")
        placed = _inserted(
            select(facts.c.id).where(
                facts.c.existing.is_(None), facts.c.seats_taken >= facts.c.capacity
            )
        ).cte("placed")
    return select(facts, select(placed.c.id).scalar_subquery().label("booking_id"))


_STATEMENTS = {
    status: _in_one_statement(status) for status in (BookingStatus.CONFIRMED, BookingStatus.WAITING)
}
_READ = _facts(lock=False)
_TAKE = (
    update(_OCCASION)
    .where(
        _OCCASION.c.id == _PARAMS["occasion_id"],
        _OCCASION.c.seats_taken < _OCCASION.c.capacity,
    )
    .values(seats_taken=_OCCASION.c.seats_taken + 1)
)
_INSERT = _inserted(select(_PARAMS["occasion_id"]))


def claim(
    participant_id: int,
    occasion_id: int,
    status: BookingStatus,
    now: datetime,
    staff_id: int | None,
    name: str,
) -> Claim:
    """A confirmed seat (`status` CONFIRMED), if one is left, or a place at the end of the
    queue (WAITING), if none is: the booking written, or None when there was no seat to
    take or a free one. Call inside a write transaction (`@transaction`). Raises
    BookingError when a rule refuses, or the person already has an active booking on the
    occasion (called `name` to staff); the caller's rollback then undoes what was written."""
    params = {
        "occasion_id": occasion_id,
        "participant_id": participant_id,
        "status": str(status),
        "now": now,
        "confirmed_at": now if status == BookingStatus.CONFIRMED else None,
        "staff_id": staff_id,
    }
    begin_write()  # a writer from the first statement (already one inside @transaction)
    session = db.session()
    try:
        if session.get_bind().dialect.name == "postgresql":
            row = session.execute(_STATEMENTS[status], params).first()
            session.info[WROTE] = True
            facts = _checked(row, now, staff_id is not None)
            booking_id = None if row is None else row.booking_id
        else:
            # SQLite: the write lock is held (begin_write), so read, check, then write.
            row = session.execute(_READ, params).first()
            facts = _checked(row, now, staff_id is not None)
            booking_id = _write(params, facts)
    except IntegrityError:
        # The partial unique index: the same person booked in a request running alongside.
        raise already_booked(name, status, staff_id is not None) from None
    assert row is not None
    return Claim(
        facts,
        Recipient(participant_id, row.phone, row.language, row.organisation_id),
        booking_id,
    )


def _checked(row: Row[Any] | None, now: datetime, for_staff: bool) -> Bookable:
    """The occasion as the rules saw it, once they allow the person to take a place."""
    if row is None:
        raise NotOffered(_("This occasion does not exist any more."))
    # The row's columns are labelled as Bookable's fields (_facts).
    facts = Bookable(*(getattr(row, field.name) for field in fields(Bookable)))
    who = Who(
        row.participant_id, row.participant_name, row.home_municipality_id, row.home_county_id
    )
    check_may_book(who, facts, now)
    if row.existing is not None:
        raise already_booked(who.name, BookingStatus(row.existing), for_staff)
    return facts


def _write(params: dict[str, Any], facts: Bookable) -> int | None:
    """The SQLite half of `claim`: take the seat and write the booking, or join the queue."""
    session = db.session()
    if params["status"] == BookingStatus.CONFIRMED:
        if rowcount(session.execute(_TAKE, params)) != 1:
            return None
    elif facts.seats_taken < facts.capacity:
        return None
    session.info[WROTE] = True
    return int(session.execute(_INSERT, params).scalar_one())
