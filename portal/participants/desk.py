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


# --- what each filter means, as one condition on the participant --------------------------


def _current_link() -> Any:
    """The participant's link that still counts: not replaced by a newer one."""
    return and_(Invitation.participant_id == Participant.id, Invitation.revoked_at.is_(None))


def _signed_in() -> Any:
    return exists().where(LoginSession.participant_id == Participant.id)


def not_sent() -> Any:
    return ~exists().where(Invitation.participant_id == Participant.id)


def not_opened(now: datetime) -> Any:
    return and_(
        exists().where(
            _current_link(),
            Invitation.opened_at.is_(None),
            Invitation.used_at.is_(None),
            Invitation.expires_at > now,
        ),
        ~_signed_in(),
    )


def expired(now: datetime) -> Any:
    return exists().where(
        _current_link(), Invitation.used_at.is_(None), Invitation.expires_at <= now
    )


def _published() -> Any:
    return and_(
        Plan.participant_id == Participant.id,
        PlanVersion.plan_id == Plan.id,
        PlanVersion.status == VersionStatus.PUBLISHED,
    )


def _current_approved() -> Any:
    """The newest published version is approved."""
    approved = aliased(PlanVersion)
    newer = aliased(PlanVersion)
    return exists().where(
        Approval.participant_id == Participant.id,
        approved.id == Approval.plan_version_id,
        ~exists().where(
            newer.plan_id == approved.plan_id,
            newer.status == VersionStatus.PUBLISHED,
            newer.number > approved.number,
        ),
    )


def approved() -> Any:
    return _current_approved()


def not_approved(days: int, now: datetime) -> Any:
    """Signed in, with a published plan whose newest version has waited `days` or more."""
    cutoff = now - timedelta(days=days)
    return and_(
        _signed_in(),
        exists().where(_published()),
        ~exists().where(_published(), PlanVersion.published_at > cutoff),
        ~_current_approved(),
    )


def change_open() -> Any:
    return exists().where(
        ChangeRequest.participant_id == Participant.id, ChangeRequest.handled_at.is_(None)
    )


def sms_failed() -> Any:
    """The newest text that could not be delivered has not been followed by one that was."""
    later = aliased(SmsMessage)
    return exists().where(
        SmsMessage.participant_id == Participant.id,
        SmsMessage.status == SmsStatus.FAILED,
        ~exists().where(
            later.participant_id == SmsMessage.participant_id,
            later.status == SmsStatus.SENT,
            later.id > SmsMessage.id,
        ),
    )


def missed() -> Any:
    """Absent from a meeting without a reason the provider accepted."""
    return exists().where(
        Booking.participant_id == Participant.id,
        Attendance.booking_id == Booking.id,
        Attendance.status == AttendanceStatus.ABSENT,
        or_(Attendance.reason.is_(None), Attendance.reason != AbsenceReason.VALID),
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
            and_(not_sent(), exists().where(_published())),
        ),
    }
    return conditions[show]()
