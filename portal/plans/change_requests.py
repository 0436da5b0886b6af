"""The conversation about a plan: the participant asks for a change, the caseworker
answers, either writes again, and the caseworker marks it handled. Each message is kept as
written, in its writer's language: nothing is translated automatically."""

from __future__ import annotations

from flask import abort
from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.database import db, transaction, utcnow
from portal.participants import status as standing
from portal.participants.models import Participant
from portal.plans import messages
from portal.plans.models import (
    ChangeMessage,
    ChangeRequest,
    PlanVersion,
)
from portal.sms import service as sms
from portal.staff.models import Staff
from portal.urls import public_url


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
    standing.refresh(participant.id)
    return change


def change_requests(participant: Participant) -> list[ChangeRequest]:
    """The participant's conversations, newest first, each with its messages."""
    return list(
        db.session.scalars(
            select(ChangeRequest)
            .where(ChangeRequest.participant_id == participant.id)
            .options(
                selectinload(ChangeRequest.messages).joinedload(ChangeMessage.staff),
                selectinload(ChangeRequest.version),
            )
            .order_by(ChangeRequest.id.desc())
        )
    )


def change_request_of(participant: Participant, change_id: int) -> ChangeRequest:
    """One of the participant's own requests; 404 for anyone else's."""
    change = db.session.get(ChangeRequest, change_id)
    if change is None or change.participant_id != participant.id:
        abort(404)
    return change


@transaction
def answer(change: ChangeRequest, staff: Staff, body: str, language: str) -> ChangeMessage:
    """The caseworker's answer. The participant is told by text, in their language, and
    reads it on their plan page."""
    reply = ChangeMessage(change_request=change, staff_id=staff.id, body=body, language=language)
    db.session.add(reply)
    db.session.flush()
    participant = db.session.get_one(Participant, change.participant_id)
    sms.queue(
        participant,
        "change_answer",
        messages.answered,
        link=public_url("plans.show"),
    )
    return reply


@transaction
def write_again(change: ChangeRequest, body: str) -> ChangeMessage:
    """The participant writes again in the conversation; it needs the caseworker again."""
    reply = ChangeMessage(
        change_request=change, staff_id=None, body=body, language=str(get_locale())
    )
    db.session.add(reply)
    change.handled_at = None
    change.handled_by_id = None
    db.session.flush()
    standing.refresh(change.participant_id)
    return reply


@transaction
def mark_handled(change: ChangeRequest, staff: Staff) -> None:
    if change.handled_at is None:
        change.handled_at = utcnow()
        change.handled_by_id = staff.id
        db.session.flush()
        standing.refresh(change.participant_id)
