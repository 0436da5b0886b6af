"""Test data, made through the same domain functions the portal uses.

Each call runs in its own application context and returns plain values, so that a test
never holds ORM objects across requests.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any, TypeVar

from flask import Flask
from sqlalchemy import select

from portal.auth.services import passwords, send_invitation
from portal.catalog import Area, Gender, OrganisationKind
from portal.database import db
from portal.models import (
    County,
    Municipality,
    Organisation,
    Participant,
    SmsMessage,
    Staff,
    StaffRole,
)
from portal.participants.services import ParticipantDetails, register
from portal.plans import services as plans
from portal.plans.catalog import ActivityType, GoalKind, Term
from portal.plans.services import ActivityDetails, GoalDetails
from portal.sms.service import deliver_due

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

    def municipality(self, name: str | None = None) -> int:
        def work() -> int:
            if self._county_id is None:
                county = County(name=f"Län {next(_numbers)}")
                db.session.add(county)
                db.session.flush()
                self._county_id = county.id
            number = next(_numbers)
            municipality = Municipality(
                county_id=self._county_id,
                code=f"{number:04d}"[-4:],
                name=name or f"Kommun {number}",
            )
            db.session.add(municipality)
            db.session.commit()
            return municipality.id

        return self.run(work)

    def caseworker(
        self, municipality_id: int | None = None, role: StaffRole = StaffRole.CASEWORKER
    ) -> StaffRef:
        municipality_id = municipality_id or self.municipality()

        def work() -> StaffRef:
            number = next(_numbers)
            organisation = Organisation(
                municipality_id=municipality_id,
                name=f"Organisation {number}",
                kind=OrganisationKind.MUNICIPALITY,
            )
            staff = Staff(
                organisation=organisation,
                email=f"staff{number}@kommun.example",
                name=f"Handläggare {number}",
                role=role,
                password_hash=passwords.hash(PASSWORD),
            )
            db.session.add_all([organisation, staff])
            db.session.commit()
            return StaffRef(staff.id, staff.email, organisation.id, municipality_id)

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
            )
            if plan:
                draft_plan(participant, caseworker)
            return ParticipantRef(participant.id, participant.name, phone, language)

        return self.run(work)

    # --- plans -----------------------------------------------------------------------------

    def revise_plan(self, participant: ParticipantRef, change: Callable[[Any], None]) -> None:
        """Start a new version, let `change(draft)` edit it, and publish it."""

        def work() -> None:
            person = db.session.get_one(Participant, participant.id)
            staff = db.session.get_one(Staff, person.created_by_id)
            draft = plans.start_revision(plans.plan_of(person), staff)
            change(draft)
            plans.publish(draft, staff)

        self.run(work)

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
    draft = plans.draft_of(plans.plan_of(participant))
    assert draft is not None
    plans.add_goal(draft, GoalDetails(Area.SWEDISH, Term.SHORT, GoalKind.SWEDISH_EVERYDAY))
    plans.add_goal(
        draft,
        GoalDetails(
            Area.WORK, Term.LONG, GoalKind.JOB_IN_PROFESSION, note="Arbeta som elektriker."
        ),
    )
    plans.add_activity(
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
    plans.add_activity(
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
    plans.publish(draft, staff)


def days_from_today(days: int) -> date:
    return date.today() + timedelta(days=days)


def translated(app: Flask, language: str, message: str, **values: Any) -> str:
    """`message` as the catalog of `language` has it: tests need not repeat translations."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale(language):
        return str(gettext(message, **values))
