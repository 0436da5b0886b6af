"""Activities of a plan at the same time on the same day: the editor warns of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from itertools import combinations

from portal.dates import clock, weekday_names
from portal.plans.models import Activity
from portal.plans.vocabulary import ActivityType


@dataclass(frozen=True)
class Overlap:
    first: str
    first_hours: str
    second: str
    second_hours: str
    days: str


def _days(activity: Activity) -> set[int]:
    """The weekdays it takes place on; a one-day activity takes place on its date's."""
    if activity.weekdays:
        return set(activity.days)
    if activity.end_date == activity.start_date:
        return {activity.start_date.weekday()}
    return set()  # no weekly rhythm to compare


def _hours(activity: Activity) -> tuple[time, time] | None:
    if activity.start_time is None:
        return None
    return activity.start_time, activity.end_time or activity.start_time


def _same_time(a: tuple[time, time], b: tuple[time, time]) -> bool:
    return (a[0] < b[1] and b[0] < a[1]) or a[0] == b[0]


def _shared_days(a: Activity, b: Activity) -> set[int]:
    """Weekdays on which both take place, on some date that both cover."""
    first = max(a.start_date, b.start_date)
    last = min(a.end_date or date.max, b.end_date or date.max)
    if last < first:
        return set()
    common = _days(a) & _days(b)
    if (last - first).days < 6:
        present = {(first + timedelta(days=n)).weekday() for n in range((last - first).days + 1)}
        common &= present
    return common


def _span(hours: tuple[time, time]) -> str:
    if hours[0] == hours[1]:
        return clock(hours[0])
    return f"{clock(hours[0])}–{clock(hours[1])}"


def overlaps(activities: list[Activity]) -> list[Overlap]:
    found = []
    for a, b in combinations(sorted(activities, key=lambda x: (x.start_date, x.id)), 2):
        hours_a, hours_b = _hours(a), _hours(b)
        if hours_a is None or hours_b is None or not _same_time(hours_a, hours_b):
            continue
        days = _shared_days(a, b)
        if days:
            found.append(
                Overlap(
                    first=str(ActivityType(a.kind).label),
                    first_hours=_span(hours_a),
                    second=str(ActivityType(b.kind).label),
                    second_hours=_span(hours_b),
                    days=weekday_names(sorted(days)),
                )
            )
    return found
