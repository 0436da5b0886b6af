"""The participants an organisation has registered: registering them, changing their
details, and finding one for a member of staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import delete, select

from portal.database import db, transaction
from portal.organisations.models import Municipality
from portal.participants import search
from portal.participants.models import NameTerm, Participant
from portal.plans.models import Plan, PlanVersion
from portal.staff.models import Staff
from portal.vocabulary import Gender


def municipality_choices(staff: Staff) -> list[tuple[int, str]]:
    """The municipalities of the staff member's county."""
    county_id = staff.organisation.municipality.county_id
    rows = db.session.execute(
        select(Municipality.id, Municipality.name)
        .where(Municipality.county_id == county_id)
        .order_by(Municipality.name)
    ).all()
    return [(row.id, row.name) for row in rows]


def get_for_staff(participant_id: int, staff: Staff) -> Participant:
    """The participant if they belong to the staff member's organisation; 404 otherwise,
    so that nobody learns that a participant of another organisation exists."""
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.organisation_id != staff.organisation_id:
        abort(404)
    return participant


@dataclass
class ParticipantDetails:
    name: str
    phone: str
    language: str
    municipality_id: int
    gender: Gender
    residence_permit_date: date | None
    name_latin: str = ""


@transaction
def register(details: ParticipantDetails, staff: Staff) -> Participant:
    participant = Participant(
        organisation_id=staff.organisation_id,
        created_by_id=staff.id,
        **vars(details),
    )
    db.session.add(participant)
    plan = Plan(participant=participant)
    db.session.add(plan)
    db.session.add(PlanVersion(plan=plan, created_by_id=staff.id))
    db.session.flush()
    _index_names(participant)
    return participant


@transaction
def update(participant: Participant, details: ParticipantDetails) -> None:
    for name, value in vars(details).items():
        setattr(participant, name, value)
    _index_names(participant)


def _index_names(participant: Participant) -> None:
    """The terms the caseworker's search finds the participant by."""
    db.session.execute(delete(NameTerm).where(NameTerm.participant_id == participant.id))
    db.session.add_all(
        NameTerm(
            participant_id=participant.id,
            organisation_id=participant.organisation_id,
            term=term,
        )
        for term in search.terms(participant.name, participant.name_latin)
    )


@transaction
def save_language(participant: Participant, language: str) -> None:
    participant.language = language
