"""The staff access log: which member of staff opened a page showing a participant's data,
and when. Swedish social services keep such a log; the participant sees theirs.

Every staff page whose address names a participant (`participant_id`) is logged when it
answers 200: the view has then decided that this member of staff may see them. A page that
shows several people without naming one in its address (a provider's list of attendees)
says whom it showed with `shown()`.
"""

from __future__ import annotations

from flask import Flask, g, request
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from portal.database import db, end_reading, utcnow
from portal.privacy.models import RecordAccess
from portal.vocabulary import Gender

# What each part of the portal shows of a person, by the blueprint of the page.
PAGES: dict[str, LazyString] = {
    "participants": _l("Their record"),
    "plan_editor": _l("Their plan"),
    "participant_booking": _l("Their bookings"),
    "provider": _l("List of attendees"),
    "privacy": _l("This access log"),
}


def page_label(page: str) -> LazyString:
    return PAGES.get(page.split(".", 1)[0], _l("Their record"))


def shown(participant_ids: list[int]) -> None:
    """The page being made shows these participants: log it when it is sent."""
    g.setdefault("participants_shown", set()).update(participant_ids)


def record_staff_views(response: Response) -> Response:
    """after_request: log what a staff page showed, once it is sure to be sent."""
    if response.status_code != 200 or request.endpoint is None:
        return response
    shown_ids: set[int] = set(g.pop("participants_shown", set()))
    named = (request.view_args or {}).get("participant_id")
    if isinstance(named, int):
        shown_ids.add(named)
    if not shown_ids or not current_user.is_authenticated or current_user.staff is None:
        return response
    staff_id = current_user.staff.id
    now = utcnow()
    end_reading()  # nothing the view left unsaved may land with the log
    db.session.add_all(
        RecordAccess(participant_id=pid, staff_id=staff_id, at=now, page=request.endpoint[:40])
        for pid in sorted(shown_ids)
    )
    db.session.commit()
    return response


def accesses(participant_id: int, limit: int = 500) -> list[RecordAccess]:
    """Who opened the record, newest first."""
    return list(
        db.session.scalars(
            select(RecordAccess)
            .where(RecordAccess.participant_id == participant_id)
            .options(joinedload(RecordAccess.staff))
            .order_by(RecordAccess.at.desc(), RecordAccess.id.desc())
            .limit(limit)
        )
    )


def init_app(app: Flask) -> None:
    app.after_request(record_staff_views)
    app.jinja_env.filters.update(
        access_page=page_label, gender_label=lambda code: Gender(code).label
    )
