"""Provider staff change what they published: details and seats, the time of a meeting,
cancel a meeting or the whole occasion, copy it to new dates."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff_only
from portal.auth.principal import current_staff
from portal.booking import changes
from portal.booking import occasions as published
from portal.booking.changes import OccasionEdit
from portal.booking.forms import CopyForm, MeetingForm, OccasionEditForm
from portal.booking.models import Occasion
from portal.booking.occasions import local_time
from portal.booking.rules import BookingError
from portal.dates import local_zone
from portal.forms import Form
from portal.participants.registry import municipality_choices
from portal.staff.models import StaffRole

bp = Blueprint("occasion_changes", __name__, url_prefix="/staff/occasions/<int:occasion_id>")

providers = staff_only(StaffRole.PROVIDER)


def _local(value: datetime) -> datetime:
    return value.replace(tzinfo=local_zone())


def _back(occasion: Occasion | int, message: str) -> Response:
    flash(message, "success")
    occasion_id = occasion if isinstance(occasion, int) else occasion.id
    return redirect(url_for("provider.show", occasion_id=occasion_id), code=303)


@bp.route("/edit", methods=["GET", "POST"])
@providers
def edit(occasion_id: int) -> Response | str:
    staff = current_staff()
    occasion = published.occasion_for_provider(staff, occasion_id)
    holders = published.attendees(occasion)
    form = OccasionEditForm(
        obj=occasion,
        municipalities=municipality_choices(staff),
        holders=[(booking.id, booking.participant.name) for booking in holders],
    )
    if not form.is_submitted():
        form.municipality.data = occasion.municipality_id
        form.book_by.data = occasion.book_by.astimezone(local_zone()).replace(tzinfo=None)
        form.cancel_by.data = occasion.cancel_by.astimezone(local_zone()).replace(tzinfo=None)
    if form.validate_on_submit():
        try:
            changes.edit(
                staff,
                occasion.id,
                OccasionEdit(
                    title=form.title.data,
                    address=form.address.data,
                    municipality_id=form.municipality.data,
                    description=form.description.data or "",
                    capacity=form.capacity.data or 0,
                    book_by=_local(form.book_by.data),
                    cancel_by=_local(form.cancel_by.data),
                ),
                to_waiting_list=form.to_waiting_list.data or [],
            )
        except BookingError as error:
            form.form_errors.append(str(error))
        else:
            return _back(occasion_id, _("The changes are saved. Everyone booked has been told."))
    return render_template(
        "booking/provider/edit.html", form=form, occasion=occasion, holders=holders
    )


@bp.route("/meetings/<int:meeting_id>/move", methods=["GET", "POST"])
@providers
def move_meeting(occasion_id: int, meeting_id: int) -> Response | str:
    staff = current_staff()
    occasion = published.occasion_for_provider(staff, occasion_id)
    meeting = published.meeting_of(occasion, meeting_id)
    form = MeetingForm()
    if not form.is_submitted():
        starts, ends = (
            meeting.starts_at.astimezone(local_zone()),
            meeting.ends_at.astimezone(local_zone()),
        )
        form.day.data, form.start_time.data, form.end_time.data = (
            starts.date(),
            starts.time(),
            ends.time(),
        )
    if form.validate_on_submit():
        try:
            changes.move_meeting(
                staff,
                occasion.id,
                meeting.id,
                local_time(form.day.data, form.start_time.data),
                local_time(form.day.data, form.end_time.data),
            )
        except BookingError as error:
            form.form_errors.append(str(error))
        else:
            return _back(occasion_id, _("The meeting is moved. Everyone booked has been told."))
    return render_template(
        "booking/provider/move_meeting.html", form=form, occasion=occasion, meeting=meeting
    )


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
@providers
def cancel_meeting(occasion_id: int, meeting_id: int) -> Response | str:
    staff = current_staff()
    occasion = published.occasion_for_provider(staff, occasion_id)
    meeting = published.meeting_of(occasion, meeting_id)
    form = Form()
    if form.validate_on_submit():
        try:
            changes.cancel_meeting(staff, occasion.id, meeting.id)
        except BookingError as error:
            form.form_errors.append(str(error))
        else:
            return _back(occasion_id, _("The meeting is cancelled. Everyone booked has been told."))
    return render_template(
        "booking/provider/cancel.html", form=form, occasion=occasion, meeting=meeting
    )


@bp.route("/cancel", methods=["GET", "POST"])
@providers
def cancel(occasion_id: int) -> Response | str:
    staff = current_staff()
    occasion = published.occasion_for_provider(staff, occasion_id)
    form = Form()
    if form.validate_on_submit():
        try:
            changes.cancel_occasion(staff, occasion.id)
        except BookingError as error:
            form.form_errors.append(str(error))
        else:
            return _back(
                occasion_id,
                _("The occasion is cancelled. Everyone booked or waiting has been told."),
            )
    return render_template(
        "booking/provider/cancel.html", form=form, occasion=occasion, meeting=None
    )


@bp.route("/copy", methods=["GET", "POST"])
@providers
def copy(occasion_id: int) -> Response | str:
    staff = current_staff()
    occasion = published.occasion_for_provider(staff, occasion_id)
    form = CopyForm()
    if form.validate_on_submit():
        try:
            made = changes.copy(staff, occasion, form.first_date.data)
        except BookingError as error:
            form.form_errors.append(str(error))
        else:
            return _back(made, _("The copy is published. Participants can book it now."))
    return render_template("booking/provider/copy.html", form=form, occasion=occasion)
