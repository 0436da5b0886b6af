from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Model, UTCDateTime, utcnow
from portal.organisations.models import Municipality, Organisation
from portal.vocabulary import Gender


class Participant(Model):
    __table_args__ = (
        # The caseworker's list: one organisation's participants, a page at a time, by name
        # or by when they were registered (keyset pagination walks these indexes).
        Index("ix_participant_desk_name", "organisation_id", "name", "id"),
        Index("ix_participant_desk_created", "organisation_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The organisation whose caseworkers may see and change this participant.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # The name in Latin letters, for a name written in another script (Arabic, Tigrinya,
    # Cyrillic...): staff search either spelling.
    name_latin: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Spelling-tolerant keys of every word of both names, for the caseworker's search
    # (participants.search keeps it; never shown).
    search_key: Mapped[str] = mapped_column(String(600), default="", server_default="")
    # E.164; not unique, because family members often share one phone.
    phone: Mapped[str] = mapped_column(String(20), index=True)
    language: Mapped[str] = mapped_column(String(12))
    gender: Mapped[Gender] = mapped_column(String(10))
    residence_permit_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    organisation: Mapped[Organisation] = relationship()
    municipality: Mapped[Municipality] = relationship()
