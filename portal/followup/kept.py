"""What the figures count of people whose personal data was deleted (privacy.retention):
their anonymised rows, by month, counted as `window` counts the living, so that no figure
of a past period changes when retention runs."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from portal.followup import aggregates
from portal.followup.aggregates import Counts, by_group
from portal.followup.periods import Period
from portal.organisations.models import Municipality
from portal.plans.models import AREA_BITS
from portal.privacy.models import AnonymisedEvent, AnonymisedParticipant, KeptFact
from portal.vocabulary import Area

Person = AnonymisedParticipant
Event = AnonymisedEvent


class Kept:
    """Queries over the anonymised rows of one county, grouped as `window.Window`'s are: by
    slot (0 for the period, 1 for the one before), municipality and gender."""

    Person = AnonymisedParticipant

    def __init__(self, county_id: int, period: Period, previous: Period) -> None:
        self.county_id = county_id
        self.period = period
        self.previous = previous

    def _in_county(self) -> Any:
        return Person.municipality_id.in_(
            select(Municipality.id).where(Municipality.county_id == self.county_id)
        )

    def _slot(self, month: Any) -> Any:
        return case((month >= self.period.first, 0), else_=1).label("slot")

    def _during(self, month: Any) -> Any:
        return and_(month >= self.previous.first, month < self.period.after)

    def _count(self, month: Any, query: Select[Any], column: Any = Person.gender) -> list[Counts]:
        period = self._slot(month)
        return aggregates.counts(
            query.add_columns(period, Person.municipality_id, column, func.count())
            .where(self._in_county(), self._during(month))
            .group_by(period, Person.municipality_id, column)
        )

    def _values(self, month: Any, days: Any, query: Select[Any]) -> Select[Any]:
        """(slot, municipality, gender, days) rows, to be ranked with the living's."""
        return query.add_columns(
            self._slot(month), Person.municipality_id, Person.gender, days
        ).where(self._in_county(), self._during(month), days.is_not(None))

    def people(self, *conditions: Any) -> list[Counts]:
        return self._count(Person.registered_month, select().where(*conditions))

    def days(self, *columns: Any) -> Select[Any]:
        """(slot, municipality, gender, days...) for each person registered in the two
        periods, NULL where a person has no value for a measure."""
        month = Person.registered_month
        return (
            select(self._slot(month), Person.municipality_id, Person.gender, *columns)
            .select_from(Person)
            .where(self._in_county(), self._during(month))
        )

    @staticmethod
    def _events(*facts: KeptFact, kind: str | None = None) -> Select[Any]:
        query = select().select_from(Event).join(Person).where(Event.fact.in_(facts))
        if kind is not None:
            query = query.where(Event.occasion_kind == kind)
        return query

    def events(self, *facts: KeptFact, kind: str | None = None) -> list[Counts]:
        return self._count(Event.month, self._events(*facts, kind=kind))

    def elsewhere(self, kind: str) -> list[Counts]:
        return self._count(
            Event.month,
            self._events(KeptFact.BOOKED, kind=kind).where(
                Event.host_municipality_id != Person.municipality_id
            ),
        )

    def hosting(self, kind: str) -> list[Counts]:
        return self._count(
            Event.month,
            self._events(KeptFact.BOOKED, kind=kind).where(
                Event.host_municipality_id != Person.municipality_id
            ),
            column=Event.host_municipality_id,
        )

    def wait_days(self, kind: str) -> Select[Any]:
        return self._values(Event.month, Event.number, self._events(KeptFact.OFFERED, kind=kind))

    def queue(self, kind: str, month: date) -> Counts:
        """On a waiting list at the start of `month`: joined before it, left in it or after."""
        return by_group(
            self._events(KeptFact.JOINED, kind=kind)
            .add_columns(Person.municipality_id, Person.gender, func.count())
            .where(
                self._in_county(),
                Event.month < month,
                or_(Event.left_month.is_(None), Event.left_month >= month),
            )
            .group_by(Person.municipality_id, Person.gender)
        )

    def areas(self, month: date, areas: tuple[Area, ...]) -> dict[Area, Counts]:
        """Each person's newest plan version published before `month`, by area."""
        newer = aliased(Event)
        newest = ~exists().where(
            newer.anonymised_participant_id == Event.anonymised_participant_id,
            newer.fact == KeptFact.PLAN,
            newer.month < month,
            newer.id > Event.id,
        )
        query = (
            self._events(KeptFact.PLAN)
            .add_columns(
                Person.municipality_id,
                Person.gender,
                *(
                    func.sum(case((Event.number.op("&")(AREA_BITS[area]) != 0, 1), else_=0))
                    for area in areas
                ),
            )
            .where(self._in_county(), Event.month < month, newest)
            .group_by(Person.municipality_id, Person.gender)
        )
        return aggregates.by_area(query, areas)
