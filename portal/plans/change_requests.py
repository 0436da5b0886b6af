"""The participant asks for a change; the caseworker sees it and marks it handled."""

from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import select

from portal.database import db, transaction, utcnow
from portal.participants.models import Participant
from portal.plans.models import (
    ChangeRequest,
    PlanVersion,
)
from portal.staff.models import Staff


@transaction
def request_change(participant: Participant, version: PlanVersion, message: str) -> ChangeRequest:
    change = ChangeRequest(
        participant_id=participant.id,
        plan_version_id=version.id,
        message=message,
        language=str(get_locale()),
    )
    db.session.add(change)
    db.session.flush()
    return change


def change_requests(participant: Participant) -> list[ChangeRequest]:
    return list(
        db.session.scalars(
            select(ChangeRequest)
            .where(ChangeRequest.participant_id == participant.id)
            .order_by(ChangeRequest.id.desc())
        )
    )


@transaction
def mark_handled(change: ChangeRequest, staff: Staff) -> None:
    if change.handled_at is None:
        change.handled_at = utcnow()
        change.handled_by_id = staff.id
