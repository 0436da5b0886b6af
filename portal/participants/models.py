from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from portal.database import Model, UTCDateTime, utcnow
from portal.organisations.models import Municipality, Organisation
from portal.vocabulary import Gender

# The name key of a participant whose personal data was deleted while approvals are kept.
ERASED_PREFIX = "erased:"


def name_key(name: str) -> str:
    """A name as compared for duplicates: case and spacing do not make another person."""
    return " ".join(name.casefold().split())


class Participant(Model):
    # The same name and number twice in one organisation is one person registered twice.
    __table_args__ = (UniqueConstraint("organisation_id", "phone", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The organisation whose caseworkers may see and change this participant.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    # E.164; not unique, because family members often share one phone.
    phone: Mapped[str] = mapped_column(String(20), index=True)
    language: Mapped[str] = mapped_column(String(12))
    gender: Mapped[Gender] = mapped_column(String(10))
    residence_permit_date: Mapped[date | None] = mapped_column(Date)
    # When the introduction ends (or ended): personal data is deleted RETENTION_YEARS later.
    introduction_ends_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    organisation: Mapped[Organisation] = relationship()
    municipality: Mapped[Municipality] = relationship()

    @validates("name")
    def _keep_name_key(self, _key: str, value: str) -> str:
        self.name_key = name_key(value)
        return value
