"""The second step of a staff sign-in, and setting up the authenticator app: while signing
in (where it is required and missing) or later from one's own account."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from portal.access import public, staff_only
from portal.accounts import second_step, two_factor
from portal.accounts.forms import AppCodeForm, SecondFactorForm
from portal.auth.principal import current_staff
from portal.extensions import limiter
from portal.forms import code_digits
from portal.staff.models import Staff

bp = Blueprint("two_factor", __name__)

ENROLMENT = "totp_enrolment"


def _limit() -> str:
    return str(current_app.config["STAFF_LOGIN_LIMIT"])


def _pending_key() -> str:
    # Per person and address, as the password step: wrong codes from elsewhere (by someone
    # who has the password) cannot lock the person out of their own second step.
    staff = second_step.pending_staff()
    return f"second-factor:{staff.id if staff else 'none'} {request.remote_addr}"


@bp.route("/staff/login/two-factor", methods=["GET", "POST"])
@public
@limiter.limit(_limit, methods=["POST"])
@limiter.limit(_limit, methods=["POST"], key_func=_pending_key)
def verify() -> Response | str:
    staff = second_step.pending_staff()
    if staff is None:
        return redirect(url_for("auth.staff_login"))
    if not two_factor.is_set_up(staff):
        return redirect(url_for("two_factor.set_up"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        entered = form.code.data
        digits = code_digits(entered)
        if len(digits) == 6 and digits.isdigit():
            if two_factor.verify(staff, digits):
                return second_step.finish(staff)
        elif two_factor.use_recovery_code(staff, entered):
            left = two_factor.recovery_codes_left(staff)
            signed_in = second_step.finish(staff)  # a new session: the notice goes after
            flash(
                ngettext(
                    "You signed in with a recovery code. You have %(num)d left: make new ones on your account page.",
                    "You signed in with a recovery code. You have %(num)d left: make new ones on your account page.",
                    left,
                ),
                "info",
            )
            return signed_in
        form.code.errors.append(_("The code is wrong. Check the app and try again."))
    return render_template("accounts/second_factor.html", form=form)


@bp.route("/staff/login/two-factor/set-up", methods=["GET", "POST"])
@public
@limiter.limit(_limit, methods=["POST"])
@limiter.limit(_limit, methods=["POST"], key_func=_pending_key)
def set_up() -> Response | str:
    """A password was right, and this portal requires a second factor the person has not
    set up yet: they set it up now, before their session starts."""
    staff = second_step.pending_staff()
    if staff is None:
        return redirect(url_for("auth.staff_login"))
    if two_factor.is_set_up(staff):
        return redirect(url_for("two_factor.verify"))
    return _enrol(staff, signing_in=True)


@bp.route("/staff/account/two-factor", methods=["GET", "POST"])
@staff_only()
@limiter.limit(_limit, methods=["POST"])
def set_up_own() -> Response | str:
    """Set up the app, or move to a new phone: the old one stops working once the new one
    is confirmed."""
    return _enrol(current_staff(), signing_in=False)


def _enrol(staff: Staff, signing_in: bool) -> Response | str:
    secret = _enrolment_secret(staff)
    form = AppCodeForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.confirm(staff, secret, form.code.data)
        except two_factor.WrongCode:
            form.code.errors.append(_("The code is wrong. Type the 6 digits the app shows now."))
        else:
            target = second_step.pending_target() if signing_in else url_for("account.show")
            session.pop(ENROLMENT, None)
            if signing_in:
                second_step.start(staff)
            # Shown once, in this response, never kept anywhere readable.
            return render_template("accounts/recovery_codes.html", codes=codes, target=target)
    return render_template(
        "accounts/set_up_two_factor.html",
        form=form,
        enrolment=two_factor.enrolment(staff, secret),
        signing_in=signing_in,
    )


def _enrolment_secret(staff: Staff) -> str:
    """The secret being set up in this browser, kept encrypted in the session cookie so
    that reloading the page does not change the QR code."""
    kept = session.get(ENROLMENT)
    if isinstance(kept, dict) and kept.get("staff") == staff.id:
        secret = two_factor.unseal(str(kept.get("sealed", "")))
        if secret:
            return secret
    secret = two_factor.new_secret()
    session[ENROLMENT] = {"staff": staff.id, "sealed": two_factor.seal(secret)}
    return secret
