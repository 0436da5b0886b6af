"""Loading a county's records from data: its municipalities (from SCB's register), its
organisations and staff, and, for the demo, participants with plans, occasions and bookings.

One loader for every such file (data/demo.toml is one): each section is optional, and each
record names the ones it belongs to by a `key` given in the same file. Dates are counted in
days from a Monday (see data/demo.toml), so that a file loaded on any day gives a county in
the near future.
"""

from __future__ import annotations

import secrets
import tomllib
from collections.abc import Mapping
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from portal import phrasebook
from portal.auth.invitations import send_invitation
from portal.auth.passwords import hash_password
from portal.booking import occasions, seats
from portal.booking.models import Occasion
from portal.booking.occasions import OccasionDetails, local_time, meeting_times
from portal.booking.vocabulary import OccasionType
from portal.database import db
from portal.organisations.models import County, Municipality, Organisation
from portal.participants.models import Participant
from portal.participants.registry import ParticipantDetails, register
from portal.plans import drafting
from portal.plans.drafting import ActivityDetails, GoalDetails
from portal.plans.versions import draft_of, plan_of
from portal.plans.vocabulary import ActivityType, GoalKind, Term
from portal.setup.reference import ensure_county
from portal.staff.models import Staff, StaffRole
from portal.vocabulary import Area, Gender, OrganisationKind

Spec = Mapping[str, Any]


def read(path: Path) -> Spec:
    with path.open("rb") as handle:
        return tomllib.load(handle)


class Loader:
    """Loads one file's records; `lines` says what was made and how to sign in."""

    def __init__(self, spec: Spec, today: date) -> None:
        self.spec = spec
        self.today = today
        self.lines: list[str] = []
        self.organisations: dict[str, Organisation] = {}
        self.staff: dict[str, Staff] = {}
        self.participants: dict[str, Participant] = {}
        self.occasions: dict[str, Occasion] = {}

    def load(self) -> list[str]:
        county = ensure_county(self.spec["county"])
        self._organisations(county)
        self._staff()
        db.session.commit()
        self._participants()
        self._occasions()
        self._bookings()
        return self.lines

    def _municipality(self, county: County, code: str) -> Municipality:
        found = db.session.scalar(
            select(Municipality).where(
                Municipality.code == code, Municipality.county_id == county.id
            )
        )
        if found is None:
            raise ValueError(f"No municipality {code!r} in {county.name}.")
        return found

    def _organisations(self, county: County) -> None:
        for record in self.spec.get("organisations", []):
            organisation = Organisation(
                municipality=self._municipality(county, record["municipality"]),
                name=record["name"],
                kind=OrganisationKind(record["kind"]),
            )
            db.session.add(organisation)
            self.organisations[record["key"]] = organisation

    def _staff(self) -> None:
        for record in self.spec.get("staff", []):
            password = secrets.token_urlsafe(9)
            organisation = self.organisations[record["organisation"]]
            staff = Staff(
                organisation=organisation,
                email=record["email"].strip().lower(),
                name=record["name"],
                role=StaffRole(record["role"]),
                county_wide=record.get("county_wide", False),
                password_hash=hash_password(password),
                phone=record.get("phone"),
                contact_hours=record.get("contact_hours", ""),
            )
            db.session.add(staff)
            self.staff[record["key"]] = staff
            account = f"{staff.email}  password: {password}"
            if staff.role == StaffRole.PROVIDER:
                self.lines.append(f"Provider at {organisation.name}: {account}")
            else:
                place = organisation.municipality.name
                self.lines.append(f"{staff.role.value.capitalize()} in {place}: {account}")

    def _monday(self, weeks_ahead: int = 0, at_least_days: int = 0) -> date:
        monday = self.today - timedelta(days=self.today.weekday()) + timedelta(weeks=weeks_ahead)
        while (monday - self.today).days < at_least_days:
            monday += timedelta(weeks=1)
        return monday

    def _participants(self) -> None:
        for record in self.spec.get("participants", []):
            staff = self.staff[record["caseworker"]]
            participant = register(
                ParticipantDetails(
                    name=record["name"],
                    name_latin=record.get("name_latin", ""),
                    phone=record["phone"],
                    language=record["language"],
                    municipality_id=staff.organisation.municipality_id,
                    gender=Gender(record["gender"]),
                    residence_permit_date=self.today
                    - timedelta(days=record.get("permit_days_ago", 0)),
                ),
                staff,
            )
            self.participants[record["key"]] = participant
            if "plan" in record:
                self._plan(participant, staff, self.spec["plans"][record["plan"]])
                link = send_invitation(participant, staff)
                self.lines.append(f"{participant.name} ({participant.language}): {link}")

    def _plan(self, participant: Participant, staff: Staff, plan: Spec) -> None:
        draft = draft_of(plan_of(participant))
        assert draft is not None  # every registered participant starts with one
        monday = self._monday()
        for goal in plan.get("goals", []):
            drafting.add_goal(
                draft,
                GoalDetails(
                    Area(goal["area"]),
                    Term(goal["term"]),
                    GoalKind(goal["kind"]),
                    note=goal.get("note", ""),
                    phrases=_phrases(goal),
                    note_language=staff.organisation.language,
                ),
            )
        for activity in plan.get("activities", []):
            drafting.add_activity(
                draft,
                ActivityDetails(
                    kind=ActivityType(activity["kind"]),
                    area=Area(activity["area"]),
                    responsible=OrganisationKind(activity["responsible"]),
                    place=activity.get("place", ""),
                    start_date=monday + timedelta(days=activity["day"]),
                    end_date=monday + timedelta(days=activity["last_day"])
                    if "last_day" in activity
                    else None,
                    weekdays=sum(1 << day for day in activity.get("weekdays", [])),
                    start_time=activity.get("start"),
                    end_time=activity.get("end"),
                    note=activity.get("note", ""),
                    phrases=_phrases(activity),
                    note_language=staff.organisation.language,
                    municipality_id=participant.municipality_id if activity.get("place") else None,
                ),
            )
        drafting.publish(draft, staff)

    def _occasions(self) -> None:
        # Far enough ahead that every occasion can still be booked and cancelled.
        monday = self._monday(at_least_days=3)
        for record in self.spec.get("occasions", []):
            first = monday + timedelta(days=record["day"])
            weeks = record.get("weeks", 0)
            hours: tuple[time, time] = (record["start"], record["end"])
            meetings = meeting_times(
                first,
                first + timedelta(weeks=weeks) if weeks else None,
                record.get("weekdays", []),
                *hours,
            )
            start = local_time(first, hours[0])
            staff = self.staff[record["provider"]]
            occasion = occasions.publish(
                staff,
                OccasionDetails(
                    kind=OccasionType(record["kind"]),
                    title=record.get("title", ""),
                    language=record["language"],
                    address=record["address"],
                    municipality_id=self._municipality(
                        staff.organisation.municipality.county, record["municipality"]
                    ).id,
                    capacity=record["capacity"],
                    open_to_county=record.get("open_to_county", True),
                    book_by=start - timedelta(days=1),
                    cancel_by=start - timedelta(days=2),
                    description=record.get("description", ""),
                    phrases=_phrases(record),
                    written_in=staff.organisation.language,
                ),
                meetings,
            )
            if "key" in record:
                self.occasions[record["key"]] = occasion

    def _bookings(self) -> None:
        for record in self.spec.get("bookings", []):
            seats.book(
                self.participants[record["participant"]],
                self.occasions[record["occasion"]],
                self.staff[record["by"]],
            )


def _phrases(record: Spec) -> list[dict[str, Any]]:
    """A record's sentences from the phrasebook: [{id = "...", values = {...}}]."""
    found = [dict(item) for item in record.get("phrases", [])]
    unknown = [item["id"] for item in found if item["id"] not in phrasebook.BY_ID]
    if unknown:
        raise ValueError(f"No such phrase in the phrasebook: {', '.join(unknown)}")
    return found


def load(spec: Spec, today: date | None = None) -> list[str]:
    return Loader(spec, today or date.today()).load()
