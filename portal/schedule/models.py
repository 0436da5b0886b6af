from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Model, UTCDateTime, utcnow


class CalendarFeed(Model):
    """The secret address of a participant's calendar feed. Only the SHA-256 of its token is
    kept: the address is shown once, when it is made. Renewing it replaces the hash, so the
    old address stops working at once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
