"""The signed-in person as flask-login sees them."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import UserMixin, current_user

from portal.auth.models import LoginSession
from portal.participants.models import Participant
from portal.staff.models import Staff


@dataclass(eq=False)
class Principal(UserMixin):
    # The raw session token from the cookie: flask-login stores get_id() in the session.
    token: str
    login: LoginSession

    def get_id(self) -> str:
        return self.token

    @property
    def participant(self) -> Participant | None:
        return self.login.participant

    @property
    def staff(self) -> Staff | None:
        return self.login.staff


def current_participant() -> Participant:
    """The signed-in participant; only call from a participant_only view."""
    participant = current_user.participant
    assert isinstance(participant, Participant)
    return participant


def current_staff() -> Staff:
    """The signed-in staff member; only call from a staff_only view."""
    staff = current_user.staff
    assert isinstance(staff, Staff)
    return staff
