"""The participant's plan: read it, approve it, ask for a change."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from portal.access import participant_only
from portal.auth import codes
from portal.auth.codes import CodeCheck
from portal.auth.forms import CodeForm
from portal.auth.models import CodePurpose
from portal.auth.principal import current_participant
from portal.extensions import limiter
from portal.forms import Form
from portal.phone import last_digits
from portal.plans import approval as signing
from portal.plans import change_requests, reading, receipts
from portal.plans import changes as comparing
from portal.plans import versions as plan_versions
from portal.plans.approval import Evidence
from portal.plans.forms import ChangeRequestForm, ConfirmForm, ReplyForm
from portal.plans.versions import PlanError
from portal.schedule.offline import offline_copy
from portal.staff.contact import caseworker_of

bp = Blueprint("plans", __name__, url_prefix="/plan")

APPROVE_CODE = "approve_code"
# The receipt id of the approval made in this session: the receipt page shows its address
# until the participant signs out (only its hash is stored).
RECEIPT = "receipt"


@bp.get("")
@participant_only
@offline_copy
def show() -> str:
    return _show(ReplyForm())


def _show(reply: ReplyForm) -> str:
    participant = current_participant()
    version = plan_versions.current_version(participant)
    contact = caseworker_of(participant)
    if version is None:
        return render_template("plans/not_ready.html", contact=contact)
    # Only the current version can be approved, so the newest approval is either its
    # approval or the one the changes since are shown against: one query for both.
    latest = signing.latest_approval(participant)
    approval = latest if latest is not None and latest.plan_version_id == version.id else None
    previous = latest if approval is None else None
    changes = comparing.changes(previous.version, version) if previous else []
    return render_template(
        "plans/show.html",
        version=version,
        plan=reading.view(version),
        approval=approval,
        previous=previous,
        changes=changes,
        marks=comparing.marks(changes),
        conversations=change_requests.change_requests(participant),
        reply=reply,
        contact=contact,
    )


@bp.post("/change/<int:change_id>/reply")
@participant_only
def write_again(change_id: int) -> Response | str:
    participant = current_participant()
    change = change_requests.change_request_of(participant, change_id)
    form = ReplyForm()
    if form.validate_on_submit():
        change_requests.write_again(change, form.message.data)
        flash(_("Your message has been sent to your caseworker."), "success")
        return redirect(url_for("plans.show", _anchor="conversation"), code=303)
    return _show(form)


@bp.get("/versions")
@participant_only
def history() -> str:
    participant = current_participant()
    approvals = {approval.plan_version_id: approval for approval in signing.approvals(participant)}
    return render_template(
        "plans/history.html",
        versions=plan_versions.published_versions(plan_versions.plan_of(participant)),
        approvals=approvals,
    )


@bp.get("/versions/<int:number>")
@participant_only
def version(number: int) -> str:
    participant = current_participant()
    found = plan_versions.version_number(participant, number)
    if found is None or found.is_draft:
        abort(404)
    return render_template(
        "plans/version.html",
        version=found,
        plan=reading.view(found),
        approval=signing.approval_of(participant, found),
    )


@bp.get("/versions/<int:number>/receipt")
@participant_only
def receipt(number: int) -> str:
    participant = current_participant()
    found = plan_versions.version_number(participant, number)
    approval = signing.approval_of(participant, found) if found is not None else None
    if approval is None:
        abort(404)
    kept = session.get(RECEIPT) or {}
    shown = receipts.receipt(
        approval, kept.get("id") if kept.get("approval") == approval.id else None
    )
    swedish = None
    if str(get_locale()) != "sv":
        with force_locale("sv"):
            swedish = Markup(render_template("plans/_receipt.html", receipt=shown))  # noqa: S704
    return render_template("plans/receipt.html", receipt=shown, swedish=swedish)


@bp.route("/approve", methods=["GET", "POST"])
@participant_only
@limiter.limit(lambda: current_app.config["SIGN_IN_LIMIT"], methods=["POST"])
def approve() -> Response | str:
    participant = current_participant()
    version = plan_versions.current_version(participant)
    if version is None:
        return redirect(url_for("plans.show"))
    if signing.approval_of(participant, version) is not None:
        flash(_("You have already approved this version of your plan."))
        return redirect(url_for("plans.show"))
    form = ConfirmForm()
    if form.validate_on_submit():
        issued = codes.send_approval_code(participant, version.id)
        if issued.refused:
            return redirect(url_for("auth.too_many_codes"), code=303)
        session[APPROVE_CODE] = issued.code.id
        return redirect(url_for("plans.approve_code"), code=303)
    return render_template(
        "plans/approve.html", form=form, version=version, statement=signing.statement()
    )


@bp.route("/approve/code", methods=["GET", "POST"])
@participant_only
@limiter.limit(lambda: current_app.config["CODE_LIMIT"], methods=["POST"])
def approve_code() -> Response | str:
    participant = current_participant()
    version = plan_versions.current_version(participant)
    if version is None or APPROVE_CODE not in session:
        return redirect(url_for("plans.approve"))
    form = CodeForm()
    if form.validate_on_submit():
        result = codes.check_code(session[APPROVE_CODE], form.code.data, CodePurpose.APPROVE)
        code = result.code
        if result.check is CodeCheck.OK and code is not None:
            session.pop(APPROVE_CODE, None)
            if code.participant_id != participant.id or code.plan_version_id != version.id:
                flash(_("The plan changed while you were approving it. Read it again."))
                return redirect(url_for("plans.show"), code=303)
            login = current_user.login
            try:
                signed = signing.approve(
                    participant,
                    version,
                    Evidence(
                        code_id=code.id,
                        login_session_id=login.id,
                        invitation_id=login.invitation_id,
                        ip_address=request.remote_addr,
                        user_agent=request.user_agent.string,
                    ),
                )
            except PlanError as error:
                flash(str(error))
                return redirect(url_for("plans.show"), code=303)
            number = signed.approval.version.number
            session[RECEIPT] = {"approval": signed.approval.id, "id": signed.receipt_id}
            flash(
                _("Thank you. You have approved version %(number)s of your plan.", number=number),
                "success",
            )
            return redirect(url_for("plans.receipt", number=number), code=303)
        form.code.errors.append(codes.code_error(result))
    return render_template(
        "plans/approve_code.html",
        form=form,
        resend=Form(),
        hint=last_digits(participant.phone),
    )


@bp.post("/approve/code/new")
@participant_only
@limiter.limit(lambda: current_app.config["SIGN_IN_LIMIT"])
def approve_new_code() -> Response:
    participant = current_participant()
    version = plan_versions.current_version(participant)
    if version is None or not Form().validate_on_submit():
        return redirect(url_for("plans.approve"))
    issued = codes.send_approval_code(participant, version.id)
    if issued.refused:
        return redirect(url_for("auth.too_many_codes"), code=303)
    session[APPROVE_CODE] = issued.code.id
    flash(_("We have sent you a new code."))
    return redirect(url_for("plans.approve_code"), code=303)


@bp.route("/change", methods=["GET", "POST"])
@participant_only
def request_change() -> Response | str:
    participant = current_participant()
    version = plan_versions.current_version(participant)
    if version is None:
        return redirect(url_for("plans.show"))
    form = ChangeRequestForm()
    if form.validate_on_submit():
        change_requests.request_change(participant, version, form.message.data)
        flash(_("Your message has been sent to your caseworker."), "success")
        return redirect(url_for("plans.show"), code=303)
    return render_template("plans/change.html", form=form, version=version)
