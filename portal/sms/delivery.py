"""Delivering the outbox, so that no text is sent twice.

Each message goes through three short transactions: claim it (queued → sending, committed
before the gateway is called), call the gateway with no transaction open, then record what
the gateway said. Recording `sent` is retried on lock errors (SQLite "database is locked",
PostgreSQL serialization failures and deadlocks): a lock error never turns into a resend.

A worker that stops between the call and the record (kill -9, a lost machine, an error in
the record) leaves the message `sending`. Once that is older than SMS_STALE_AFTER, the
message becomes `unknown` ("may or may not have been delivered", shown to staff), never sent
again blindly, except kinds harmless to repeat (`REPEATABLE_KINDS`).

Past its lifetime (`expires_at`) a message is dropped as `expired`, never sent late: an
expired sign-in code is never sent.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError

from portal.database import begin_write, db, utcnow
from portal.participants import status as standing
from portal.sms import reports
from portal.sms.backends import (
    Outgoing,
    SmsBackend,
    SmsDeliveryError,
    SmsGatewayUnavailable,
    SmsRejected,
    load_backend,
)
from portal.sms.models import SmsMessage, SmsStatus

log = logging.getLogger("portal.sms")

# Texts sent again when a worker stopped before it could record whether the gateway took
# them. Only the day-before reminder: twice costs one text and reminds twice, while none
# may cost a missed meeting. Everything else is not: a code or a link twice costs budget
# (an SMS-pumping target) and invites a second, confusing message; a notice of a change or
# an offer twice reads as a second change.
REPEATABLE_KINDS = frozenset({"booking_reminder"})

# PostgreSQL: serialization_failure, deadlock_detected, lock_not_available.
LOCK_SQLSTATES = frozenset({"40001", "40P01", "55P03"})

Change = Callable[[SmsMessage], bool]


def is_lock_error(error: DBAPIError) -> bool:
    original = error.orig
    if isinstance(original, sqlite3.OperationalError):
        return "locked" in str(original) or "busy" in str(original)
    return getattr(original, "sqlstate", None) in LOCK_SQLSTATES


def record(message_id: int, change: Change, *, now: datetime | None = None) -> bool:
    """Apply `change` to the message in a write transaction of its own and commit, trying
    again on lock errors (SMS_RECORD_TRIES times). `change` returns False when the message
    has moved on meanwhile (then nothing is written). Returns whether it was written."""
    tries = current_app.config["SMS_RECORD_TRIES"]
    for attempt in range(tries):
        try:
            begin_write()
            message = db.session.scalars(
                select(SmsMessage).where(SmsMessage.id == message_id).with_for_update()
            ).one()
            if not change(message):
                db.session.rollback()
                return False
            message.status_at = now or utcnow()
            db.session.flush()
            standing.refresh(message.participant_id)
            db.session.commit()
            return True
        except DBAPIError as error:
            db.session.rollback()
            if not is_lock_error(error) or attempt == tries - 1:
                raise
            log.warning("SMS %s: lock error while recording, trying again", message_id)
            time.sleep(min(0.05 * 2**attempt, 2.0))
    return False  # pragma: no cover  (the loop returns or raises)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def forget_secrets(message: SmsMessage, backend: SmsBackend) -> None:
    """Once a message will not be sent (again), its link or code is not kept."""
    if not backend.keeps_text:
        message.body = message.display_body


def _claim(message_id: int, now: datetime) -> bool:
    """queued → sending, committed before the gateway is called; False if another worker
    got there first or the message is no longer due."""
    begin_write()
    claimed = db.session.execute(
        update(SmsMessage)
        .where(
            SmsMessage.id == message_id,
            SmsMessage.status == SmsStatus.QUEUED,
            SmsMessage.next_attempt_at <= now,
            SmsMessage.expires_at > now,
        )
        .values(
            status=SmsStatus.SENDING,
            status_at=now,
            next_attempt_at=now,
            attempts=SmsMessage.attempts + 1,
        )
    )
    db.session.commit()
    return bool(claimed.rowcount)  # type: ignore[attr-defined]


def deliver(message_id: int, backend: SmsBackend, now: datetime | None = None) -> SmsStatus:
    """Send one message if it is due. Raises SmsGatewayUnavailable (after putting the
    message back) when nothing can be sent for now."""
    now = now or utcnow()
    try:
        claimed = _claim(message_id, now)
    except DBAPIError as error:
        db.session.rollback()
        if not is_lock_error(error):
            raise
        claimed = False  # nothing was sent: the next round tries again
    if not claimed:
        return SmsStatus.SENDING
    message = db.session.get_one(SmsMessage, message_id)
    outgoing = Outgoing(
        to=message.to,
        body=message.body,
        secret=message.body != message.display_body,
        report_url=reports.report_url(),
    )
    kind = message.kind
    db.session.commit()  # no transaction stays open while the gateway is called
    try:
        reference = backend.send(outgoing)
    except SmsGatewayUnavailable as error:
        record(message_id, _held(error, now))
        raise
    except SmsDeliveryError as error:
        change = _retried(error, backend)
    except SmsRejected as error:
        change = _failed(error, backend)
    except Exception as error:  # the gateway may have taken it
        log.error("SMS %s (%s): outcome unknown: %s", message_id, kind, error)
        change = _unknown(str(error), backend, now)
    else:
        change = _sent(reference, backend)
    record(message_id, change)
    return db.session.get_one(SmsMessage, message_id).status


def _sent(reference: str, backend: SmsBackend) -> Change:
    def change(message: SmsMessage) -> bool:
        # A stale sweep may have called it unknown meanwhile: sent is the better knowledge.
        if message.status not in (SmsStatus.SENDING, SmsStatus.UNKNOWN):
            return False
        message.status = SmsStatus.SENT
        message.gateway_ref = reference
        message.sent_at = utcnow()
        message.last_error = None
        forget_secrets(message, backend)
        log.info("SMS %s (%s) sent", message.id, message.kind)
        return True

    return change


def _retried(error: Exception, backend: SmsBackend) -> Change:
    def change(message: SmsMessage) -> bool:
        message.last_error = str(error)[:400]
        if message.attempts >= current_app.config["SMS_MAX_ATTEMPTS"]:
            log.error("SMS %s (%s) failed for good: %s", message.id, message.kind, error)
            message.status = SmsStatus.FAILED
            forget_secrets(message, backend)
        else:
            log.warning("SMS %s (%s) failed, will retry: %s", message.id, message.kind, error)
            message.status = SmsStatus.QUEUED
            message.next_attempt_at = utcnow() + backoff(message.attempts)
        return True

    return change


def _failed(error: Exception, backend: SmsBackend) -> Change:
    def change(message: SmsMessage) -> bool:
        log.error("SMS %s (%s) refused by the gateway: %s", message.id, message.kind, error)
        message.status = SmsStatus.FAILED
        message.last_error = str(error)[:400]
        forget_secrets(message, backend)
        return True

    return change


def _held(error: Exception, now: datetime) -> Change:
    """Back to the queue, the attempt not counted: the message is not at fault."""

    def change(message: SmsMessage) -> bool:
        message.status = SmsStatus.QUEUED
        message.attempts -= 1
        message.last_error = str(error)[:400]
        message.next_attempt_at = now + current_app.config["SMS_GATEWAY_PAUSE"]
        return True

    return change


def _unknown(reason: str, backend: SmsBackend, now: datetime) -> Change:
    def change(message: SmsMessage) -> bool:
        if message.status != SmsStatus.SENDING:
            return False
        message.last_error = reason[:400]
        if message.kind in REPEATABLE_KINDS and message.expires_at > now:
            message.status = SmsStatus.QUEUED
        else:
            message.status = SmsStatus.UNKNOWN
            forget_secrets(message, backend)
        return True

    return change


def settle_stale(backend: SmsBackend, now: datetime) -> int:
    """Messages a stopped worker left `sending`: unknown (or queued again if harmless).
    Returns how many became unknown."""
    stale = db.session.scalars(
        select(SmsMessage.id).where(
            SmsMessage.status == SmsStatus.SENDING,
            SmsMessage.next_attempt_at < now - current_app.config["SMS_STALE_AFTER"],
        )
    ).all()
    db.session.commit()
    reason = "the worker stopped before it recorded whether the gateway took it"
    unknown = 0
    for message_id in stale:
        log.error("SMS %s: %s", message_id, reason)
        record(message_id, _unknown(reason, backend, now), now=now)
        unknown += db.session.get_one(SmsMessage, message_id).status == SmsStatus.UNKNOWN
    db.session.commit()
    return unknown


def expire(backend: SmsBackend, now: datetime) -> int:
    """Drop every queued message whose lifetime has ended: never delivered late."""

    def change(message: SmsMessage) -> bool:
        if message.status != SmsStatus.QUEUED:
            return False
        message.status = SmsStatus.EXPIRED
        forget_secrets(message, backend)
        log.warning("SMS %s (%s) expired before it could be sent", message.id, message.kind)
        return True

    lapsed = db.session.scalars(
        select(SmsMessage.id).where(
            SmsMessage.status == SmsStatus.QUEUED, SmsMessage.expires_at <= now
        )
    ).all()
    db.session.commit()
    return sum(record(message_id, change, now=now) for message_id in lapsed)


def deliver_due(
    now: datetime | None = None, *, stopping: Callable[[], bool] = lambda: False
) -> dict[str, int]:
    """One round: drop what expired, settle what stopped workers left, send what is due.
    Counts the outcome of each message by status ("held" when the gateway cannot take any).
    `stopping()` is asked between messages: a worker told to stop finishes the one in hand."""
    now = now or utcnow()
    backend = load_backend(current_app.config["SMS_BACKEND"])
    counts: dict[str, int] = {}

    def count(status: str, number: int = 1) -> None:
        if number:
            counts[status] = counts.get(status, 0) + number

    count(SmsStatus.EXPIRED, expire(backend, now))
    count(SmsStatus.UNKNOWN, settle_stale(backend, now))
    due = db.session.scalars(
        select(SmsMessage.id)
        .where(
            SmsMessage.status == SmsStatus.QUEUED,
            SmsMessage.next_attempt_at <= now,
            SmsMessage.expires_at > now,
        )
        .order_by(SmsMessage.id)
    ).all()
    db.session.commit()
    for message_id in due:
        if stopping():
            break
        try:
            count(deliver(message_id, backend, now))
        except SmsGatewayUnavailable:
            count("held")
            break
    return counts
