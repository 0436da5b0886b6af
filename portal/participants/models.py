from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from portal.database import Model, UTCDateTime, utcnow
from portal.organisations.models import Municipality, Organisation
from portal.vocabulary import Gender

# The name key of a participant whose personal data was deleted while approvals are kept.
ERASED_PREFIX = "erased:"
# participants.registry.not_erased() as SQL, for an index that leaves the erased out.
NOT_ERASED_SQL = f"name_key NOT LIKE '{ERASED_PREFIX}%'"


def name_key(name: str) -> str:
    """A name as compared for duplicates: case and spacing do not make another person."""
    return " ".join(name.casefold().split())


class Participant(Model):
    __table_args__ = (
        # The same name and number twice in one organisation is one person registered twice.
        UniqueConstraint("organisation_id", "phone", "name_key"),
        # The caseworker's list: one organisation's participants, a page at a time, by name
        # or by when they were registered (keyset pagination walks these indexes).
        Index("ix_participant_desk_name", "organisation_id", "name", "id"),
        Index("ix_participant_desk_created", "organisation_id", "created_at", "id"),
        # The coordinator's figures count participants registered in a period.
        Index("ix_participant_created_at", "created_at"),
        # ...and read who each is (municipality, gender) for every booking, request and plan
        # they count, and the days to a first plan and approval of those registered in a
        # period: from these indexes alone on PostgreSQL, not from the wide rows.
        Index(
            "ix_participant_figures",
            "id",
            postgresql_include=["municipality_id", "gender"],
            sqlite_where=text(NOT_ERASED_SQL),
            postgresql_where=text(NOT_ERASED_SQL),
        ),
        Index(
            "ix_participant_figures_registered",
            "created_at",
            postgresql_include=[
                "municipality_id",
                "gender",
                "first_published_at",
                "first_approved_at",
            ],
            sqlite_where=text(NOT_ERASED_SQL),
            postgresql_where=text(NOT_ERASED_SQL),
        ),
        # "Needs attention", what a caseworker lands on, and its count: read from this index
        # alone (the erased, whom no list shows, are not in it).
        Index(
            "ix_participant_attention",
            "organisation_id",
            "attention_from",
            "waiting_since",
            sqlite_where=text(NOT_ERASED_SQL),
            postgresql_where=text(NOT_ERASED_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The organisation whose caseworkers may see and change this participant.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    # The name in Latin letters, for a name written in another script (Arabic, Tigrinya,
    # Cyrillic...): staff search either spelling.
    name_latin: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # E.164; not unique, because family members often share one phone.
    phone: Mapped[str] = mapped_column(String(20), index=True)
    language: Mapped[str] = mapped_column(String(12))
    gender: Mapped[Gender] = mapped_column(String(10))
    residence_permit_date: Mapped[date | None] = mapped_column(Date)
    # When the introduction ends (or ended): personal data is deleted RETENTION_YEARS later.
    introduction_ends_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    # Where the participant stands, for the caseworker's list and the follow-up figures: copied from the invitations,
    # sign-ins, plan versions, approvals, requests, texts and attendance by
    # participants.status.refresh() whenever one of them changes, so that a page of a list
    # of 100,000 can be filtered and shown without reading those tables.
    link_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    link_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    link_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    link_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    current_version: Mapped[int | None] = mapped_column(Integer)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_version: Mapped[int | None] = mapped_column(Integer)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    open_change_requests: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    change_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    text_failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    missed_meetings: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # "Needs attention", from the copy above (participants.status.ATTENTION), so that the
    # list a caseworker lands on reads one index rather than an OR over ten columns. Moments,
    # not flags, so that nothing goes stale as time passes: they need attention once
    # `attention_from` has come (ATTENTION_ALWAYS for what needs it at once; the link's expiry
    # for an unused link), or once `waiting_since` (a signed-in person's newest version
    # waiting for approval, published then) is the days asked for behind.
    attention_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The areas of the newest published version (PlanVersion.areas), kept by the same
    # refresh: the figures count plans by area from the participants' rows, and read the
    # versions only of those who published a newer one since the end of a period.
    current_areas: Mapped[int | None] = mapped_column(Integer)

    organisation: Mapped[Organisation] = relationship()
    municipality: Mapped[Municipality] = relationship()

    @validates("name")
    def _keep_name_key(self, _key: str, value: str) -> str:
        self.name_key = name_key(value)
        return value


class NameTerm(Model):
    """One searchable term of a participant's names: the spelling-tolerant key of a word, or
    the word itself folded (participants.search). The caseworker's search looks terms up by
    organisation in an index instead of reading every name."""

    __tablename__ = "participant_name_term"
    __table_args__ = (
        Index(
            "ix_participant_name_term_lookup",
            "organisation_id",
            "term",
            # With the id in the index, a search reads the index alone, not the table.
            "participant_id",
            postgresql_ops={"term": "text_pattern_ops"},  # LIKE 'prefix%' uses the index
        ),
    )

    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), primary_key=True)
    term: Mapped[str] = mapped_column(String(100), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
