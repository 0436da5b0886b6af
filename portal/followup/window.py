"""The SQL of each follow-up figure: counts and spreads of days over one county for a period
and the one before, grouped by municipality and gender.

Figures that read the same rows are counted in one pass (`count(*) FILTER (WHERE ...)` for
each), for both kinds of occasion at once: registrations, first plans and approvals; seats
booked and booked elsewhere; meetings marked, attended and missed; waiting lists at the end
of each period; plans by area at the end of each period."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from typing import Any

from sqlalchemy import Select, and_, func, null, or_, select, union_all

from portal.booking.models import Attendance, Booking, Meeting, Occasion
from portal.booking.vocabulary import AbsenceReason, AttendanceStatus, OccasionType
from portal.database import db
from portal.followup import aggregates
from portal.followup.aggregates import (
    COUNTY,
    TOTAL,
    Counts,
    Spreads,
    both,
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

# (kind of occasion or None, measure) -> [this period's counts, the period before's]
Measured = dict[tuple[str | None, str], list[Counts]]


def _measured(rows: Any, names: list[str], keyed: int) -> Measured:
    """Rows of (slot or None, municipality, gender, *`keyed` more keys, count per name) as
    counts by (first key, name), each cell added to its row's total and the county's."""
    found: Measured = defaultdict(lambda: [defaultdict(int), defaultdict(int)])
    for row in rows:
        period, municipality, gender = row[0] or 0, row[1], row[2]
        key = row[3] if keyed else None
        for name, count in zip(names, row[3 + keyed :], strict=True):
            if not count:
                continue
            cells = found[(key, name)][period]
            for place in (municipality, COUNTY):
                cells[(place, gender)] += count
                cells[(place, TOTAL)] += count
    return found


class Window:
    """Queries over one county for a period and the one before, each grouped by slot (0 for
    the period, 1 for the one before), municipality and gender; with what `kept` counts of
    the people retention anonymised."""

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

    def _count(
        self, moment: Any, query: Select[Any], measures: dict[str, Any], by_kind: bool = False
    ) -> Measured:
        """One pass over `query`'s rows in the two periods (by `moment`), counting each
        measure's condition (None: every row), by kind of occasion if asked."""
        period = self._slot(moment)
        groups = [period, Participant.municipality_id, Participant.gender]
        if by_kind:
            groups.append(Occasion.kind)
        counted = [
            func.count() if condition is None else func.count().filter(condition)
            for condition in measures.values()
        ]
        grouped = (
            query.add_columns(*groups, *counted)
            .where(self._in_county(), self._during(moment))
            .group_by(*groups)
        )
        return _measured(db.session.execute(grouped), list(measures), int(by_kind))

    @staticmethod
    def _pick(found: Measured, name: str, kind: str | None = None) -> list[Counts]:
        return [dict(cells) for cells in found.get((kind, name), [{}, {}])]

    def _values(
        self, moment: Any, days: Any, query: Select[Any], kept: Select[Any]
    ) -> list[Spreads]:
        living = query.add_columns(
            self._slot(moment), Participant.municipality_id, Participant.gender, days
        ).where(self._in_county(), self._during(moment))
        return aggregates.spreads(union_all(living, kept))

    # Registration, first plan and first approval are kept on the participant's row
    # (participants.status), so these read one table, once.

    @staticmethod
    def _participants() -> Select[Any]:
        return select().select_from(Participant)

    @cached_property
    def _registrations(self) -> Measured:
        return self._count(
            Participant.created_at,
            self._participants(),
            {
                "registered": None,
                "published": Participant.first_published_at.is_not(None),
                "approved": Participant.first_approved_at.is_not(None),
            },
        )

    def registered(self) -> list[Counts]:
        return both(self._pick(self._registrations, "registered"), self.kept.people())

    def published(self) -> list[Counts]:
        return both(
            self._pick(self._registrations, "published"),
            self.kept.people(Kept.Person.days_to_published_plan.is_not(None)),
        )

    def approved(self) -> list[Counts]:
        return both(
            self._pick(self._registrations, "approved"),
            self.kept.people(Kept.Person.days_to_approved_plan.is_not(None)),
        )

    @cached_property
    def _days(self) -> list[list[Spreads]]:
        """Days from registration to the first published plan and to the first approval,
        ranked in one pass (NULL for those who have none yet)."""
        moment = Participant.created_at
        living = self._participants().add_columns(
            self._slot(moment),
            Participant.municipality_id,
            Participant.gender,
            days_between(Participant.first_published_at, moment).label("to_plan"),
            days_between(Participant.first_approved_at, moment).label("to_approval"),
        )
        kept = self.kept.days(Kept.Person.days_to_published_plan, Kept.Person.days_to_approved_plan)
        both_kinds = living.where(self._in_county(), self._during(moment))
        return aggregates.spreads_of(union_all(both_kinds, kept), 2)

    def days_to_plan(self) -> list[Spreads]:
        return self._days[0]

    def days_to_approval(self) -> list[Spreads]:
        return self._days[1]

    def change_requests(self) -> list[Counts]:
        living = self._count(
            ChangeRequest.created_at,
            select()
            .select_from(ChangeRequest)
            .join(Participant, Participant.id == ChangeRequest.participant_id),
            {"requests": None},
        )
        return both(self._pick(living, "requests"), self.kept.events(KeptFact.CHANGE_REQUEST))

    # Civic orientation and SFI: both kinds in each pass.

    @staticmethod
    def _bookings(kind: OccasionType | None = None) -> Select[Any]:
        query = (
            select()
            .select_from(Booking)
            .join(Occasion, Occasion.id == Booking.occasion_id)
            .join(Participant, Participant.id == Booking.participant_id)
        )
        return query.where(Occasion.kind == kind) if kind is not None else query

    # Joined the queue: everyone but those booked straight away (confirmed, never offered).
    _JOINED = or_(Booking.confirmed_at.is_(None), Booking.offered_at.is_not(None))

    @cached_property
    def _seats(self) -> Measured:
        return self._count(
            Booking.confirmed_at,
            self._bookings(),
            {
                "booked": None,
                "elsewhere": Occasion.municipality_id != Participant.municipality_id,
            },
            by_kind=True,
        )

    def booked(self, kind: OccasionType) -> list[Counts]:
        return both(
            self._pick(self._seats, "booked", kind), self.kept.events(KeptFact.BOOKED, kind=kind)
        )

    def elsewhere(self, kind: OccasionType) -> list[Counts]:
        return both(self._pick(self._seats, "elsewhere", kind), self.kept.elsewhere(kind))

    @cached_property
    def _joined(self) -> Measured:
        return self._count(
            Booking.created_at,
            self._bookings().where(self._JOINED),
            {"waiting": None},
            by_kind=True,
        )

    def waiting(self, kind: OccasionType) -> list[Counts]:
        return both(
            self._pick(self._joined, "waiting", kind),
            self.kept.events(KeptFact.JOINED, kind=kind),
        )

    @cached_property
    def _queues(self) -> Measured:
        """People on a waiting list at the end of each period: they had joined it, and had
        been neither offered a seat nor cancelled by then."""

        def waiting_at(moment: Any) -> Any:
            return and_(
                Booking.created_at < moment,
                or_(Booking.offered_at.is_(None), Booking.offered_at >= moment),
                or_(Booking.cancelled_at.is_(None), Booking.cancelled_at >= moment),
            )

        groups = [Participant.municipality_id, Participant.gender, Occasion.kind]
        query = (
            self._bookings()
            .add_columns(
                null(),  # no slot: each count is at one moment
                *groups,
                func.count().filter(waiting_at(self.period.ends)),
                func.count().filter(waiting_at(self.previous.ends)),
            )
            .where(self._in_county(), self._JOINED, Booking.created_at < self.period.ends)
            .group_by(*groups)
        )
        return _measured(db.session.execute(query), ["period", "previous"], 1)

    def queue(self, kind: OccasionType, period: Period) -> Counts:
        which = "period" if period == self.period else "previous"
        return plus(self._pick(self._queues, which, kind)[0], self.kept.queue(kind, period.after))

    def wait_days(self, kind: OccasionType) -> list[Spreads]:
        return self._values(
            Booking.offered_at,
            days_between(Booking.offered_at, Booking.created_at),
            self._bookings(kind),
            self.kept.wait_days(kind),
        )

    @cached_property
    def _marks(self) -> Measured:
        return self._count(
            Meeting.starts_at,
            self._bookings()
            .join(Attendance, Attendance.booking_id == Booking.id)
            .join(Meeting, Meeting.id == Attendance.meeting_id),
            {
                "marked": None,
                "attended": Attendance.status == AttendanceStatus.ATTENDED,
                "no_shows": and_(
                    Attendance.status == AttendanceStatus.ABSENT,
                    or_(Attendance.reason.is_(None), Attendance.reason != AbsenceReason.VALID),
                ),
            },
            by_kind=True,
        )

    def marked(self, kind: OccasionType) -> list[Counts]:
        return both(
            self._pick(self._marks, "marked", kind),
            self.kept.events(KeptFact.ATTENDED, KeptFact.EXCUSED, KeptFact.NO_SHOW, kind=kind),
        )

    def attended(self, kind: OccasionType) -> list[Counts]:
        return both(
            self._pick(self._marks, "attended", kind),
            self.kept.events(KeptFact.ATTENDED, kind=kind),
        )

    def no_shows(self, kind: OccasionType) -> list[Counts]:
        return both(
            self._pick(self._marks, "no_shows", kind),
            self.kept.events(KeptFact.NO_SHOW, kind=kind),
        )

    @cached_property
    def _areas(self) -> Measured:
        """Participants whose plan, as it stood at the end of each period, has activities in
        each area: the version published before the end and not yet followed by another,
        with the areas it recorded when it was published.

        Versions are published one after another, so for most people that is their newest
        version, whose areas and time their own row keeps (participants.status): one pass
        over the participants counts them. Only those who published a newer version since
        the end of a period are looked up among the versions; reading and ranking every
        version, joined to its plan and participant, took most of the figures page."""
        moments = {"period": self.period.ends, "previous": self.previous.ends}
        names = [f"{which} {area.value}" for which in moments for area in AREAS]

        def has(areas: Any, area: Area) -> Any:
            return areas.op("&")(AREA_BITS[area]) != 0

        def revised_since(moment: Any) -> Any:
            return and_(Participant.first_published_at < moment, Participant.published_at >= moment)

        groups = [Participant.municipality_id, Participant.gender]
        revised = or_(*(revised_since(moment) for moment in moments.values()))
        newest = (
            select(
                null(),
                *groups,
                *(
                    func.count().filter(
                        Participant.published_at < moment, has(Participant.current_areas, area)
                    )
                    for moment in moments.values()
                    for area in AREAS
                ),
                func.count().filter(revised),  # the versions of these are read below
            )
            .where(self._in_county(), Participant.first_published_at < self.period.ends)
            .group_by(*groups)
        )
        found = db.session.execute(newest).all()
        rows = [row[:-1] for row in found]
        if not any(row[-1] for row in found):  # nobody revised a plan across an end
            return _measured(rows, names, 0)

        followed_at = (
            func.lead(PlanVersion.published_at)
            .over(partition_by=PlanVersion.plan_id, order_by=PlanVersion.number)
            .label("followed_at")
        )
        versions = (
            select(PlanVersion.plan_id, PlanVersion.areas, PlanVersion.published_at, followed_at)
            .where(
                PlanVersion.status == VersionStatus.PUBLISHED,
                PlanVersion.plan_id.in_(
                    select(Plan.id)
                    .join(Participant, Participant.id == Plan.participant_id)
                    .where(self._in_county(), revised)
                ),
            )
            .subquery()
        )

        def standing(moment: Any) -> Any:
            return and_(
                revised_since(moment),
                versions.c.published_at < moment,
                or_(versions.c.followed_at.is_(None), versions.c.followed_at >= moment),
            )

        older = (
            select(
                null(),
                *groups,
                *(
                    func.count().filter(standing(moment), has(versions.c.areas, area))
                    for moment in moments.values()
                    for area in AREAS
                ),
            )
            .select_from(versions)
            .join(Plan, Plan.id == versions.c.plan_id)
            .join(Participant, Participant.id == Plan.participant_id)
            .where(self._in_county(), revised)
            .group_by(*groups)
        )
        return _measured([*rows, *db.session.execute(older)], names, 0)

    def areas(self, period: Period) -> dict[Area, Counts]:
        which = "period" if period == self.period else "previous"
        kept = self.kept.areas(period.after, AREAS)
        return {
            area: plus(self._pick(self._areas, f"{which} {area.value}")[0], kept[area])
            for area in AREAS
        }

    @cached_property
    def _hosts(self) -> Measured:
        """Seats booked in another municipality: home (rows) by host municipality (columns),
        with each home's total and the county's row."""
        period = self._slot(Booking.confirmed_at)
        groups = [period, Participant.municipality_id, Occasion.municipality_id, Occasion.kind]
        query = (
            self._bookings()
            .add_columns(*groups, func.count())
            .where(
                self._in_county(),
                self._during(Booking.confirmed_at),
                Occasion.municipality_id != Participant.municipality_id,
            )
            .group_by(*groups)
        )
        return _measured(db.session.execute(query), ["seats"], 1)

    def hosting(self, kind: OccasionType) -> list[Counts]:
        return both(self._pick(self._hosts, "seats", kind), self.kept.hosting(kind))
