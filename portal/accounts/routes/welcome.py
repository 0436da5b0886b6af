"""The one-time link a member of staff gets when invited or reset: choose a password.

The token is in the address only for the first request: it is exchanged for the link's id
in the signed session cookie, and the browser is sent to an address without it."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, session, url_for
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from portal import i18n
from portal.access import public
from portal.accounts import administration, links, second_step
from portal.accounts.administration import AccountError
from portal.accounts.forms import ChoosePasswordForm
from portal.accounts.links import LinkProblem
from portal.auth.sessions import end_session
from portal.extensions import limiter

bp = Blueprint("welcome", __name__, url_prefix="/staff/welcome")

LINK = "staff_link"


@bp.get("/<token>")
@public
@limiter.limit(lambda: str(current_app.config["CODE_LIMIT"]))
def open_link(token: str) -> Response | tuple[str, int]:
    opened = links.open_link(token)
    if isinstance(opened, LinkProblem):
        status = 404 if opened is LinkProblem.UNKNOWN else 410
        return render_template("accounts/link_problem.html", problem=opened.value), status
    if current_user.is_authenticated:
        # Someone else's session on this browser ends: the link is for its own person.
        end_session(current_user.login)
        logout_user()
    language = session.get(i18n.SESSION_KEY)
    session.clear()
    if language:
        session[i18n.SESSION_KEY] = language
    session[LINK] = opened.id
    return redirect(url_for("welcome.choose_password"), code=303)


@bp.route("", methods=["GET", "POST"])
@public
@limiter.limit(lambda: str(current_app.config["STAFF_LOGIN_LIMIT"]), methods=["POST"])
def choose_password() -> Response | str | tuple[str, int]:
    link = links.usable(session.get(LINK))
    if link is None:
        return render_template("accounts/link_problem.html", problem="expired"), 410
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        problem = administration.password_problem(form.password.data, link.staff)
        if problem:
            form.password.errors.append(problem)
        else:
            try:
                staff = administration.choose_password(link, form.password.data)
            except AccountError as error:
                form.password.errors.append(str(error))
            else:
                session.pop(LINK, None)
                return second_step.after_password(
                    staff, form.password.data, url_for("staff.dashboard")
                )
    return render_template("accounts/choose_password.html", form=form, link=link)
