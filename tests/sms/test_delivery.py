"""Texts are delivered off the request path, in their lifetime, and never twice: not after a
lock error, not after a worker is killed between the gateway call and its record."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from flask import Flask
from sqlalchemy import event

from portal.config import ROOT
from portal.database import db, utcnow
from portal.sms import delivery
from tests.participants.test_register import signed_in
from tests.sms.conftest import queue_invitation, stored
from tests.sms.fake_elks import PASSWORD, USERNAME, FakeElks
from tests.support.world import World


def test_a_request_only_writes_to_the_outbox(app: Flask, world: World, elks: FakeElks) -> None:
    staff = world.caseworker()
    participant = world.participant(staff)
    caseworker = signed_in(app, staff)
    page = f"/staff/participants/{participant.id}"
    caseworker.submit(caseworker.get(page), action=f"{page}/send-link")
    assert elks.calls == 0
    [message] = stored(world)
    assert message.status == "queued"
    assert world.run(delivery.deliver_due) == {"sent": 1}


@contextmanager
def failing_record(app: Flask, error: Callable[[], Exception], times: int) -> Iterator[None]:
    """The database refuses the statement that records a text as sent, `times` times, with
    the driver's own exception (as a lock held elsewhere makes it do)."""
    left = [times]

    def refuse(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        recording = statement.startswith("UPDATE sms_message") and "gateway_ref" in statement
        if recording and left[0] > 0:
            left[0] -= 1
            raise error()

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", refuse)


def lock_error(app: Flask) -> Callable[[], Exception]:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return lambda: sqlite3.OperationalError("database is locked")
    return lambda: psycopg.errors.SerializationFailure("could not serialize access")


def test_a_lock_error_after_the_gateway_took_a_text_does_not_send_it_again(
    app: Flask, world: World, elks: FakeElks
) -> None:
    queue_invitation(world, world.participant())
    with failing_record(app, lock_error(app), times=3):
        assert world.run(delivery.deliver_due) == {"sent": 1}
    later = utcnow() + app.config["SMS_STALE_AFTER"] + timedelta(minutes=1)
    assert world.run(lambda: delivery.deliver_due(later)) == {}
    assert len(elks.received) == 1
    [message] = stored(world)
    assert message.status == "sent" and message.gateway_ref == elks.received[0].id


def test_an_error_after_the_gateway_took_a_text_leaves_it_unknown_not_resent(
    app: Flask, world: World, elks: FakeElks
) -> None:
    staff = world.caseworker()
    participant = world.participant(staff)
    queue_invitation(world, participant)
    broken = (
        (lambda: sqlite3.OperationalError("disk I/O error"))
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
        else (lambda: psycopg.errors.AdminShutdown("terminating connection"))
    )
    with failing_record(app, broken, times=1), pytest.raises(Exception, match=r"disk|terminat"):
        world.run(delivery.deliver_due)
    assert stored(world)[0].status == "sending"
    later = utcnow() + app.config["SMS_STALE_AFTER"] + timedelta(minutes=1)
    assert world.run(lambda: delivery.deliver_due(later)) == {"unknown": 1}
    assert world.run(lambda: delivery.deliver_due(later + timedelta(hours=1))) == {}
    assert elks.calls == 1
    caseworker = signed_in(app, staff)
    page = caseworker.get(f"/staff/participants/{participant.id}")
    assert "May or may not have been delivered" in page.text
    assert participant.name in caseworker.get("/staff/?show=sms_failed").text


@contextmanager
def worker_in_the_gateway(
    app: Flask, world: World, elks: FakeElks
) -> Iterator[subprocess.Popen[str]]:
    """A `flask sms-worker` process, once it is inside a gateway call the gateway holds."""
    queue_invitation(world, world.participant())
    elks.hold = threading.Event()
    process = worker(app, elks)
    try:
        assert elks.arrived.wait(60), "the worker never called the gateway"
        yield process
    finally:
        process.kill()
        process.communicate()
        elks.hold.set()


def worker(app: Flask, elks: FakeElks) -> subprocess.Popen[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "FLASK_"))},
        "PORTAL_CONFIG": "development",
        "SECRET_KEY": "worker-test-secret",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SMS_BACKEND": "elks",
        "ELKS_API_URL": elks.url,
        "ELKS_API_USERNAME": USERNAME,
        "ELKS_API_PASSWORD": PASSWORD,
        "SMS_WORKER_INTERVAL": "0.2",
    }
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "sms-worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_a_worker_killed_while_the_gateway_has_the_text_leaves_it_unknown(
    app: Flask, world: World, elks: FakeElks
) -> None:
    with worker_in_the_gateway(app, world, elks) as process:
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    assert stored(world)[0].status == "sending"
    later = utcnow() + app.config["SMS_STALE_AFTER"] + timedelta(minutes=1)
    assert world.run(lambda: delivery.deliver_due(later)) == {"unknown": 1}
    assert world.run(lambda: delivery.deliver_due(later + timedelta(hours=1))) == {}
    assert elks.calls == 1


def test_a_worker_told_to_stop_finishes_the_text_in_hand(
    app: Flask, world: World, elks: FakeElks
) -> None:
    with worker_in_the_gateway(app, world, elks) as process:
        process.send_signal(signal.SIGTERM)
        assert elks.hold is not None
        threading.Timer(0.5, elks.hold.set).start()
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    assert "SMS worker stopped" in output
    [message] = stored(world)
    assert message.status == "sent" and message.gateway_ref == elks.received[0].id


def test_a_code_past_its_lifetime_is_dropped_never_sent(
    app: Flask, world: World, elks: FakeElks
) -> None:
    participant = world.participant()

    def ask_for_code() -> None:
        from portal.auth import codes

        with app.test_request_context():
            codes.send_code_to_number(participant.phone)

    world.run(ask_for_code)
    [message] = stored(world)
    assert message.expires_at <= utcnow() + app.config["CODE_TTL"]
    late = utcnow() + app.config["CODE_TTL"]
    assert world.run(lambda: delivery.deliver_due(late)) == {"expired": 1}
    assert world.run(lambda: delivery.deliver_due(late + timedelta(hours=1))) == {}
    assert elks.calls == 0
    [message] = stored(world)
    assert message.status == "expired"
    assert message.body == message.display_body  # the code is not kept


def test_each_text_lives_as_long_as_it_is_worth_sending(app: Flask, world: World) -> None:
    participant = world.participant()
    queue_invitation(world, participant)
    provider = world.provider()
    occasion = world.occasion(provider, starts_in=timedelta(hours=5))
    world.book(participant, occasion)
    invitation, booked = stored(world)
    assert invitation.kind == "invitation"
    assert abs(invitation.expires_at - (utcnow() + app.config["INVITATION_TTL"])) < timedelta(
        minutes=1
    )
    # A booking's text is not worth sending once the occasion has begun.
    assert booked.kind == "booking_confirmed"
    assert abs(booked.expires_at - (utcnow() + timedelta(hours=5))) < timedelta(minutes=1)
    later = utcnow() + timedelta(hours=6)
    assert world.run(lambda: delivery.deliver_due(later)) == {"expired": 1, "sent": 1}
