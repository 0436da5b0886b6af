from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Model, UTCDateTime, utcnow
from portal.participants.models import Participant


class SmsStatus(StrEnum):
    """Where a text is: queued → sending → sent → delivered, or one of the ends beside.

    The two failures are kept apart as GOV.UK Notify keeps them: `failed` is permanent (the
    gateway refused the message, e.g. a number that cannot take texts, or every attempt
    failed), `failed-temporary` means the gateway took it but the network could not reach the
    phone (switched off, out of coverage). Either way the person did not get it.
    """

    QUEUED = "queued"
    SENDING = "sending"  # claimed by a worker, which is calling the gateway
    SENT = "sent"  # the gateway took it
    DELIVERED = "delivered"  # the gateway's delivery report: it reached the phone
    FAILED = "failed"
    FAILED_TEMPORARY = "failed-temporary"
    # A worker stopped between handing it to the gateway and recording that it had: it may
    # or may not have been sent, and is not sent again blindly.
    UNKNOWN = "unknown"
    EXPIRED = "expired"  # not sent before its lifetime ended: dropped, never delivered late
    STOPPED = "stopped"  # over the SMS budget (sms/budget.py names which in last_error)


# Texts that did not reach the person, or may not have: the caseworker should phone them.
NOT_DELIVERED = (
    SmsStatus.FAILED,
    SmsStatus.FAILED_TEMPORARY,
    SmsStatus.UNKNOWN,
    SmsStatus.EXPIRED,
)
GOT_THROUGH = (SmsStatus.SENT, SmsStatus.DELIVERED)


class SmsMessage(Model):
    """One text message. A request only writes it here; a worker (`flask sms-worker`, or
    `flask send-sms` from cron) delivers it, so nothing is lost if the gateway is down and
    no page waits for the gateway."""

    __table_args__ = (Index("ix_sms_message_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id"), index=True)
    to: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(12))
    # The text as delivered. Links and codes in it are cleared once it has been sent.
    body: Mapped[str] = mapped_column(Text)
    # The same text with every link and code masked: what staff and logs may see.
    display_body: Mapped[str] = mapped_column(Text)
    status: Mapped[SmsStatus] = mapped_column(String(20), default=SmsStatus.QUEUED)
    # When the status last changed: what staff see beside it.
    status_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Past this the text is dropped (status expired), never delivered late.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(400))
    # The gateway's id for the message: delivery reports name it.
    gateway_ref: Mapped[str | None] = mapped_column(String(100), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    participant: Mapped[Participant | None] = relationship()
