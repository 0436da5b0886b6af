from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Model, UTCDateTime, utcnow
from portal.organisations.models import Municipality, Organisation
from portal.vocabulary import Gender


class Participant(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # The organisation whose caseworkers may see and change this participant.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # E.164; not unique, because family members often share one phone.
    phone: Mapped[str] = mapped_column(String(20), index=True)
    language: Mapped[str] = mapped_column(String(12))
    gender: Mapped[Gender] = mapped_column(String(10))
    residence_permit_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    organisation: Mapped[Organisation] = relationship()
    municipality: Mapped[Municipality] = relationship()
