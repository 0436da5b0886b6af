"""Test data, made through the same domain functions the portal uses.

Each call runs in its own application context and returns plain values, so that a test
never holds ORM objects across requests.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from flask import Flask
from sqlalchemy import select

from portal.auth.invitations import send_invitation
from portal.auth.models import CodePurpose
from portal.auth.passwords import hash_password
from portal.booking import occasions, rules, seats, waiting_list
from portal.booking.occasions import OccasionDetails
from portal.booking.vocabulary import OccasionType
from portal.database import begin_write, db, utcnow
from portal.models import (
    Approval,
    Booking,
    County,
    Municipality,
    Occasion,
    OneTimeCode,
    Organisation,
    Participant,
    SmsMessage,
    Staff,
    StaffRole,
)
from portal.participants.registry import ParticipantDetails, register
from portal.plans import drafting, versions
from portal.plans.drafting import ActivityDetails, GoalDetails
from portal.plans.vocabulary import ActivityType, GoalKind, Term
from portal.sms.delivery import deliver_due
from portal.vocabulary import Area, Gender, OrganisationKind

T = TypeVar("T")
PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


@dataclass(frozen=True)
class StaffRef:
    id: int
    email: str
    organisation_id: int
    municipality_id: int
    password: str = PASSWORD


@dataclass(frozen=True)
class ParticipantRef:
    id: int
    name: str
    phone: str
    language: str


@dataclass(frozen=True)
class BookingRef:
    id: int
    occasion_id: int
    participant_id: int
    status: str


@dataclass(frozen=True)
class Sms:
    to: str
    kind: str
    body: str
    display_body: str
    status: str
    language: str


class World:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self._county_id: int | None = None

    def run(self, work: Callable[[], T]) -> T:
        with self.app.app_context():
            return work()

    # --- organisations and people ----------------------------------------------------------

    def municipality(self, name: str | None = None, county: str | None = None) -> int:
        """A municipality in the world's county, or in a county of its own when `county`
        names one."""

        def work() -> int:
            county_id = self._county_id
            if county_id is None or county is not None:
                made = County(name=county or f"Län {next(_numbers)}")
                db.session.add(made)
                db.session.flush()
                county_id = made.id
                if self._county_id is None:
                    self._county_id = county_id
            number = next(_numbers)
            municipality = Municipality(
                county_id=county_id,
                code=f"{number:04d}"[-4:],
                name=name or f"Kommun {number}",
            )
            db.session.add(municipality)
            db.session.commit()
            return municipality.id

        return self.run(work)

    def caseworker(
        self,
        municipality_id: int | None = None,
        role: StaffRole = StaffRole.CASEWORKER,
        kind: OrganisationKind = OrganisationKind.MUNICIPALITY,
    ) -> StaffRef:
        municipality_id = municipality_id or self.municipality()

        def work() -> StaffRef:
            number = next(_numbers)
            organisation = Organisation(
                municipality_id=municipality_id,
                name=f"Organisation {number}",
                kind=kind,
            )
            staff = Staff(
                organisation=organisation,
                email=f"staff{number}@kommun.example",
                name=f"Handläggare {number}",
                role=role,
                password_hash=hash_password(PASSWORD),
            )
            db.session.add_all([organisation, staff])
            db.session.commit()
            return StaffRef(staff.id, staff.email, organisation.id, municipality_id)

        return self.run(work)

    def colleague(self, of: StaffRef, role: StaffRole = StaffRole.CASEWORKER) -> StaffRef:
        """Another member of staff in the same organisation."""

        def work() -> StaffRef:
            number = next(_numbers)
            staff = Staff(
                organisation_id=of.organisation_id,
                email=f"staff{number}@kommun.example",
                name=f"Kollega {number}",
                role=role,
                password_hash=hash_password(PASSWORD),
            )
            db.session.add(staff)
            db.session.commit()
            return StaffRef(staff.id, staff.email, of.organisation_id, of.municipality_id)

        return self.run(work)

    def participant(
        self,
        staff: StaffRef | None = None,
        *,
        language: str = "en",
        phone: str | None = None,
        name: str | None = None,
        plan: bool = True,
    ) -> ParticipantRef:
        staff = staff or self.caseworker()
        number = next(_numbers)
        phone = phone or f"+4670{1000000 + number:07d}"

        def work() -> ParticipantRef:
            caseworker = db.session.get_one(Staff, staff.id)
            participant = register(
                ParticipantDetails(
                    name=name or f"Deltagare {number}",
                    phone=phone,
                    language=language,
                    municipality_id=staff.municipality_id,
                    gender=Gender.WOMAN,
                    residence_permit_date=date(2026, 1, 15),
                ),
                caseworker,
                # A number a test gives on purpose is a phone the family shares.
                shares_phone=True,
            )
            if plan:
                draft_plan(participant, caseworker)
            return ParticipantRef(participant.id, participant.name, phone, language)

        return self.run(work)

    def provider(
        self,
        municipality_id: int | None = None,
        kind: OrganisationKind = OrganisationKind.CIVIC_ORIENTATION,
    ) -> StaffRef:
        """Staff of an SFI school or a civic orientation provider."""
        return self.caseworker(municipality_id, role=StaffRole.PROVIDER, kind=kind)

    # --- booking ---------------------------------------------------------------------------

    def occasion(
        self,
        provider: StaffRef,
        *,
        capacity: int = 10,
        kind: OccasionType = OccasionType.CIVIC_ORIENTATION,
        language: str = "ar",
        municipality_id: int | None = None,
        open_to_county: bool = True,
        starts_in: timedelta = timedelta(days=7),
        meetings: int = 1,
        hours: int = 3,
        book_until: timedelta = timedelta(0),
        cancel_until: timedelta = timedelta(days=1),
        title: str = "Samhällsorientering",
        address: str = "Stora gatan 1",
    ) -> int:
        """An occasion starting `starts_in` from now, with `meetings` weekly meetings; booking
        closes `book_until` and cancelling `cancel_until` before it starts. Published through
        the domain function, as if at a time before it (so past occasions can be made)."""

        def work() -> int:
            staff = db.session.get_one(Staff, provider.id)
            start = (utcnow() + starts_in).replace(microsecond=0)
            times = [
                (start + timedelta(weeks=n), start + timedelta(weeks=n, hours=hours))
                for n in range(meetings)
            ]
            details = OccasionDetails(
                kind=kind,
                title=title,
                language=language,
                address=address,
                municipality_id=municipality_id or provider.municipality_id,
                capacity=capacity,
                open_to_county=open_to_county,
                book_by=start - book_until,
                cancel_by=start - cancel_until,
            )
            published_at = min(utcnow(), start - timedelta(days=30))
            return occasions.publish(staff, details, times, now=published_at).id

        return self.run(work)

    def book(
        self, participant: ParticipantRef, occasion_id: int, now: datetime | None = None
    ) -> BookingRef:
        """Book as the participant; when the occasion is full, join its waiting list."""

        def work() -> BookingRef:
            person = db.session.get_one(Participant, participant.id)
            occasion = db.session.get_one(Occasion, occasion_id)
            try:
                made = seats.book(person, occasion, now=now)
            except rules.OccasionFull:
                made = waiting_list.join_waiting_list(person, occasion, now=now)
            return BookingRef(made.id, made.occasion_id, made.participant_id, made.status)

        return self.run(work)

    def booking(self, booking_id: int) -> BookingRef:
        def work() -> BookingRef:
            found = db.session.get_one(Booking, booking_id)
            return BookingRef(found.id, found.occasion_id, found.participant_id, found.status)

        return self.run(work)

    def bookings(self, occasion_id: int) -> list[BookingRef]:
        def work() -> list[BookingRef]:
            return [
                BookingRef(b.id, b.occasion_id, b.participant_id, b.status)
                for b in db.session.scalars(
                    select(Booking).where(Booking.occasion_id == occasion_id).order_by(Booking.id)
                )
            ]

        return self.run(work)

    def seats_taken(self, occasion_id: int) -> int:
        """The occasion's counter, checked against the bookings that hold a seat."""

        def work() -> int:
            occasion = db.session.get_one(Occasion, occasion_id)
            holding = [
                b for b in self.bookings(occasion_id) if b.status in ("confirmed", "offered")
            ]
            assert occasion.seats_taken == len(holding), "counter and bookings disagree"
            return occasion.seats_taken

        return self.run(work)

    # --- plans -----------------------------------------------------------------------------

    def revise_plan(self, participant: ParticipantRef, change: Callable[[Any], None]) -> None:
        """Start a new version, let `change(draft)` edit it, and publish it."""

        def work() -> None:
            person = db.session.get_one(Participant, participant.id)
            staff = db.session.get_one(Staff, person.created_by_id)
            draft = drafting.start_revision(versions.plan_of(person), staff)
            change(draft)
            drafting.publish(draft, staff)

        self.run(work)

    def approval(self, participant: ParticipantRef, at: datetime | None = None) -> int:
        """An approval of the participant's current version, with the code that signed it,
        written straight to the database (the chain links it as it does every approval)."""

        def work() -> int:
            begin_write()  # as approve() does: the chain is appended under the write lock
            person = db.session.get_one(Participant, participant.id)
            version = versions.current_version(person)
            assert version is not None
            code = OneTimeCode(
                purpose=CodePurpose.APPROVE,
                phone=person.phone,
                participant_id=person.id,
                plan_version_id=version.id,
                salt="s",
                code_hash="h",
                expires_at=utcnow(),
            )
            db.session.add(code)
            db.session.flush()
            content = json.dumps({"version": version.id})
            approval = Approval(
                participant_id=person.id,
                plan_version_id=version.id,
                content=content,
                content_sha256=hashlib.sha256(content.encode()).hexdigest(),
                language=participant.language,
                statement_version=1,
                approved_at=at or utcnow(),
                code_id=code.id,
            )
            db.session.add(approval)
            db.session.commit()
            return approval.id

        return self.run(work)

    # --- links and messages ----------------------------------------------------------------

    def invite(self, participant: ParticipantRef) -> str:
        """Send a link as a caseworker would; returns the link's path."""

        def work() -> str:
            person = db.session.get_one(Participant, participant.id)
            with self.app.test_request_context():
                link = send_invitation(person, None)
            deliver_due()
            return "/" + link.split("/", 3)[3]

        return self.run(work)

    def messages(self, to: str | None = None) -> list[Sms]:
        def work() -> list[Sms]:
            query = select(SmsMessage).order_by(SmsMessage.id)
            if to:
                query = query.where(SmsMessage.to == to)
            return [
                Sms(m.to, m.kind, m.body, m.display_body, m.status, m.language)
                for m in db.session.scalars(query)
            ]

        return self.run(work)

    def last_code(self, to: str) -> str:
        """The code in the newest message with a code, read from the outbox."""
        for message in reversed(self.messages(to)):
            if message.kind.startswith("code_"):
                found = re.search(r"\b(\d{6})\b", message.body)
                assert found, message.body
                return found.group(1)
        raise AssertionError(f"no code was sent to {to}")


def draft_plan(participant: Participant, staff: Staff) -> None:
    """A plan with goals and activities in several areas, published as version 1."""
    draft = versions.draft_of(versions.plan_of(participant))
    assert draft is not None
    drafting.add_goal(draft, GoalDetails(Area.SWEDISH, Term.SHORT, GoalKind.SWEDISH_EVERYDAY))
    drafting.add_goal(
        draft,
        GoalDetails(
            Area.WORK, Term.LONG, GoalKind.JOB_IN_PROFESSION, note="Arbeta som elektriker."
        ),
    )
    drafting.add_activity(
        draft,
        ActivityDetails(
            kind=ActivityType.SFI,
            area=Area.SWEDISH,
            responsible=OrganisationKind.SFI_SCHOOL,
            place="Kopparbergsvägen 17",
            start_date=date(2026, 9, 7),
            end_date=date(2027, 6, 11),
            weekdays=0b0001111,
            start_time=time(8, 30),
            end_time=time(12, 0),
        ),
    )
    drafting.add_activity(
        draft,
        ActivityDetails(
            kind=ActivityType.HEALTH_EXAMINATION,
            area=Area.HEALTH,
            responsible=OrganisationKind.REGION_HEALTH,
            place="Vårdcentralen",
            start_date=date(2026, 10, 1),
            end_date=date(2026, 10, 1),
            weekdays=0,
            start_time=time(13, 0),
            end_time=None,
            note="Ta med ditt kort.",
        ),
    )
    drafting.publish(draft, staff)


def days_from_today(days: int) -> date:
    return date.today() + timedelta(days=days)


def translated(app: Flask, language: str, message: str, **values: Any) -> str:
    """`message` as the catalog of `language` has it: tests need not repeat translations."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale(language):
        return str(gettext(message, **values))


def translated_plural(app: Flask, language: str, singular: str, plural: str, num: int) -> str:
    from flask_babel import force_locale, ngettext

    with app.test_request_context(), force_locale(language):
        return str(ngettext(singular, plural, num))
