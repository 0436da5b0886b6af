"""What in a participant's schedule is at the same time as an occasion they look at: their
plan's activities and their other bookings. Booking warns; it does not refuse."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Protocol

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


def _by_day(entries: list[ScheduleEntry]) -> Callable[[datetime, datetime], list[ScheduleEntry]]:
    """The entries that may overlap a time, in their order: those starting on its days or
    the day before, and the few longer than a day. A county's offer has hundreds of
    meetings and a week dozens of entries: comparing each with each was most of /booking."""
    order = {id(entry): n for n, entry in enumerate(entries)}
    days: dict[date, list[ScheduleEntry]] = defaultdict(list)
    long = []
    for entry in entries:
        if entry.all_day or not isinstance(entry.start, datetime):
            continue  # never clashes (see _overlaps)
        end = entry.end if isinstance(entry.end, datetime) else entry.start
        if end - entry.start > timedelta(days=1):
            long.append(entry)
        else:
            days[entry.start.astimezone(SWEDEN).date()].append(entry)

    def near(starts: datetime, ends: datetime) -> list[ScheduleEntry]:
        day, last = (
            (starts - timedelta(days=1)).astimezone(SWEDEN).date(),
            ends.astimezone(SWEDEN).date(),
        )
        found = list(long)
        while day <= last:
            found.extend(days.get(day, ()))
            day += timedelta(days=1)
        return sorted(found, key=lambda entry: order[id(entry)])

    return near


class Timed(Protocol):
    """A meeting as the check needs it: an ORM Meeting, or its times read as a row."""

    @property
    def id(self) -> int: ...
    @property
    def starts_at(self) -> datetime: ...
    @property
    def ends_at(self) -> datetime: ...
    @property
    def cancelled_at(self) -> datetime | None: ...


def clashes(
    participant: Participant, occasions: Mapping[int, Sequence[Timed]]
) -> dict[int, list[ScheduleEntry]]:
    """For each occasion, by id, the entries at the same time as one of its meetings
    (`occasions`: each occasion's meetings, by its id)."""
    meetings = [
        (occasion_id, meeting)
        for occasion_id, timed in occasions.items()
        for meeting in timed
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
    near = _by_day(entries)
    found: dict[int, list[ScheduleEntry]] = {}
    for occasion_id, meeting in meetings:
        for entry in near(meeting.starts_at, meeting.ends_at):
            if own.get(_meeting_of_entry(entry) or -1) == occasion_id:
                continue
            if _overlaps(entry, meeting.starts_at, meeting.ends_at):
                listed = found.setdefault(occasion_id, [])
                if entry not in listed:
                    listed.append(entry)
    return found
