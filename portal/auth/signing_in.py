"""What the browser keeps when a sign-in completes: a new session cookie with the signed-in
person, and nothing else from before but the language chosen."""

from __future__ import annotations

from flask import redirect, session
from flask_login import login_user
from werkzeug.wrappers import Response

from portal import i18n
from portal.auth.principal import Principal


def begin(principal: Principal, target: str) -> Response:
    start(principal)
    return redirect(target, code=303)


def start(principal: Principal) -> None:
    """Sign the browser in, for a response that is not a redirect (it shows something once,
    like recovery codes)."""
    language = session.get(i18n.SESSION_KEY)
    # A new session cookie: nothing from before sign-in carries over into the signed-in one.
    session.clear()
    if language:
        session[i18n.SESSION_KEY] = language
    session.permanent = True
    login_user(principal)
