"""Password guessing against one staff email from many addresses. Refusing would let anyone
lock a colleague out (ten wrong passwords, and the right one gets 429), so the limits that
refuse are per address and per email and address together (the decorators on the sign-in
page). Across all addresses, past `STAFF_LOGIN_EMAIL_LIMIT` wrong passwords, every further
try for that email is answered after `STAFF_LOGIN_DELAY` seconds: it slows the guessing and
still lets the person in. The per-address limits bound how many such waits one address can
hold open."""

from __future__ import annotations

import time

from flask import current_app
from limits import RateLimitItem, parse_many

from portal.extensions import limiter


def _limits() -> list[RateLimitItem]:
    return parse_many(str(current_app.config["STAFF_LOGIN_EMAIL_LIMIT"]))


def _identifiers(email: str) -> tuple[str, ...]:
    return (str(current_app.config["RATELIMIT_KEY_PREFIX"]), "staff-email", email.strip().lower())


def wait_if_targeted(email: str) -> float:
    """Wait before checking a password for `email` if it has been guessed at; how long."""
    identifiers = _identifiers(email)
    if all(limiter.limiter.test(limit, *identifiers) for limit in _limits()):
        return 0.0
    delay = float(current_app.config["STAFF_LOGIN_DELAY"])
    time.sleep(delay)
    return delay


def failed(email: str) -> None:
    identifiers = _identifiers(email)
    for limit in _limits():
        limiter.limiter.hit(limit, *identifiers)
