"""Between a member of staff's right password and their signed-in session: the second
factor, or setting one up where it is required and missing.

What is pending lives in the signed session cookie, bound to the password hash at the time:
a reset or a new password in between makes it worthless."""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import current_app, redirect, request, session, url_for
from werkzeug.wrappers import Response

from portal.accounts import two_factor
from portal.auth import sessions, signing_in
from portal.database import db, transaction, utcnow
from portal.staff.models import Staff

PENDING = "pending_staff"


def _fingerprint(staff: Staff) -> str:
    return hashlib.sha256((staff.password_hash or "").encode()).hexdigest()[:32]


@transaction
def _keep_hash_current(staff: Staff, password: str) -> None:
    sessions.rehash_if_needed(staff, password)


def after_password(staff: Staff, password: str, target: str) -> Response:
    """The password was right: start the session, or ask for the second factor first."""
    _keep_hash_current(staff, password)
    if two_factor.is_set_up(staff):
        remember(staff, target)
        return redirect(url_for("two_factor.verify"), code=303)
    if two_factor.required():
        remember(staff, target)
        return redirect(url_for("two_factor.set_up"), code=303)
    return finish(staff, target)


def remember(staff: Staff, target: str) -> None:
    session[PENDING] = {
        "staff": staff.id,
        "at": utcnow().isoformat(),
        "check": _fingerprint(staff),
        "next": target,
    }


def pending_staff() -> Staff | None:
    """Whoever gave the right password moments ago in this browser, if anyone."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    try:
        since = datetime.fromisoformat(pending["at"])
    except (KeyError, TypeError, ValueError):
        return None
    if utcnow() - since > current_app.config["STAFF_PENDING_TTL"]:
        return None
    staff = db.session.get(Staff, pending.get("staff", 0))
    if staff is None or not staff.active or staff.password_hash is None:
        return None
    if pending.get("check") != _fingerprint(staff):
        return None
    return staff


def pending_target() -> str:
    pending = session.get(PENDING) or {}
    return str(pending.get("next") or url_for("staff.dashboard"))


def finish(staff: Staff, target: str | None = None) -> Response:
    target = target or pending_target()
    start(staff)
    return redirect(target, code=303)


def start(staff: Staff) -> None:
    """The second step is done: the browser is signed in (a new session cookie)."""
    session.pop(PENDING, None)
    principal = sessions.start_staff_session(staff, request.remote_addr, request.user_agent.string)
    signing_in.start(principal)
