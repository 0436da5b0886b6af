"""The staff access log of participants' records, and what follow-up keeps of a person
once their personal data has been deleted."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

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

    events: Mapped[list[AnonymisedEvent]] = relationship()


class KeptFact(StrEnum):
    """What happened to a person, kept by month for the follow-up figures."""

    CHANGE_REQUEST = "change_request"
    BOOKED = "booked"  # a seat confirmed (month confirmed; host municipality)
    JOINED = "joined"  # joined a waiting list (month joined; month left it, if they did)
    OFFERED = "offered"  # offered a seat from the list (month offered; days waited)
    ATTENDED = "attended"  # a meeting marked (the meeting's month)
    EXCUSED = "excused"  # absent with a valid reason
    NO_SHOW = "no_show"  # absent without one
    PLAN = "plan"  # a plan version published (month published; its areas)


class AnonymisedEvent(Model):
    """One event in the life of an anonymised participant that a follow-up figure counts,
    by month only, so that figures for past periods stay the same when personal data goes."""

    __table_args__ = (Index("ix_anonymised_event_fact_month", "fact", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    anonymised_participant_id: Mapped[int] = mapped_column(
        ForeignKey("anonymised_participant.id"), index=True
    )
    fact: Mapped[KeptFact] = mapped_column(String(20))
    # The first day of the month (Swedish time) it happened in.
    month: Mapped[date] = mapped_column(Date)
    # For bookings: civic orientation or SFI, and where the occasion was.
    occasion_kind: Mapped[str | None] = mapped_column(String(30))
    host_municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    # For a waiting list: the month the person left it (offered a seat, or cancelled).
    left_month: Mapped[date | None] = mapped_column(Date)
    # Days waited for an offer; a plan version's areas (plans.models.AREA_BITS).
    number: Mapped[int | None] = mapped_column(Integer)
