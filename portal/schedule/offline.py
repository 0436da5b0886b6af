"""Which pages the service worker (static/js/sw.js) may keep for reading without a signal.

Pages are sent with `Cache-Control: no-store`, because phones are shared. The only copies
kept are the participant's plan and schedule pages, by the service worker, and only those
that carry the `X-Offline-Copy` header. Its value stands for the participant without naming
them: when a page arrives for someone else, or a kept page's address no longer shows that
person's page (signed out, session ended), the worker drops everything it kept. Signing out
also clears it (`Clear-Site-Data`, and static/js/offline.js on the signed-out page).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, g, make_response
from werkzeug.wrappers import Response

from portal.auth.principal import current_participant
from portal.schedule import services

HEADER = "X-Offline-Copy"
# What the sign-out response asks the browser to remove: the worker and what it kept.
CLEAR_ON_SIGN_OUT = '"storage"'

View = TypeVar("View", bound=Callable[..., Any])


def owner_mark(participant_id: int) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"offline:{participant_id}".encode(), hashlib.sha256).hexdigest()[:24]


def offline_copy(view: View) -> View:
    """Let the service worker keep this participant page, marked with when it was made."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        # When the page was made: a kept copy says so when it is read without a signal.
        g.offline_copy = services.now()
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200:
            response.headers[HEADER] = owner_mark(current_participant().id)
        return response

    return wrapper  # type: ignore[return-value]
