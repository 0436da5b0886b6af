"""One-time codes: texted to prove who holds a phone, to sign in or to approve a plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from flask import current_app
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import delete, exists, select, update

from portal.auth import messages
from portal.auth.models import CodePurpose, Invitation, OneTimeCode, PendingSignIn
from portal.auth.tokens import hash_code, new_code, new_salt, same
from portal.database import db, transaction, utcnow
from portal.participants.models import Participant
from portal.sms import budget
from portal.sms import service as sms
from portal.sms.models import SmsMessage, SmsStatus


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


@dataclass
class Issued:
    """A code made for someone, and the SMS budget that stopped its text, if one did."""

    code: OneTimeCode
    stopped: budget.Stop | None = None

    @property
    def refused(self) -> bool:
        """Whether to tell the person that no more codes go out for now."""
        return self.stopped in budget.TOLD


def _new_code(
    purpose: CodePurpose,
    phone: str,
    participant: Participant | None,
    invitation: Invitation | None = None,
    plan_version_id: int | None = None,
) -> tuple[OneTimeCode, str]:
    code = new_code()
    salt = new_salt()
    now = utcnow()
    record = OneTimeCode(
        purpose=purpose,
        phone=phone,
        participant=participant,
        invitation=invitation,
        plan_version_id=plan_version_id,
        salt=salt,
        code_hash=hash_code(code, salt),
        created_at=now,
        expires_at=now + current_app.config["CODE_TTL"],
    )
    db.session.add(record)
    return record, code


def _issue_code(
    purpose: CodePurpose,
    recipient: Participant | None,
    participant: Participant | None,
    invitation: Invitation | None = None,
    plan_version_id: int | None = None,
    *,
    phone: str = "",
) -> Issued:
    """Make a code and queue its text. With no `recipient` (a number nobody registered) the
    work is the same, and the text is written as one that goes to nobody: never sent."""
    phone = recipient.phone if recipient else phone
    recent = _recent_code(
        purpose,
        phone,
        participant.id if participant else None,
        invitation.id if invitation else None,
        plan_version_id,
    )
    if recent is not None:
        return Issued(recent)
    record, code = _new_code(purpose, phone, participant, invitation, plan_version_id)
    render = messages.approval_code if purpose is CodePurpose.APPROVE else messages.sign_in_code
    text = sms.queue_to(
        phone,
        recipient.language if recipient else str(get_locale()),
        f"code_{purpose.value}",
        render,
        secrets={"code": code},
        participant=recipient,
        nobody=recipient is None,
    )
    db.session.flush()
    return Issued(record, budget.stop_of(text.last_error))


@transaction
def send_invitation_code(invitation: Invitation) -> Issued:
    participant = invitation.participant
    return _issue_code(CodePurpose.SIGN_IN, participant, participant, invitation=invitation)


@transaction
def send_code_to_number(phone: str) -> Issued:
    """Send a sign-in code if the number belongs to anyone. The caller must answer the
    same either way, so that the page does not tell who is registered."""
    holders = db.session.scalars(
        select(Participant).where(Participant.phone == phone).order_by(Participant.id)
    ).all()
    if not holders:
        return _issue_code(CodePurpose.SIGN_IN, None, None, phone=phone)
    # A shared family phone: the code proves who holds the phone; they say who they are next.
    chosen = holders[0] if len(holders) == 1 else None
    return _issue_code(CodePurpose.SIGN_IN, holders[0], chosen)


@transaction
def send_approval_code(participant: Participant, plan_version_id: int) -> Issued:
    return _issue_code(
        CodePurpose.APPROVE, participant, participant, plan_version_id=plan_version_id
    )


def forget_unknown_numbers(before: datetime) -> int:
    """Delete what signing in with numbers nobody registered left (codes made before
    `before`, their never-sent texts, the browsers waiting for them): a number someone
    typed is not kept. Runs in the caller's transaction (privacy.retention)."""
    unknown = (
        select(OneTimeCode.id)
        .where(
            OneTimeCode.participant_id.is_(None),
            OneTimeCode.used_at.is_(None),
            OneTimeCode.created_at < before,
            ~exists().where(Participant.phone == OneTimeCode.phone),
        )
        .scalar_subquery()
    )
    db.session.execute(delete(PendingSignIn).where(PendingSignIn.code_id.in_(unknown)))
    deleted = db.session.execute(delete(OneTimeCode).where(OneTimeCode.id.in_(unknown)))
    db.session.execute(
        delete(SmsMessage).where(
            SmsMessage.participant_id.is_(None),
            SmsMessage.status == SmsStatus.STOPPED,
            SmsMessage.last_error == budget.Stop.NOBODY,
            SmsMessage.created_at < before,
        )
    )
    return int(deleted.rowcount)  # type: ignore[attr-defined]


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


def code_error(result: CodeResult) -> str:
    """What to tell someone whose code was not accepted."""
    if result.check is CodeCheck.WRONG:
        return ngettext(
            "The code is wrong. You can try %(num)d more time.",
            "The code is wrong. You can try %(num)d more times.",
            result.remaining,
        )
    if result.check is CodeCheck.TOO_MANY:
        return _("You have tried too many times. Ask for a new code.")
    return _("The code has expired. Ask for a new code.")
