"""The caseworker's desk: their organisation's participants and text messages."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal import i18n, translation_files
from portal.access import staff_only
from portal.auth.principal import current_staff
from portal.participants import desk
from portal.participants.desk import DeskQuery, Direction, Show, Sort
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
    if staff.role == StaffRole.COORDINATOR:
        # Coordinators see figures, never a person's record.
        return redirect(url_for("followup.figures"))
    form = ParticipantFilterForm(request.args)
    form.validate()
    query = DeskQuery(
        text=(form.q.data or "") if not form.q.errors else "",
        show=_choice(Show, form.show.data, Show.ATTENTION if not request.args else Show.EVERYONE),
        sort=_choice(Sort, form.sort.data, Sort.NAME),
        days=form.days.data if form.days.data is not None and not form.days.errors else 7,
        cursor=request.args.get("after") or request.args.get("before"),
        direction=Direction.BEFORE if request.args.get("before") else Direction.AFTER,
    )
    form.show.data, form.sort.data, form.days.data = query.show, query.sort, query.days
    found = desk.page(staff, query)
    return render(
        "staff/dashboard.html",
        block="participant_table",
        form=form,
        found=found,
        query=query,
        args={k: v for k, v in request.args.items() if k not in ("after", "before")},
    )


E = TypeVar("E", bound=StrEnum)


def _choice(kind: type[E], value: str | None, default: E) -> E:
    try:
        return kind(value) if value else default
    except ValueError:
        return default


@bp.get("/translations")
@staff_only()
def translations() -> str:
    """Which languages the portal speaks and how far each translation can be trusted."""
    return render(
        "staff/translations.html",
        rows=[(language, translation_files.status(language.code)) for language in i18n.languages()],
    )


@bp.get("/outbox")
@staff_only(StaffRole.CASEWORKER)
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
