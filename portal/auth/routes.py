from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from portal import i18n
from portal.access import public
from portal.accounts import second_step
from portal.auth import codes, external, guessing, invitations, pending, sessions, signing_in
from portal.auth.codes import CodeCheck
from portal.auth.forms import CodeForm, PhoneForm, StaffLoginForm, WhoForm
from portal.auth.invitations import LinkProblem
from portal.auth.models import CodePurpose, Invitation, OneTimeCode
from portal.auth.principal import Principal
from portal.auth.sessions import StaffLoginFailed
from portal.database import db, utcnow
from portal.extensions import limiter
from portal.forms import options
from portal.phone import last_digits
from portal.schedule.offline import CLEAR_ON_SIGN_OUT
from portal.urls import safe_next

bp = Blueprint("auth", __name__)

# After the right code on a shared phone: which code proved it, while the person says who.
PENDING_CHOICE = "pending_choice"


def _limit(name: str) -> str:
    return str(current_app.config[name])


def _submitted_phone() -> str:
    return "".join(char for char in request.form.get("phone", "") if char.isdigit())[-9:]


def _submitted_email_here() -> str:
    # Email and address together: wrong passwords from elsewhere cannot lock the person out.
    return f"{request.form.get('email', '').strip().lower()} {request.remote_addr}"


def _client() -> tuple[str | None, str | None]:
    return request.remote_addr, request.user_agent.string


def _begin(principal: Principal, fallback: str) -> Response:
    return signing_in.begin(principal, fallback)


# --- staff ---------------------------------------------------------------------------------


@bp.route("/staff/login", methods=["GET", "POST"])
@public
@limiter.limit(lambda: _limit("STAFF_LOGIN_LIMIT"), methods=["POST"])
@limiter.limit(
    lambda: _limit("STAFF_LOGIN_LIMIT"), methods=["POST"], key_func=_submitted_email_here
)
def staff_login() -> Response | str:
    form = StaffLoginForm()
    if form.validate_on_submit():
        guessing.wait_if_targeted(form.email.data)
        try:
            staff = sessions.check_staff_password(form.email.data, form.password.data)
        except StaffLoginFailed:
            guessing.failed(form.email.data)
            form.password.errors.append(_("The email address or the password is wrong."))
        else:
            target = safe_next(request.args.get("next"), url_for("staff.dashboard"))
            # The password is the first step; a second factor may follow (portal.accounts).
            return second_step.after_password(staff, form.password.data, target)
    return render_template("auth/staff_login.html", form=form, external=external.configured())


@bp.post("/sign-out")
@public
def sign_out() -> Response:
    was_staff = current_user.is_authenticated and current_user.staff is not None
    if current_user.is_authenticated:
        sessions.end_session(current_user.login)
    logout_user()
    language = session.get(i18n.SESSION_KEY)
    session.clear()
    if language:
        session[i18n.SESSION_KEY] = language
    response = redirect(url_for("auth.staff_login" if was_staff else "auth.signed_out"), code=303)
    # Pages kept for reading offline go too (see portal/schedule/offline.py).
    response.headers["Clear-Site-Data"] = CLEAR_ON_SIGN_OUT
    return response


@bp.get("/signed-out")
@public
def signed_out() -> str:
    return render_template("auth/signed_out.html")


# --- participants: the link ----------------------------------------------------------------


@bp.get("/i/<token>")
@public
@limiter.limit(lambda: _limit("CODE_LIMIT"))
def invitation(token: str) -> Response | tuple[str, int]:
    opened = invitations.open_invitation(token)
    if isinstance(opened, LinkProblem):
        status = 404 if opened is LinkProblem.UNKNOWN else 410
        language = invitations.language_of_link(token)
        if language is not None:
            # The link names the person: the page, and signing in after it, speak their
            # language (as opening a working link does).
            session[i18n.SESSION_KEY] = language
            refresh()
        return render_template("auth/link_problem.html", problem=opened.value), status
    participant = opened.participant
    if current_user.is_authenticated and current_user.participant is participant:
        return redirect(url_for("plans.show"), code=303)
    session[i18n.SESSION_KEY] = participant.language
    return _wait_for(codes.send_invitation_code(opened))


def _wait_for(issued: codes.Issued) -> Response:
    """The same answer for every number: wait for the code, or no more codes for now."""
    session.pop(PENDING_CHOICE, None)
    pending.remember(issued.code)
    if issued.refused:
        return redirect(url_for("auth.too_many_codes"), code=303)
    return redirect(url_for("auth.enter_code"), code=303)


# --- participants: sign in by number -------------------------------------------------------


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(lambda: _limit("SIGN_IN_LIMIT"), methods=["POST"])
@limiter.limit(lambda: _limit("SIGN_IN_LIMIT"), methods=["POST"], key_func=_submitted_phone)
def sign_in() -> Response | str:
    if current_user.is_authenticated and current_user.participant is not None:
        return redirect(url_for("plans.show"))
    form = PhoneForm()
    if form.validate_on_submit():
        return _wait_for(codes.send_code_to_number(form.phone.data))
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-in/code", methods=["GET", "POST"])
@public
@limiter.limit(lambda: _limit("CODE_LIMIT"), methods=["POST"])
def enter_code() -> Response | str:
    waiting_for = pending.code()
    if waiting_for is None:
        return redirect(url_for("auth.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        result = codes.check_code(waiting_for.id, form.code.data, CodePurpose.SIGN_IN)
        if result.check is CodeCheck.OK and result.code is not None:
            return _after_code(result.code)
        form.code.errors.append(codes.code_error(result))
    return render_template(
        "auth/enter_code.html",
        form=form,
        hint=last_digits(waiting_for.phone),
        can_resend=_can_resend(waiting_for),
    )


@bp.get("/sign-in/too-many-codes")
@public
def too_many_codes() -> tuple[str, int]:
    return render_template("auth/too_many_codes.html"), 429


def _after_code(code: OneTimeCode) -> Response:
    if code.participant is None:
        session[PENDING_CHOICE] = code.id
        return redirect(url_for("auth.who"), code=303)
    principal = sessions.sign_in_participant(code.participant, code, *_client())
    return _begin(principal, url_for("plans.show"))


def _can_resend(code: OneTimeCode) -> bool:
    if code.invitation_id is not None:
        invitation = db.session.get_one(Invitation, code.invitation_id)
        return invitation.usable(utcnow())
    return True


@bp.post("/sign-in/code/new")
@public
@limiter.limit(lambda: _limit("SIGN_IN_LIMIT"))
def new_code() -> Response:
    old = pending.code()
    if old is None:
        return redirect(url_for("auth.sign_in"))
    if not _can_resend(old):
        return redirect(url_for("auth.enter_code"))
    if old.invitation is not None:
        issued = codes.send_invitation_code(old.invitation)
    else:
        issued = codes.send_code_to_number(old.phone)
    pending.remember(issued.code)
    if issued.refused:
        return redirect(url_for("auth.too_many_codes"), code=303)
    return redirect(url_for("auth.enter_code", sent=1), code=303)


@bp.route("/sign-in/who", methods=["GET", "POST"])
@public
def who() -> Response | str:
    """Several people share this phone: the code proved they hold it; now they say who."""
    code = db.session.get(OneTimeCode, session.get(PENDING_CHOICE, 0))
    if code is None or code.used_at is None or utcnow() > code.expires_at:
        return redirect(url_for("auth.sign_in"))
    people = codes.participants_sharing(code.phone)
    if not people:  # a code that was never sent cannot be entered; should it be, it is no use
        return redirect(url_for("auth.sign_in"))
    form = WhoForm()
    form.participant.choices = options((person.id, person.name) for person in people)
    if form.validate_on_submit():
        chosen = next((person for person in people if person.id == form.participant.data), None)
        if chosen is None:
            abort(400)
        principal = sessions.sign_in_participant(chosen, code, *_client())
        return _begin(principal, url_for("plans.show"))
    return render_template("auth/who.html", form=form)
