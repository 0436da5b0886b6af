"""The caseworker registers participants, sends their link and follows their status."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import segno
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff_only
from portal.auth import invitations, sessions
from portal.auth.principal import current_staff
from portal.booking import attendance, rules, waiting_list
from portal.booking import bookings as booked
from portal.database import utcnow
from portal.forms import Form
from portal.participants import registry
from portal.participants import status as standing
from portal.participants.forms import ParticipantForm, language_choices
from portal.participants.models import Participant
from portal.participants.registry import ParticipantDetails
from portal.plans import approval as signing
from portal.plans import approval_chain, change_requests
from portal.plans import versions as plan_versions
from portal.plans.forms import AnswerForm
from portal.sms import service as sms
from portal.staff.models import StaffRole

bp = Blueprint("participants", __name__, url_prefix="/staff/participants")

caseworkers = staff_only(StaffRole.CASEWORKER)


def _details(form: ParticipantForm) -> ParticipantDetails:
    return ParticipantDetails(
        name=form.name.data,
        name_latin=form.name_latin.data or "",
        phone=form.phone.data,
        language=form.language.data,
        municipality_id=form.municipality.data,
        gender=form.gender.data,
        residence_permit_date=form.residence_permit_date.data,
        introduction_ends_on=form.introduction_ends_on.data,
    )


@dataclass
class Duplicates:
    """Why a participant was not saved: the record there already is, or the others who
    have this number."""

    existing: Participant | None = None
    holders: list[Participant] = field(default_factory=list)


R = TypeVar("R")


def _guarded(form: ParticipantForm, save: Callable[[], R]) -> tuple[R | None, Duplicates]:
    """Run `save`: a person registered twice is refused with a link to their record, and
    a number shared with others asks who this is."""
    try:
        return save(), Duplicates()
    except registry.AlreadyRegistered as refused:
        form.name.errors.append(
            _(
                "%(name)s is already registered with this mobile number.",
                name=refused.participant.name,
            )
        )
        return None, Duplicates(existing=refused.participant)
    except registry.SharesPhone as shared:
        form.shares_phone.errors.append(
            _("Tick the box if this is another person who shares the phone.")
        )
        return None, Duplicates(holders=shared.holders)


@bp.route("/new", methods=["GET", "POST"])
@caseworkers
def new() -> Response | str:
    staff = current_staff()
    form = ParticipantForm(municipalities=registry.municipality_choices(staff))
    if not form.is_submitted():
        form.municipality.data = staff.organisation.municipality_id
    duplicates = Duplicates()
    if form.validate_on_submit():
        participant, duplicates = _guarded(
            form, lambda: registry.register(_details(form), staff, form.shares_phone.data)
        )
        if participant is not None:
            flash(
                _("%(name)s is registered. Now draft the plan.", name=participant.name), "success"
            )
            return redirect(url_for("plan_editor.edit", participant_id=participant.id), code=303)
    return render_template(
        "participants/form.html", form=form, participant=None, duplicates=duplicates
    )


@bp.get("/<int:participant_id>")
@caseworkers
def show(participant_id: int) -> str:
    participant = registry.get_for_staff(participant_id, current_staff())
    return _show(participant)


def _answer_form(**kwargs: Any) -> AnswerForm:
    form = AnswerForm(languages=language_choices(), **kwargs)
    if not form.is_submitted():
        form.language.data = str(get_locale())
    return form


def _show(participant: Participant, answering: int | None = None, answer: Any = None) -> str:
    waiting_list.expire_offers()  # so that no offer shows as open after its time
    bookings, times = booked.bookings_with_times(participant.id)
    now = utcnow()
    return render_template(
        "participants/show.html",
        participant=participant,
        status=standing.status(participant),
        versions=plan_versions.published_versions(plan_versions.plan_of(participant)),
        approvals=signing.approvals(participant),
        approval_breaks=approval_chain.breaks_near(participant.id)[:3],
        change_requests=change_requests.change_requests(participant),
        messages=sms.outbox(participant_id=participant.id, limit=20),
        invitation=invitations.invitation_preview(participant),
        bookings=bookings,
        booking_positions=booked.waiting_positions(bookings),
        booking_cancellable={b.id for b in bookings if rules.cancellable(b, now)},
        booking_summaries=attendance.summaries(bookings, times, now),
        meeting_times=times,
        form=Form(),
        answering=answering,
        answer=answer if answer is not None else _answer_form(),
    )


@bp.post("/<int:participant_id>/change-requests/<int:change_id>/answer")
@caseworkers
def answer_change(participant_id: int, change_id: int) -> Response | str:
    """The caseworker answers a request for change; the participant gets a text."""
    participant = registry.get_for_staff(participant_id, current_staff())
    change = change_requests.change_request_of(participant, change_id)
    form = _answer_form()
    if form.validate_on_submit():
        change_requests.answer(change, current_staff(), form.message.data, form.language.data)
        flash(
            _("Your answer is sent. %(name)s gets a text message about it.", name=participant.name),
            "success",
        )
        return redirect(
            url_for("participants.show", participant_id=participant.id, _anchor="changes"),
            code=303,
        )
    return _show(participant, answering=change.id, answer=form)


@bp.route("/<int:participant_id>/edit", methods=["GET", "POST"])
@caseworkers
def edit(participant_id: int) -> Response | str:
    staff = current_staff()
    participant = registry.get_for_staff(participant_id, staff)
    form = ParticipantForm(obj=participant, municipalities=registry.municipality_choices(staff))
    if not form.is_submitted():
        form.municipality.data = participant.municipality_id
    duplicates = Duplicates()
    if form.validate_on_submit():
        signed_out, duplicates = _guarded(
            form, lambda: registry.update(participant, _details(form), form.shares_phone.data)
        )
        if not form.errors:
            flash(_("The details are saved."), "success")
            if signed_out:
                _tell_signed_out(participant)
            return redirect(url_for("participants.show", participant_id=participant.id), code=303)
    return render_template(
        "participants/form.html", form=form, participant=participant, duplicates=duplicates
    )


@bp.post("/<int:participant_id>/send-link")
@caseworkers
def send_link(participant_id: int) -> Response | str:
    participant = registry.get_for_staff(participant_id, current_staff())
    form = Form()
    if form.validate_on_submit():
        signed_in = sessions.open_count(participant.id)
        invitations.send_invitation(participant, current_staff())
        flash(
            _(
                "A new link has been sent by SMS to %(name)s. Earlier links no longer work.",
                name=participant.name,
            ),
            "success",
        )
        if signed_in:
            _tell_signed_out(participant)
    return redirect(url_for("participants.show", participant_id=participant.id), code=303)


def _tell_signed_out(participant: Participant) -> None:
    flash(
        _("%(name)s has been signed out on every phone and computer.", name=participant.name),
        "success",
    )


@bp.post("/<int:participant_id>/sign-out-everywhere")
@caseworkers
def sign_out_everywhere(participant_id: int) -> Response:
    """For a lost, stolen or shared phone: every session of the participant ends now."""
    participant = registry.get_for_staff(participant_id, current_staff())
    if Form().validate_on_submit():
        if sessions.sign_out_everywhere(participant, current_staff()):
            _tell_signed_out(participant)
        else:
            flash(_("%(name)s was not signed in anywhere.", name=participant.name), "success")
    return redirect(url_for("participants.show", participant_id=participant.id), code=303)


@bp.post("/<int:participant_id>/qr")
@caseworkers
def show_qr(participant_id: int) -> Response | str:
    """For a meeting in person: a new link shown as a QR code, once, and never stored."""
    participant = registry.get_for_staff(participant_id, current_staff())
    if not Form().validate_on_submit():
        return redirect(url_for("participants.show", participant_id=participant.id), code=303)
    signed_in = sessions.open_count(participant.id)
    link = invitations.send_invitation(participant, current_staff(), by_sms=False)
    qr = segno.make(link, error="m")
    return render_template(
        "participants/qr.html",
        participant=participant,
        signed_out=signed_in > 0,
        qr_svg=qr.svg_inline(
            scale=6, dark="#000", light="#fff", title=_("QR code with the sign-in link")
        ),
    )


@bp.post("/<int:participant_id>/change-requests/<int:change_id>/handled")
@caseworkers
def change_handled(participant_id: int, change_id: int) -> Response:
    participant = registry.get_for_staff(participant_id, current_staff())
    change = change_requests.change_request_of(participant, change_id)
    if Form().validate_on_submit():
        change_requests.mark_handled(change, current_staff())
    return redirect(url_for("participants.show", participant_id=participant.id), code=303)
