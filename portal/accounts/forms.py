from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from portal.forms import Form, PhoneNumber, SingleLine, Text, options
from portal.staff.models import StaffRole

# Enough to catch a typo; whether the address works is the organisation's to know.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class EmailAddress:
    def __call__(self, form: Any, field: Any) -> None:
        if field.data and not EMAIL.match(field.data.strip()):
            raise ValidationError(_l("Enter an email address like name@kommun.se."))


def _delivery() -> RadioField:
    return RadioField(
        _l("How should the person get their link?"),
        choices=options(
            [
                ("show", _l("Show it now, as a link and a QR code")),
                ("sms", _l("Send it by text message to their work mobile")),
            ]
        ),
        default="show",
        validators=[InputRequired(message=_l("Choose how the person gets their link."))],
    )


class InviteForm(Form):
    name = Text(
        _l("Full name"), validators=[DataRequired(message=_l("Enter the person's full name."))]
    )
    email = EmailField(
        _l("Work email address"),
        validators=[
            DataRequired(message=_l("Enter the person's work email address.")),
            Length(max=254),
            SingleLine(),
            EmailAddress(),
        ],
    )
    role = RadioField(
        _l("Role"), validators=[InputRequired(message=_l("Choose the person's role."))]
    )
    phone = PhoneNumber(_l("Work mobile number (optional)"), validators=[Optional()])
    delivery = _delivery()

    def __init__(self, *args: Any, roles: list[StaffRole], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = options((role.value, role.label) for role in roles)


class RoleForm(Form):
    role = SelectField(_l("Role"), validators=[InputRequired(message=_l("Choose a role."))])

    def __init__(self, *args: Any, roles: list[StaffRole], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = options((role.value, role.label) for role in roles)


class FollowUpForm(Form):
    """What a coordinator follows up: set by a county administrator."""

    reach = RadioField(
        _l("Which figures does this coordinator follow up?"),
        choices=options(
            [
                ("municipality", _l("Their own municipality's, beside the county's")),
                ("county", _l("Every municipality's in the county")),
            ]
        ),
        validators=[InputRequired(message=_l("Choose which figures this coordinator follows up."))],
    )


class ResetForm(Form):
    delivery = _delivery()


class ChoosePasswordForm(Form):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(message=_l("Choose a password.")), Length(max=200)],
    )
    confirm = PasswordField(
        _l("The same password again"),
        validators=[
            DataRequired(message=_l("Type the password again.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )


class ChangePasswordForm(ChoosePasswordForm):
    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password.")), Length(max=200)],
    )


class AppCodeForm(Form):
    code = StringField(
        _l("Code from the app"),
        validators=[
            DataRequired(message=_l("Enter the 6-digit code from the app.")),
            Length(max=20),
        ],
    )


class SecondFactorForm(Form):
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(message=_l("Enter the code from your app or a recovery code.")),
            Length(max=40),
        ],
    )
