"""Everything the portal holds about one participant, for them to read and download: their
details, plan versions and approvals, change requests, bookings, the texts sent to them,
their sign-ins, and who among staff opened their record."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.models import LoginSession
from portal.booking.bookings import bookings_of
from portal.booking.models import Booking, BookingStatus
from portal.database import db
from portal.participants.models import Participant
from portal.plans import approval, change_requests
from portal.plans.models import Approval, ChangeRequest, PlanVersion
from portal.plans.reading import signed_content
from portal.plans.versions import plan_of, published_versions
from portal.privacy import access_log, retention
from portal.privacy.models import RecordAccess
from portal.sms.models import SmsMessage

BOOKING_STATUS: dict[str, LazyString] = {
    BookingStatus.CONFIRMED: _l("Booked"),
    BookingStatus.WAITING: _l("On the waiting list"),
    BookingStatus.OFFERED: _l("A seat is free for you"),
    BookingStatus.CANCELLED: _l("Cancelled"),
    BookingStatus.LAPSED: _l("Offer expired"),
}


@dataclass
class MyData:
    participant: Participant
    deleted_from: date | None
    versions: list[PlanVersion]
    approvals: list[Approval]
    change_requests: list[ChangeRequest]
    bookings: list[Booking]
    messages: list[SmsMessage]
    sign_ins: list[LoginSession]
    accesses: list[RecordAccess]

    def booking_status(self, booking: Booking) -> LazyString:
        return BOOKING_STATUS[BookingStatus(booking.status)]

    def as_json(self) -> str:
        """The same, as a file a machine can read: codes and ISO dates, and the labels."""
        person = self.participant
        content: dict[str, Any] = {
            "exported_at": _iso(datetime.now().astimezone()),
            "controller": current_app.config["SERVICE_OPERATOR"],
            "details": {
                "name": person.name,
                "mobile_number": person.phone,
                "language": person.language,
                "gender": person.gender,
                "municipality": person.municipality.name,
                "organisation": person.organisation.name,
                "residence_permit_date": _iso(person.residence_permit_date),
                "registered_at": _iso(person.created_at),
                "introduction_ends_on": _iso(person.introduction_ends_on),
                "personal_data_deleted_from": _iso(self.deleted_from),
            },
            "plan_versions": [
                {
                    "number": version.number,
                    "published_at": _iso(version.published_at),
                    "content": signed_content(version),
                }
                for version in self.versions
            ],
            "approvals": [
                {
                    "version": item.version.number,
                    "approved_at": _iso(item.approved_at),
                    "language": item.language,
                    "content_sha256": item.content_sha256,
                    "proved_by": "one-time code sent by text message",
                    "ip_address": item.ip_address,
                    "user_agent": item.user_agent,
                }
                for item in self.approvals
            ],
            "change_requests": [
                {
                    "written_at": _iso(item.created_at),
                    "message": item.message,
                    "handled_at": _iso(item.handled_at),
                }
                for item in self.change_requests
            ],
            "bookings": [
                {
                    "title": booking.occasion.title,
                    "kind": booking.occasion.kind,
                    "starts_at": _iso(booking.occasion.starts_at),
                    "address": booking.occasion.address,
                    "status": booking.status,
                    "booked_at": _iso(booking.created_at),
                    "attendance": [
                        {"meeting_id": mark.meeting_id, "status": mark.status}
                        for mark in booking.attendance
                    ],
                }
                for booking in self.bookings
            ],
            "text_messages": [
                {
                    "sent_at": _iso(message.sent_at or message.created_at),
                    "to": message.to,
                    "status": message.status,
                    "text": message.display_body,
                }
                for message in self.messages
            ],
            "sign_ins": [
                {
                    "at": _iso(login.created_at),
                    "ip_address": login.ip_address,
                    "browser": login.user_agent,
                }
                for login in self.sign_ins
            ],
            "staff_who_opened_your_record": [
                {
                    "at": _iso(access.at),
                    "staff": access.staff.name,
                    "organisation": access.staff.organisation.name,
                    "page": str(access_log.page_label(access.page)),
                }
                for access in self.accesses
            ],
        }
        return json.dumps(content, ensure_ascii=False, indent=2)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def collect(participant: Participant) -> MyData:
    return MyData(
        participant=participant,
        deleted_from=retention.deleted_from(participant),
        versions=published_versions(plan_of(participant)),
        approvals=approval.approvals(participant),
        change_requests=change_requests.change_requests(participant),
        bookings=bookings_of(participant.id),
        messages=list(
            db.session.scalars(
                select(SmsMessage)
                .where(SmsMessage.participant_id == participant.id)
                .order_by(SmsMessage.id.desc())
            )
        ),
        sign_ins=list(
            db.session.scalars(
                select(LoginSession)
                .where(LoginSession.participant_id == participant.id)
                .order_by(LoginSession.id.desc())
            )
        ),
        accesses=access_log.accesses(participant.id),
    )
