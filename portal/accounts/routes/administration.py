"""Administrators manage staff: an organisation's administrator their own organisation's,
a county administrator those of every organisation in their county (accounts.scope)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff_only
from portal.accounts import administration, audit, links, scope, two_factor
from portal.accounts.administration import AccountError, Invitee
from portal.accounts.forms import FollowUpForm, InviteForm, ResetForm, RoleForm
from portal.auth.principal import current_staff
from portal.forms import Form
from portal.staff.models import ADMINISTRATORS, Staff, StaffRole
from portal.templating import render

bp = Blueprint("administration", __name__, url_prefix="/staff/admin")

administrators = staff_only(*ADMINISTRATORS)


def _back_to(staff: Staff) -> Response:
    return redirect(url_for("administration.person", staff_id=staff.id), code=303)


@bp.get("/")
@administrators
def home() -> Response:
    admin = current_staff()
    if scope.is_county_administrator(admin):
        return redirect(url_for("county.show"))
    return redirect(url_for("administration.organisation", organisation_id=admin.organisation_id))


@bp.get("/organisations/<int:organisation_id>")
@administrators
def organisation(organisation_id: int) -> str:
    admin = current_staff()
    found = scope.organisation_for(admin, organisation_id)
    people = scope.staff_of(found)
    return render_template(
        "accounts/organisation.html",
        organisation=found,
        people=people,
        manageable={person.id for person in people if scope.may_manage_staff(admin, person)},
        with_two_factor={person.id for person in people if two_factor.is_set_up(person)},
    )


@bp.route("/organisations/<int:organisation_id>/invite", methods=["GET", "POST"])
@administrators
def invite(organisation_id: int) -> Response | str:
    admin = current_staff()
    found = scope.organisation_for(admin, organisation_id)
    form = InviteForm(roles=scope.assignable_roles(admin))
    if form.validate_on_submit():
        by_sms = form.delivery.data == "sms"
        try:
            staff, link = administration.invite(
                found,
                Invitee(
                    form.name.data, form.email.data, StaffRole(form.role.data), form.phone.data
                ),
                admin,
                by_sms=by_sms,
            )
        except AccountError as error:
            (form.phone if by_sms and not form.phone.data else form.email).errors.append(str(error))
        else:
            texted = _(
                "%(name)s is invited. The link is on its way by text message.", name=staff.name
            )
            return _hand_over(staff, link, by_sms, texted)
    return render_template("accounts/invite.html", form=form, organisation=found)


@bp.get("/organisations/<int:organisation_id>/log")
@administrators
def log(organisation_id: int) -> str:
    found = scope.organisation_for(current_staff(), organisation_id)
    return render_template(
        "accounts/log.html",
        organisation=found,
        events=audit.events(organisation_ids=[found.id]),
        describe=audit.describe,
    )


@bp.get("/staff/<int:staff_id>")
@administrators
def person(staff_id: int) -> str:
    admin = current_staff()
    staff = scope.staff_for(admin, staff_id)
    return _person_page(
        admin, staff, RoleForm(roles=scope.assignable_roles(admin), role=staff.role)
    )


def _person_page(
    admin: Staff, staff: Staff, role_form: RoleForm, follow_up_form: FollowUpForm | None = None
) -> str:
    if follow_up_form is None:
        reach = "county" if staff.county_wide else "municipality"
        follow_up_form = FollowUpForm(formdata=None, reach=reach)
    return render(
        "accounts/person.html",
        staff=staff,
        is_self=admin.id == staff.id,
        role_form=role_form,
        follow_up_form=follow_up_form if administration.may_set_follow_up(admin, staff) else None,
        reset_form=ResetForm(),
        form=follow_up_form if follow_up_form.errors else role_form,
        has_two_factor=two_factor.is_set_up(staff),
        events=audit.events(staff_id=staff.id, limit=50),
        describe=audit.describe,
    )


@bp.post("/staff/<int:staff_id>/role")
@administrators
def change_role(staff_id: int) -> Response | str:
    admin = current_staff()
    staff = scope.staff_for(admin, staff_id)
    form = RoleForm(roles=scope.assignable_roles(admin))
    if form.validate_on_submit():
        try:
            administration.change_role(admin, staff, StaffRole(form.role.data))
        except AccountError as error:
            form.role.errors.append(str(error))
        else:
            flash(_("The role is changed."), "success")
            return _back_to(staff)
    return _person_page(admin, staff, form)


@bp.post("/staff/<int:staff_id>/follow-up")
@administrators
def follow_up(staff_id: int) -> Response | str:
    admin = current_staff()
    staff = scope.staff_for(admin, staff_id)
    if not administration.may_set_follow_up(admin, staff):
        abort(404)
    form = FollowUpForm()
    if not form.validate_on_submit():
        return _person_page(
            admin, staff, RoleForm(roles=scope.assignable_roles(admin), role=staff.role), form
        )
    administration.set_follow_up(admin, staff, form.reach.data == "county")
    flash(_("What %(name)s follows up is changed.", name=staff.name), "success")
    return _back_to(staff)


@bp.post("/staff/<int:staff_id>/deactivate")
@administrators
def deactivate(staff_id: int) -> Response:
    admin = current_staff()
    staff = scope.staff_for(admin, staff_id)
    if Form().validate_on_submit():
        try:
            administration.deactivate(admin, staff)
        except AccountError as error:
            flash(str(error), "error")
        else:
            flash(
                _("%(name)s can no longer sign in, and is signed out everywhere.", name=staff.name),
                "success",
            )
    return _back_to(staff)


@bp.post("/staff/<int:staff_id>/reactivate")
@administrators
def reactivate(staff_id: int) -> Response:
    admin = current_staff()
    staff = scope.staff_for(admin, staff_id)
    if Form().validate_on_submit():
        administration.reactivate(admin, staff)
        flash(_("%(name)s can sign in again.", name=staff.name), "success")
    return _back_to(staff)


@bp.post("/staff/<int:staff_id>/reset")
@administrators
def reset(staff_id: int) -> Response | str:
    admin = current_staff()
    staff = scope.staff_for(admin, staff_id)
    form = ResetForm()
    if not form.validate_on_submit():
        return _back_to(staff)
    by_sms = form.delivery.data == "sms"
    try:
        link = administration.reset(admin, staff, by_sms=by_sms)
    except AccountError as error:
        flash(str(error), "error")
        return _back_to(staff)
    texted = _(
        "The sign-in of %(name)s is reset. A new link is on its way by text message.",
        name=staff.name,
    )
    return _hand_over(staff, link, by_sms, texted)


def _hand_over(staff: Staff, link: str, by_sms: bool, texted: str) -> Response | str:
    """The new link: texted to the work phone (say so), or shown once here."""
    if by_sms:
        flash(texted, "success")
        return _back_to(staff)
    return _show_link(staff, link)


def _show_link(staff: Staff, link: str) -> str:
    """The link once, as text and as a QR code, in this response only."""
    qr = links.qr_svg(link, _("QR code with the link"))
    return render_template("accounts/link_shown.html", staff=staff, link=link, qr_svg=qr)
