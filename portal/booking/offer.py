"""The county's offer as a participant may book it, and one occasion of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import abort
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import joinedload

from portal.booking.meeting_times import MeetingTime, meeting_times
from portal.booking.models import (
    Occasion,
    occasion_loading,
)
from portal.booking.occasions import local_time
from portal.booking.vocabulary import OccasionType
from portal.database import db, utcnow
from portal.organisations.models import Municipality
from portal.participants.models import Participant


@dataclass
class OfferFilter:
    kind: str | None = None
    language: str | None = None
    municipality_id: int | None = None
    from_date: date | None = None


def county_municipalities(county_id: int) -> list[Municipality]:
    return list(
        db.session.scalars(
            select(Municipality)
            .where(Municipality.county_id == county_id)
            .order_by(Municipality.name)
        )
    )


def _may_book_clause(participant: Participant) -> Any:
    return or_(
        Occasion.open_to_county.is_(True),
        Occasion.municipality_id == participant.municipality_id,
    )


# How many occasions a page of the offer shows; "later occasions" continues after the last.
PAGE = 10
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class After:
    """Where a page of the offer ends, in its order: the keyset the next page starts after
    (never OFFSET: a page costs the same wherever it is in the county's offer)."""

    rank: int
    starts_at: datetime
    id: int

    def token(self) -> str:
        return f"{self.rank}.{(self.starts_at - EPOCH) // timedelta(microseconds=1)}.{self.id}"

    @classmethod
    def parse(cls, token: str | None) -> After | None:
        """The place a token names; None for none or one that was not made by token()."""
        parts = (token or "").split(".")
        if len(parts) != 3 or not all(part.isdigit() and len(part) < 20 for part in parts):
            return None
        rank, micros, id_ = (int(part) for part in parts)
        if rank > 1:
            return None
        return cls(rank, EPOCH + timedelta(microseconds=micros), id_)


@dataclass
class OfferPage:
    occasions: list[Occasion]
    # The meetings of each occasion listed, by occasion id (meeting_times).
    meetings: dict[int, list[MeetingTime]]
    total: int
    # Where the next page starts; None on the last page.
    next: After | None


def offer(
    participant: Participant,
    filters: OfferFilter,
    now: datetime | None = None,
    after: After | None = None,
    size: int = PAGE,
) -> OfferPage:
    """A page of what the participant may book in their county, civic orientation in their
    own language first, then by start; the soonest first, or those after `after`."""
    now = now or utcnow()
    own_language_civic = case(
        (
            and_(
                Occasion.kind == OccasionType.CIVIC_ORIENTATION,
                Occasion.language == participant.language,
            ),
            0,
        ),
        else_=1,
    )
    query = (
        select(Occasion)
        .join(Municipality, Municipality.id == Occasion.municipality_id)
        .where(
            Municipality.county_id == participant.municipality.county_id,
            Occasion.starts_at > now,
            Occasion.book_by > now,
            Occasion.cancelled_at.is_(None),
            _may_book_clause(participant),
        )
    )
    if filters.kind:
        query = query.where(Occasion.kind == filters.kind)
    if filters.language:
        query = query.where(Occasion.language == filters.language)
    if filters.municipality_id:
        query = query.where(Occasion.municipality_id == filters.municipality_id)
    if filters.from_date:
        query = query.where(Occasion.starts_at >= local_time(filters.from_date, time(0)))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    if after is not None:
        query = query.where(
            or_(
                own_language_civic > after.rank,
                and_(
                    own_language_civic == after.rank,
                    or_(
                        Occasion.starts_at > after.starts_at,
                        and_(Occasion.starts_at == after.starts_at, Occasion.id > after.id),
                    ),
                ),
            )
        )
    rows = db.session.execute(
        query.add_columns(own_language_civic)
        .options(*occasion_loading(meetings=False))
        .order_by(own_language_civic, Occasion.starts_at, Occasion.id)
        .limit(size + 1)
    ).all()
    shown = rows[:size]
    last = shown[-1] if len(rows) > size else None
    occasions = [occasion for occasion, _rank in shown]
    return OfferPage(
        occasions=occasions,
        meetings=meeting_times([occasion.id for occasion in occasions]),
        total=total,
        next=After(last[1], last[0].starts_at, last[0].id) if last else None,
    )


def occasion_in_county(
    participant: Participant, occasion_id: int, *, shown: bool = True
) -> Occasion:
    """An occasion of the participant's county, or 404: other counties' offers are not theirs.
    `shown`: with what its page shows (meetings, place, provider); without, only its place,
    for a command that needs no more than to know it may act on it."""
    loading = occasion_loading() if shown else [joinedload(Occasion.municipality)]
    occasion = db.session.scalar(
        select(Occasion).where(Occasion.id == occasion_id).options(*loading)
    )
    if occasion is None or occasion.municipality.county_id != participant.municipality.county_id:
        abort(404)
    return occasion
