"""The staff access log of participants' records, and what follow-up keeps of a person
once their personal data has been deleted."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Model, UTCDateTime, utcnow
from portal.staff.models import Staff


class RecordAccess(Model):
    """A member of staff opened a page showing this participant's data. The participant
    sees these, and so do the caseworkers of their organisation."""

    __table_args__ = (Index("ix_record_access_participant_at", "participant_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Which page: a code from privacy.access_log.PAGES.
    page: Mapped[str] = mapped_column(String(40))

    staff: Mapped[Staff] = relationship()


class AnonymisedParticipant(Model):
    """What follow-up keeps of a participant whose personal data was deleted: no name, no
    number, no exact day, nothing that points back at the person."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    gender: Mapped[str] = mapped_column(String(10))
    # The first day of the month they were registered in.
    registered_month: Mapped[date] = mapped_column(Date)
    days_to_published_plan: Mapped[int | None] = mapped_column(Integer)
    days_to_approved_plan: Mapped[int | None] = mapped_column(Integer)
    bookings: Mapped[int] = mapped_column(Integer, default=0)
    bookings_elsewhere: Mapped[int] = mapped_column(Integer, default=0)
    meetings_attended: Mapped[int] = mapped_column(Integer, default=0)
    meetings_missed: Mapped[int] = mapped_column(Integer, default=0)
    # The year the data was deleted: enough to know which yearly figures it belongs to.
    erased_year: Mapped[int] = mapped_column(Integer)
