"""Approving a plan: the participant's electronic signature on one version."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import bindparam, select

from portal.database import begin_write, db, transaction, utcnow
from portal.participants import status as standing
from portal.participants.models import Participant
from portal.plans.models import (
    Approval,
    PlanVersion,
)
from portal.plans.reading import canonical, signed_content
from portal.plans.versions import PlanError, current_version
from portal.plans.vocabulary import CURRENT_STATEMENT, STATEMENTS


def statement() -> str:
    return str(STATEMENTS[CURRENT_STATEMENT])


def latest_approval(participant: Participant) -> Approval | None:
    return db.session.scalar(_LATEST, {"participant_id": participant.id})


def approval_of(participant: Participant, version: PlanVersion) -> Approval | None:
    return db.session.scalar(
        _OF_VERSION, {"participant_id": participant.id, "version_id": version.id}
    )


# Built once: the plan page and the start page ask on every visit (issue 13).
_LATEST = (
    select(Approval)
    .where(Approval.participant_id == bindparam("participant_id"))
    .order_by(Approval.id.desc())
    .limit(1)
)
_OF_VERSION = select(Approval).where(
    Approval.participant_id == bindparam("participant_id"),
    Approval.plan_version_id == bindparam("version_id"),
)


def approvals(participant: Participant) -> list[Approval]:
    return list(
        db.session.scalars(
            select(Approval)
            .where(Approval.participant_id == participant.id)
            .order_by(Approval.id.desc())
        )
    )


@dataclass
class Evidence:
    """How the participant proved it was them, recorded with the approval."""

    code_id: int
    login_session_id: int | None
    invitation_id: int | None
    ip_address: str | None
    user_agent: str | None


@dataclass(frozen=True)
class Signed:
    approval: Approval
    # The receipt's random id, in the address that checks it; only its hash is stored.
    receipt_id: str


def receipt_hash(receipt_id: str) -> str:
    return hashlib.sha256(receipt_id.encode()).hexdigest()


@transaction
def approve(participant: Participant, version: PlanVersion, evidence: Evidence) -> Signed:
    begin_write()  # the chain is appended under the write lock
    if version.is_draft or current_version(participant) != version:
        raise PlanError(_("This version of the plan has been replaced. Read the new one first."))
    existing = approval_of(participant, version)
    if existing is not None:
        raise PlanError(_("You have already approved this version of your plan."))
    # The same content whatever language it was shown in; the language is recorded beside it.
    content = canonical(signed_content(version), CURRENT_STATEMENT)
    receipt_id = secrets.token_urlsafe(32)
    approval = Approval(
        participant_id=participant.id,
        plan_version_id=version.id,
        content=content,
        content_sha256=hashlib.sha256(content.encode()).hexdigest(),
        language=str(get_locale()),
        statement_version=CURRENT_STATEMENT,
        approved_at=utcnow(),
        ip_address=evidence.ip_address,
        user_agent=(evidence.user_agent or "")[:400] or None,
        invitation_id=evidence.invitation_id,
        login_session_id=evidence.login_session_id,
        code_id=evidence.code_id,
        receipt_sha256=receipt_hash(receipt_id),
    )
    db.session.add(approval)
    db.session.flush()
    standing.refresh(participant.id)
    return Signed(approval, receipt_id)


def by_receipt(receipt_id: str) -> Approval | None:
    return db.session.scalar(
        select(Approval).where(Approval.receipt_sha256 == receipt_hash(receipt_id))
    )
