"""Sign-in sessions: started by a code or a password, ended from the server."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, update

from portal.auth.models import Invitation, LoginSession, OneTimeCode
from portal.auth.passwords import hash_password, matches, needs_rehash
from portal.auth.principal import Principal
from portal.auth.tokens import hash_token, new_token
from portal.database import db, transaction, utcnow
from portal.participants import status as standing
from portal.participants.models import Participant
from portal.staff.models import Staff


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
    principal = _start_session(
        participant=participant, code=code, ip_address=ip_address, user_agent=user_agent
    )
    db.session.flush()
    standing.refresh(participant.id)
    return principal


class StaffLoginFailed(Exception):
    pass


@transaction
def sign_in_staff(
    email: str, password: str, ip_address: str | None, user_agent: str | None
) -> Principal:
    staff = db.session.scalar(select(Staff).where(func.lower(Staff.email) == email.strip().lower()))
    if not matches(staff.password_hash if staff else None, password):
        raise StaffLoginFailed
    if staff is None or not staff.active:
        raise StaffLoginFailed
    if needs_rehash(staff.password_hash):
        staff.password_hash = hash_password(password)
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
