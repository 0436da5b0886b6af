"""The county's offer as a participant may book it, and one occasion of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from flask import abort
from sqlalchemy import and_, case, or_, select

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


def offer(
    participant: Participant, filters: OfferFilter, now: datetime | None = None
) -> list[Occasion]:
    """What the participant may book in their county, civic orientation in their own
    language first, then by start."""
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
        .options(*occasion_loading())
        .order_by(own_language_civic, Occasion.starts_at, Occasion.id)
        .limit(200)
    )
    if filters.kind:
        query = query.where(Occasion.kind == filters.kind)
    if filters.language:
        query = query.where(Occasion.language == filters.language)
    if filters.municipality_id:
        query = query.where(Occasion.municipality_id == filters.municipality_id)
    if filters.from_date:
        query = query.where(Occasion.starts_at >= local_time(filters.from_date, time(0)))
    return list(db.session.scalars(query).unique())


def occasion_in_county(participant: Participant, occasion_id: int) -> Occasion:
    """An occasion of the participant's county, or 404: other counties' offers are not theirs."""
    occasion = db.session.scalar(
        select(Occasion).where(Occasion.id == occasion_id).options(*occasion_loading())
    )
    if occasion is None or occasion.municipality.county_id != participant.municipality.county_id:
        abort(404)
    return occasion
