"""Signing staff in through an external identity provider (SITHS, BankID): see
portal/auth/external.py. Answers 404 where none is configured."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, request, url_for
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from portal.access import public
from portal.accounts import second_step
from portal.auth import external
from portal.database import db
from portal.errors import render_error
from portal.extensions import csrf, limiter
from portal.forms import Form
from portal.staff.models import Staff

bp = Blueprint("external_sign_in", __name__, url_prefix="/staff/login/external")


@bp.post("")
@public
def start() -> Response:
    provider = external.configured()
    if provider is None or not Form().validate_on_submit():
        abort(404)
    return redirect(provider.start(url_for("external_sign_in.finish", _external=True)))


@bp.route("/return", methods=["GET", "POST"])
@public
@csrf.exempt  # the provider posts its answer from its own site; `finish` checks it
@limiter.limit(lambda: str(current_app.config["STAFF_LOGIN_LIMIT"]))
def finish() -> Response | tuple[str, int]:
    provider = external.configured()
    if provider is None:
        abort(404)
    try:
        email = provider.finish(request)
    except external.ExternalSignInFailed:
        return render_error(403)
    staff = db.session.scalar(select(Staff).where(func.lower(Staff.email) == email.lower()))
    if staff is None or not staff.active:
        return render_error(403)
    return second_step.finish(staff, url_for("staff.dashboard"))
