"""Finding a participant's plan and its versions: the draft, the published ones, the current
one."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from portal.database import db, read_once
from portal.participants.models import Participant
from portal.plans.models import (
    Plan,
    PlanVersion,
    VersionStatus,
)


class PlanError(Exception):
    """A request the plan cannot honour; str() is a message for the user."""


def plan_of(participant: Participant) -> Plan:
    plan = db.session.scalar(select(Plan).where(Plan.participant_id == participant.id))
    if plan is None:
        plan = Plan(participant=participant)
        db.session.add(plan)
        db.session.flush()
    return plan


def published_versions(plan: Plan) -> list[PlanVersion]:
    return list(
        db.session.scalars(
            select(PlanVersion)
            .where(PlanVersion.plan_id == plan.id, PlanVersion.status == VersionStatus.PUBLISHED)
            .order_by(PlanVersion.number.desc())
        )
    )


def current_version(participant: Participant) -> PlanVersion | None:
    """The newest published version: the one the participant reads and approves. Read once
    a request: the start page and the week's plan source both ask."""
    return read_once(
        ("current_version", participant.id),
        lambda: db.session.scalar(_CURRENT, {"participant_id": participant.id}),
    )


# Built once, as every participant page asks it (building a select cost a tenth of a
# millisecond, as much as PostgreSQL takes to answer it; issue 13).
_CURRENT = (
    select(PlanVersion)
    .join(Plan)
    .where(
        Plan.participant_id == bindparam("participant_id"),
        PlanVersion.status == VersionStatus.PUBLISHED,
    )
    .order_by(PlanVersion.number.desc())
    .limit(1)
)


def version_number(participant: Participant, number: int) -> PlanVersion | None:
    return db.session.scalar(
        select(PlanVersion)
        .join(Plan)
        .where(Plan.participant_id == participant.id, PlanVersion.number == number)
    )


def draft_of(plan: Plan) -> PlanVersion | None:
    return db.session.scalar(
        select(PlanVersion).where(
            PlanVersion.plan_id == plan.id, PlanVersion.status == VersionStatus.DRAFT
        )
    )
