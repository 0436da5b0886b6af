"""What in a participant's schedule is at the same time as an occasion they look at: their
plan's activities and their other bookings. Booking warns; it does not refuse."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from portal.booking.models import Occasion
from portal.participants.models import Participant
from portal.schedule.entries import SWEDEN, ScheduleEntry
from portal.schedule.services import entries_between


def _overlaps(entry: ScheduleEntry, starts: datetime, ends: datetime) -> bool:
    if entry.all_day or not isinstance(entry.start, datetime):
        return False  # "looking for work from September" has no hours to clash with
    end = entry.end if isinstance(entry.end, datetime) else None
    if end is None:
        return starts <= entry.start < ends
    return entry.start < ends and end > starts


def _meeting_of_entry(entry: ScheduleEntry) -> int | None:
    """The meeting a booked entry stands for ("booking-<booking>-<meeting>")."""
    if entry.source != "booking":
        return None
    return int(entry.uid.rsplit("-", 1)[1])


def clashes(
    participant: Participant, occasions: Iterable[Occasion]
) -> dict[int, list[ScheduleEntry]]:
    """For each occasion, by id, the entries at the same time as one of its meetings."""
    meetings = [
        (occasion.id, meeting)
        for occasion in occasions
        for meeting in occasion.meetings
        if meeting.cancelled_at is None
    ]
    if not meetings:
        return {}
    first = min(m.starts_at for _id, m in meetings).astimezone(SWEDEN).date()
    last = max(m.ends_at for _id, m in meetings).astimezone(SWEDEN).date()
    entries = entries_between(participant, first, last)
    own = {}
    for occasion_id, meeting in meetings:
        own[meeting.id] = occasion_id
    found: dict[int, list[ScheduleEntry]] = {}
    for occasion_id, meeting in meetings:
        for entry in entries:
            if own.get(_meeting_of_entry(entry) or -1) == occasion_id:
                continue
            if _overlaps(entry, meeting.starts_at, meeting.ends_at):
                listed = found.setdefault(occasion_id, [])
                if entry not in listed:
                    listed.append(entry)
    return found
