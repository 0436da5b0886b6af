"""A sign-in waiting for its code. The browser's (signed, readable) cookie holds one random
handle and nothing else about it; the code it waits for is found from the handle's hash.

A registered and an unknown number leave the same thing in the cookie: a handle of the same
length. The code for an unknown number exists too, and is never sent (`codes.send_code_to_number`).
"""

from __future__ import annotations

from flask import session
from sqlalchemy import select

from portal.auth.models import OneTimeCode, PendingSignIn
from portal.auth.tokens import hash_token, new_token
from portal.database import db, transaction

SESSION_KEY = "sign_in"


@transaction
def _write(code: OneTimeCode, handle: str) -> None:
    db.session.add(PendingSignIn(handle_hash=hash_token(handle), code_id=code.id))


def remember(code: OneTimeCode) -> None:
    """This browser now waits for `code`."""
    handle = new_token()
    _write(code, handle)
    session[SESSION_KEY] = handle


def code() -> OneTimeCode | None:
    """The code this browser waits for, if any."""
    handle = session.get(SESSION_KEY)
    if not isinstance(handle, str):
        return None
    return db.session.scalar(
        select(OneTimeCode)
        .join(PendingSignIn, PendingSignIn.code_id == OneTimeCode.id)
        .where(PendingSignIn.handle_hash == hash_token(handle))
    )


def waiting() -> bool:
    return SESSION_KEY in session
