"""The caseworker's list of participants: one page at a time, however many there are.

Pages are found by keyset (the last row's sort value and id), never by OFFSET, so every page
costs the same; each filter is one SQL condition on the participant, and no query carries a
parameter per participant. Statuses are read for the rows of the page only.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, exists, func, not_, or_, select, tuple_
from sqlalchemy.orm import aliased, joinedload

from portal.auth.models import Invitation, LoginSession
from portal.booking.models import Attendance, Booking
from portal.booking.vocabulary import AbsenceReason, AttendanceStatus
from portal.database import db, utcnow
from portal.participants import search
from portal.participants.models import Participant
from portal.participants.status import Status, statuses
from portal.plans.models import Approval, ChangeRequest, Plan, PlanVersion, VersionStatus
from portal.sms.models import SmsMessage, SmsStatus
from portal.staff.models import Staff
from portal.vocabulary import Labelled

PAGE_SIZE = 50


class Show(Labelled):
    ATTENTION = "attention"
    EVERYONE = "everyone"
    NOT_SENT = "not_sent"
    NOT_OPENED = "not_opened"
    EXPIRED = "expired"
    NOT_APPROVED = "not_approved"
    CHANGE = "change"
    SMS_FAILED = "sms_failed"
    MISSED = "missed"
    APPROVED = "approved"

    @classmethod
    def _labels(cls) -> dict[Labelled, LazyString]:
        return {
            cls.ATTENTION: _l("Needs attention"),
            cls.EVERYONE: _l("Everyone"),
            cls.NOT_SENT: _l("Link not sent"),
            cls.NOT_OPENED: _l("Link sent but not opened"),
            cls.EXPIRED: _l("Link expired"),
            cls.NOT_APPROVED: _l("Signed in but not approved"),
            cls.CHANGE: _l("Change requested"),
            cls.SMS_FAILED: _l("Text message not delivered"),
            cls.MISSED: _l("Missed meetings"),
            cls.APPROVED: _l("Plan approved"),
        }


class Sort(Labelled):
    NAME = "name"
    NEWEST = "newest"
    OLDEST = "oldest"

    @classmethod
    def _labels(cls) -> dict[Labelled, LazyString]:
        return {
            cls.NAME: _l("Name, A to Ö"),
            cls.NEWEST: _l("Newest registered first"),
            cls.OLDEST: _l("Oldest registered first"),
        }


class Direction(StrEnum):
    AFTER = "after"
    BEFORE = "before"


@dataclass
class DeskQuery:
    text: str = ""
    show: Show = Show.EVERYONE
    sort: Sort = Sort.NAME
    # "Signed in but not approved" (and "needs attention"): for at least this many days.
    days: int = 7
    cursor: str | None = None
    direction: Direction = Direction.AFTER


@dataclass
class DeskPage:
    rows: list[tuple[Participant, Status]]
    matches: int
    next_cursor: str | None
    previous_cursor: str | None


def page(staff: Staff, query: DeskQuery, now: datetime | None = None) -> DeskPage:
    now = now or utcnow()
    condition = and_(
        Participant.organisation_id == staff.organisation_id,
        *_text_conditions(query.text),
        _show_condition(query.show, query.days, now),
    )
    matches = db.session.scalar(select(func.count()).select_from(Participant).where(condition))
    keys = _sort_keys(query.sort)
    statement = select(Participant).where(condition).options(joinedload(Participant.municipality))
    position = _decode(query.sort, query.cursor)
    backwards = query.direction is Direction.BEFORE and position is not None
    if position is not None:
        statement = statement.where(_beyond(keys, query.sort, position, backwards))
    ordered = [key.desc() if _descending(query.sort) != backwards else key.asc() for key in keys]
    found = list(db.session.scalars(statement.order_by(*ordered).limit(PAGE_SIZE + 1)))
    more = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    if backwards:
        found.reverse()
    known = statuses([person.id for person in found])
    first, last = (found[0], found[-1]) if found else (None, None)
    has_next = more if not backwards else True
    has_previous = (more if backwards else position is not None) and first is not None
    return DeskPage(
        rows=[(person, known[person.id]) for person in found],
        matches=matches or 0,
        next_cursor=_encode(query.sort, last) if has_next and last is not None else None,
        previous_cursor=_encode(query.sort, first) if has_previous and first else None,
    )


def _sort_keys(sort: Sort) -> list[Any]:
    if sort is Sort.NAME:
        return [Participant.name, Participant.id]
    return [Participant.created_at, Participant.id]


def _descending(sort: Sort) -> bool:
    return sort is Sort.NEWEST


def _beyond(keys: list[Any], sort: Sort, position: tuple[Any, int], backwards: bool) -> Any:
    forward = _descending(sort) == backwards
    if forward:
        return tuple_(*keys) > tuple_(*position)
    return tuple_(*keys) < tuple_(*position)


def _encode(sort: Sort, person: Participant) -> str:
    value = person.name if sort is Sort.NAME else person.created_at.isoformat()
    raw = json.dumps([value, person.id], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(sort: Sort, cursor: str | None) -> tuple[Any, int] | None:
    """The position a cursor names, or None for one that is not ours (the first page)."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, participant_id = json.loads(raw)
        if not isinstance(value, str) or not isinstance(participant_id, int):
            return None
        if sort is Sort.NAME:
            return value, participant_id
        return datetime.fromisoformat(value), participant_id
    except (ValueError, TypeError):
        return None


def _text_conditions(text: str) -> list[ColumnElement[bool]]:
    text = text.strip()
    if not text:
        return []
    number = search.phone_number(text)
    if number is not None:
        return [Participant.phone == number]
    patterns = search.key_patterns(text)
    if not patterns:
        return [Participant.id.is_(None)]  # nothing searchable typed: nobody matches
    return [
        or_(
            Participant.search_key.like(key, escape="\\"),
            Participant.search_key.like(start, escape="\\"),
        )
        for key, start in patterns
    ]


# --- what each filter means, as one condition on the participant -------------------------
# Each is "id IN (uncorrelated subquery)": the database reads the subquery once per query and
# looks each participant up in it, instead of running a subquery for every participant.


def _ids(query: Any) -> Any:
    return Participant.id.in_(query)


def _not_ids(query: Any) -> Any:
    return Participant.id.not_in(query)


def _signed_in() -> Any:
    return select(LoginSession.participant_id).where(LoginSession.participant_id.is_not(None))


def _current_links() -> Any:
    """Links that still count: not replaced by a newer one."""
    return select(Invitation.participant_id).where(Invitation.revoked_at.is_(None))


def not_sent() -> Any:
    return _not_ids(select(Invitation.participant_id))


def not_opened(now: datetime) -> Any:
    unopened = _current_links().where(
        Invitation.opened_at.is_(None), Invitation.used_at.is_(None), Invitation.expires_at > now
    )
    return and_(_ids(unopened), _not_ids(_signed_in()))


def expired(now: datetime) -> Any:
    return _ids(_current_links().where(Invitation.used_at.is_(None), Invitation.expires_at <= now))


def _published(since: datetime | None = None) -> Any:
    query = (
        select(Plan.participant_id)
        .join(PlanVersion, PlanVersion.plan_id == Plan.id)
        .where(PlanVersion.status == VersionStatus.PUBLISHED)
    )
    return query if since is None else query.where(PlanVersion.published_at > since)


def _current_approved() -> Any:
    """Participants whose newest published version is approved."""
    approved = aliased(PlanVersion)
    newer = aliased(PlanVersion)
    return (
        select(Approval.participant_id)
        .join(approved, approved.id == Approval.plan_version_id)
        .where(
            ~exists().where(
                newer.plan_id == approved.plan_id,
                newer.status == VersionStatus.PUBLISHED,
                newer.number > approved.number,
            )
        )
    )


def approved() -> Any:
    return _ids(_current_approved())


def not_approved(days: int, now: datetime) -> Any:
    """Signed in, with a published plan whose newest version has waited `days` or more."""
    return and_(
        _ids(_signed_in()),
        _ids(_published()),
        _not_ids(_published(since=now - timedelta(days=days))),
        _not_ids(_current_approved()),
    )


def change_open() -> Any:
    return _ids(select(ChangeRequest.participant_id).where(ChangeRequest.handled_at.is_(None)))


def sms_failed() -> Any:
    """The newest text that could not be delivered has not been followed by one that was."""
    later = aliased(SmsMessage)
    return _ids(
        select(SmsMessage.participant_id).where(
            SmsMessage.status == SmsStatus.FAILED,
            ~exists().where(
                later.participant_id == SmsMessage.participant_id,
                later.status == SmsStatus.SENT,
                later.id > SmsMessage.id,
            ),
        )
    )


def missed() -> Any:
    """Absent from a meeting without a reason the provider accepted."""
    return _ids(
        select(Booking.participant_id)
        .join(Attendance, Attendance.booking_id == Booking.id)
        .where(
            Attendance.status == AttendanceStatus.ABSENT,
            or_(Attendance.reason.is_(None), Attendance.reason != AbsenceReason.VALID),
        )
    )


def _show_condition(show: Show, days: int, now: datetime) -> Any:
    conditions = {
        Show.EVERYONE: lambda: not_(Participant.id.is_(None)),
        Show.NOT_SENT: not_sent,
        Show.NOT_OPENED: lambda: not_opened(now),
        Show.EXPIRED: lambda: expired(now),
        Show.NOT_APPROVED: lambda: not_approved(days, now),
        Show.CHANGE: change_open,
        Show.SMS_FAILED: sms_failed,
        Show.MISSED: missed,
        Show.APPROVED: approved,
        Show.ATTENTION: lambda: or_(
            change_open(),
            sms_failed(),
            expired(now),
            not_approved(days, now),
            missed(),
            and_(not_sent(), _ids(_published())),
        ),
    }
    return conditions[show]()
