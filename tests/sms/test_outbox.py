"""Nothing is lost: a message that could not be sent is retried."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from portal.database import db, utcnow
from portal.models import SmsMessage
from portal.sms import delivery
from tests.sms.conftest import stored
from tests.sms.flaky import FlakyBackend
from tests.support.world import World


@pytest.fixture
def flaky(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[type[FlakyBackend]]:
    monkeypatch.setitem(app.config, "SMS_BACKEND", "tests.sms.flaky:FlakyBackend")
    FlakyBackend.sent = []
    FlakyBackend.failures_left = 0
    yield FlakyBackend


def test_a_failed_message_is_retried_until_it_is_sent(
    app: Flask, world: World, flaky: type[FlakyBackend]
) -> None:
    participant = world.participant()
    flaky.failures_left = 2
    world.invite(participant)
    [message] = stored(world)
    assert message.status == "queued" and message.attempts == 1
    assert message.last_error == "gateway timed out"
    assert message.next_attempt_at > utcnow()

    # not due yet: nothing happens
    assert world.run(delivery.deliver_due) == {}
    later = utcnow() + timedelta(minutes=5)
    assert world.run(lambda: delivery.deliver_due(later)) == {"queued": 1}
    assert world.run(lambda: delivery.deliver_due(later + timedelta(hours=1))) == {"sent": 1}
    [message] = stored(world)
    assert message.status == "sent" and message.attempts == 3
    assert flaky.sent[0][0] == participant.phone


def test_a_real_gateway_keeps_no_link_or_code_after_sending(
    app: Flask, world: World, flaky: type[FlakyBackend]
) -> None:
    participant = world.participant()
    link = world.invite(participant)
    [message] = stored(world)
    assert message.status == "sent"
    assert link not in message.body
    assert message.body == message.display_body
    assert link in flaky.sent[0][1]


def test_a_message_that_keeps_failing_is_marked_failed(
    app: Flask, world: World, flaky: type[FlakyBackend]
) -> None:
    participant = world.participant()
    flaky.failures_left = 100
    world.invite(participant)
    when = utcnow()
    for _ in range(app.config["SMS_MAX_ATTEMPTS"]):
        when += timedelta(hours=2)
        world.run(lambda when=when: delivery.deliver_due(when))
    [message] = stored(world)
    assert message.status == "failed"
    assert message.attempts == app.config["SMS_MAX_ATTEMPTS"]


def test_the_send_sms_command_sends_what_is_due(
    app: Flask, world: World, flaky: type[FlakyBackend]
) -> None:
    participant = world.participant()
    flaky.failures_left = 1
    world.invite(participant)

    def make_due() -> None:
        for message in db.session.scalars(select(SmsMessage)):
            message.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()

    world.run(make_due)
    result = app.test_cli_runner().invoke(args=["send-sms"])
    assert result.exit_code == 0, result.output
    assert "sent: 1" in result.output


def _left_sending(world: World, kind: str | None = None) -> None:
    """As a worker killed between the gateway call and its record leaves a message."""

    def crash() -> None:
        message = db.session.scalars(select(SmsMessage)).one()
        message.status = "sending"
        message.kind = kind or message.kind
        message.next_attempt_at = utcnow() - timedelta(minutes=30)
        db.session.commit()

    world.run(crash)


def test_a_message_left_half_sent_by_a_stopped_worker_is_not_sent_again(
    app: Flask, world: World, flaky: type[FlakyBackend]
) -> None:
    participant = world.participant()
    flaky.failures_left = 1
    world.invite(participant)
    _left_sending(world)
    assert world.run(delivery.deliver_due) == {"unknown": 1}
    assert world.run(delivery.deliver_due) == {}
    [message] = stored(world)
    assert message.status == "unknown"
    assert flaky.sent == []
    assert "/i/" not in message.body  # the link is not kept either


def test_a_reminder_left_half_sent_is_sent_again_as_it_is_harmless_to_repeat(
    app: Flask, world: World, flaky: type[FlakyBackend]
) -> None:
    participant = world.participant()
    flaky.failures_left = 1
    world.invite(participant)
    _left_sending(world, kind="booking_reminder")
    later = utcnow() + timedelta(minutes=1)
    assert world.run(lambda: delivery.deliver_due(later)) == {"sent": 1}
    [message] = stored(world)
    assert message.status == "sent" and message.attempts == 2
    assert len(flaky.sent) == 1
