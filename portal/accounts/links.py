"""One-time set-up links for staff: sent when someone is invited or their sign-in is reset,
opened once to choose a password. Only a hash of the token is kept; the link itself is shown
or texted once and never stored."""

from __future__ import annotations

from enum import StrEnum

import segno
from flask import current_app
from sqlalchemy import select, update

from portal.accounts import messages
from portal.accounts.models import LinkPurpose, StaffLink
from portal.auth.tokens import hash_token, new_token
from portal.database import db, utcnow
from portal.sms import service as sms
from portal.staff.models import Staff
from portal.urls import public_url

# Staff read Swedish unless they choose otherwise; their texts are in it.
STAFF_SMS_LANGUAGE = "sv"


class LinkProblem(StrEnum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"


def issue(staff: Staff, purpose: LinkPurpose, by: Staff | None, by_sms: bool = False) -> str:
    """In the caller's transaction: a new link for `staff` (earlier unused ones stop
    working), texted to their work phone when `by_sms`. Returns the link."""
    now = utcnow()
    revoke_unused(staff)
    token = new_token()
    db.session.add(
        StaffLink(
            staff_id=staff.id,
            purpose=purpose,
            token_hash=hash_token(token),
            created_at=now,
            created_by_id=by.id if by else None,
            expires_at=now + current_app.config["STAFF_LINK_TTL"],
        )
    )
    link = public_url("welcome.open_link", token=token)
    if by_sms:
        if not staff.phone:
            raise ValueError("no work phone to text the link to")
        render = messages.invitation if purpose is LinkPurpose.INVITATION else messages.reset
        sms.queue_to(
            staff.phone,
            STAFF_SMS_LANGUAGE,
            f"staff_{purpose.value}",
            render,
            secrets={"link": link},
            organisation=staff.organisation.name,
        )
    return link


def revoke_unused(staff: Staff) -> None:
    """In the caller's transaction: every link of `staff` not yet used stops working."""
    db.session.execute(
        update(StaffLink)
        .where(
            StaffLink.staff_id == staff.id,
            StaffLink.used_at.is_(None),
            StaffLink.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )


def open_link(token: str) -> StaffLink | LinkProblem:
    link = db.session.scalar(select(StaffLink).where(StaffLink.token_hash == hash_token(token)))
    if link is None:
        return LinkProblem.UNKNOWN
    if link.revoked_at is not None:
        return LinkProblem.REVOKED
    if link.used_at is not None:
        return LinkProblem.USED
    if utcnow() >= link.expires_at:
        return LinkProblem.EXPIRED
    return link


def usable(link_id: int | None) -> StaffLink | None:
    link = db.session.get(StaffLink, link_id) if link_id is not None else None
    if link is None or not link.usable(utcnow()) or not link.staff.active:
        return None
    return link


def mark_used(link: StaffLink) -> bool:
    """In the caller's transaction; False when the link was used a moment ago elsewhere."""
    used = db.session.execute(
        update(StaffLink)
        .where(StaffLink.id == link.id, StaffLink.used_at.is_(None))
        .values(used_at=utcnow())
    )
    return bool(used.rowcount)  # type: ignore[attr-defined]


def qr_svg(text: str, title: str) -> str:
    """A QR code for a phone's camera, as inline SVG with a title for screen readers."""
    return str(
        segno.make(text, error="m").svg_inline(scale=5, dark="#000", light="#fff", title=title)
    )
