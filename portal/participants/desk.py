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
from sqlalchemy import ColumnElement, and_, func, intersect, not_, or_, select, tuple_, union_all
from sqlalchemy.orm import joinedload

from portal.database import db, utcnow
from portal.participants import search
from portal.participants.models import NameTerm, Participant
from portal.participants.registry import not_erased
from portal.participants.status import (
    Status,
    change_open,
    missed,
    not_sent,
    sms_failed,
    waiting_for_approval,
)
from portal.staff.models import Staff
from portal.urls import LARGEST_ID
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
        not_erased(),
        *_text_conditions(staff, query.text),
        _show_condition(query.show, query.days, now),
    )
    # The number of matches comes in the page's own statement: a search's matching names
    # are then looked up once for both.
    matching = select(func.count()).select_from(Participant).where(condition).scalar_subquery()
    keys = _sort_keys(query.sort)
    statement = (
        select(Participant, matching).where(condition).options(joinedload(Participant.municipality))
    )
    position = _decode(query.sort, query.cursor)
    backwards = query.direction is Direction.BEFORE and position is not None
    if position is not None:
        statement = statement.where(_beyond(keys, query.sort, position, backwards))
    ordered = [key.desc() if _descending(query.sort) != backwards else key.asc() for key in keys]
    rows = db.session.execute(statement.order_by(*ordered).limit(PAGE_SIZE + 1)).all()
    found = [person for person, _matches in rows]
    if rows:
        matches = rows[0][1]
    else:  # past the last page, or nothing to show
        matches = db.session.scalar(select(func.count()).select_from(Participant).where(condition))
    more = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    if backwards:
        found.reverse()
    first, last = (found[0], found[-1]) if found else (None, None)
    has_next = more if not backwards else True
    has_previous = (more if backwards else position is not None) and first is not None
    return DeskPage(
        rows=[(person, Status.of(person)) for person in found],
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
        # What the database could not even compare (PostgreSQL refuses NUL in text) is no
        # position of ours either.
        if not 0 < participant_id <= LARGEST_ID or "\x00" in value:
            return None
        if sort is Sort.NAME:
            return value, participant_id
        return datetime.fromisoformat(value), participant_id
    except (ValueError, TypeError):
        return None


def _text_conditions(staff: Staff, text: str) -> list[ColumnElement[bool]]:
    text = text.strip()
    if not text:
        return []
    number = search.phone_number(text)
    if number is not None:
        return [Participant.phone == number]
    words = search.query_words(text)
    if not words:
        return [Participant.id.is_(None)]  # nothing searchable typed: nobody matches
    return [Participant.id.in_(select(_named(staff.organisation_id, words).c.participant_id))]


def _named(organisation_id: int, words: list[tuple[str, str]]) -> Any:
    """The ids of the organisation's participants with a term matching every word: for each
    word, those whose term is its key or starts as typed, read from the index alone (no OR,
    which would read the table), and then the ids every word has."""
    terms: Any = NameTerm.__table__.c

    def having(condition: Any) -> Any:
        return select(terms.participant_id).where(
            terms.organisation_id == organisation_id, condition
        )

    def word(key: str, start: str) -> Any:
        either = union_all(
            having(terms.term == key), having(terms.term.like(f"{start}%", escape="\\"))
        ).subquery()
        return select(either.c.participant_id)

    per_word: list[Any] = [word(key, start) for key, start in words]
    every: Any = intersect(*per_word) if len(per_word) > 1 else per_word[0]
    return every.cte("named")


# --- what each filter means, as one condition on the participant's row -------------------
# Each reads only the participant's own columns (kept by participants.status.refresh), so a
# page of any filter costs the same however many participants and events there are.

P = Participant


def not_opened(now: datetime) -> Any:
    return and_(
        P.link_sent_at.is_not(None),
        P.link_opened_at.is_(None),
        P.link_used_at.is_(None),
        P.link_expires_at > now,
        P.signed_in_at.is_(None),
    )


def expired(now: datetime) -> Any:
    return and_(P.link_used_at.is_(None), P.link_expires_at <= now)


def approved() -> Any:
    return and_(P.current_version.is_not(None), P.approved_version == P.current_version)


def not_approved(days: int, now: datetime) -> Any:
    """Signed in, with a plan whose newest version has waited `days` or more for approval."""
    return and_(
        P.signed_in_at.is_not(None),
        waiting_for_approval(),
        P.published_at <= now - timedelta(days=days),
    )


def needs_attention(days: int, now: datetime) -> Any:
    """Any of: a change requested, a text that did not arrive, an expired link, waiting
    `days` or more for approval, a missed meeting, a plan whose link was never sent. Asked of
    the moments participants.status keeps for it, read from one index (an OR over the ten
    columns of those conditions read the whole table, to count them)."""
    return or_(P.attention_from <= now, P.waiting_since <= now - timedelta(days=days))


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
        Show.ATTENTION: lambda: needs_attention(days, now),
    }
    return conditions[show]()
