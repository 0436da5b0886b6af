"""Issue 9, "Sign-in reveals nothing": signing in by number answers a registered and an
unknown number alike, down to the session cookie, and does the same work for both."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from portal.auth.models import OneTimeCode, PendingSignIn
from portal.database import db
from portal.sms.models import SmsMessage
from tests.support.pages import Page, Portal
from tests.support.world import World

KNOWN = "+46701234567"
UNKNOWN = "+46707654367"  # ends in the same two digits: the hint on the page is the same


def _session(app: Flask, response: TestResponse) -> dict[str, Any]:
    cookie = next(
        header for header in response.headers.getlist("Set-Cookie") if "portal_session=" in header
    )
    value = cookie.split(";", 1)[0].split("=", 1)[1]
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    assert serializer is not None
    loaded: dict[str, Any] = serializer.loads(value)
    return loaded


def _shape(value: object) -> object:
    """What a cookie's value looks like, without what it is: type and length."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in sorted(value.items())}
    if isinstance(value, str | bytes | list | tuple):
        return (type(value).__name__, len(value))
    return type(value).__name__


# These say when, not who: they differ between any two requests.
CLOCK_HEADERS = {"Date", "Retry-After", "X-RateLimit-Reset"}


def _headers(response: TestResponse) -> list[tuple[str, str]]:
    kept = []
    for name, value in response.headers.items():
        if name in CLOCK_HEADERS:
            continue
        if name == "Set-Cookie":
            # The attributes, not the (random, signed) value.
            value = value.split(";", 1)[1] if ";" in value else ""
        kept.append((name, value))
    return sorted(kept)


def _sign_in(app: Flask, number: str) -> tuple[Portal, Page, Page]:
    portal = Portal(app)
    asked = portal.submit(portal.get("/sign-in"), phone=number)
    return portal, asked, portal.follow(asked)


def test_a_known_and_an_unknown_number_get_the_same_answer_cookie_and_headers(
    app: Flask, world: World
) -> None:
    world.participant(language="en", phone=KNOWN)
    _, known, known_code_page = _sign_in(app, KNOWN)
    _, unknown, unknown_code_page = _sign_in(app, UNKNOWN)

    assert known.status == unknown.status == 303
    assert known.response.location == unknown.response.location
    assert _headers(known.response) == _headers(unknown.response)
    assert known.response.get_data() == unknown.response.get_data()
    known_session = _session(app, known.response)
    unknown_session = _session(app, unknown.response)
    assert _shape(known_session) == _shape(unknown_session)
    # Nothing in the readable cookie says whether a code went out, or which.
    assert set(known_session) <= {"csrf_token", "sign_in", "_fresh"}
    assert known_session["sign_in"] != unknown_session["sign_in"]

    assert known_code_page.text == unknown_code_page.text
    assert _headers(known_code_page.response) == _headers(unknown_code_page.response)


def test_an_unknown_number_is_refused_as_a_known_one_with_a_wrong_code(
    app: Flask, world: World
) -> None:
    world.participant(language="en", phone=KNOWN)
    answers: dict[str, list[str]] = {}
    for number in (KNOWN, UNKNOWN):
        portal, _, page = _sign_in(app, number)
        answers[number] = []
        for _ in range(6):
            page = portal.submit(page, status=200, code="000000")
            answers[number].append(page.error_for("code"))
    assert answers[KNOWN] == answers[UNKNOWN]
    assert answers[KNOWN][-1] == "Error: You have tried too many times. Ask for a new code."


def test_both_write_the_same_rows_and_only_the_registered_number_gets_a_text(
    app: Flask, world: World
) -> None:
    participant = world.participant(language="en", phone=KNOWN)

    def rows() -> tuple[int, int]:
        return (
            db.session.scalar(select(func.count()).select_from(OneTimeCode)) or 0,
            db.session.scalar(select(func.count()).select_from(PendingSignIn)) or 0,
        )

    before = world.run(rows)
    _sign_in(app, KNOWN)
    after_known = world.run(rows)
    _sign_in(app, UNKNOWN)
    after_unknown = world.run(rows)
    assert [a - b for a, b in zip(after_known, before, strict=True)] == [1, 1]
    assert [a - b for a, b in zip(after_unknown, after_known, strict=True)] == [1, 1]
    texts = [(m.to, m.status == "stopped") for m in world.messages() if m.kind == "code_sign_in"]
    # The unknown number's text is written alike, and never sent (see portal/sms/budget.py).
    assert texts == [(participant.phone, False), (UNKNOWN, True)]


def test_numbers_nobody_registered_are_forgotten_after_a_day(app: Flask, world: World) -> None:
    """Both are written alike, but a number someone typed that is nobody's is not kept."""
    world.participant(language="en", phone=KNOWN)
    _sign_in(app, KNOWN)
    _sign_in(app, UNKNOWN)
    today = date.today()
    app.test_cli_runner().invoke(args=["apply-retention", "--today", today.isoformat()])

    def kept() -> tuple[list[str], list[str], int]:
        return (
            sorted(db.session.scalars(select(OneTimeCode.phone))),
            sorted(db.session.scalars(select(SmsMessage.to))),
            db.session.scalar(select(func.count()).select_from(PendingSignIn)) or 0,
        )

    assert world.run(kept) == ([KNOWN, UNKNOWN], [KNOWN, UNKNOWN], 2)
    later = (today + timedelta(days=2)).isoformat()
    app.test_cli_runner().invoke(args=["apply-retention", "--today", later])
    assert world.run(kept) == ([KNOWN], [KNOWN], 1)
