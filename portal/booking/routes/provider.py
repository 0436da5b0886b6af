"""Provider staff (an SFI school, a civic orientation provider): publish occasions, see who
is coming, mark attendance."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff_only
from portal.auth.principal import current_staff
from portal.booking import occasions as published
from portal.booking import waiting_list
from portal.booking.attendance import mark_attendance
from portal.booking.forms import OccasionForm, attendance_form
from portal.booking.models import BookingStatus
from portal.booking.occasions import OccasionDetails
from portal.booking.rules import BookingError
from portal.booking.vocabulary import AbsenceReason, AttendanceStatus, OccasionType
from portal.database import utcnow
from portal.dates import local_zone
from portal.forms import Form
from portal.participants.registry import municipality_choices
from portal.phrasebook import stored
from portal.privacy import access_log
from portal.staff.models import StaffRole

bp = Blueprint("provider", __name__, url_prefix="/staff/occasions")

providers = staff_only(StaffRole.PROVIDER)


@bp.before_request
def pass_on_lapsed_offers() -> None:
    waiting_list.expire_offers()


@bp.get("")
@providers
def occasions() -> str:
    found = published.occasions_of(current_staff())
    now = utcnow()
    return render_template(
        "booking/provider/occasions.html",
        upcoming=[o for o in found if o.ends_at > now],
        earlier=[o for o in reversed(found) if o.ends_at <= now],
        waiting=published.waiting_counts(o.id for o in found),
    )


def _local(value: datetime) -> datetime:
    return value.replace(tzinfo=local_zone())


@bp.route("/new", methods=["GET", "POST"])
@providers
def new() -> Response | str:
    staff = current_staff()
    form = OccasionForm(municipalities=municipality_choices(staff))
    if not form.is_submitted():
        form.municipality.data = staff.organisation.municipality_id
        form.written_in.data = staff.organisation.language
    if form.validate_on_submit():
        details = OccasionDetails(
            kind=OccasionType(form.kind.data),
            title=form.title.data,
            language=form.language.data,
            address=form.address.data,
            municipality_id=form.municipality.data,
            capacity=form.capacity.data or 0,
            open_to_county=form.open_to_county.data,
            book_by=_local(form.book_by.data),
            cancel_by=_local(form.cancel_by.data),
            description=form.description.data or "",
            phrases=stored(form.phrases.data),
            written_in=form.written_in.data,
        )
        try:
            occasion = published.publish(staff, details, form.meetings)
        except BookingError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("The occasion is published. Participants can book it now."), "success")
            return redirect(url_for("provider.show", occasion_id=occasion.id), code=303)
    return render_template("booking/provider/new.html", form=form)


@bp.get("/<int:occasion_id>")
@providers
def show(occasion_id: int) -> str:
    occasion = published.occasion_for_provider(current_staff(), occasion_id)
    attendees = published.attendees(occasion)
    waiting = published.waiting_list(occasion)
    access_log.shown([booking.participant_id for booking in [*attendees, *waiting]])
    marked = {
        (record.booking_id, record.meeting_id): record.status
        for booking in attendees
        for record in booking.attendance
    }
    return render_template(
        "booking/provider/show.html",
        occasion=occasion,
        attendees=attendees,
        waiting=waiting,
        marked=marked,
        reasons={
            (record.booking_id, record.meeting_id): record.reason
            for booking in attendees
            for record in booking.attendance
        },
        now=utcnow(),
    )


@bp.get("/<int:occasion_id>/attendees.csv")
@providers
def attendees_csv(occasion_id: int) -> Response:
    """The attendee list and attendance at each meeting, for a spreadsheet."""
    occasion = published.occasion_for_provider(current_staff(), occasion_id)
    return Response(
        published.attendee_list_csv(occasion).encode(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="attendees-{occasion.id}.csv"'},
    )


@bp.post("/<int:occasion_id>/meetings/<int:meeting_id>/attendance/all-present")
@providers
def all_present(occasion_id: int, meeting_id: int) -> Response:
    staff = current_staff()
    occasion = published.occasion_for_provider(staff, occasion_id)
    meeting = published.meeting_of(occasion, meeting_id)
    if Form().validate_on_submit():
        attendees = [
            b.id for b in published.attendees(occasion) if b.status == BookingStatus.CONFIRMED
        ]
        try:
            mark_attendance(
                staff,
                meeting,
                dict.fromkeys(attendees, AttendanceStatus.ATTENDED),
                only_unmarked=True,
            )
        except BookingError as error:
            flash(str(error), "error")
        else:
            flash(_("Everyone not yet marked is marked as present."), "success")
    return redirect(
        url_for("provider.attendance", occasion_id=occasion.id, meeting_id=meeting.id), code=303
    )


@bp.route("/<int:occasion_id>/meetings/<int:meeting_id>/attendance", methods=["GET", "POST"])
@providers
def attendance(occasion_id: int, meeting_id: int) -> Response | str:
    staff = current_staff()
    occasion = published.occasion_for_provider(staff, occasion_id)
    meeting = published.meeting_of(occasion, meeting_id)
    attendees = [b for b in published.attendees(occasion) if b.status == BookingStatus.CONFIRMED]
    access_log.shown([booking.participant_id for booking in attendees])
    records = [
        record
        for booking in attendees
        for record in booking.attendance
        if record.meeting_id == meeting.id
    ]
    form = attendance_form(
        [(b.id, b.participant.name) for b in attendees],
        {record.booking_id: record.status for record in records},
        {record.booking_id: record.reason for record in records},
    )
    started = meeting.starts_at <= utcnow()
    if started and form.validate_on_submit():
        marks = {
            booking.id: AttendanceStatus(value)
            for booking in attendees
            if (value := form[f"booking_{booking.id}"].data)
        }
        reasons = {
            booking.id: AbsenceReason(value)
            for booking in attendees
            if (value := form[f"reason_{booking.id}"].data)
        }
        try:
            mark_attendance(staff, meeting, marks, reasons=reasons)
        except BookingError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("Attendance is saved."), "success")
            return redirect(url_for("provider.show", occasion_id=occasion.id), code=303)
    return render_template(
        "booking/provider/attendance.html",
        occasion=occasion,
        meeting=meeting,
        attendees=attendees,
        form=form,
        started=started,
    )
