"""The caseworker drafts a version, publishes it, and starts the next one from it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, time
from typing import Any, TypeVar

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.auth.models import Invitation
from portal.database import db, transaction, utcnow
from portal.participants import status as standing
from portal.plans import messages
from portal.plans.models import (
    ACTIVITY_FIELDS,
    GOAL_FIELDS,
    Activity,
    Goal,
    Plan,
    PlanVersion,
    VersionStatus,
    area_bits,
)
from portal.plans.versions import PlanError, draft_of, published_versions
from portal.plans.vocabulary import ActivityType, GoalKind, Term
from portal.sms import service as sms
from portal.staff.models import Staff
from portal.urls import public_url
from portal.vocabulary import Area, OrganisationKind


@dataclass
class GoalDetails:
    area: Area
    term: Term
    kind: GoalKind
    note: str = ""
    # Sentences from the phrasebook, as stored: [{"id": ..., "values": {...}}].
    phrases: list[dict[str, Any]] = field(default_factory=list)
    note_language: str = "sv"


@dataclass
class ActivityDetails:
    kind: ActivityType
    area: Area
    responsible: OrganisationKind
    place: str
    start_date: date
    end_date: date | None
    weekdays: int
    start_time: time | None
    end_time: time | None
    note: str = ""
    phrases: list[dict[str, Any]] = field(default_factory=list)
    note_language: str = "sv"
    # The town of the place.
    municipality_id: int | None = None


def _require_draft(version: PlanVersion) -> None:
    if not version.is_draft:
        raise PlanError(_("A published version cannot be changed. Start a new version instead."))


Item = TypeVar("Item", Goal, Activity)


def _add(item: Item) -> Item:
    db.session.add(item)
    db.session.flush()
    return item


def _update(item: Goal | Activity, details: GoalDetails | ActivityDetails) -> None:
    _require_draft(item.version)
    for name, value in asdict(details).items():
        setattr(item, name, value)


@transaction
def add_goal(draft: PlanVersion, details: GoalDetails) -> Goal:
    _require_draft(draft)
    return _add(Goal(version=draft, **asdict(details)))


@transaction
def update_goal(goal: Goal, details: GoalDetails) -> None:
    _update(goal, details)


@transaction
def add_activity(draft: PlanVersion, details: ActivityDetails) -> Activity:
    _require_draft(draft)
    return _add(Activity(version=draft, **asdict(details)))


@transaction
def update_activity(activity: Activity, details: ActivityDetails) -> None:
    _update(activity, details)


@transaction
def remove_item(item: Goal | Activity) -> None:
    _require_draft(item.version)
    db.session.delete(item)


@transaction
def publish(draft: PlanVersion, staff: Staff) -> PlanVersion:
    _require_draft(draft)
    if not draft.goals and not draft.activities:
        raise PlanError(_("Add at least one goal or activity before you publish the plan."))
    highest = db.session.scalar(
        select(func.max(PlanVersion.number)).where(PlanVersion.plan_id == draft.plan_id)
    )
    draft.number = (highest or 0) + 1
    draft.status = VersionStatus.PUBLISHED
    draft.published_at = utcnow()
    draft.published_by_id = staff.id
    draft.areas = area_bits(activity.area for activity in draft.activities)
    db.session.flush()
    standing.refresh(draft.plan.participant_id)
    _tell_of_revision(draft)
    return draft


def _tell_of_revision(version: PlanVersion) -> None:
    """A new version of a plan the participant has had a link to: they are texted, in their
    language, that it changed and needs their approval. (The first version reaches them
    with the link the caseworker sends.)"""
    if (version.number or 0) < 2:
        return
    participant = version.plan.participant
    invited = db.session.scalar(
        select(Invitation.id).where(Invitation.participant_id == participant.id).limit(1)
    )
    if invited is not None:
        sms.queue(participant, "plan_changed", messages.plan_changed, link=public_url("plans.show"))


@transaction
def start_revision(plan: Plan, staff: Staff) -> PlanVersion:
    """A new draft that starts as a copy of the newest version, item keys kept."""
    existing = draft_of(plan)
    if existing is not None:
        return existing
    versions = published_versions(plan)
    draft = PlanVersion(plan=plan, created_by_id=staff.id)
    db.session.add(draft)
    if versions:
        latest = versions[0]
        for goal in latest.goals:
            draft.goals.append(Goal(**{name: getattr(goal, name) for name in GOAL_FIELDS}))
        for activity in latest.activities:
            draft.activities.append(
                Activity(**{name: getattr(activity, name) for name in ACTIVITY_FIELDS})
            )
    db.session.flush()
    return draft


@transaction
def discard_draft(draft: PlanVersion) -> None:
    _require_draft(draft)
    db.session.delete(draft)
