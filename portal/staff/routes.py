"""The caseworker's desk: their organisation's participants and text messages."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal import i18n, translation_files
from portal.access import staff_only
from portal.auth.principal import current_staff
from portal.participants import registry
from portal.participants import status as standing
from portal.sms import service as sms
from portal.staff import contact
from portal.staff.forms import ContactForm, ParticipantFilterForm
from portal.staff.models import ADMINISTRATORS, StaffRole
from portal.templating import render

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.get("/")
@staff_only()
def dashboard() -> Response | str:
    staff = current_staff()
    if staff.role == StaffRole.PROVIDER:
        # Providers have no participants of their own: their desk is their occasions.
        return redirect(url_for("provider.occasions"))
    if staff.role in ADMINISTRATORS:
        # Administrators see no participants: their desk is their staff.
        return redirect(url_for("administration.home"))
    form = ParticipantFilterForm(request.args)
    form.validate()
    people = registry.for_staff(staff)
    statuses = standing.statuses([person.id for person in people])
    query = (form.q.data or "").casefold()
    wanted = form.status.data or ""
    rows = [
        (person, statuses[person.id])
        for person in people
        if query in person.name.casefold() and _matches(statuses[person.id], wanted)
    ]
    return render(
        "staff/dashboard.html",
        block="participant_table",
        form=form,
        rows=rows,
        total=len(people),
    )


def _matches(status: standing.Status, wanted: str) -> bool:
    if wanted == "waiting":
        return status.needs_approval
    if wanted == "approved":
        return status.current_version is not None and not status.needs_approval
    if wanted == "change":
        return status.open_change_requests > 0
    return True


@bp.get("/translations")
@staff_only()
def translations() -> str:
    """Which languages the portal speaks and how far each translation can be trusted."""
    return render(
        "staff/translations.html",
        rows=[(language, translation_files.status(language.code)) for language in i18n.languages()],
    )


@bp.get("/outbox")
@staff_only()
def outbox() -> str:
    return render(
        "staff/outbox.html",
        messages=sms.outbox(organisation_id=current_staff().organisation_id, limit=200),
    )


@bp.route("/contact", methods=["GET", "POST"])
@staff_only()
def contact_details() -> Response | str:
    """The work phone and hours a caseworker's participants see on their plan and home."""
    staff = current_staff()
    form = ContactForm()
    if not form.is_submitted():
        form.phone.data = staff.phone or ""
        slots = contact.parse_hours(staff.contact_hours)
        if slots:
            form.days.data = list(slots[0].days)
            form.start.data, form.end.data = slots[0].start, slots[0].end
    if form.validate_on_submit():
        contact.save_contact(staff, form.phone.data or None, form.hours)
        flash(_("Your contact details are saved."), "success")
        return redirect(url_for("staff.contact_details"), code=303)
    return render_template("staff/contact.html", form=form)
