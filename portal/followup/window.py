"""The SQL of each follow-up figure: counts and spreads of days over one county for a period
and the one before, grouped by municipality and gender."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from portal.booking.models import Attendance, Booking, Meeting, Occasion
from portal.booking.vocabulary import AbsenceReason, AttendanceStatus, OccasionType
from portal.database import db
from portal.followup import aggregates
from portal.followup.aggregates import COUNTY, TOTAL, Counts, Spreads, days_between, slot
from portal.followup.periods import Period
from portal.followup.values import AREAS
from portal.organisations.models import Municipality
from portal.participants.models import Participant
from portal.plans.models import AREA_BITS, ChangeRequest, Plan, PlanVersion, VersionStatus
from portal.vocabulary import Area


def _by_group(query: Select[Any]) -> Counts:
    """(municipality_id, gender, count) rows as a figure's cells, with totals."""
    found: Counts = {}
    for municipality_id, gender, count in db.session.execute(query):
        for row in (municipality_id, COUNTY):
            found[(row, gender)] = found.get((row, gender), 0) + count
            found[(row, TOTAL)] = found.get((row, TOTAL), 0) + count
    return found


class Window:
    """Queries over one county for a period and the one before, each grouped by slot (0 for
    the period, 1 for the one before), municipality and gender."""

    def __init__(self, county_id: int, period: Period, previous: Period) -> None:
        self.county_id = county_id
        self.period = period
        self.previous = previous

    def _in_county(self) -> Any:
        return Participant.municipality_id.in_(
            select(Municipality.id).where(Municipality.county_id == self.county_id)
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

    def _values(self, moment: Any, days: Any, query: Select[Any]) -> list[Spreads]:
        return aggregates.spreads(
            query.add_columns(
                self._slot(moment), Participant.municipality_id, Participant.gender, days
            ).where(self._in_county(), self._during(moment))
        )

    # Registration, first plan and first approval are kept on the participant's row
    # (participants.status), so these read one table.

    def _participants(self) -> Select[Any]:
        return select().select_from(Participant)

    def registered(self) -> list[Counts]:
        return self._count(Participant.created_at, self._participants())

    def published(self) -> list[Counts]:
        return self._count(
            Participant.created_at,
            self._participants().where(Participant.first_published_at.is_not(None)),
        )

    def approved(self) -> list[Counts]:
        return self._count(
            Participant.created_at,
            self._participants().where(Participant.first_approved_at.is_not(None)),
        )

    def days_to_plan(self) -> list[Spreads]:
        return self._values(
            Participant.created_at,
            days_between(Participant.first_published_at, Participant.created_at),
            self._participants().where(Participant.first_published_at.is_not(None)),
        )

    def days_to_approval(self) -> list[Spreads]:
        return self._values(
            Participant.created_at,
            days_between(Participant.first_approved_at, Participant.created_at),
            self._participants().where(Participant.first_approved_at.is_not(None)),
        )

    def change_requests(self) -> list[Counts]:
        return self._count(
            ChangeRequest.created_at,
            select()
            .select_from(ChangeRequest)
            .join(Participant, Participant.id == ChangeRequest.participant_id),
        )

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
        return self._count(Booking.confirmed_at, self._bookings(kind))

    def elsewhere(self, kind: OccasionType) -> list[Counts]:
        return self._count(
            Booking.confirmed_at,
            self._bookings(kind).where(Occasion.municipality_id != Participant.municipality_id),
        )

    def waiting(self, kind: OccasionType) -> list[Counts]:
        # Booked straight away: confirmed, never offered. Everyone else joined the queue.
        return self._count(
            Booking.created_at,
            self._bookings(kind).where(
                or_(Booking.confirmed_at.is_(None), Booking.offered_at.is_not(None))
            ),
        )

    def queue(self, kind: OccasionType, moment: datetime) -> Counts:
        """People on a waiting list at `moment`: they had joined it (not booked straight
        away), and had been neither offered a seat nor cancelled by then."""
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
        return _by_group(query)

    def wait_days(self, kind: OccasionType) -> list[Spreads]:
        return self._values(
            Booking.offered_at,
            days_between(Booking.offered_at, Booking.created_at),
            self._bookings(kind),
        )

    def _marks(self, kind: OccasionType) -> Select[Any]:
        return (
            self._bookings(kind)
            .join(Attendance, Attendance.booking_id == Booking.id)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
        )

    def marked(self, kind: OccasionType) -> list[Counts]:
        return self._count(Meeting.starts_at, self._marks(kind))

    def attended(self, kind: OccasionType) -> list[Counts]:
        return self._count(
            Meeting.starts_at,
            self._marks(kind).where(Attendance.status == AttendanceStatus.ATTENDED),
        )

    def no_shows(self, kind: OccasionType) -> list[Counts]:
        return self._count(
            Meeting.starts_at,
            self._marks(kind).where(
                Attendance.status == AttendanceStatus.ABSENT,
                or_(Attendance.reason.is_(None), Attendance.reason != AbsenceReason.VALID),
            ),
        )

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
        result: dict[Area, Counts] = {area: {} for area in AREAS}
        for municipality_id, gender, *per_area in db.session.execute(query):
            for area, count in zip(AREAS, per_area, strict=True):
                found = result[area]
                for row in (municipality_id, COUNTY):
                    found[(row, gender)] = found.get((row, gender), 0) + (count or 0)
                    found[(row, TOTAL)] = found.get((row, TOTAL), 0) + (count or 0)
        return result

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
        return aggregates.counts(query)
