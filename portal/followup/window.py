"""The SQL of each follow-up figure: counts and spreads of days over one county for a period
and the one before, grouped by municipality and gender."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, exists, func, or_, select, union_all
from sqlalchemy.orm import aliased

from portal.booking.models import Attendance, Booking, Meeting, Occasion
from portal.booking.vocabulary import AbsenceReason, AttendanceStatus, OccasionType
from portal.followup import aggregates
from portal.followup.aggregates import (
    Counts,
    Spreads,
    both,
    by_area,
    by_group,
    days_between,
    plus,
    slot,
)
from portal.followup.kept import Kept
from portal.followup.periods import Period
from portal.followup.values import AREAS
from portal.organisations.models import Municipality
from portal.participants.models import Participant
from portal.participants.registry import not_erased
from portal.plans.models import AREA_BITS, ChangeRequest, Plan, PlanVersion, VersionStatus
from portal.privacy.models import KeptFact
from portal.vocabulary import Area


class Window:
    """Queries over one county for a period and the one before, each grouped by slot (0 for
    the period, 1 for the one before), municipality and gender."""

    def __init__(self, county_id: int, period: Period, previous: Period) -> None:
        self.county_id = county_id
        self.period = period
        self.previous = previous
        self.kept = Kept(county_id, period, previous)

    def _in_county(self) -> Any:
        # Those erased while an approval of theirs is kept are counted from their
        # anonymised rows (followup.kept), like everyone whose data is gone.
        return and_(
            Participant.municipality_id.in_(
                select(Municipality.id).where(Municipality.county_id == self.county_id)
            ),
            not_erased(),
        )

    def _during(self, column: Any) -> Any:
        return and_(column >= self.previous.starts, column < self.period.ends)

    def _slot(self, column: Any) -> Any:
        return slot(column, self.period.starts).label("slot")

    def _count(self, moment: Any, query: Select[Any], distinct: Any = None) -> list[Counts]:
        counted = func.count(func.distinct(distinct)) if distinct is not None else func.count()
        period = self._slot(moment)
        grouped = (
            query.add_columns(period, Participant.municipality_id, Participant.gender, counted)
            .where(self._in_county(), self._during(moment))
            .group_by(period, Participant.municipality_id, Participant.gender)
        )
        return aggregates.counts(grouped)

    def _values(
        self, moment: Any, days: Any, query: Select[Any], kept: Select[Any]
    ) -> list[Spreads]:
        living = query.add_columns(
            self._slot(moment), Participant.municipality_id, Participant.gender, days
        ).where(self._in_county(), self._during(moment))
        return aggregates.spreads(union_all(living, kept))

    # Registration, first plan and first approval are kept on the participant's row
    # (participants.status), so these read one table.

    def _participants(self) -> Select[Any]:
        return select().select_from(Participant)

    def registered(self) -> list[Counts]:
        return both(self._count(Participant.created_at, self._participants()), self.kept.people())

    def published(self) -> list[Counts]:
        return both(
            self._count(
                Participant.created_at,
                self._participants().where(Participant.first_published_at.is_not(None)),
            ),
            self.kept.people(Kept.Person.days_to_published_plan.is_not(None)),
        )

    def approved(self) -> list[Counts]:
        return both(
            self._count(
                Participant.created_at,
                self._participants().where(Participant.first_approved_at.is_not(None)),
            ),
            self.kept.people(Kept.Person.days_to_approved_plan.is_not(None)),
        )

    def days_to_plan(self) -> list[Spreads]:
        return self._values(
            Participant.created_at,
            days_between(Participant.first_published_at, Participant.created_at),
            self._participants().where(Participant.first_published_at.is_not(None)),
            self.kept.days(Kept.Person.days_to_published_plan),
        )

    def days_to_approval(self) -> list[Spreads]:
        return self._values(
            Participant.created_at,
            days_between(Participant.first_approved_at, Participant.created_at),
            self._participants().where(Participant.first_approved_at.is_not(None)),
            self.kept.days(Kept.Person.days_to_approved_plan),
        )

    def change_requests(self) -> list[Counts]:
        living = self._count(
            ChangeRequest.created_at,
            select()
            .select_from(ChangeRequest)
            .join(Participant, Participant.id == ChangeRequest.participant_id),
        )
        return both(living, self.kept.events(KeptFact.CHANGE_REQUEST))

    @staticmethod
    def _bookings(kind: OccasionType) -> Select[Any]:
        return (
            select()
            .select_from(Booking)
            .join(Occasion, Occasion.id == Booking.occasion_id)
            .join(Participant, Participant.id == Booking.participant_id)
            .where(Occasion.kind == kind)
        )

    def booked(self, kind: OccasionType) -> list[Counts]:
        return both(
            self._count(Booking.confirmed_at, self._bookings(kind)),
            self.kept.events(KeptFact.BOOKED, kind=kind),
        )

    def elsewhere(self, kind: OccasionType) -> list[Counts]:
        living = self._count(
            Booking.confirmed_at,
            self._bookings(kind).where(Occasion.municipality_id != Participant.municipality_id),
        )
        return both(living, self.kept.elsewhere(kind))

    def waiting(self, kind: OccasionType) -> list[Counts]:
        # Booked straight away: confirmed, never offered. Everyone else joined the queue.
        living = self._count(
            Booking.created_at,
            self._bookings(kind).where(
                or_(Booking.confirmed_at.is_(None), Booking.offered_at.is_not(None))
            ),
        )
        return both(living, self.kept.events(KeptFact.JOINED, kind=kind))

    def queue(self, kind: OccasionType, period: Period) -> Counts:
        """People on a waiting list at the end of `period`: they had joined it (not booked
        straight away), and had been neither offered a seat nor cancelled by then."""
        moment = period.ends
        query = (
            self._bookings(kind)
            .add_columns(Participant.municipality_id, Participant.gender, func.count())
            .where(
                self._in_county(),
                or_(Booking.confirmed_at.is_(None), Booking.offered_at.is_not(None)),
                Booking.created_at < moment,
                or_(Booking.offered_at.is_(None), Booking.offered_at >= moment),
                or_(Booking.cancelled_at.is_(None), Booking.cancelled_at >= moment),
            )
            .group_by(Participant.municipality_id, Participant.gender)
        )
        return plus(by_group(query), self.kept.queue(kind, period.after))

    def wait_days(self, kind: OccasionType) -> list[Spreads]:
        return self._values(
            Booking.offered_at,
            days_between(Booking.offered_at, Booking.created_at),
            self._bookings(kind),
            self.kept.wait_days(kind),
        )

    def _marks(self, kind: OccasionType) -> Select[Any]:
        return (
            self._bookings(kind)
            .join(Attendance, Attendance.booking_id == Booking.id)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
        )

    def marked(self, kind: OccasionType) -> list[Counts]:
        return both(
            self._count(Meeting.starts_at, self._marks(kind)),
            self.kept.events(KeptFact.ATTENDED, KeptFact.EXCUSED, KeptFact.NO_SHOW, kind=kind),
        )

    def attended(self, kind: OccasionType) -> list[Counts]:
        living = self._count(
            Meeting.starts_at,
            self._marks(kind).where(Attendance.status == AttendanceStatus.ATTENDED),
        )
        return both(living, self.kept.events(KeptFact.ATTENDED, kind=kind))

    def no_shows(self, kind: OccasionType) -> list[Counts]:
        living = self._count(
            Meeting.starts_at,
            self._marks(kind).where(
                Attendance.status == AttendanceStatus.ABSENT,
                or_(Attendance.reason.is_(None), Attendance.reason != AbsenceReason.VALID),
            ),
        )
        return both(living, self.kept.events(KeptFact.NO_SHOW, kind=kind))

    def areas(self, period: Period) -> dict[Area, Counts]:
        """Participants whose plan, as it stood at the end of `period`, has activities in each
        area."""
        # Each plan's newest version published before the end (no newer one by then), with
        # the areas it has activities in, recorded when it was published.
        newer = aliased(PlanVersion)
        newest = ~exists().where(
            newer.plan_id == PlanVersion.plan_id,
            newer.status == VersionStatus.PUBLISHED,
            newer.published_at < period.ends,
            newer.number > PlanVersion.number,
        )
        query = (
            select(
                Participant.municipality_id,
                Participant.gender,
                *(
                    func.sum(case((PlanVersion.areas.op("&")(AREA_BITS[area]) != 0, 1), else_=0))
                    for area in AREAS
                ),
            )
            .select_from(PlanVersion)
            .join(Plan, Plan.id == PlanVersion.plan_id)
            .join(Participant, Participant.id == Plan.participant_id)
            .where(
                PlanVersion.status == VersionStatus.PUBLISHED,
                PlanVersion.published_at < period.ends,
                newest,
                self._in_county(),
            )
            .group_by(Participant.municipality_id, Participant.gender)
        )
        living = by_area(query, AREAS)
        kept = self.kept.areas(period.after, AREAS)
        return {area: plus(living[area], kept[area]) for area in AREAS}

    def hosting(self, kind: OccasionType) -> list[Counts]:
        """Seats booked in another municipality: home (rows) by host municipality (columns),
        with each home's total and the county's row."""
        period = self._slot(Booking.confirmed_at)
        query = (
            self._bookings(kind)
            .add_columns(
                period, Participant.municipality_id, Occasion.municipality_id, func.count()
            )
            .where(
                self._in_county(),
                self._during(Booking.confirmed_at),
                Occasion.municipality_id != Participant.municipality_id,
            )
            .group_by(period, Participant.municipality_id, Occasion.municipality_id)
        )
        return both(aggregates.counts(query), self.kept.hosting(kind))
