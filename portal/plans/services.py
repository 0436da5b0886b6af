"""Drafting, publishing, showing and approving plans.

The participant's page and the approval record are built from one structure, `PlanView`:
what the page shows is exactly what the approval's hash covers.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, time
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.database import db, transaction, utcnow
from portal.participants.models import Participant
from portal.plans.models import (
    Activity,
    Approval,
    ChangeRequest,
    Goal,
    Plan,
    PlanVersion,
    VersionStatus,
)
from portal.plans.vocabulary import CURRENT_STATEMENT, STATEMENTS, ActivityType, GoalKind, Term
from portal.staff.models import Staff
from portal.templating import clock, short_date, weekday_names
from portal.vocabulary import Area, OrganisationKind


class PlanError(Exception):
    """A request the plan cannot honour; str() is a message for the user."""


# --- finding -------------------------------------------------------------------------------


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
    """The newest published version: the one the participant reads and approves."""
    return db.session.scalar(
        select(PlanVersion)
        .join(Plan)
        .where(Plan.participant_id == participant.id, PlanVersion.status == VersionStatus.PUBLISHED)
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


# --- drafting ------------------------------------------------------------------------------


@dataclass
class GoalDetails:
    area: Area
    term: Term
    kind: GoalKind
    note: str = ""


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


def _require_draft(version: PlanVersion) -> None:
    if not version.is_draft:
        raise PlanError(_("A published version cannot be changed. Start a new version instead."))


@transaction
def add_goal(draft: PlanVersion, details: GoalDetails) -> Goal:
    _require_draft(draft)
    goal = Goal(version=draft, **asdict(details))
    db.session.add(goal)
    db.session.flush()
    return goal


@transaction
def update_goal(goal: Goal, details: GoalDetails) -> None:
    _require_draft(goal.version)
    for name, value in asdict(details).items():
        setattr(goal, name, value)


@transaction
def add_activity(draft: PlanVersion, details: ActivityDetails) -> Activity:
    _require_draft(draft)
    activity = Activity(version=draft, **asdict(details))
    db.session.add(activity)
    db.session.flush()
    return activity


@transaction
def update_activity(activity: Activity, details: ActivityDetails) -> None:
    _require_draft(activity.version)
    for name, value in asdict(details).items():
        setattr(activity, name, value)


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
    return draft


_GOAL_FIELDS = ("key", "area", "term", "kind", "note")
_ACTIVITY_FIELDS = (
    "key",
    "area",
    "kind",
    "responsible",
    "place",
    "start_date",
    "end_date",
    "weekdays",
    "start_time",
    "end_time",
    "note",
)


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
            draft.goals.append(Goal(**{name: getattr(goal, name) for name in _GOAL_FIELDS}))
        for activity in latest.activities:
            draft.activities.append(
                Activity(**{name: getattr(activity, name) for name in _ACTIVITY_FIELDS})
            )
    db.session.flush()
    return draft


@transaction
def discard_draft(draft: PlanVersion) -> None:
    _require_draft(draft)
    db.session.delete(draft)


# --- showing -------------------------------------------------------------------------------


@dataclass
class GoalView:
    key: str
    term: str
    term_label: str
    kind: str
    label: str
    note: str


@dataclass
class ActivityView:
    key: str
    kind: str
    label: str
    responsible: str
    responsible_label: str
    place: str
    start_date: str
    end_date: str | None
    # Formatted for the reader; the template puts them in translated sentences.
    start_date_label: str
    end_date_label: str
    days: list[int]
    days_label: str
    start_time: str
    end_time: str
    note: str


@dataclass
class AreaView:
    area: str
    label: str
    goals: list[GoalView] = field(default_factory=list)
    activities: list[ActivityView] = field(default_factory=list)


@dataclass
class PlanView:
    """One version of a plan as the reader sees it, in the current language."""

    version: int | None
    language: str
    areas: list[AreaView]

    def canonical(self, statement: str | None = None) -> str:
        content: dict[str, Any] = asdict(self)
        if statement is not None:
            content["statement"] = statement
        return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def view(version: PlanVersion) -> PlanView:
    areas = {area: AreaView(area=area.value, label=str(area.label)) for area in Area}
    for goal in sorted(version.goals, key=lambda g: (g.term != Term.SHORT, g.id)):
        areas[Area(goal.area)].goals.append(
            GoalView(
                key=goal.key,
                term=goal.term,
                term_label=str(Term(goal.term).label),
                kind=goal.kind,
                label=str(GoalKind(goal.kind).label),
                note=goal.note,
            )
        )
    for activity in sorted(version.activities, key=lambda a: (a.start_date, a.id)):
        areas[Area(activity.area)].activities.append(
            ActivityView(
                key=activity.key,
                kind=activity.kind,
                label=str(ActivityType(activity.kind).label),
                responsible=activity.responsible,
                responsible_label=str(OrganisationKind(activity.responsible).label),
                place=activity.place,
                start_date=activity.start_date.isoformat(),
                end_date=activity.end_date.isoformat() if activity.end_date else None,
                start_date_label=short_date(activity.start_date),
                end_date_label=short_date(activity.end_date),
                days=activity.days,
                days_label=weekday_names(activity.days),
                start_time=clock(activity.start_time),
                end_time=clock(activity.end_time),
                note=activity.note,
            )
        )
    return PlanView(
        version=version.number,
        language=str(get_locale()),
        areas=[area for area in areas.values() if area.goals or area.activities],
    )


# --- comparing -----------------------------------------------------------------------------


@dataclass
class Change:
    what: str  # "added", "removed", "changed"
    label: str


def changes(before: PlanVersion, after: PlanVersion) -> list[Change]:
    """What differs between two versions, item by item, in the reader's language."""
    result: list[Change] = []
    pairs: list[tuple[dict[str, Any], dict[str, Any], str]] = []
    for items, fields_, label_of in (
        (
            (before.goals, after.goals),
            _GOAL_FIELDS,
            lambda item: str(GoalKind(item["kind"]).label),
        ),
        (
            (before.activities, after.activities),
            _ACTIVITY_FIELDS,
            lambda item: str(ActivityType(item["kind"]).label),
        ),
    ):
        old = {item.key: {f: getattr(item, f) for f in fields_} for item in items[0]}
        new = {item.key: {f: getattr(item, f) for f in fields_} for item in items[1]}
        for key, item in new.items():
            if key not in old:
                result.append(Change("added", label_of(item)))
            elif item != old[key]:
                pairs.append((old[key], item, label_of(item)))
        for key, item in old.items():
            if key not in new:
                result.append(Change("removed", label_of(item)))
    result.extend(Change("changed", label) for _old, _new, label in pairs)
    order = {"added": 0, "changed": 1, "removed": 2}
    return sorted(result, key=lambda change: order[change.what])


# --- approving -----------------------------------------------------------------------------


def statement() -> str:
    return str(STATEMENTS[CURRENT_STATEMENT])


def latest_approval(participant: Participant) -> Approval | None:
    return db.session.scalar(
        select(Approval)
        .where(Approval.participant_id == participant.id)
        .order_by(Approval.id.desc())
        .limit(1)
    )


def approval_of(participant: Participant, version: PlanVersion) -> Approval | None:
    return db.session.scalar(
        select(Approval).where(
            Approval.participant_id == participant.id, Approval.plan_version_id == version.id
        )
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


@transaction
def approve(participant: Participant, version: PlanVersion, evidence: Evidence) -> Approval:
    if version.is_draft or current_version(participant) != version:
        raise PlanError(_("This version of the plan has been replaced. Read the new one first."))
    existing = approval_of(participant, version)
    if existing is not None:
        return existing
    shown = view(version)
    content = shown.canonical(statement())
    approval = Approval(
        participant_id=participant.id,
        plan_version_id=version.id,
        content=content,
        content_sha256=hashlib.sha256(content.encode()).hexdigest(),
        language=shown.language,
        statement_version=CURRENT_STATEMENT,
        approved_at=utcnow(),
        ip_address=evidence.ip_address,
        user_agent=(evidence.user_agent or "")[:400] or None,
        invitation_id=evidence.invitation_id,
        login_session_id=evidence.login_session_id,
        code_id=evidence.code_id,
    )
    db.session.add(approval)
    db.session.flush()
    return approval


# --- asking for a change -------------------------------------------------------------------


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
    return change


def change_requests(participant: Participant) -> list[ChangeRequest]:
    return list(
        db.session.scalars(
            select(ChangeRequest)
            .where(ChangeRequest.participant_id == participant.id)
            .order_by(ChangeRequest.id.desc())
        )
    )


@transaction
def mark_handled(change: ChangeRequest, staff: Staff) -> None:
    if change.handled_at is None:
        change.handled_at = utcnow()
        change.handled_by_id = staff.id
