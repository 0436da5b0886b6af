from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Model, UTCDateTime, utcnow
from portal.participants.models import Participant


class SmsStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # gave up after SMS_MAX_ATTEMPTS
    STOPPED = "stopped"  # over the SMS budget (sms/budget.py names which in last_error)


class SmsMessage(Model):
    """One text message. It is written here first and delivered after the writing
    transaction commits, so that nothing is lost if the gateway is down."""

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
    status: Mapped[SmsStatus] = mapped_column(String(10), default=SmsStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(400))
    gateway_ref: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    participant: Mapped[Participant | None] = relationship()
