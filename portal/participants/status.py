"""Where each participant stands, for their caseworker: link, sign-in, plan, approval,
change requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.auth.models import Invitation, LoginSession
from portal.database import db, utcnow
from portal.participants.models import Participant
from portal.plans.models import Approval, ChangeRequest, Plan, PlanVersion, VersionStatus


@dataclass
class Status:
    link_sent_at: datetime | None = None
    link_expires_at: datetime | None = None
    link_opened_at: datetime | None = None
    link_used_at: datetime | None = None
    link_revoked: bool = False
    signed_in_at: datetime | None = None
    current_version: int | None = None
    published_at: datetime | None = None
    approved_version: int | None = None
    approved_at: datetime | None = None
    open_change_requests: int = 0
    change_requested_at: datetime | None = None

    @property
    def link_expired(self) -> bool:
        return (
            self.link_used_at is None
            and self.link_expires_at is not None
            and self.link_expires_at <= utcnow()
        )

    @property
    def needs_approval(self) -> bool:
        return self.current_version is not None and self.approved_version != self.current_version

    @property
    def since(self) -> datetime | None:
        """When the summary became true: the list shows it beside the summary."""
        if self.open_change_requests:
            return self.change_requested_at
        if self.current_version is None:
            return None
        if not self.needs_approval:
            return self.approved_at
        if self.approved_version is not None:
            return self.published_at
        for moment in (self.signed_in_at, self.link_opened_at):
            if moment:
                return moment
        if self.link_sent_at and not self.link_expired:
            return self.link_sent_at
        if self.link_sent_at:
            return self.link_expires_at
        return self.published_at

    @property
    def summary(self) -> LazyString:
        """The one thing a caseworker most needs to know, for the list of participants."""
        if self.open_change_requests:
            return _l("Change requested")
        if self.current_version is None:
            return _l("Plan not published")
        if not self.needs_approval:
            return _l("Plan approved")
        if self.approved_version is not None:
            return _l("New version not yet approved")
        if self.signed_in_at:
            return _l("Signed in, not yet approved")
        if self.link_opened_at:
            return _l("Link opened")
        if self.link_sent_at and not self.link_expired:
            return _l("Link sent")
        if self.link_sent_at:
            return _l("Link expired")
        return _l("Link not sent")


def statuses(participant_ids: list[int]) -> dict[int, Status]:
    """Status for the participants of one page (never a whole organisation: each id is a
    parameter of the queries) in a fixed number of queries."""
    result = {participant_id: Status() for participant_id in participant_ids}
    if not participant_ids:
        return result

    latest_invitation = (
        select(Invitation.participant_id, func.max(Invitation.id).label("id"))
        .where(Invitation.participant_id.in_(participant_ids))
        .group_by(Invitation.participant_id)
        .subquery()
    )
    for invitation in db.session.scalars(
        select(Invitation).join(latest_invitation, Invitation.id == latest_invitation.c.id)
    ):
        status = result[invitation.participant_id]
        status.link_sent_at = invitation.created_at
        status.link_expires_at = invitation.expires_at
        status.link_opened_at = invitation.opened_at
        status.link_used_at = invitation.used_at
        status.link_revoked = invitation.revoked_at is not None

    for participant_id, signed_in_at in db.session.execute(
        select(LoginSession.participant_id, func.max(LoginSession.created_at))
        .where(LoginSession.participant_id.in_(participant_ids))
        .group_by(LoginSession.participant_id)
    ):
        if participant_id is not None:
            result[participant_id].signed_in_at = signed_in_at

    for participant_id, number, published_at in db.session.execute(
        select(
            Plan.participant_id, func.max(PlanVersion.number), func.max(PlanVersion.published_at)
        )
        .join(PlanVersion, PlanVersion.plan_id == Plan.id)
        .where(
            Plan.participant_id.in_(participant_ids),
            PlanVersion.status == VersionStatus.PUBLISHED,
        )
        .group_by(Plan.participant_id)
    ):
        result[participant_id].current_version = number
        result[participant_id].published_at = published_at

    latest_approval = (
        select(Approval.participant_id, func.max(Approval.id).label("id"))
        .where(Approval.participant_id.in_(participant_ids))
        .group_by(Approval.participant_id)
        .subquery()
    )
    for participant_id, number, approved_at in db.session.execute(
        select(Approval.participant_id, PlanVersion.number, Approval.approved_at)
        .join(latest_approval, Approval.id == latest_approval.c.id)
        .join(PlanVersion, PlanVersion.id == Approval.plan_version_id)
    ):
        result[participant_id].approved_version = number
        result[participant_id].approved_at = approved_at

    for participant_id, count, first in db.session.execute(
        select(ChangeRequest.participant_id, func.count(), func.min(ChangeRequest.created_at))
        .where(
            ChangeRequest.participant_id.in_(participant_ids),
            ChangeRequest.handled_at.is_(None),
        )
        .group_by(ChangeRequest.participant_id)
    ):
        result[participant_id].open_change_requests = count
        result[participant_id].change_requested_at = first
    return result


def status(participant: Participant) -> Status:
    return statuses([participant.id])[participant.id]
