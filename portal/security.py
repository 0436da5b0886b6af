"""Response headers that every page carries."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request
from flask import Response as FlaskResponse
from flask.sessions import SecureCookieSessionInterface
from werkzeug.wrappers import Response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


def set_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    # Invitation links carry a token in their path: never pass it on as a referrer.
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    # Only where the site is served over HTTPS (production): browsers then never try HTTP.
    if hsts := current_app.config.get("STRICT_TRANSPORT_SECURITY"):
        headers.setdefault("Strict-Transport-Security", hsts)
    if request.endpoint != "static":
        # Phones are shared: a page about a person must not be kept for the next one.
        headers["Cache-Control"] = "no-store"
        headers.add("Vary", "Cookie")
    return response


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, except on static files: the same for everyone, they neither
    set it nor say `Vary: Cookie` (which keeps shared caches from holding them) when an
    extension merely looks into the session (flask-login does on every response)."""

    def save_session(self, app: Flask, session: Any, response: FlaskResponse) -> None:
        if request.endpoint == "static" and not session.modified:
            return
        super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.after_request(set_headers)
