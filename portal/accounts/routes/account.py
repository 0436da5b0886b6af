"""A member of staff's own account: their details, password and second factor."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.access import staff_only
from portal.accounts import administration, two_factor
from portal.accounts.administration import AccountError
from portal.accounts.forms import ChangePasswordForm
from portal.auth.principal import current_staff
from portal.extensions import limiter
from portal.forms import Form

bp = Blueprint("account", __name__, url_prefix="/staff/account")


@bp.get("")
@staff_only()
def show() -> str:
    staff = current_staff()
    return render_template(
        "accounts/account.html",
        staff=staff,
        has_two_factor=two_factor.is_set_up(staff),
        codes_left=two_factor.recovery_codes_left(staff),
        form=Form(),
    )


@bp.route("/password", methods=["GET", "POST"])
@staff_only()
@limiter.limit(lambda: str(current_app.config["STAFF_LOGIN_LIMIT"]), methods=["POST"])
def password() -> Response | str:
    staff = current_staff()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        problem = administration.password_problem(form.password.data, staff)
        if problem:
            form.password.errors.append(problem)
        else:
            try:
                administration.change_own_password(
                    staff, form.current.data, form.password.data, current_user.login.id
                )
            except AccountError as error:
                form.current.errors.append(str(error))
            else:
                flash(_("Your password is changed. You are signed out everywhere else."), "success")
                return redirect(url_for("account.show"), code=303)
    return render_template("accounts/change_password.html", form=form)


@bp.post("/recovery-codes")
@staff_only()
def recovery_codes() -> Response | str:
    staff = current_staff()
    if not Form().validate_on_submit() or not two_factor.is_set_up(staff):
        return redirect(url_for("account.show"), code=303)
    codes = two_factor.new_recovery_codes(staff)
    return render_template(
        "accounts/recovery_codes.html", codes=codes, target=url_for("account.show")
    )
