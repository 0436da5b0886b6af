"""Meetings' times read as plain rows: what lists of occasions and bookings show of each
occasion's meetings (the first, the last, how many, how many held) and what the clash check
compares, without an ORM object for every meeting (issue 13)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from portal.booking.models import Meeting
from portal.database import db


@dataclass(frozen=True)
class MeetingTime:
    """A meeting's times, read as a row: what a list of occasions shows of each (the first,
    the last, how many) and what the clash check compares, without an object per meeting."""

    id: int
    occasion_id: int
    starts_at: datetime
    ends_at: datetime
    cancelled_at: datetime | None


def meeting_times(occasion_ids: list[int]) -> dict[int, list[MeetingTime]]:
    """The meetings of these occasions by occasion id, each in time order, in one query."""
    found: dict[int, list[MeetingTime]] = {occasion_id: [] for occasion_id in occasion_ids}
    if not occasion_ids:
        return found
    rows = db.session.execute(
        select(
            Meeting.id,
            Meeting.occasion_id,
            Meeting.starts_at,
            Meeting.ends_at,
            Meeting.cancelled_at,
        )
        .where(Meeting.occasion_id.in_(occasion_ids))
        .order_by(Meeting.occasion_id, Meeting.starts_at, Meeting.id)
    )
    for row in rows:
        found[row.occasion_id].append(MeetingTime(*row))
    return found
