"""Fixtures for the schedule: a clock the tests set, plans with chosen activities, and a
source of entries standing in for booked occasions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime, time
from typing import Any

import pytest
from flask import Flask

from portal.database import db
from portal.participants.models import Participant
from portal.plans import drafting
from portal.plans.drafting import ActivityDetails
from portal.plans.vocabulary import ActivityType
from portal.schedule import services as schedule
from portal.schedule import sources
from portal.schedule.entries import SWEDEN, ScheduleEntry
from portal.vocabulary import Area, OrganisationKind
from tests.support.world import ParticipantRef, World

MON, TUE, WED, THU, FRI, SAT, SUN = (1 << day for day in range(7))


def sfi(**changes: Any) -> ActivityDetails:
    """An SFI course; `changes` replace any of its details."""
    details = ActivityDetails(
        kind=ActivityType.SFI,
        area=Area.SWEDISH,
        responsible=OrganisationKind.SFI_SCHOOL,
        place="Kopparbergsvägen 17",
        start_date=date(2026, 9, 7),
        end_date=date(2027, 6, 11),
        weekdays=MON | TUE | WED | THU,
        start_time=time(8, 30),
        end_time=time(12, 0),
    )
    return replace(details, **changes)


def activity(kind: ActivityType, **changes: Any) -> ActivityDetails:
    return sfi(kind=kind, area=kind.area, responsible=OrganisationKind.MUNICIPALITY, **changes)


def with_plan(
    world: World, *activities: ActivityDetails, language: str = "en", name: str | None = None
) -> ParticipantRef:
    """A participant whose published plan has exactly `activities`."""
    participant = world.participant(language=language, plan=False, name=name)

    def change(draft: Any) -> None:
        for details in activities:
            drafting.add_activity(draft, details)

    world.revise_plan(participant, change)
    return participant


def entries(world: World, who: ParticipantRef, first: date, last: date) -> list[ScheduleEntry]:
    """The participant's schedule from `first` to `last`, as an English reader gets it."""

    def work() -> list[ScheduleEntry]:
        with world.app.test_request_context(headers={"Accept-Language": "en"}):
            participant = db.session.get_one(Participant, who.id)
            return schedule.entries_between(participant, first, last)

    return world.run(work)


@pytest.fixture
def occasions(app: Flask) -> Iterator[list[ScheduleEntry]]:
    """A second source of entries, as booked occasions will be: append entries to the list."""
    entries: list[ScheduleEntry] = []

    def booked(participant: Participant, start: datetime, end: datetime) -> Iterable[ScheduleEntry]:
        return [e for e in entries if e.first_day <= end.astimezone(SWEDEN).date()]

    registered = app.extensions[sources.EXTENSION]
    registered.append(booked)
    yield entries
    registered.remove(booked)
