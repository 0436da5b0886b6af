"""Delivery reports: the gateway tells us what became of a text it took.

The gateway posts to the address `report_url()` gives it, which carries our credentials as
HTTP Basic userinfo (46elks supports `https://user:password@host/...`), so that the secret is
never in a path or a query string that an access log would keep. A report moves a message
sent → delivered, or to failed-temporary (the network could not reach the phone); reports
may come late or out of order, and a final state is never moved back.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select
from werkzeug.datastructures import Authorization

from portal.database import begin_write, db, transaction, utcnow
from portal.participants import status as standing
from portal.sms.models import SmsMessage, SmsStatus
from portal.urls import public_url

USER = "gateway"
REPORTED = {
    "sent": SmsStatus.SENT,
    "delivered": SmsStatus.DELIVERED,
    "failed": SmsStatus.FAILED_TEMPORARY,
}
# What a report may move a message from.
MOVES_FROM = {
    SmsStatus.SENT: {SmsStatus.SENT},
    SmsStatus.DELIVERED: {SmsStatus.SENT, SmsStatus.DELIVERED},
    SmsStatus.FAILED_TEMPORARY: {SmsStatus.SENT, SmsStatus.FAILED_TEMPORARY},
}


def secret() -> str:
    configured: str = current_app.config["SMS_REPORT_SECRET"]
    if configured:
        return configured
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"portal.sms delivery reports", hashlib.sha256).hexdigest()


def report_url() -> str | None:
    """Where the gateway posts reports, credentials included; None without a public
    address (development without PUBLIC_BASE_URL): then no reports are asked for."""
    if not current_app.config["PUBLIC_BASE_URL"]:
        return None
    scheme, _, rest = public_url("sms.delivery_report").partition("://")
    return f"{scheme}://{USER}:{secret()}@{rest}"


def authentic(authorization: Authorization | None) -> bool:
    if authorization is None or authorization.type != "basic":
        return False
    given = f"{authorization.username}:{authorization.password}".encode()
    return hmac.compare_digest(given, f"{USER}:{secret()}".encode())


def _moment(text: str | None) -> datetime:
    try:
        moment = datetime.fromisoformat(text or "")
    except ValueError:
        return utcnow()
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@transaction
def receive(reference: str, reported: str, delivered: str | None) -> bool:
    """Record one report; False when no message has that gateway id."""
    begin_write()
    message = db.session.scalars(
        select(SmsMessage).where(SmsMessage.gateway_ref == reference).with_for_update()
    ).first()
    if message is None:
        return False
    status = REPORTED[reported]
    if message.status in MOVES_FROM[status] and message.status != status:
        message.status = status
        message.status_at = _moment(delivered) if status is SmsStatus.DELIVERED else utcnow()
        db.session.flush()
        standing.refresh(message.participant_id)
    return True
