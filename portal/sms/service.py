"""Queueing text messages, and the outbox staff see.

`queue()` writes a message inside the caller's transaction, and that is all a request does:
a worker delivers it (`portal/sms/delivery.py`, run by `flask sms-worker` or by
`flask send-sms` from cron), so no page ever waits for the gateway.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, cast

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, insert, select

from portal.database import db, utcnow
from portal.participants.models import Participant
from portal.sms import budget
from portal.sms.encoding import MAX_PARTS, fewest_parts, shape
from portal.sms.models import SmsMessage, SmsStatus

log = logging.getLogger("portal.sms")

TOO_LONG_TITLE = _l("The text message is too long")

# What staff read about each message, and the colour of its tag.
STATUS_LABELS = {
    SmsStatus.QUEUED: (_l("Waiting to be sent"), "yellow"),
    SmsStatus.SENDING: (_l("Being sent"), "yellow"),
    SmsStatus.SENT: (_l("Sent"), "green"),
    SmsStatus.DELIVERED: (_l("Delivered to the phone"), "green"),
    SmsStatus.FAILED: (_l("Could not be sent"), "red"),
    SmsStatus.FAILED_TEMPORARY: (_l("Not delivered: the phone could not be reached"), "red"),
    SmsStatus.UNKNOWN: (_l("May or may not have been delivered"), "red"),
    SmsStatus.EXPIRED: (_l("Not sent in time, so not sent at all"), "red"),
    SmsStatus.STOPPED: (_l("Stopped by the text budget"), "red"),
}


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


class Addressee(Protocol):
    """Whom a text goes to: a Participant, or a `Recipient` read with a command's rows."""

    @property
    def id(self) -> int: ...
    @property
    def phone(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def organisation_id(self) -> int: ...


@dataclass(frozen=True)
class Recipient:
    """A participant as far as a text needs them, without loading the row."""

    id: int
    phone: str
    language: str
    organisation_id: int


@dataclass(frozen=True)
class Queued:
    """A message written to the outbox."""

    id: int
    status: SmsStatus
    last_error: str | None


def mask(secret: str) -> str:
    # As long as the secret and in the same alphabet, so that the masked copy has the same
    # length, encoding and number of parts as the message itself.
    return "*" * len(secret)


_OUTBOX = cast(Table, SmsMessage.__table__)
_WRITE = insert(_OUTBOX).returning(_OUTBOX.c.id)


def queue(
    participant: Addressee,
    kind: str,
    render: Callable[..., str],
    secrets: dict[str, str] | None = None,
    **values: object,
) -> Queued:
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
        nobody=False,
        **values,
    )


def queue_to(
    to: str,
    language: str,
    kind: str,
    render: Callable[..., str],
    secrets: dict[str, str] | None = None,
    *,
    participant: Addressee | None = None,
    nobody: bool = False,
    **values: object,
) -> Queued:
    """As `queue`, to any number in any language: a member of staff's work phone. With
    `nobody`, the same work for a number that belongs to no one, and the text is not sent."""
    secrets = secrets or {}
    with force_locale(language):
        body = fewest_parts(render(**values, **secrets))
        display_body = fewest_parts(
            render(**values, **{name: mask(value) for name, value in secrets.items()})
        )
    parts = shape(body).parts
    if parts > MAX_PARTS:
        raise SmsTooLong(parts)
    organisation_id = participant.organisation_id if participant else None
    stopped = budget.spend(to, kind, organisation_id, nobody=nobody)
    stopped = stopped or (budget.Stop.NOBODY if nobody else None)
    now = utcnow()
    status = SmsStatus.STOPPED if stopped else SmsStatus.QUEUED
    # One INSERT in the caller's transaction: no object to flush, a statement compiled once.
    message_id = db.session.execute(
        _WRITE,
        {
            "participant_id": participant.id if participant else None,
            "to": to,
            "kind": kind,
            "language": language,
            "body": display_body if stopped else body,  # never sent: the code need not be kept
            "display_body": display_body,
            "created_at": now,
            "status_at": now,
            "next_attempt_at": now,
            "expires_at": lifetime_end(kind, values, now),
            "status": status,
            "last_error": stopped,
            "attempts": 0,
        },
    ).scalar_one()
    if stopped in budget.OVER and not nobody:
        log.warning("SMS %s (%s) stopped: over the %s budget", message_id, kind, stopped)
    return Queued(message_id, status, stopped)


def lifetime_end(kind: str, values: dict[str, object], now: datetime) -> datetime:
    """When a text stops being worth sending; past it, it is dropped, never sent late.

    A code or a link: when it stops working (a code a little before). Anything about an occasion (`starts_at`) or an
    offer (`until`): by then at the latest. Anything else: after SMS_LIFETIME.
    """
    config = current_app.config
    if kind.startswith("code_"):
        # A code that would arrive with seconds left is of no use either.
        return now + config["CODE_TTL"] - config["SMS_CODE_MARGIN"]
    if kind == "invitation":
        return now + config["INVITATION_TTL"]
    if kind.startswith("staff_"):
        return now + config["STAFF_LINK_TTL"]
    end: datetime = now + config["SMS_LIFETIME"]
    for name in ("until", "starts_at"):
        moment = values.get(name)
        if isinstance(moment, datetime):
            end = min(end, moment)
    return end


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
