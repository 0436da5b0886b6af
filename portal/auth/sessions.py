"""Sign-in sessions: started by a code or a password, ended from the server."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.orm import joinedload

from portal.auth.models import Invitation, LoginSession, OneTimeCode, SessionEnd
from portal.auth.passwords import hash_password, matches, needs_rehash
from portal.auth.principal import Principal
from portal.auth.tokens import hash_token, new_token
from portal.database import begin_write, db, transaction, utcnow
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
        last_seen_at=now,
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


def check_staff_password(email: str, password: str) -> Staff:
    """The active staff member with this email and password; StaffLoginFailed otherwise,
    after the same work whatever was wrong. A password that proves the person is only the
    first step where two-factor sign-in applies (portal.accounts.two_factor)."""
    staff = db.session.scalar(select(Staff).where(func.lower(Staff.email) == email.strip().lower()))
    if not matches(staff.password_hash if staff else None, password):
        raise StaffLoginFailed
    if staff is None or not staff.active or staff.password_hash is None:
        raise StaffLoginFailed
    return staff


@transaction
def start_staff_session(staff: Staff, ip_address: str | None, user_agent: str | None) -> Principal:
    return _start_session(staff=staff, ip_address=ip_address, user_agent=user_agent)


@transaction
def sign_in_staff(
    email: str, password: str, ip_address: str | None, user_agent: str | None
) -> Principal:
    staff = check_staff_password(email, password)
    rehash_if_needed(staff, password)
    return _start_session(staff=staff, ip_address=ip_address, user_agent=user_agent)


def rehash_if_needed(staff: Staff, password: str) -> None:
    """In the caller's transaction: a hash made with weaker parameters is made again."""
    if staff.password_hash is not None and needs_rehash(staff.password_hash):
        staff.password_hash = hash_password(password)


def load_principal(token: str) -> Principal | None:
    """The person a session token belongs to, while the session lasts: not ended, within its
    lifetime, used recently enough, and for staff, an account still active."""
    now = utcnow()
    # One query for the session and the person: every page needs both (issue 13).
    login = db.session.scalar(
        _LIVING_SESSION, {"token_hash": hash_token(token), "now": now, **_seen_since(now)}
    )
    if login is None:
        return None
    if now - login.last_seen_at >= current_app.config["SESSION_SEEN_INTERVAL"]:
        _seen(login.id, now)
    return Principal(token=token, login=login)


# Used recently enough: the cut-offs are bound as _seen_since gives them.
_NOT_IDLE = or_(
    and_(
        LoginSession.staff_id.is_not(None),
        LoginSession.last_seen_at > bindparam("staff_seen_since"),
    ),
    and_(
        LoginSession.participant_id.is_not(None),
        LoginSession.last_seen_at > bindparam("participant_seen_since"),
    ),
)


def _seen_since(now: datetime) -> dict[str, datetime]:
    config = current_app.config
    return {
        "staff_seen_since": now - config["STAFF_IDLE_TIMEOUT"],
        "participant_seen_since": now - config["PARTICIPANT_IDLE_TIMEOUT"],
    }


# Built once: every request asks it, and building it (with its cache key) cost as much as
# running it.
_LIVING_SESSION = (
    select(LoginSession)
    .where(
        LoginSession.token_hash == bindparam("token_hash"),
        LoginSession.ended_at.is_(None),
        LoginSession.expires_at > bindparam("now"),
        _NOT_IDLE,
        or_(
            LoginSession.staff_id.is_(None),
            LoginSession.staff_id.in_(select(Staff.id).where(Staff.active.is_(True))),
        ),
    )
    .options(
        joinedload(LoginSession.participant).joinedload(Participant.municipality),
        joinedload(LoginSession.staff),
    )
)


def _seen(login_id: int, now: datetime) -> None:
    """Record the request's use of the session, committed at once as a writer of its own
    (see portal.database.begin_write). Skipped when the request has changes of its own
    pending (it then reads the user late): the next request records it."""
    session = db.session()
    if session.new or session.dirty or session.deleted:
        return
    begin_write()
    session.execute(
        update(LoginSession)
        .where(LoginSession.id == login_id, LoginSession.last_seen_at < now)
        .values(last_seen_at=now)
    )
    session.commit()


@transaction
def end_session(login: LoginSession) -> None:
    login.ended_at = utcnow()
    login.end_reason = SessionEnd.SIGNED_OUT


def end_sessions(
    *,
    staff_id: int | None = None,
    participant_id: int | None = None,
    keep_login_id: int | None = None,
    reason: SessionEnd = SessionEnd.ACCOUNT_CHANGED,
    by: Staff | None = None,
) -> int:
    """End every open session of one person, but `keep_login_id`, in the caller's
    transaction; returns how many were ended. The next request of each is signed out."""
    if (staff_id is None) == (participant_id is None):
        raise ValueError("name exactly one of staff_id and participant_id")
    person = (
        LoginSession.staff_id == staff_id
        if staff_id is not None
        else LoginSession.participant_id == participant_id
    )
    query = update(LoginSession).where(person, LoginSession.ended_at.is_(None))
    if keep_login_id is not None:
        query = query.where(LoginSession.id != keep_login_id)
    ended = db.session.execute(
        query.values(ended_at=utcnow(), end_reason=reason, ended_by_id=by.id if by else None)
    )
    return int(ended.rowcount)  # type: ignore[attr-defined]


@transaction
def sign_out_everywhere(participant: Participant, staff: Staff) -> int:
    """A caseworker ends every session of a participant (a lost or shared phone); returns
    how many there were. Which caseworker did it stays on each ended session."""
    return end_sessions(
        participant_id=participant.id, reason=SessionEnd.SIGNED_OUT_EVERYWHERE, by=staff
    )


def open_count(participant_id: int) -> int:
    """How many sessions of the participant are open now (for telling the caseworker what
    ending them did)."""
    now = utcnow()
    return (
        db.session.scalar(
            select(func.count(LoginSession.id)).where(
                LoginSession.participant_id == participant_id,
                LoginSession.ended_at.is_(None),
                LoginSession.expires_at > now,
                _NOT_IDLE,
            ),
            _seen_since(now),
        )
        or 0
    )


def last_sign_in(participant_id: int) -> datetime | None:
    return db.session.scalar(
        select(func.max(LoginSession.created_at)).where(
            LoginSession.participant_id == participant_id
        )
    )
