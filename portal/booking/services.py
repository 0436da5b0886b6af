"""Publishing occasions, booking seats, waiting lists and offers, reminders and attendance.

How capacity holds under any concurrency: a seat is taken only by

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
occasion.

Seats taken = confirmed + offered bookings. A freed seat goes at once to the first person
waiting, as an offer that holds the seat for BOOKING_OFFER_HOLD; `expire_offers` passes
offers that were not accepted in time to the next person (cron, and lazily before booking
pages).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from flask import abort, current_app
from flask_babel import gettext as _
from sqlalchemy import CursorResult, and_, case, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from portal.auth.services import public_url
from portal.booking import messages
from portal.booking.models import (
    ACTIVE,
    HOLDS_SEAT,
    Attendance,
    Booking,
    BookingReminder,
    BookingStatus,
    Meeting,
    Occasion,
)
from portal.booking.vocabulary import AttendanceStatus, OccasionType
from portal.database import begin_write, db, transaction, utcnow
from portal.organisations.models import Municipality
from portal.participants.models import Participant
from portal.sms import service as sms
from portal.staff.models import Staff
from portal.templating import date_time, local_zone


class BookingError(Exception):
    """A request the booking rules cannot honour; str() is a message for the user. Nothing
    has changed when it is raised."""


class OccasionFull(BookingError):
    """No seat is left: the waiting list is open."""


class NotYours(BookingError):
    """The booking does not exist or belongs to someone else (the two look the same)."""


MAX_MEETINGS = 100


# --- publishing ----------------------------------------------------------------------------


@dataclass
class OccasionDetails:
    kind: OccasionType
    title: str
    language: str
    address: str
    municipality_id: int
    capacity: int
    open_to_county: bool
    book_by: datetime
    cancel_by: datetime
    description: str = ""


def local_time(day: date, clock: time) -> datetime:
    """A wall-clock time in Sweden as an aware UTC timestamp."""
    return datetime.combine(day, clock, tzinfo=local_zone()).astimezone(UTC)


def meeting_times(
    first: date, last: date | None, weekdays: Iterable[int], start: time, end: time
) -> list[tuple[datetime, datetime]]:
    """One meeting on `first`; or, for a series, one on each chosen weekday from `first` to
    `last` (the weekday of `first` when none is chosen)."""
    days = [first]
    if last is not None and last > first:
        wanted = set(weekdays) or {first.weekday()}
        span = (first + timedelta(days=n) for n in range((last - first).days + 1))
        days = [day for day in span if day.weekday() in wanted]
    return [(local_time(day, start), local_time(day, end)) for day in days]


@transaction
def publish(
    staff: Staff,
    details: OccasionDetails,
    meetings: list[tuple[datetime, datetime]],
    now: datetime | None = None,
) -> Occasion:
    now = now or utcnow()
    meetings = sorted(meetings)
    if not meetings:
        raise BookingError(_("Choose days that give at least one meeting."))
    if len(meetings) > MAX_MEETINGS:
        raise BookingError(
            _("A series can have at most %(max)d meetings.", max=MAX_MEETINGS),
        )
    if any(end <= start for start, end in meetings):
        raise BookingError(_("The end time must be after the start time."))
    first_start = meetings[0][0]
    if first_start <= now:
        raise BookingError(_("The first meeting must be in the future."))
    if details.book_by > first_start or details.cancel_by > first_start:
        raise BookingError(
            _("The last times to book and to cancel must be before the first meeting starts.")
        )
    if details.capacity < 1:
        raise BookingError(_("Enter the number of seats, 1 or more."))
    place = db.session.get(Municipality, details.municipality_id)
    if place is None or place.county_id != staff.organisation.municipality.county_id:
        raise BookingError(_("Choose a municipality in your county."))
    occasion = Occasion(
        organisation_id=staff.organisation_id,
        created_by_id=staff.id,
        kind=details.kind,
        title=details.title,
        language=details.language,
        address=details.address,
        municipality_id=details.municipality_id,
        description=details.description,
        capacity=details.capacity,
        seats_taken=0,
        open_to_county=details.open_to_county,
        book_by=details.book_by,
        cancel_by=details.cancel_by,
        starts_at=first_start,
        ends_at=max(end for _start, end in meetings),
        meetings=[Meeting(starts_at=start, ends_at=end) for start, end in meetings],
    )
    db.session.add(occasion)
    db.session.flush()
    return occasion


# --- finding -------------------------------------------------------------------------------


@dataclass
class OfferFilter:
    kind: str | None = None
    language: str | None = None
    municipality_id: int | None = None
    from_date: date | None = None


def county_municipalities(county_id: int) -> list[Municipality]:
    return list(
        db.session.scalars(
            select(Municipality)
            .where(Municipality.county_id == county_id)
            .order_by(Municipality.name)
        )
    )


def _occasion_options() -> list[Any]:
    return [
        selectinload(Occasion.meetings),
        joinedload(Occasion.municipality),
        joinedload(Occasion.organisation),
    ]


def _may_book_clause(participant: Participant) -> Any:
    return or_(
        Occasion.open_to_county.is_(True),
        Occasion.municipality_id == participant.municipality_id,
    )


def offer(
    participant: Participant, filters: OfferFilter, now: datetime | None = None
) -> list[Occasion]:
    """What the participant may book in their county, civic orientation in their own
    language first, then by start."""
    now = now or utcnow()
    own_language_civic = case(
        (
            and_(
                Occasion.kind == OccasionType.CIVIC_ORIENTATION,
                Occasion.language == participant.language,
            ),
            0,
        ),
        else_=1,
    )
    query = (
        select(Occasion)
        .join(Municipality, Municipality.id == Occasion.municipality_id)
        .where(
            Municipality.county_id == participant.municipality.county_id,
            Occasion.starts_at > now,
            Occasion.book_by > now,
            _may_book_clause(participant),
        )
        .options(*_occasion_options())
        .order_by(own_language_civic, Occasion.starts_at, Occasion.id)
        .limit(200)
    )
    if filters.kind:
        query = query.where(Occasion.kind == filters.kind)
    if filters.language:
        query = query.where(Occasion.language == filters.language)
    if filters.municipality_id:
        query = query.where(Occasion.municipality_id == filters.municipality_id)
    if filters.from_date:
        query = query.where(Occasion.starts_at >= local_time(filters.from_date, time(0)))
    return list(db.session.scalars(query).unique())


def occasion_in_county(participant: Participant, occasion_id: int) -> Occasion:
    """An occasion of the participant's county, or 404: other counties' offers are not theirs."""
    occasion = db.session.scalar(
        select(Occasion).where(Occasion.id == occasion_id).options(*_occasion_options())
    )
    if occasion is None or occasion.municipality.county_id != participant.municipality.county_id:
        abort(404)
    return occasion


def active_bookings(participant_id: int, occasion_ids: Iterable[int]) -> dict[int, Booking]:
    """The participant's active booking on each of these occasions, by occasion id."""
    ids = list(occasion_ids)
    if not ids:
        return {}
    return {
        booking.occasion_id: booking
        for booking in db.session.scalars(
            select(Booking).where(
                Booking.participant_id == participant_id,
                Booking.occasion_id.in_(ids),
                Booking.status.in_(ACTIVE),
            )
        )
    }


def waiting_position(booking: Booking) -> int:
    """1 for the first in line."""
    return int(
        db.session.scalar(
            select(func.count()).where(
                Booking.occasion_id == booking.occasion_id,
                Booking.status == BookingStatus.WAITING,
                Booking.id <= booking.id,
            )
        )
        or 0
    )


def waiting_positions(bookings: Iterable[Booking]) -> dict[int, int]:
    return {b.id: waiting_position(b) for b in bookings if b.status == BookingStatus.WAITING}


def _booking_options() -> list[Any]:
    return [
        joinedload(Booking.occasion).selectinload(Occasion.meetings),
        joinedload(Booking.occasion).joinedload(Occasion.municipality),
        joinedload(Booking.occasion).joinedload(Occasion.organisation),
        selectinload(Booking.attendance),
    ]


def bookings_of(participant_id: int) -> list[Booking]:
    """All of a participant's bookings, active and not, soonest occasion first."""
    return list(
        db.session.scalars(
            select(Booking)
            .join(Occasion, Occasion.id == Booking.occasion_id)
            .where(Booking.participant_id == participant_id)
            .options(*_booking_options())
            .order_by(Occasion.starts_at, Booking.id)
        ).unique()
    )


def booking_of(participant_id: int, booking_id: int) -> Booking:
    """The participant's own booking; NotYours for anyone else's or none."""
    booking = db.session.scalar(
        select(Booking).where(Booking.id == booking_id).options(*_booking_options())
    )
    if booking is None or booking.participant_id != participant_id:
        raise NotYours(_("This booking is not one of yours, or it does not exist."))
    return booking


def bookings_between(participant_id: int, start: datetime, end: datetime) -> list[Booking]:
    """Confirmed bookings with at least one meeting in [start, end) (aware datetimes, UTC),
    with their occasions and all of the occasions' meetings loaded, soonest first.

    For the weekly schedule: keep the meetings of each `booking.occasion.meetings` that
    overlap the range (or use `booked_meetings_between`)."""
    in_range = exists().where(
        Meeting.occasion_id == Booking.occasion_id,
        Meeting.starts_at < end,
        Meeting.ends_at > start,
    )
    return list(
        db.session.scalars(
            select(Booking)
            .join(Occasion, Occasion.id == Booking.occasion_id)
            .where(
                Booking.participant_id == participant_id,
                Booking.status == BookingStatus.CONFIRMED,
                in_range,
            )
            .options(*_booking_options())
            .order_by(Occasion.starts_at, Booking.id)
        ).unique()
    )


def booked_meetings_between(
    participant_id: int, start: datetime, end: datetime
) -> list[tuple[Booking, Meeting]]:
    """Each booked meeting that overlaps [start, end), with its booking, in time order."""
    pairs = [
        (booking, meeting)
        for booking in bookings_between(participant_id, start, end)
        for meeting in booking.occasion.meetings
        if meeting.starts_at < end and meeting.ends_at > start
    ]
    return sorted(pairs, key=lambda pair: (pair[1].starts_at, pair[1].id))


# --- booking -------------------------------------------------------------------------------


def _occasion(occasion_id: int, lock: bool = False) -> Occasion:
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


def _locked_occasion(occasion_id: int) -> Occasion:
    return _occasion(occasion_id, lock=True)


def _rowcount(result: Any) -> int:
    return int(cast(CursorResult[Any], result).rowcount)


def take_seat(occasion_id: int) -> bool:
    """Take one seat if one is left. The database decides: see the module's docstring."""
    result = db.session.execute(
        update(Occasion)
        .where(Occasion.id == occasion_id, Occasion.seats_taken < Occasion.capacity)
        .values(seats_taken=Occasion.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


def release_seat(occasion_id: int) -> None:
    db.session.execute(
        update(Occasion)
        .where(Occasion.id == occasion_id, Occasion.seats_taken > 0)
        .values(seats_taken=Occasion.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )


def _move(booking_id: int, source: BookingStatus, **values: Any) -> bool:
    """Change a booking's status only if it still has status `source`."""
    result = db.session.execute(
        update(Booking)
        .where(Booking.id == booking_id, Booking.status == source)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


@dataclass(frozen=True)
class _Who:
    """What the rules need to know of the person booking, read before the transaction that
    writes (which starts afresh, see begin_write)."""

    id: int
    name: str
    municipality_id: int
    county_id: int

    @classmethod
    def of(cls, participant: Participant) -> _Who:
        return cls(
            participant.id,
            participant.name,
            participant.municipality_id,
            participant.municipality.county_id,
        )


def _check_may_book(who: _Who, occasion: Occasion, now: datetime) -> None:
    if occasion.municipality.county_id != who.county_id:
        raise BookingError(_("This occasion is not offered in your county."))
    if occasion.starts_at <= now:
        raise BookingError(_("This occasion has already started. Choose another one."))
    if occasion.book_by <= now:
        raise BookingError(
            _(
                "Booking for this occasion closed on %(time)s. Choose another one.",
                time=date_time(occasion.book_by),
            )
        )
    if not occasion.open_to_county and occasion.municipality_id != who.municipality_id:
        raise BookingError(
            _(
                "Only people who live in %(municipality)s can book this occasion.",
                municipality=occasion.municipality.name,
            )
        )


def why_not_bookable(
    participant: Participant, occasion: Occasion, now: datetime | None = None
) -> str | None:
    """Why the participant cannot book or wait for this occasion, or None if they can."""
    try:
        _check_may_book(_Who.of(participant), occasion, now or utcnow())
    except BookingError as error:
        return str(error)
    return None


def _already(who: _Who, existing: Booking, for_staff: bool) -> BookingError:
    if existing.status == BookingStatus.WAITING:
        if not for_staff:
            return BookingError(_("You are already on the waiting list for this occasion."))
        return BookingError(
            _("%(name)s is already on the waiting list for this occasion.", name=who.name)
        )
    if existing.status == BookingStatus.OFFERED:
        if not for_staff:
            return BookingError(_("A seat is already offered to you. Accept it in your bookings."))
        return BookingError(_("A seat is already offered to %(name)s.", name=who.name))
    if not for_staff:
        return BookingError(_("You have already booked a seat on this occasion."))
    return BookingError(_("%(name)s has already booked a seat on this occasion.", name=who.name))


def _active_booking(participant_id: int, occasion_id: int) -> Booking | None:
    return db.session.scalar(
        select(Booking)
        .where(
            Booking.participant_id == participant_id,
            Booking.occasion_id == occasion_id,
            Booking.status.in_(ACTIVE),
        )
        .execution_options(populate_existing=True)
    )


def _insert(booking: Booking, who: _Who, for_staff: bool) -> None:
    error = _already(who, booking, for_staff)
    db.session.add(booking)
    try:
        db.session.flush()
    except IntegrityError:
        # The partial unique index: the same person booked in a request running alongside.
        raise error from None


def _mine_link() -> str:
    return public_url("booking.mine")


def _may_take_a_place(
    participant: Participant, occasion: Occasion, staff: Staff | None, now: datetime | None
) -> tuple[_Who, Occasion, int | None, datetime]:
    """The start of booking a seat or joining the waiting list: a write transaction, the
    occasion read fresh, and every rule checked (BookingError otherwise)."""
    who, occasion_id, staff_id = _Who.of(participant), occasion.id, staff.id if staff else None
    begin_write()
    now = now or utcnow()
    occasion = _occasion(occasion_id)
    _check_may_book(who, occasion, now)
    existing = _active_booking(who.id, occasion_id)
    if existing is not None:
        raise _already(who, existing, staff_id is not None)
    return who, occasion, staff_id, now


@transaction
def book(
    participant: Participant,
    occasion: Occasion,
    staff: Staff | None = None,
    now: datetime | None = None,
) -> Booking:
    """A confirmed seat for the participant, booked by them or by their caseworker `staff`.
    Raises OccasionFull when no seat is left, BookingError for any other reason."""
    who, occasion, staff_id, now = _may_take_a_place(participant, occasion, staff, now)
    occasion_id = occasion.id
    # The conditional UPDATE decides, and keeps the occasion's row locked until the commit:
    # a seat freed meanwhile has already been offered to the waiting list.
    if not take_seat(occasion_id):
        if staff_id is None:
            raise OccasionFull(
                _("Sorry, this occasion is full. You can join the waiting list instead.")
            )
        raise OccasionFull(_("This occasion is full. You can put the person on the waiting list."))
    booking = Booking(
        occasion_id=occasion_id,
        participant_id=who.id,
        status=BookingStatus.CONFIRMED,
        created_at=now,
        confirmed_at=now,
        booked_by_id=staff_id,
    )
    _insert(booking, who, staff_id is not None)
    _send_booked(participant, occasion)
    return booking


def _send_booked(participant: Participant, occasion: Occasion) -> None:
    sms.queue(
        participant,
        "booking_confirmed",
        messages.booked,
        occasion_type=occasion.kind,
        starts_at=occasion.starts_at,
        address=occasion.address,
        municipality=occasion.municipality.name,
        link=_mine_link(),
    )


@transaction
def join_waiting_list(
    participant: Participant,
    occasion: Occasion,
    staff: Staff | None = None,
    now: datetime | None = None,
) -> Booking:
    """A place at the end of the occasion's waiting list; only when it is full."""
    who, occasion, staff_id, now = _may_take_a_place(participant, occasion, staff, now)
    occasion_id = occasion.id
    # Locked, no seat can be freed (and offered past us) before this place is in the queue.
    occasion = _locked_occasion(occasion_id)
    if occasion.seats_taken < occasion.capacity:
        raise BookingError(_("There are free seats on this occasion: book a seat instead."))
    booking = Booking(
        occasion_id=occasion_id,
        participant_id=who.id,
        status=BookingStatus.WAITING,
        created_at=now,
        booked_by_id=staff_id,
    )
    _insert(booking, who, staff_id is not None)
    return booking


def cancellable(booking: Booking, now: datetime | None = None) -> bool:
    """Whether the booking can still be cancelled (or the waiting list left) online."""
    now = now or utcnow()
    if booking.status == BookingStatus.CONFIRMED:
        return now < booking.occasion.cancel_by and now < booking.occasion.starts_at
    return booking.status in (BookingStatus.WAITING, BookingStatus.OFFERED)


@transaction
def cancel(
    participant: Participant,
    booking_id: int,
    staff: Staff | None = None,
    now: datetime | None = None,
) -> Booking:
    """Cancel a confirmed booking before the deadline, leave the waiting list, or decline an
    offered seat. A freed seat is offered to the first person waiting."""
    participant_id, staff_id = participant.id, staff.id if staff else None
    begin_write()
    now = now or utcnow()
    booking = booking_of(participant_id, booking_id)
    occasion = _locked_occasion(booking.occasion_id)
    db.session.refresh(booking)
    status = booking.status
    if status == BookingStatus.CONFIRMED:
        if now >= occasion.cancel_by or now >= occasion.starts_at:
            raise BookingError(
                _(
                    "The last time to cancel was %(time)s. Contact %(provider)s if you cannot come.",
                    time=date_time(occasion.cancel_by),
                    provider=occasion.organisation.name,
                )
            )
    elif status not in (BookingStatus.WAITING, BookingStatus.OFFERED):
        raise BookingError(_("This booking is already cancelled."))
    if not _move(
        booking.id,
        status,
        status=BookingStatus.CANCELLED,
        cancelled_at=now,
        cancelled_by_id=staff_id,
    ):
        raise BookingError(_("This booking is already cancelled."))
    if status in HOLDS_SEAT:
        release_seat(occasion.id)
        offer_free_seats(occasion, now)
    if status == BookingStatus.CONFIRMED:
        sms.queue(
            participant,
            "booking_cancelled",
            messages.cancelled,
            occasion_type=occasion.kind,
            starts_at=occasion.starts_at,
        )
    db.session.refresh(booking)
    return booking


@transaction
def accept(participant: Participant, booking_id: int, now: datetime | None = None) -> Booking:
    """Take the seat offered from the waiting list, before the offer expires."""
    participant_id = participant.id
    begin_write()
    now = now or utcnow()
    booking = booking_of(participant_id, booking_id)
    occasion = _locked_occasion(booking.occasion_id)
    db.session.refresh(booking)
    if booking.status == BookingStatus.CONFIRMED:
        raise BookingError(_("You have already accepted this seat."))
    if booking.status == BookingStatus.LAPSED or (
        booking.status == BookingStatus.OFFERED
        and booking.offer_expires_at is not None
        and booking.offer_expires_at <= now
    ):
        raise BookingError(_("Sorry, the time to accept this seat has run out."))
    if booking.status != BookingStatus.OFFERED:
        raise BookingError(_("There is no seat offered to you on this occasion."))
    if not _move(
        booking.id, BookingStatus.OFFERED, status=BookingStatus.CONFIRMED, confirmed_at=now
    ):
        raise BookingError(_("There is no seat offered to you on this occasion."))
    _send_booked(participant, occasion)
    db.session.refresh(booking)
    return booking


def offer_free_seats(occasion: Occasion, now: datetime) -> int:
    """Offer free seats to the people waiting, first in line first. Call with the occasion
    locked, inside a transaction. Returns how many were offered."""
    if occasion.starts_at <= now:
        return 0
    expires = min(now + current_app.config["BOOKING_OFFER_HOLD"], occasion.starts_at)
    offered = 0
    while True:
        waiting = db.session.scalar(
            select(Booking)
            .where(Booking.occasion_id == occasion.id, Booking.status == BookingStatus.WAITING)
            .order_by(Booking.id)
            .limit(1)
        )
        if waiting is None or not take_seat(occasion.id):
            return offered
        if not _move(
            waiting.id,
            BookingStatus.WAITING,
            status=BookingStatus.OFFERED,
            offered_at=now,
            offer_expires_at=expires,
        ):
            release_seat(occasion.id)
            continue
        sms.queue(
            waiting.participant,
            "booking_offer",
            messages.seat_offered,
            occasion_type=occasion.kind,
            starts_at=occasion.starts_at,
            until=expires,
            link=_mine_link(),
        )
        offered += 1


def expire_offers(now: datetime | None = None) -> int:
    """Let offers that were not accepted in time lapse, and pass each seat to the next
    person waiting. Safe to run at any time from anywhere; returns how many lapsed."""
    now = now or utcnow()
    occasion_ids = db.session.scalars(
        select(Booking.occasion_id)
        .where(Booking.status == BookingStatus.OFFERED, Booking.offer_expires_at <= now)
        .distinct()
    ).all()
    if not occasion_ids:
        return 0
    db.session.rollback()  # end the read; each occasion is its own transaction
    return sum(_expire_offers_of(occasion_id, now) for occasion_id in occasion_ids)


@transaction
def _expire_offers_of(occasion_id: int, now: datetime) -> int:
    begin_write()
    occasion = _locked_occasion(occasion_id)
    lapsed = 0
    for booking_id in db.session.scalars(
        select(Booking.id).where(
            Booking.occasion_id == occasion_id,
            Booking.status == BookingStatus.OFFERED,
            Booking.offer_expires_at <= now,
        )
    ).all():
        if _move(booking_id, BookingStatus.OFFERED, status=BookingStatus.LAPSED):
            release_seat(occasion_id)
            lapsed += 1
    db.session.refresh(occasion)
    offer_free_seats(occasion, now)
    return lapsed


# --- reminders -----------------------------------------------------------------------------


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
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    )
    if first is None:
        return False
    db.session.add(BookingReminder(booking_id=booking_id, day=day, sent_at=now))
    db.session.flush()
    occasion = booking.occasion
    sms.queue(
        booking.participant,
        "booking_reminder",
        messages.reminder,
        occasion_type=occasion.kind,
        starts_at=first.starts_at,
        address=occasion.address,
        municipality=occasion.municipality.name,
    )
    return True


# --- providers -----------------------------------------------------------------------------


def occasions_of(staff: Staff) -> list[Occasion]:
    return list(
        db.session.scalars(
            select(Occasion)
            .where(Occasion.organisation_id == staff.organisation_id)
            .options(*_occasion_options())
            .order_by(Occasion.starts_at, Occasion.id)
        ).unique()
    )


def waiting_counts(occasion_ids: Iterable[int]) -> dict[int, int]:
    ids = list(occasion_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Booking.occasion_id, func.count())
        .where(Booking.occasion_id.in_(ids), Booking.status == BookingStatus.WAITING)
        .group_by(Booking.occasion_id)
    ).all()
    return {occasion_id: count for occasion_id, count in rows}


def occasion_for_provider(staff: Staff, occasion_id: int) -> Occasion:
    """One of the staff member's organisation's occasions; 404 for anyone else's."""
    occasion = db.session.scalar(
        select(Occasion).where(Occasion.id == occasion_id).options(*_occasion_options())
    )
    if occasion is None or occasion.organisation_id != staff.organisation_id:
        abort(404)
    return occasion


def attendees(occasion: Occasion) -> list[Booking]:
    """Who holds a seat: confirmed bookings and open offers, by name."""
    return list(
        db.session.scalars(
            select(Booking)
            .join(Participant, Participant.id == Booking.participant_id)
            .where(Booking.occasion_id == occasion.id, Booking.status.in_(HOLDS_SEAT))
            .options(
                joinedload(Booking.participant).joinedload(Participant.municipality),
                selectinload(Booking.attendance),
            )
            .order_by(Participant.name, Booking.id)
        ).unique()
    )


def waiting_list(occasion: Occasion) -> list[Booking]:
    """The people waiting, first in line first."""
    return list(
        db.session.scalars(
            select(Booking)
            .where(Booking.occasion_id == occasion.id, Booking.status == BookingStatus.WAITING)
            .options(joinedload(Booking.participant).joinedload(Participant.municipality))
            .order_by(Booking.id)
        ).unique()
    )


def meeting_of(occasion: Occasion, meeting_id: int) -> Meeting:
    for meeting in occasion.meetings:
        if meeting.id == meeting_id:
            return meeting
    abort(404)


@transaction
def mark_attendance(
    staff: Staff,
    meeting: Meeting,
    marks: dict[int, AttendanceStatus],
    now: datetime | None = None,
) -> int:
    """Record who attended `meeting` and who was absent, by booking id. Only confirmed
    bookings of the meeting's occasion can be marked. Returns how many were recorded."""
    meeting_id, occasion_id = meeting.id, meeting.occasion_id
    begin_write()
    now = now or utcnow()
    occasion = _locked_occasion(occasion_id)
    if occasion.organisation_id != staff.organisation_id:
        raise BookingError(_("This occasion belongs to another organisation."))
    meeting = db.session.get_one(Meeting, meeting_id)
    if meeting.starts_at > now:
        raise BookingError(_("You can mark attendance once the meeting has started."))
    confirmed = set(
        db.session.scalars(
            select(Booking.id).where(
                Booking.occasion_id == occasion_id, Booking.status == BookingStatus.CONFIRMED
            )
        )
    )
    if set(marks) - confirmed:
        raise BookingError(_("Someone on the list no longer has a seat. Reload the page."))
    existing = {
        record.booking_id: record
        for record in db.session.scalars(
            select(Attendance).where(
                Attendance.meeting_id == meeting_id, Attendance.booking_id.in_(list(marks))
            )
        )
    }
    for booking_id, status in marks.items():
        record = existing.get(booking_id)
        if record is None:
            db.session.add(
                Attendance(
                    booking_id=booking_id,
                    meeting_id=meeting_id,
                    status=status,
                    marked_at=now,
                    marked_by_id=staff.id,
                )
            )
        elif record.status != status:
            record.status = status
            record.marked_at = now
            record.marked_by_id = staff.id
    return len(marks)


@dataclass
class AttendanceSummary:
    meetings: int
    held: int  # meetings that have started
    attended: int
    absent: int


def attendance_summary(booking: Booking, now: datetime | None = None) -> AttendanceSummary:
    now = now or utcnow()
    statuses = [record.status for record in booking.attendance]
    return AttendanceSummary(
        meetings=len(booking.occasion.meetings),
        held=sum(1 for meeting in booking.occasion.meetings if meeting.starts_at <= now),
        attended=statuses.count(AttendanceStatus.ATTENDED),
        absent=statuses.count(AttendanceStatus.ABSENT),
    )
