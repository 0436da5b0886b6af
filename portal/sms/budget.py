"""The SMS budget: how many texts may go out, so that nobody can make the municipality pay
for texts in bulk ("SMS pumping") by asking for codes again and again.

Three budgets, each a list of limits in flask-limiter's words ("5 per hour; 10 per day"):

- per number (`SMS_BUDGET_PER_NUMBER`): codes to one phone number. It is counted for every
  number someone asks a code for, registered or not (`auth.codes` spends it for an unknown
  number too), so running out of it tells nothing about who is registered;
- per address (`SMS_BUDGET_PER_ADDRESS`): codes asked for from one client address;
- per organisation (`SMS_BUDGET_PER_ORGANISATION`): every text to its participants.

They are counted where flask-limiter counts (`RATELIMIT_STORAGE_URI`, Redis in production),
so every process and machine shares them. A text over budget is still written to the
outbox, marked as stopped with the budget that stopped it, so that staff see it.
"""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum

from flask import current_app, has_request_context, request
from limits import RateLimitItem, parse_many

from portal.extensions import limiter


class Stop(StrEnum):
    """Which budget stopped a text."""

    NUMBER = "number"
    ADDRESS = "address"
    ORGANISATION = "organisation"
    # Not a budget: a code for a number nobody registered, written and never sent, so that
    # signing in with it does the same work as with a registered one (auth/codes.py).
    NOBODY = "nobody"


OVER = frozenset({Stop.NUMBER, Stop.ADDRESS, Stop.ORGANISATION})


# The participant is told when these stop a code. The organisation's budget is for staff to
# see: only a registered number reaches it, so telling would say who is registered.
TOLD = frozenset({Stop.NUMBER, Stop.ADDRESS})

SETTINGS = {
    Stop.NUMBER: "SMS_BUDGET_PER_NUMBER",
    Stop.ADDRESS: "SMS_BUDGET_PER_ADDRESS",
    Stop.ORGANISATION: "SMS_BUDGET_PER_ORGANISATION",
}


def is_code(kind: str) -> bool:
    return kind.startswith("code_")


def _pseudonym(number: str) -> str:
    # The shared store is told no phone numbers, only a keyed hash of each.
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"sms-budget:{number}".encode(), hashlib.sha256).hexdigest()[:32]


def _limits(stop: Stop) -> list[RateLimitItem]:
    return parse_many(str(current_app.config[SETTINGS[stop]]))


def _spend_all(budgets: list[tuple[Stop, str]]) -> Stop | None:
    """Take one from each budget, or from none when any of them is used up."""
    strategy = limiter.limiter
    prefix = str(current_app.config["RATELIMIT_KEY_PREFIX"])
    items = [
        (stop, limit, (prefix, "sms-budget", stop.value, key))
        for stop, key in budgets
        for limit in _limits(stop)
    ]
    for stop, limit, identifiers in items:
        if not strategy.test(limit, *identifiers):
            return stop
    for _stop, limit, identifiers in items:
        strategy.hit(limit, *identifiers)
    return None


def spend(to: str, kind: str, organisation_id: int | None, *, nobody: bool = False) -> Stop | None:
    """Count one text to `to`; the budget it would exceed, if any (then it must not go).
    For `nobody` (a code for an unregistered number, never sent) the same work is done, the
    organisation's part on a budget of its own."""
    if is_code(kind):
        # Number and address first, and whatever the organisation's budget says: they are
        # spent alike for a registered and an unknown number.
        budgets = [(Stop.NUMBER, _pseudonym(to))]
        if has_request_context():
            budgets.append((Stop.ADDRESS, request.remote_addr or "unknown"))
        stopped = _spend_all(budgets)
        if stopped is not None:
            return stopped
    if nobody:
        return _spend_all([(Stop.ORGANISATION, "nobody")])
    if organisation_id is None:
        return None
    return _spend_all([(Stop.ORGANISATION, str(organisation_id))])


def stop_of(last_error: str | None) -> Stop | None:
    """The budget that stopped a message, from what the outbox wrote down."""
    try:
        return Stop(last_error or "")
    except ValueError:
        return None
