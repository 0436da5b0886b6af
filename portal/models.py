"""Every table, imported in one place for Alembic and for create_app()."""

from portal.accounts.models import (
    AuditAction,
    AuditEvent,
    LinkPurpose,
    RecoveryCode,
    StaffLink,
    TwoFactor,
)
from portal.auth.models import CodePurpose, Invitation, LoginSession, OneTimeCode, PendingSignIn
from portal.booking.models import (
    Attendance,
    Booking,
    BookingReminder,
    BookingStatus,
    Meeting,
    Occasion,
)
from portal.organisations.models import County, Municipality, Organisation
from portal.participants.models import NameTerm, Participant
from portal.plans.models import (
    Activity,
    Approval,
    ApprovalCheck,
    ApprovalCheckpoint,
    ChangeMessage,
    ChangeRequest,
    Goal,
    Plan,
    PlanVersion,
    VersionStatus,
)
from portal.privacy.models import AnonymisedEvent, AnonymisedParticipant, RecordAccess
from portal.schedule.models import CalendarFeed
from portal.sms.models import SmsMessage, SmsStatus
from portal.staff.models import Staff, StaffRole

__all__ = [
    "Activity",
    "AnonymisedEvent",
    "AnonymisedParticipant",
    "Approval",
    "ApprovalCheck",
    "ApprovalCheckpoint",
    "Attendance",
    "AuditAction",
    "AuditEvent",
    "Booking",
    "BookingReminder",
    "BookingStatus",
    "CalendarFeed",
    "ChangeMessage",
    "ChangeRequest",
    "CodePurpose",
    "County",
    "Goal",
    "Invitation",
    "LinkPurpose",
    "LoginSession",
    "Meeting",
    "Municipality",
    "NameTerm",
    "Occasion",
    "OneTimeCode",
    "Organisation",
    "Participant",
    "PendingSignIn",
    "Plan",
    "PlanVersion",
    "RecordAccess",
    "RecoveryCode",
    "SmsMessage",
    "SmsStatus",
    "Staff",
    "StaffLink",
    "StaffRole",
    "TwoFactor",
    "VersionStatus",
]
