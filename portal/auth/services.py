"""Invitations, one-time codes and sign-in sessions."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from sqlalchemy import func, select, update

from portal.auth import messages
from portal.auth.models import CodePurpose, Invitation, LoginSession, OneTimeCode
from portal.auth.principal import Principal
from portal.auth.tokens import hash_code, hash_token, new_code, new_salt, new_token, same
from portal.database import db, transaction, utcnow
from portal.participants.models import Participant
from portal.sms import service as sms
from portal.staff.models import Staff

log = logging.getLogger("portal.auth")
passwords = PasswordHasher()
# Verified against when the email is unknown, so that both answers take as long.
_UNKNOWN_STAFF_HASH = passwords.hash("no such account")


# --- invitations ---------------------------------------------------------------------------


class LinkProblem(StrEnum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"


def public_url(endpoint: str, **values: Any) -> str:
    """A full URL for a text message: on PUBLIC_BASE_URL when set (also from the CLI),
    else on the host the request came to."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    if not base:
        return url_for(endpoint, _external=True, **values)
    if has_request_context():
        return base + url_for(endpoint, **values)
    return base + current_app.url_map.bind("localhost").build(endpoint, values)


@transaction
def send_invitation(participant: Participant, staff: Staff | None, by_sms: bool = True) -> str:
    """Make a new link and send it by SMS (or not, when it is shown as a QR code in person).
    Any earlier unused link stops working. Returns the link."""
    now = utcnow()
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
        return messages.invitation(
            link=sms.mask(example), municipality=participant.municipality.name
        )


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
    return invitation


# --- one-time codes ------------------------------------------------------------------------


def _recent_code(
    purpose: CodePurpose,
    phone: str,
    participant_id: int | None,
    invitation_id: int | None = None,
    plan_version_id: int | None = None,
) -> OneTimeCode | None:
    """A live code sent moments ago: opening a link twice must not send two codes."""
    now = utcnow()
    return db.session.scalar(
        select(OneTimeCode)
        .where(
            OneTimeCode.purpose == purpose,
            OneTimeCode.phone == phone,
            OneTimeCode.participant_id.is_(None)
            if participant_id is None
            else OneTimeCode.participant_id == participant_id,
            OneTimeCode.invitation_id.is_(None)
            if invitation_id is None
            else OneTimeCode.invitation_id == invitation_id,
            OneTimeCode.plan_version_id.is_(None)
            if plan_version_id is None
            else OneTimeCode.plan_version_id == plan_version_id,
            OneTimeCode.used_at.is_(None),
            OneTimeCode.created_at > now - current_app.config["CODE_RESEND_INTERVAL"],
        )
        .order_by(OneTimeCode.id.desc())
        .limit(1)
    )


def _issue_code(
    purpose: CodePurpose,
    recipient: Participant,
    participant: Participant | None,
    invitation: Invitation | None = None,
    plan_version_id: int | None = None,
) -> OneTimeCode:
    recent = _recent_code(
        purpose,
        recipient.phone,
        participant.id if participant else None,
        invitation.id if invitation else None,
        plan_version_id,
    )
    if recent is not None:
        return recent
    code = new_code()
    salt = new_salt()
    now = utcnow()
    record = OneTimeCode(
        purpose=purpose,
        phone=recipient.phone,
        participant=participant,
        invitation=invitation,
        plan_version_id=plan_version_id,
        salt=salt,
        code_hash=hash_code(code, salt),
        created_at=now,
        expires_at=now + current_app.config["CODE_TTL"],
    )
    db.session.add(record)
    render = messages.approval_code if purpose is CodePurpose.APPROVE else messages.sign_in_code
    sms.queue(recipient, f"code_{purpose.value}", render, secrets={"code": code})
    db.session.flush()
    return record


@transaction
def send_invitation_code(invitation: Invitation) -> OneTimeCode:
    participant = invitation.participant
    return _issue_code(CodePurpose.SIGN_IN, participant, participant, invitation=invitation)


@transaction
def send_code_to_number(phone: str) -> OneTimeCode | None:
    """Send a sign-in code if the number belongs to anyone. The caller must answer the
    same either way, so that the page does not tell who is registered."""
    holders = db.session.scalars(
        select(Participant).where(Participant.phone == phone).order_by(Participant.id)
    ).all()
    if not holders:
        return None
    # A shared family phone: the code proves who holds the phone; they say who they are next.
    chosen = holders[0] if len(holders) == 1 else None
    return _issue_code(CodePurpose.SIGN_IN, holders[0], chosen)


@transaction
def send_approval_code(participant: Participant, plan_version_id: int) -> OneTimeCode:
    return _issue_code(
        CodePurpose.APPROVE, participant, participant, plan_version_id=plan_version_id
    )


class CodeCheck(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    TOO_MANY = "too_many"


@dataclass
class CodeResult:
    check: CodeCheck
    remaining: int = 0
    code: OneTimeCode | None = None


@transaction
def check_code(code_id: int | None, entered: str, purpose: CodePurpose) -> CodeResult:
    maximum = current_app.config["CODE_MAX_ATTEMPTS"]
    record = db.session.get(OneTimeCode, code_id) if code_id is not None else None
    now = utcnow()
    if record is None or record.purpose != purpose:
        return CodeResult(CodeCheck.EXPIRED)
    if record.used_at is not None or now >= record.expires_at:
        return CodeResult(CodeCheck.EXPIRED)
    if record.attempts >= maximum:
        return CodeResult(CodeCheck.TOO_MANY)
    if not same(hash_code(entered, record.salt), record.code_hash):
        # Counted in the database, so that parallel guesses cannot exceed the limit.
        counted = db.session.execute(
            update(OneTimeCode)
            .where(OneTimeCode.id == record.id, OneTimeCode.attempts < maximum)
            .values(attempts=OneTimeCode.attempts + 1)
        )
        db.session.refresh(record)
        if not counted.rowcount or record.attempts >= maximum:  # type: ignore[attr-defined]
            return CodeResult(CodeCheck.TOO_MANY)
        return CodeResult(CodeCheck.WRONG, remaining=maximum - record.attempts)
    used = db.session.execute(
        update(OneTimeCode)
        .where(OneTimeCode.id == record.id, OneTimeCode.used_at.is_(None))
        .values(used_at=now)
    )
    if not used.rowcount:  # type: ignore[attr-defined]
        return CodeResult(CodeCheck.EXPIRED)  # the same code, used a moment ago elsewhere
    db.session.refresh(record)
    return CodeResult(CodeCheck.OK, code=record)


def participants_sharing(phone: str) -> list[Participant]:
    return list(
        db.session.scalars(
            select(Participant).where(Participant.phone == phone).order_by(Participant.name)
        )
    )


# --- sessions ------------------------------------------------------------------------------


def _start_session(
    *,
    staff: Staff | None = None,
    participant: Participant | None = None,
    code: OneTimeCode | None = None,
    ip_address: str | None,
    user_agent: str | None,
) -> Principal:
    token = new_token()
    now = utcnow()
    ttl = current_app.config["STAFF_SESSION_TTL" if staff else "PARTICIPANT_SESSION_TTL"]
    login = LoginSession(
        token_hash=hash_token(token),
        staff=staff,
        participant=participant,
        invitation_id=code.invitation_id if code else None,
        code_id=code.id if code else None,
        created_at=now,
        expires_at=now + ttl,
        ip_address=ip_address,
        user_agent=(user_agent or "")[:400] or None,
    )
    db.session.add(login)
    return Principal(token=token, login=login)


@transaction
def sign_in_participant(
    participant: Participant,
    code: OneTimeCode,
    ip_address: str | None,
    user_agent: str | None,
) -> Principal:
    if code.invitation_id is not None:
        db.session.execute(
            update(Invitation)
            .where(Invitation.id == code.invitation_id, Invitation.used_at.is_(None))
            .values(used_at=utcnow())
        )
    return _start_session(
        participant=participant, code=code, ip_address=ip_address, user_agent=user_agent
    )


class StaffLoginFailed(Exception):
    pass


@transaction
def sign_in_staff(
    email: str, password: str, ip_address: str | None, user_agent: str | None
) -> Principal:
    staff = db.session.scalar(select(Staff).where(func.lower(Staff.email) == email.strip().lower()))
    try:
        passwords.verify(staff.password_hash if staff else _UNKNOWN_STAFF_HASH, password)
    except (VerificationError, InvalidHashError):
        raise StaffLoginFailed from None
    if staff is None or not staff.active:
        raise StaffLoginFailed
    if passwords.check_needs_rehash(staff.password_hash):
        staff.password_hash = passwords.hash(password)
    return _start_session(staff=staff, ip_address=ip_address, user_agent=user_agent)


def load_principal(token: str) -> Principal | None:
    login = db.session.scalar(
        select(LoginSession).where(
            LoginSession.token_hash == hash_token(token),
            LoginSession.ended_at.is_(None),
            LoginSession.expires_at > utcnow(),
        )
    )
    if login is None:
        return None
    return Principal(token=token, login=login)


@transaction
def end_session(login: LoginSession) -> None:
    login.ended_at = utcnow()


def last_sign_in(participant_id: int) -> datetime | None:
    return db.session.scalar(
        select(func.max(LoginSession.created_at)).where(
            LoginSession.participant_id == participant_id
        )
    )
