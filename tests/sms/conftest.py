"""The 46elks gateway of the SMS tests: a local server (tests/sms/fake_elks.py) the portal
talks to over HTTP, as it would to api.46elks.com."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from portal.auth.invitations import send_invitation
from portal.database import db
from portal.models import Participant, SmsMessage
from tests.sms.fake_elks import PASSWORD, USERNAME, FakeElks, running_elks
from tests.support.world import ParticipantRef, World


@pytest.fixture
def elks(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeElks]:
    with running_elks() as fake:
        for name, value in {
            "SMS_BACKEND": "elks",
            "ELKS_API_URL": fake.url,
            "ELKS_API_USERNAME": USERNAME,
            "ELKS_API_PASSWORD": PASSWORD,
            "ELKS_SENDER": "Intro",
            "SMS_GATEWAY_TIMEOUT": 2.0,
        }.items():
            monkeypatch.setitem(app.config, name, value)
        yield fake


def queue_invitation(world: World, participant: ParticipantRef) -> str:
    """What a caseworker's "send link" does, and nothing more: the text is only queued."""

    def work() -> str:
        with world.app.test_request_context():
            return send_invitation(db.session.get_one(Participant, participant.id), None)

    return world.run(work)


def stored(world: World) -> list[SmsMessage]:
    def work() -> list[SmsMessage]:
        messages = list(db.session.scalars(select(SmsMessage).order_by(SmsMessage.id)))
        db.session.expunge_all()
        return messages

    return world.run(work)


def post_with_client(app: Flask):  # type: ignore[no-untyped-def]
    """How the fake gateway reaches a portal that runs in the test's own process."""
    client = app.test_client()

    def post(path: str, data: dict[str, str], auth: tuple[str, str]) -> int:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        response = client.post(path, data=data, headers={"Authorization": f"Basic {token}"})
        return response.status_code

    return post
