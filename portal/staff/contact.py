"""How a participant reaches their caseworker: name, work phone and the hours they answer,
from the caseworker's own staff profile.

Contact hours are stored in `Staff.contact_hours` as language-free text, one slot per `;`:
the days as digits (Monday 0 to Sunday 6), then the times, "0123 09:00-11:00". They are shown
in the reader's language: "Monday, Tuesday, Wednesday and Thursday, 09:00–11:00".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from sqlalchemy.orm import joinedload

from portal.database import db, transaction
from portal.participants.models import Participant
from portal.staff.models import Staff

SLOT = re.compile(r"([0-6]{1,7}) (\d{2}:\d{2})-(\d{2}:\d{2})")


@dataclass(frozen=True)
class Hours:
    days: tuple[int, ...]
    start: time
    end: time

    def stored(self) -> str:
        days = "".join(str(day) for day in sorted(set(self.days)))
        return f"{days} {self.start:%H:%M}-{self.end:%H:%M}"


def parse_hours(stored: str) -> list[Hours]:
    """The slots in `stored`; anything that is not a slot is left out."""
    slots = []
    for part in stored.split(";"):
        found = SLOT.fullmatch(part.strip())
        if found:
            days = tuple(sorted({int(day) for day in found.group(1)}))
            slots.append(
                Hours(days, time.fromisoformat(found.group(2)), time.fromisoformat(found.group(3)))
            )
    return slots


def store_hours(slots: list[Hours]) -> str:
    return "; ".join(slot.stored() for slot in slots)


@dataclass(frozen=True)
class Contact:
    name: str
    organisation: str
    phone: str | None
    hours: list[Hours]


def caseworker_of(participant: Participant) -> Contact | None:
    """The caseworker responsible for the participant (the one who registered them), if
    their account is still active."""
    if participant.created_by_id is None:
        return None
    staff = db.session.get(
        Staff, participant.created_by_id, options=[joinedload(Staff.organisation)]
    )
    if staff is None or not staff.active:
        return None
    return Contact(
        name=staff.name,
        organisation=staff.organisation.name,
        phone=staff.phone,
        hours=parse_hours(staff.contact_hours),
    )


@transaction
def save_contact(staff: Staff, phone: str | None, hours: list[Hours]) -> None:
    staff.phone = phone or None
    staff.contact_hours = store_hours(hours)
