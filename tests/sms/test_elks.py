"""The 46elks backend against a local server keeping 46elks's documented contract."""

from __future__ import annotations

import base64
import time
from datetime import timedelta

import pytest
from flask import Flask

from portal.database import db, utcnow
from portal.models import Participant
from portal.sms import delivery, service
from portal.sms.reports import USER, secret
from tests.deployment.servers import free_port
from tests.participants.test_register import signed_in
from tests.sms.conftest import post_with_client, queue_invitation, stored
from tests.sms.fake_elks import FakeElks
from tests.support.world import World


def test_a_text_goes_to_46elks_as_documented(app: Flask, world: World, elks: FakeElks) -> None:
    participant = world.participant()
    link = queue_invitation(world, participant)
    assert world.run(delivery.deliver_due) == {"sent": 1}
    [received] = elks.received
    assert received.form["from"] == "Intro"
    assert received.form["to"] == participant.phone
    assert link in received.form["message"]
    # The text carries a link: 46elks is asked to keep no copy of it.
    assert received.form["dontlog"] == "message"
    assert received.form["whendelivered"] == (
        f"http://{USER}:{world.run(secret)}@portal.test/sms/delivery-reports"
    )
    [message] = stored(world)
    assert message.status == "sent" and message.gateway_ref == received.id
    assert link not in message.body  # nor do we, once it is sent


def test_a_text_without_link_or_code_may_be_kept_by_46elks(
    app: Flask, world: World, elks: FakeElks
) -> None:
    participant = world.participant()

    def queue() -> None:
        with app.test_request_context():
            person = db.session.get_one(Participant, participant.id)
            service.queue(person, "note", lambda: "Welcome to the introduction.")
            db.session.commit()

    world.run(queue)
    world.run(delivery.deliver_due)
    [received] = elks.received
    assert "dontlog" not in received.form


def test_wrong_credentials_keep_every_text_queued_and_stop_the_round(
    app: Flask, world: World, elks: FakeElks, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "ELKS_API_PASSWORD", "not-the-password")
    for _ in range(2):
        queue_invitation(world, world.participant())
    assert world.run(delivery.deliver_due) == {"held": 1}
    assert elks.calls == 1  # the second text is not even tried
    for message in stored(world):
        assert message.status == "queued" and message.attempts == 0
    assert "401" in (stored(world)[0].last_error or "")


def test_an_account_out_of_credit_keeps_texts_queued(
    app: Flask, world: World, elks: FakeElks
) -> None:
    elks.credit = 0
    queue_invitation(world, world.participant())
    assert world.run(delivery.deliver_due) == {"held": 1}
    [message] = stored(world)
    assert message.status == "queued" and message.attempts == 0
    assert "403" in (message.last_error or "")
    elks.credit = 100_000
    later = utcnow() + app.config["SMS_GATEWAY_PAUSE"] + timedelta(seconds=1)
    assert world.run(lambda: delivery.deliver_due(later)) == {"sent": 1}


def test_a_number_46elks_refuses_fails_for_good(app: Flask, world: World, elks: FakeElks) -> None:
    def queue() -> None:
        with app.test_request_context():
            service.queue_to("0701234567", "sv", "staff_note", lambda: "Hej")
            db.session.commit()

    world.run(queue)
    assert world.run(delivery.deliver_due) == {"failed": 1}
    [message] = stored(world)
    assert message.status == "failed" and "400" in (message.last_error or "")
    assert world.run(lambda: delivery.deliver_due(utcnow() + timedelta(hours=2))) == {}


def test_a_server_error_is_retried_later(app: Flask, world: World, elks: FakeElks) -> None:
    queue_invitation(world, world.participant())
    elks.answer_status = 503
    assert world.run(delivery.deliver_due) == {"queued": 1}
    [message] = stored(world)
    assert message.attempts == 1 and message.next_attempt_at > utcnow()
    elks.answer_status = None
    assert world.run(lambda: delivery.deliver_due(utcnow() + timedelta(minutes=5))) == {"sent": 1}
    assert len(elks.received) == 1


def test_a_gateway_that_cannot_be_reached_is_retried_later(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch, elks: FakeElks
) -> None:
    monkeypatch.setitem(app.config, "ELKS_API_URL", f"http://127.0.0.1:{free_port()}/a1")
    queue_invitation(world, world.participant())
    assert world.run(delivery.deliver_due) == {"queued": 1}


def test_a_slow_answer_is_cut_off_and_not_sent_again_blindly(
    app: Flask, world: World, elks: FakeElks, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "SMS_GATEWAY_TIMEOUT", 0.5)
    elks.delay = 3.0
    queue_invitation(world, world.participant())
    started = time.monotonic()
    assert world.run(delivery.deliver_due) == {"unknown": 1}
    assert time.monotonic() - started < elks.delay
    # 46elks may have taken it: it is marked for staff, never sent a second time.
    elks.delay = 0
    assert world.run(lambda: delivery.deliver_due(utcnow() + timedelta(hours=1))) == {}
    assert elks.calls == 1
    [message] = stored(world)
    assert message.status == "unknown"


def test_delivery_reports_move_a_text_to_delivered(
    app: Flask, world: World, elks: FakeElks
) -> None:
    queue_invitation(world, world.participant())
    world.run(delivery.deliver_due)
    [received] = elks.received
    post = post_with_client(app)
    assert elks.report(received, "sent", post) == 204
    assert stored(world)[0].status == "sent"
    assert elks.report(received, "delivered", post) == 204
    [message] = stored(world)
    assert message.status == "delivered"
    assert abs(message.status_at - utcnow()) < timedelta(minutes=1)
    # Reports come late and out of order: a delivered text is not moved back.
    assert elks.report(received, "sent", post) == 204
    assert elks.report(received, "failed", post) == 204
    assert stored(world)[0].status == "delivered"


def test_a_failed_delivery_report_makes_the_participant_need_a_phone_call(
    app: Flask, world: World, elks: FakeElks
) -> None:
    staff = world.caseworker()
    participant = world.participant(staff)
    queue_invitation(world, participant)
    world.run(delivery.deliver_due)
    assert elks.report(elks.received[0], "failed", post_with_client(app)) == 204
    [message] = stored(world)
    assert message.status == "failed-temporary"
    caseworker = signed_in(app, staff)
    desk = caseworker.get("/staff/", query_string={"show": "sms_failed"})
    assert participant.name in desk.text
    assert "Needs a phone call: a text did not reach them" in desk.text
    page = caseworker.get(f"/staff/participants/{participant.id}")
    assert "Not delivered: the phone could not be reached" in page.text


@pytest.mark.parametrize(
    "auth",
    [None, (USER, "wrong"), ("someone", "x"), (USER, "lösenord-ä")],
    ids=["none", "wrong", "other-user", "not-ascii"],
)
def test_a_report_without_our_credentials_is_refused(
    app: Flask, world: World, elks: FakeElks, auth: tuple[str, str] | None
) -> None:
    queue_invitation(world, world.participant())
    world.run(delivery.deliver_due)
    client = app.test_client()
    data = {"id": elks.received[0].id, "status": "delivered"}
    if auth is None:
        response = client.post("/sms/delivery-reports", data=data)
    else:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        response = client.post(
            "/sms/delivery-reports", data=data, headers={"Authorization": f"Basic {token}"}
        )
    assert response.status_code == 401
    assert stored(world)[0].status == "sent"


def test_a_report_about_an_unknown_text_or_status_is_refused(app: Flask, world: World) -> None:
    post = post_with_client(app)
    credentials = (USER, world.run(secret))
    path = "/sms/delivery-reports"
    assert post(path, {"id": "s-unknown", "status": "delivered"}, credentials) == 404
    assert post(path, {"id": "s-unknown", "status": "lost"}, credentials) == 400
    assert post(path, {}, credentials) == 400
