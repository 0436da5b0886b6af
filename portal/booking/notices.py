"""Which text message a booking sends, and when: each is queued in the transaction that
changes the booking (see portal.sms.outbox)."""

from __future__ import annotations

from datetime import datetime

from portal.booking import messages
from portal.booking.models import (
    Meeting,
    Occasion,
)
from portal.booking.rules import Bookable
from portal.participants.models import Participant
from portal.sms import service as sms
from portal.sms.service import Addressee
from portal.urls import public_url


def mine_link() -> str:
    """The participant's bookings, by the short address that costs a text least."""
    return public_url("short_links.my_bookings_short")


def send_booked(participant: Addressee, occasion: Occasion | Bookable) -> None:
    if not isinstance(occasion, Bookable):
        occasion = Bookable.of(occasion)
    sms.queue(
        participant,
        "booking_confirmed",
        messages.booked,
        occasion_type=occasion.kind,
        starts_at=occasion.starts_at,
        address=occasion.address,
        municipality=occasion.municipality_name,
        link=mine_link(),
    )


def send_cancelled(participant: Participant, occasion: Occasion) -> None:
    sms.queue(
        participant,
        "booking_cancelled",
        messages.cancelled,
        occasion_type=occasion.kind,
        starts_at=occasion.starts_at,
    )


def send_seat_offered(participant: Participant, occasion: Occasion, until: datetime) -> None:
    sms.queue(
        participant,
        "booking_offer",
        messages.seat_offered,
        occasion_type=occasion.kind,
        starts_at=occasion.starts_at,
        until=until,
        link=mine_link(),
    )


def send_reminder(participant: Participant, occasion: Occasion, meeting: Meeting) -> None:
    """The reminder of the first of the occasion's meetings on a day."""
    sms.queue(
        participant,
        "booking_reminder",
        messages.reminder,
        occasion_type=occasion.kind,
        starts_at=meeting.starts_at,
        address=occasion.address,
        municipality=occasion.municipality.name,
    )


def send_occasion_changed(
    participant: Participant, occasion: Occasion, starts_at: datetime
) -> None:
    sms.queue(
        participant,
        "occasion_changed",
        messages.changed,
        occasion_type=occasion.kind,
        starts_at=starts_at,
        address=occasion.address,
        municipality=occasion.municipality.name,
    )


def send_meeting_cancelled(
    participant: Participant, occasion: Occasion, starts_at: datetime
) -> None:
    sms.queue(
        participant,
        "meeting_cancelled",
        messages.meeting_cancelled,
        occasion_type=occasion.kind,
        starts_at=starts_at,
    )


def send_occasion_cancelled(participant: Participant, occasion: Occasion) -> None:
    sms.queue(
        participant,
        "occasion_cancelled",
        messages.occasion_cancelled,
        occasion_type=occasion.kind,
        starts_at=occasion.starts_at,
    )


def send_moved_to_waiting_list(participant: Participant, occasion: Occasion) -> None:
    sms.queue(
        participant,
        "moved_to_waiting_list",
        messages.moved_to_waiting_list,
        occasion_type=occasion.kind,
        starts_at=occasion.starts_at,
    )
