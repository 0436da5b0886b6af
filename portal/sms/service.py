"""Queueing and delivering text messages.

`queue()` writes a message inside the caller's transaction; nothing is sent until that
transaction has committed. After the request, `deliver_queued()` sends what this request
queued; `flask --app wsgi send-sms` (run from cron) retries whatever is still due.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app, g
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update

from portal.database import begin_write, db, utcnow
from portal.participants import status as standing
from portal.participants.models import Participant
from portal.sms.backends import SmsBackend, load_backend
from portal.sms.encoding import MAX_PARTS, fewest_parts, shape
from portal.sms.models import SmsMessage, SmsStatus

log = logging.getLogger("portal.sms")

STALE_SENDING = timedelta(minutes=10)


TOO_LONG_TITLE = _l("The text message is too long")


class SmsTooLong(Exception):
    """A message longer than MAX_PARTS parts: refused rather than sent in pieces."""

    def __init__(self, parts: int) -> None:
        super().__init__(parts)
        self.parts = parts

    def __str__(self) -> str:
        return _(
            "This text message would need %(parts)d parts. Messages longer than %(max)d parts are not sent: make the text shorter.",
            parts=self.parts,
            max=MAX_PARTS,
        )


def mask(secret: str) -> str:
    # As long as the secret and in the same alphabet, so that the masked copy has the same
    # length, encoding and number of parts as the message itself.
    return "*" * len(secret)


def queue(
    participant: Participant,
    kind: str,
    render: Callable[..., str],
    secrets: dict[str, str] | None = None,
    **values: object,
) -> SmsMessage:
    """Write a message to `participant` in their language. `render(**values, **secrets)`
    gives the text; the copy staff see has each secret replaced by a mask.
    Raises SmsTooLong for a message of more than MAX_PARTS parts."""
    return queue_to(
        participant.phone,
        participant.language,
        kind,
        render,
        secrets,
        participant=participant,
        **values,
    )


def queue_to(
    to: str,
    language: str,
    kind: str,
    render: Callable[..., str],
    secrets: dict[str, str] | None = None,
    *,
    participant: Participant | None = None,
    **values: object,
) -> SmsMessage:
    """As `queue`, to any number in any language: a member of staff's work phone."""
    secrets = secrets or {}
    with force_locale(language):
        body = fewest_parts(render(**values, **secrets))
        display_body = fewest_parts(
            render(**values, **{name: mask(value) for name, value in secrets.items()})
        )
    parts = shape(body).parts
    if parts > MAX_PARTS:
        raise SmsTooLong(parts)
    message = SmsMessage(
        participant=participant,
        to=to,
        kind=kind,
        language=language,
        body=body,
        display_body=display_body,
    )
    db.session.add(message)
    db.session.flush()
    g.setdefault("sms_queued", []).append(message.id)
    return message


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def _claim(message_id: int, now: datetime) -> bool:
    """Mark one message as being sent, unless another process got there first."""
    begin_write()
    claimed = db.session.execute(
        update(SmsMessage)
        .where(
            SmsMessage.id == message_id,
            or_(
                SmsMessage.status == SmsStatus.QUEUED,
                (SmsMessage.status == SmsStatus.SENDING)
                & (SmsMessage.next_attempt_at < now - STALE_SENDING),
            ),
        )
        .values(status=SmsStatus.SENDING, next_attempt_at=now)
    )
    db.session.commit()
    return bool(claimed.rowcount)  # type: ignore[attr-defined]


def deliver(message_id: int, backend: SmsBackend | None = None) -> SmsStatus:
    backend = backend or load_backend(current_app.config["SMS_BACKEND"])
    if not _claim(message_id, utcnow()):
        return SmsStatus.SENDING
    message = db.session.get_one(SmsMessage, message_id)
    failure: Exception | None = None
    try:
        gateway_ref = backend.send(message.to, message.body)
    except Exception as error:  # a gateway may fail in any way; the message must survive it
        failure = error
        gateway_ref = None
    # The outcome is written as a writer of its own (on SQLite the read above may be stale).
    begin_write()
    message = db.session.get_one(SmsMessage, message_id)
    message.attempts += 1
    if failure is not None:
        message.last_error = str(failure)[:400]
        if message.attempts >= current_app.config["SMS_MAX_ATTEMPTS"]:
            message.status = SmsStatus.FAILED
            log.error("SMS %s (%s) failed for good: %s", message.id, message.kind, failure)
        else:
            message.status = SmsStatus.QUEUED
            message.next_attempt_at = utcnow() + backoff(message.attempts)
            log.warning("SMS %s (%s) failed, will retry: %s", message.id, message.kind, failure)
    else:
        message.gateway_ref = gateway_ref
        message.status = SmsStatus.SENT
        message.sent_at = utcnow()
        message.last_error = None
        if not backend.keeps_text:
            message.body = message.display_body
        log.info("SMS %s (%s) sent", message.id, message.kind)
    if message.status in (SmsStatus.SENT, SmsStatus.FAILED):
        db.session.flush()
        standing.refresh(message.participant_id)
    db.session.commit()
    return message.status


def deliver_due(now: datetime | None = None) -> dict[SmsStatus, int]:
    """Send every message that is due: new ones, retries, and ones a crashed process left."""
    now = now or utcnow()
    due = db.session.scalars(
        select(SmsMessage.id)
        .where(
            or_(
                (SmsMessage.status == SmsStatus.QUEUED) & (SmsMessage.next_attempt_at <= now),
                (SmsMessage.status == SmsStatus.SENDING)
                & (SmsMessage.next_attempt_at < now - STALE_SENDING),
            )
        )
        .order_by(SmsMessage.id)
    ).all()
    backend = load_backend(current_app.config["SMS_BACKEND"])
    counts: dict[SmsStatus, int] = {}
    for message_id in due:
        status = deliver(message_id, backend)
        counts[status] = counts.get(status, 0) + 1
    return counts


def deliver_queued_after_request(response: object) -> object:
    """after_request: send what this request queued, once its transaction has committed."""
    queued: list[int] = g.pop("sms_queued", [])
    if queued:
        db.session.rollback()  # anything left uncommitted by the view was not meant to land
        backend = load_backend(current_app.config["SMS_BACKEND"])
        for message_id in queued:
            if db.session.get(SmsMessage, message_id) is not None:
                deliver(message_id, backend)
    return response


def outbox(
    *, participant_id: int | None = None, organisation_id: int | None = None, limit: int = 100
) -> list[SmsMessage]:
    """The newest messages to one participant, or to every participant of an organisation."""
    query = select(SmsMessage).order_by(SmsMessage.id.desc()).limit(limit)
    if participant_id is not None:
        query = query.where(SmsMessage.participant_id == participant_id)
    if organisation_id is not None:
        query = query.join(Participant).where(Participant.organisation_id == organisation_id)
    return list(db.session.scalars(query))
