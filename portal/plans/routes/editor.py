"""The caseworker's side of the plan: draft, publish, revise, and read earlier versions."""

from __future__ import annotations

from typing import TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff_only
from portal.auth.principal import current_staff
from portal.database import db
from portal.forms import Form
from portal.participants.models import Participant
from portal.participants.registry import get_for_staff, municipality_choices
from portal.phrasebook import stored
from portal.plans import approval as signing
from portal.plans import changes as comparing
from portal.plans import drafting, reading
from portal.plans import versions as plan_versions
from portal.plans.drafting import ActivityDetails, GoalDetails
from portal.plans.forms import ActivityForm, GoalForm
from portal.plans.models import Activity, Goal, PlanVersion
from portal.plans.overlaps import overlaps as overlapping
from portal.plans.versions import PlanError
from portal.plans.vocabulary import ActivityType, GoalKind, Term
from portal.staff.models import StaffRole
from portal.vocabulary import Area, OrganisationKind

bp = Blueprint("plan_editor", __name__, url_prefix="/staff/participants/<int:participant_id>/plan")

caseworkers = staff_only(StaffRole.CASEWORKER)
Item = TypeVar("Item", Goal, Activity)


def _participant(participant_id: int) -> Participant:
    return get_for_staff(participant_id, current_staff())


def _draft(participant: Participant) -> PlanVersion:
    draft = plan_versions.draft_of(plan_versions.plan_of(participant))
    if draft is None:
        flash(_("Start a new version before you change the plan."))
        abort(redirect(url_for("plan_editor.edit", participant_id=participant.id)))
    return draft


def _back(participant: Participant) -> Response:
    return redirect(url_for("plan_editor.edit", participant_id=participant.id), code=303)


@bp.get("")
@caseworkers
def edit(participant_id: int) -> str:
    participant = _participant(participant_id)
    plan = plan_versions.plan_of(participant)
    draft = plan_versions.draft_of(plan)
    versions = plan_versions.published_versions(plan)
    shown = draft or (versions[0] if versions else None)
    return render_template(
        "plan_editor/edit.html",
        participant=participant,
        draft=draft,
        versions=versions,
        shown=shown,
        plan=reading.view(shown) if shown else None,
        changes=comparing.changes(versions[0], draft) if draft and versions else [],
        overlaps=overlapping(draft.activities) if draft else [],
        ids=_ids(draft),
    )


@bp.route("/goals/new", methods=["GET", "POST"])
@caseworkers
def new_goal(participant_id: int) -> Response | str:
    participant = _participant(participant_id)
    draft = _draft(participant)
    form = GoalForm()
    if not form.is_submitted():
        form.note_language.data = current_staff().organisation.language
    if form.validate_on_submit():
        drafting.add_goal(draft, _goal_details(form))
        return _back(participant)
    return render_template("plan_editor/goal.html", participant=participant, form=form, goal=None)


@bp.route("/goals/<int:goal_id>", methods=["GET", "POST"])
@caseworkers
def edit_goal(participant_id: int, goal_id: int) -> Response | str:
    participant = _participant(participant_id)
    goal = _item(Goal, goal_id, _draft(participant))
    form = GoalForm(obj=goal)
    if form.validate_on_submit():
        drafting.update_goal(goal, _goal_details(form))
        return _back(participant)
    return render_template("plan_editor/goal.html", participant=participant, form=form, goal=goal)


@bp.route("/activities/new", methods=["GET", "POST"])
@caseworkers
def new_activity(participant_id: int) -> Response | str:
    participant = _participant(participant_id)
    draft = _draft(participant)
    form = ActivityForm(municipalities=municipality_choices(current_staff()))
    if not form.is_submitted():
        form.note_language.data = current_staff().organisation.language
        form.municipality.data = participant.municipality_id
    if form.validate_on_submit():
        drafting.add_activity(draft, _activity_details(form))
        return _back(participant)
    return render_template(
        "plan_editor/activity.html", participant=participant, form=form, activity=None
    )


@bp.route("/activities/<int:activity_id>", methods=["GET", "POST"])
@caseworkers
def edit_activity(participant_id: int, activity_id: int) -> Response | str:
    participant = _participant(participant_id)
    activity = _item(Activity, activity_id, _draft(participant))
    form = ActivityForm(obj=activity, municipalities=municipality_choices(current_staff()))
    if not form.is_submitted():
        form.weekdays.data = activity.days
    if form.validate_on_submit():
        drafting.update_activity(activity, _activity_details(form))
        return _back(participant)
    return render_template(
        "plan_editor/activity.html", participant=participant, form=form, activity=activity
    )


@bp.post("/<any(goals, activities):kind>/<int:item_id>/remove")
@caseworkers
def remove(participant_id: int, kind: str, item_id: int) -> Response | str:
    participant = _participant(participant_id)
    draft = _draft(participant)
    item = _item(Goal, item_id, draft) if kind == "goals" else _item(Activity, item_id, draft)
    if Form().validate_on_submit():
        drafting.remove_item(item)
    return _back(participant)


@bp.post("/publish")
@caseworkers
def publish(participant_id: int) -> Response:
    participant = _participant(participant_id)
    draft = _draft(participant)
    if Form().validate_on_submit():
        try:
            version = drafting.publish(draft, current_staff())
        except PlanError as error:
            flash(str(error), "error")
        else:
            flash(
                _(
                    "Version %(number)s is published. Send the link so that %(name)s can read and approve it.",
                    number=version.number,
                    name=participant.name,
                ),
                "success",
            )
            return redirect(url_for("participants.show", participant_id=participant.id), code=303)
    return _back(participant)


@bp.post("/revise")
@caseworkers
def revise(participant_id: int) -> Response:
    participant = _participant(participant_id)
    if Form().validate_on_submit():
        drafting.start_revision(plan_versions.plan_of(participant), current_staff())
    return _back(participant)


@bp.post("/discard")
@caseworkers
def discard(participant_id: int) -> Response:
    participant = _participant(participant_id)
    draft = _draft(participant)
    if Form().validate_on_submit() and plan_versions.published_versions(draft.plan):
        drafting.discard_draft(draft)
    return _back(participant)


@bp.get("/versions/<int:number>")
@caseworkers
def version(participant_id: int, number: int) -> str:
    participant = _participant(participant_id)
    found = plan_versions.version_number(participant, number)
    if found is None:
        abort(404)
    approvals = [a for a in signing.approvals(participant) if a.plan_version_id == found.id]
    return render_template(
        "plan_editor/version.html",
        participant=participant,
        version=found,
        plan=reading.view(found),
        approvals=approvals,
    )


def _ids(draft: PlanVersion | None) -> dict[str, int]:
    """Item ids by key, to link each item the page shows to its edit form."""
    if draft is None:
        return {}
    return {goal.key: goal.id for goal in draft.goals} | {
        activity.key: activity.id for activity in draft.activities
    }


def _item(model: type[Item], item_id: int, draft: PlanVersion) -> Item:
    item = db.session.get(model, item_id)
    if item is None or item.version_id != draft.id:
        abort(404)
    return item


def _goal_details(form: GoalForm) -> GoalDetails:
    return GoalDetails(
        area=Area(form.area.data),
        term=Term(form.term.data),
        kind=GoalKind(form.kind.data),
        note=form.note.data or "",
        phrases=stored(form.phrases.data),
        note_language=form.note_language.data,
    )


def _activity_details(form: ActivityForm) -> ActivityDetails:
    return ActivityDetails(
        kind=ActivityType(form.kind.data),
        area=form.chosen_area,
        responsible=OrganisationKind(form.responsible.data),
        place=form.place.data or "",
        start_date=form.start_date.data,
        end_date=form.end_date.data,
        weekdays=form.weekday_mask,
        start_time=form.start_time.data,
        end_time=form.end_time.data,
        note=form.note.data or "",
        phrases=stored(form.phrases.data),
        note_language=form.note_language.data,
        municipality_id=form.municipality.data,
    )
