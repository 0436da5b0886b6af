"""The participants an organisation has registered: registering them, changing their
details, and finding one for a member of staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import delete, literal_column, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement

from portal.auth import sessions
from portal.auth.models import SessionEnd
from portal.database import begin_write, db, transaction
from portal.organisations.models import Municipality
from portal.participants import search
from portal.participants.models import ERASED_PREFIX, NameTerm, Participant, name_key
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


def not_erased() -> ColumnElement[bool]:
    """Participants whose data was deleted but for approvals still kept are nobody's to see
    (see privacy.retention). The pattern is written into the SQL, not bound, so that the
    database sees the condition of the indexes that leave the erased out (models.py)."""
    return Participant.name_key.not_like(literal_column(f"'{ERASED_PREFIX}%'"))


def get_for_staff(participant_id: int, staff: Staff) -> Participant:
    """The participant if they belong to the staff member's organisation; 404 otherwise,
    so that nobody learns that a participant of another organisation exists."""
    participant = db.session.get(Participant, participant_id)
    if (
        participant is None
        or participant.organisation_id != staff.organisation_id
        or participant.name_key.startswith(ERASED_PREFIX)
    ):
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
    introduction_ends_on: date | None = None


class AlreadyRegistered(Exception):
    """The same name and number are already registered in the organisation."""

    def __init__(self, participant: Participant) -> None:
        super().__init__(participant.id)
        self.participant = participant


class SharesPhone(Exception):
    """The number belongs to others of the organisation: the caseworker confirms that this
    is another person sharing the phone (a family member), or opens the existing record."""

    def __init__(self, holders: list[Participant]) -> None:
        super().__init__([holder.id for holder in holders])
        self.holders = holders


def holders_of(
    organisation_id: int, phone: str, other_than: int | None = None
) -> list[Participant]:
    query = select(Participant).where(
        Participant.organisation_id == organisation_id,
        Participant.phone == phone,
        not_erased(),
    )
    if other_than is not None:
        query = query.where(Participant.id != other_than)
    return list(db.session.scalars(query.order_by(Participant.name, Participant.id)))


def _check_duplicates(
    organisation_id: int,
    details: ParticipantDetails,
    shares_phone: bool,
    other_than: int | None = None,
) -> None:
    holders = holders_of(organisation_id, details.phone, other_than)
    same = next((h for h in holders if h.name_key == name_key(details.name)), None)
    if same is not None:
        raise AlreadyRegistered(same)
    if holders and not shares_phone:
        raise SharesPhone(holders)


@transaction
def register(details: ParticipantDetails, staff: Staff, shares_phone: bool = False) -> Participant:
    """Raises AlreadyRegistered or SharesPhone (see there) instead of registering a
    person twice."""
    begin_write()  # two caseworkers registering the same person at once: one waits
    _check_duplicates(staff.organisation_id, details, shares_phone)
    participant = Participant(
        organisation_id=staff.organisation_id,
        created_by_id=staff.id,
        **vars(details),
    )
    db.session.add(participant)
    plan = Plan(participant=participant)
    db.session.add(plan)
    db.session.add(PlanVersion(plan=plan, created_by_id=staff.id))
    _flush_unique(staff.organisation_id, details)
    _index_names(participant)
    return participant


def _flush_unique(organisation_id: int, details: ParticipantDetails) -> None:
    """The database's unique constraint has the last word, whatever ran at the same time."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        holders = holders_of(organisation_id, details.phone)
        same = next((h for h in holders if h.name_key == name_key(details.name)), None)
        if same is None:
            raise
        raise AlreadyRegistered(same) from None


@transaction
def update(
    participant: Participant, details: ParticipantDetails, shares_phone: bool = False
) -> int:
    """Returns how many sessions ended: a new mobile number signs the person out everywhere
    (whoever holds the old phone must not stay signed in as them)."""
    changes_who = (details.phone, name_key(details.name)) != (
        participant.phone,
        participant.name_key,
    )
    new_phone = details.phone != participant.phone
    if changes_who:
        _check_duplicates(participant.organisation_id, details, shares_phone, participant.id)
    for name, value in vars(details).items():
        setattr(participant, name, value)
    if changes_who:
        _flush_unique(participant.organisation_id, details)
    _index_names(participant)
    if not new_phone:
        return 0
    return sessions.end_sessions(participant_id=participant.id, reason=SessionEnd.PHONE_CHANGED)


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
