from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, RadioField
from wtforms.validators import DataRequired, InputRequired, Length

from portal.forms import Code, Form, PhoneNumber, SingleLine


class StaffLoginForm(Form):
    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(message=_l("Enter your email address.")),
            Length(max=254),
            SingleLine(),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Enter your password.")), Length(max=200)],
    )


class PhoneForm(Form):
    phone = PhoneNumber(
        _l("Mobile number"),
        validators=[DataRequired(message=_l("Enter your mobile number."))],
    )


class CodeForm(Form):
    code = Code(
        _l("Code"),
        validators=[DataRequired(message=_l("Enter the code from the text message."))],
    )


class WhoForm(Form):
    participant = RadioField(
        _l("Who are you?"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose your name."))],
    )
