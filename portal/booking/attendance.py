"""Attendance: the provider marks who came to a meeting; the caseworker reads a summary."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal.booking.capacity import locked_occasion
from portal.booking.meeting_times import MeetingTime
from portal.booking.models import (
    Attendance,
    Booking,
    BookingStatus,
    Meeting,
)
from portal.booking.rules import BookingError
from portal.booking.vocabulary import AbsenceReason, AttendanceStatus
from portal.database import begin_write, db, transaction, utcnow
from portal.participants import status as standing
from portal.staff.models import Staff


@transaction
def mark_attendance(
    staff: Staff,
    meeting: Meeting,
    marks: dict[int, AttendanceStatus],
    now: datetime | None = None,
    reasons: dict[int, AbsenceReason] | None = None,
    only_unmarked: bool = False,
) -> int:
    """Record who attended `meeting` and who was absent (with whether the reason given is
    valid), by booking id. Only confirmed bookings of the meeting's occasion can be marked;
    with `only_unmarked`, marks already made stay as they are. Returns how many were
    recorded."""
    reasons = reasons or {}
    meeting_id, occasion_id = meeting.id, meeting.occasion_id
    begin_write()
    now = now or utcnow()
    occasion = locked_occasion(occasion_id)
    if occasion.organisation_id != staff.organisation_id:
        raise BookingError(_("This occasion belongs to another organisation."))
    meeting = db.session.get_one(Meeting, meeting_id)
    if meeting.cancelled_at is not None:
        raise BookingError(_("This meeting does not exist or is cancelled."))
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
        reason = reasons.get(booking_id) if status == AttendanceStatus.ABSENT else None
        if record is None:
            db.session.add(
                Attendance(
                    booking_id=booking_id,
                    meeting_id=meeting_id,
                    status=status,
                    reason=reason,
                    marked_at=now,
                    marked_by_id=staff.id,
                )
            )
        elif not only_unmarked and (record.status, record.reason) != (status, reason):
            record.status = status
            record.reason = reason
            record.marked_at = now
            record.marked_by_id = staff.id
    db.session.flush()
    for participant_id in db.session.scalars(
        select(Booking.participant_id).where(Booking.id.in_(list(marks)))
    ):
        standing.refresh(participant_id)
    return len(marks)


@dataclass
class AttendanceSummary:
    meetings: int
    held: int  # meetings that have started
    attended: int
    absent: int


def summaries(
    bookings: Iterable[Booking], times: Mapping[int, Sequence[MeetingTime]], now: datetime
) -> dict[int, AttendanceSummary]:
    """Each booking's attendance summary by booking id, from its occasion's meeting `times`
    by occasion id (bookings.bookings_with_times)."""
    return {b.id: attendance_summary(b, times[b.occasion_id], now) for b in bookings}


def attendance_summary(
    booking: Booking, meetings: Sequence[MeetingTime], now: datetime | None = None
) -> AttendanceSummary:
    """What the person attended of the occasion's `meetings` (bookings.bookings_with_times)."""
    now = now or utcnow()
    statuses = [record.status for record in booking.attendance]
    meetings = [m for m in meetings if m.cancelled_at is None]
    return AttendanceSummary(
        meetings=len(meetings),
        held=sum(1 for meeting in meetings if meeting.starts_at <= now),
        attended=statuses.count(AttendanceStatus.ATTENDED),
        absent=statuses.count(AttendanceStatus.ABSENT),
    )
