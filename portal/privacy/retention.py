"""Deleting personal data when its time is up: RETENTION_YEARS after a participant's
introduction ends, every row about them goes, in every table that refers to them (found
from the schema's foreign keys, so that a table added later is covered without a change
here). Follow-up keeps an anonymised row (privacy.models.AnonymisedParticipant) and what
the figures count of the person by month (AnonymisedEvent), so that no figure of a past
period changes.

Approvals are signatures with a legal retention time of their own: they, and what they
refer to (the plan version signed, the code and session that proved who signed), stay,
with the person's name and number erased, until the approval chain removes them
(`portal.plans.approval_chain.remove_before`); a later run then deletes what is left.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Table, func, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from portal.auth import codes
from portal.booking.models import HOLDS_SEAT, Attendance, Booking, Meeting, Occasion
from portal.booking.vocabulary import AbsenceReason, AttendanceStatus
from portal.database import db, transaction, utcnow
from portal.dates import local_zone
from portal.participants.models import ERASED_PREFIX, Participant
from portal.plans import approval_chain
from portal.plans.models import Approval, ChangeRequest, Plan, PlanVersion, VersionStatus
from portal.privacy.models import AnonymisedEvent, AnonymisedParticipant, KeptFact
from portal.vocabulary import Gender

# How long the establishment period lasts, for a participant without an end date.
INTRODUCTION_YEARS = 2
BATCH = 200
UNKNOWN_NUMBERS_KEPT = timedelta(days=1)
# Rows that stay while their own retention time runs, and columns erased in what stays.
KEPT_TABLES = ("approval",)
ERASED_COLUMNS: dict[str, dict[str, Any]] = {
    "participant": {"name": "", "phone": "", "residence_permit_date": None},
    "one_time_code": {"phone": ""},
    "login_session": {"ip_address": None, "user_agent": None},
}


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def ends_on(participant: Participant) -> date:
    """When the introduction ends: as the caseworker set it, else two years from the
    residence permit (or from registration)."""
    if participant.introduction_ends_on is not None:
        return participant.introduction_ends_on
    start = participant.residence_permit_date or participant.created_at.date()
    return _add_years(start, INTRODUCTION_YEARS)


def deleted_from(participant: Participant) -> date:
    return _add_years(ends_on(participant), current_app.config["RETENTION_YEARS"])


def is_erased(participant: Participant) -> bool:
    return participant.name_key.startswith(ERASED_PREFIX)


@dataclass
class RetentionResult:
    anonymised: int = 0
    erased_but_kept: int = 0
    approvals_removed: int = 0
    deleted: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        rows = [f"{table}: {count}" for table, count in sorted(self.deleted.items()) if count]
        return [
            f"Anonymised for follow-up: {self.anonymised}",
            f"Kept, with name and number erased, for approvals still within their retention time: {self.erased_but_kept}",
            "Deleted rows: " + (", ".join(rows) if rows else "none"),
            f"Approvals removed after their retention time, behind a checkpoint: {self.approvals_removed}",
        ]


def due(today: date) -> list[Participant]:
    """Everyone whose introduction ended RETENTION_YEARS ago or more (see `ends_on`)."""
    ended_by = _add_years(today, -current_app.config["RETENTION_YEARS"])
    started_by = _add_years(ended_by, -INTRODUCTION_YEARS)
    candidates = db.session.scalars(
        select(Participant)
        .where(
            or_(
                Participant.introduction_ends_on <= ended_by,
                Participant.introduction_ends_on.is_(None)
                & (Participant.residence_permit_date <= started_by),
                Participant.introduction_ends_on.is_(None)
                & Participant.residence_permit_date.is_(None)
                & (Participant.created_at < datetime.combine(started_by, time.max, tzinfo=UTC)),
            )
        )
        .order_by(Participant.id)
    )
    return [person for person in candidates if deleted_from(person) <= today]


@transaction
def apply(today: date | None = None) -> RetentionResult:
    """Delete the personal data of everyone whose time is up; all of it or none."""
    today = today or date.today()
    result = RetentionResult()
    # Approvals first: those past their own retention time leave the chain behind a
    # checkpoint, and what they kept (the person's rows) can then go below.
    approvals_until = _add_years(today, -current_app.config["APPROVAL_RETENTION_YEARS"])
    result.approvals_removed = approval_chain.remove_before(
        datetime.combine(approvals_until, time.min, tzinfo=UTC),
        now=max(utcnow(), datetime.combine(today, time.min, tzinfo=UTC)),
    )
    people = due(today)
    for person in people:
        if not is_erased(person):
            db.session.add(_anonymised(person, today))
            result.anonymised += 1
    db.session.flush()
    ids = [person.id for person in people]
    for start in range(0, len(ids), BATCH):
        _delete_rows(ids[start : start + BATCH], result)
    # Numbers typed at sign-in that belong to nobody are kept a day, not years.
    since = datetime.combine(today, time.min, tzinfo=UTC) - UNKNOWN_NUMBERS_KEPT
    result.deleted["one_time_code"] += codes.forget_unknown_numbers(since)
    return result


def _days(since: datetime, until: datetime | None) -> int | None:
    return (until - since).days if until is not None else None


def _month(moment: datetime) -> date:
    """The first day of the month `moment` falls in, in Swedish time, as figures count."""
    return moment.astimezone(local_zone()).date().replace(day=1)


def _anonymised(person: Participant, today: date) -> AnonymisedParticipant:
    published = db.session.scalar(
        select(func.min(PlanVersion.published_at))
        .join(Plan)
        .where(Plan.participant_id == person.id, PlanVersion.status == VersionStatus.PUBLISHED)
    )
    approved = db.session.scalar(
        select(func.min(Approval.approved_at)).where(Approval.participant_id == person.id)
    )
    events = _events(person)
    booked = [event for event in events if event.fact is KeptFact.BOOKED]
    marks = Counter(event.fact for event in events)
    return AnonymisedParticipant(
        organisation_id=person.organisation_id,
        municipality_id=person.municipality_id,
        gender=Gender(person.gender),
        registered_month=_month(person.created_at),
        days_to_published_plan=_days(person.created_at, published),
        days_to_approved_plan=_days(person.created_at, approved),
        bookings=len(booked),
        bookings_elsewhere=sum(
            1 for e in booked if e.host_municipality_id != person.municipality_id
        ),
        meetings_attended=marks[KeptFact.ATTENDED],
        meetings_missed=marks[KeptFact.EXCUSED] + marks[KeptFact.NO_SHOW],
        erased_year=today.year,
        events=events,
    )


def _events(person: Participant) -> list[AnonymisedEvent]:
    """What the follow-up figures count of this person, by month (followup.window)."""
    events = [
        AnonymisedEvent(fact=KeptFact.CHANGE_REQUEST, month=_month(at))
        for at in db.session.scalars(
            select(ChangeRequest.created_at).where(ChangeRequest.participant_id == person.id)
        )
    ]
    for published_at, areas in db.session.execute(
        select(PlanVersion.published_at, PlanVersion.areas)
        .join(Plan)
        .where(Plan.participant_id == person.id, PlanVersion.status == VersionStatus.PUBLISHED)
        .order_by(PlanVersion.number)
    ):
        if published_at is not None:
            events.append(
                AnonymisedEvent(fact=KeptFact.PLAN, month=_month(published_at), number=areas)
            )
    bookings = db.session.execute(
        select(Booking, Occasion.kind, Occasion.municipality_id)
        .join(Occasion, Occasion.id == Booking.occasion_id)
        .where(Booking.participant_id == person.id)
    ).all()
    for booking, kind, host in bookings:
        if booking.confirmed_at is not None:
            events.append(_booking_event(KeptFact.BOOKED, booking.confirmed_at, kind, host))
        if booking.confirmed_at is None or booking.offered_at is not None:
            left = min(
                (at for at in (booking.offered_at, booking.cancelled_at) if at is not None),
                default=None,
            )
            joined = _booking_event(KeptFact.JOINED, booking.created_at, kind, host)
            joined.left_month = _month(left) if left is not None else None
            events.append(joined)
        if booking.offered_at is not None:
            offered = _booking_event(KeptFact.OFFERED, booking.offered_at, kind, host)
            offered.number = _days(booking.created_at, booking.offered_at)
            events.append(offered)
    for status, reason, starts_at, kind in db.session.execute(
        select(Attendance.status, Attendance.reason, Meeting.starts_at, Occasion.kind)
        .join(Booking, Booking.id == Attendance.booking_id)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Occasion, Occasion.id == Booking.occasion_id)
        .where(Booking.participant_id == person.id)
    ):
        fact = (
            KeptFact.ATTENDED
            if status == AttendanceStatus.ATTENDED
            else KeptFact.EXCUSED
            if reason == AbsenceReason.VALID
            else KeptFact.NO_SHOW
        )
        events.append(AnonymisedEvent(fact=fact, month=_month(starts_at), occasion_kind=kind))
    return events


def _booking_event(fact: KeptFact, at: datetime, kind: str, host: int) -> AnonymisedEvent:
    return AnonymisedEvent(
        fact=fact, month=_month(at), occasion_kind=kind, host_municipality_id=host
    )


def _referring(table: Table, target: Table) -> list[Any]:
    return [fk.parent for fk in table.foreign_keys if fk.column.table is target]


def _delete_rows(participant_ids: list[int], result: RetentionResult) -> None:
    tables = db.metadata.sorted_tables  # referred-to tables before those referring to them
    by_name = {table.name: table for table in tables}
    doomed: dict[str, set[Any]] = {"participant": set(participant_ids)}
    # Everything that refers, directly or through other rows, to the participants.
    changed = True
    while changed:
        changed = False
        for table in tables:
            conditions: list[ColumnElement[bool]] = []
            for target_name, ids in list(doomed.items()):
                if ids:
                    for column in _referring(table, by_name[target_name]):
                        conditions.append(column.in_(ids))
            if not conditions or table.name == "participant":
                continue
            primary = next(iter(table.primary_key.columns))
            found = set(db.session.scalars(select(primary).where(or_(*conditions))))
            if not found <= doomed.get(table.name, set()):
                doomed.setdefault(table.name, set()).update(found)
                changed = True
    # What must stay (approvals), and every row it refers to, stays.
    kept: dict[str, set[Any]] = {name: set(doomed.get(name, set())) for name in KEPT_TABLES}
    changed = True
    while changed:
        changed = False
        for table in reversed(tables):
            keeping = kept.get(table.name)
            if not keeping:
                continue
            primary = next(iter(table.primary_key.columns))
            for fk in table.foreign_keys:
                target = fk.column.table.name
                if target not in doomed:
                    continue
                referred = (
                    set(
                        db.session.scalars(
                            select(fk.parent).where(primary.in_(keeping), fk.parent.is_not(None))
                        )
                    )
                    & doomed[target]
                )
                if not referred <= kept.get(target, set()):
                    kept.setdefault(target, set()).update(referred)
                    changed = True
    _free_seats(doomed.get("booking", set()) - kept.get("booking", set()))
    for table in reversed(tables):
        ids = doomed.get(table.name, set()) - kept.get(table.name, set())
        if ids:
            primary = next(iter(table.primary_key.columns))
            db.session.execute(table.delete().where(primary.in_(ids)))
            result.deleted[table.name] += len(ids)
    for name, values in ERASED_COLUMNS.items():
        ids = kept.get(name, set())
        if ids:
            table = by_name[name]
            primary = next(iter(table.primary_key.columns))
            db.session.execute(table.update().where(primary.in_(ids)).values(**values))
    for person_id in kept.get("participant", set()):
        db.session.execute(
            update(Participant)
            .where(Participant.id == person_id)
            .values(name_key=f"{ERASED_PREFIX}{person_id}")
        )
    result.erased_but_kept += len(kept.get("participant", set()))
    db.session.expire_all()


def _free_seats(booking_ids: set[int]) -> None:
    """Seats held by bookings about to go are given back, so that each occasion's counter
    still matches the bookings that hold a seat."""
    if not booking_ids:
        return
    holding = Counter(
        db.session.scalars(
            select(Booking.occasion_id).where(
                Booking.id.in_(booking_ids), Booking.status.in_(HOLDS_SEAT)
            )
        )
    )
    for occasion_id, count in holding.items():
        db.session.execute(
            update(Occasion)
            .where(Occasion.id == occasion_id)
            .values(seats_taken=Occasion.seats_taken - count)
        )
