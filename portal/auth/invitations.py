"""Invitation links: made and texted by a caseworker, opened once by the participant."""

from __future__ import annotations

from enum import StrEnum

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select, update

from portal.auth import messages, sessions
from portal.auth.models import Invitation, SessionEnd
from portal.auth.tokens import hash_token, new_token
from portal.database import db, transaction, utcnow
from portal.participants import status as standing
from portal.participants.models import Participant
from portal.sms import service as sms
from portal.sms.encoding import fewest_parts
from portal.staff.models import Staff
from portal.urls import public_url


class LinkProblem(StrEnum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"


@transaction
def send_invitation(participant: Participant, staff: Staff | None, by_sms: bool = True) -> str:
    """Make a new link and send it by SMS (or not, when it is shown as a QR code in person).
    Any earlier unused link stops working, and every session of the participant ends: a new
    link is for a new start (a new phone, a phone someone else had). Returns the link."""
    now = utcnow()
    sessions.end_sessions(participant_id=participant.id, reason=SessionEnd.NEW_LINK, by=staff)
    db.session.execute(
        update(Invitation)
        .where(
            Invitation.participant_id == participant.id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    token = new_token()
    db.session.add(
        Invitation(
            participant=participant,
            token_hash=hash_token(token),
            created_by=staff,
            created_at=now,
            expires_at=now + current_app.config["INVITATION_TTL"],
        )
    )
    link = public_url("auth.invitation", token=token)
    standing.refresh(participant.id)
    if by_sms:
        sms.queue(
            participant,
            "invitation",
            messages.invitation,
            secrets={"link": link},
            municipality=participant.municipality.name,
        )
    return link


def invitation_preview(participant: Participant) -> str:
    """The invitation text as the participant would get it, link masked at its real length:
    for staff to see its encoding and number of parts before sending."""
    example = public_url("auth.invitation", token="x" * len(new_token()))
    with force_locale(participant.language):
        return fewest_parts(
            messages.invitation(link=sms.mask(example), municipality=participant.municipality.name)
        )


def language_of_link(token: str) -> str | None:
    """The language of the person a link was made for, whether or not it still works: a
    page about a used or expired link speaks to them, not to their phone's settings."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    )
    return invitation.participant.language if invitation is not None else None


@transaction
def open_invitation(token: str) -> Invitation | LinkProblem:
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    )
    if invitation is None:
        return LinkProblem.UNKNOWN
    now = utcnow()
    if invitation.revoked_at is not None:
        return LinkProblem.REVOKED
    if invitation.used_at is not None:
        return LinkProblem.USED
    if now >= invitation.expires_at:
        return LinkProblem.EXPIRED
    if invitation.opened_at is None:
        invitation.opened_at = now
        standing.refresh(invitation.participant_id)
    return invitation
