from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from portal import i18n
from portal.forms import DateInput, Form, PhoneNumber, Text, options
from portal.vocabulary import Gender


def language_choices() -> list[tuple[str, str]]:
    return [(language.code, i18n.bilingual_name(language.code)) for language in i18n.languages()]


class NotInFuture:
    def __call__(self, form: Any, field: Any) -> None:
        if field.data and field.data > date.today():
            raise ValidationError(_l("The date of the residence permit must be today or earlier."))


class LatinLetters:
    def __call__(self, form: Any, field: Any) -> None:
        if field.data and any(
            char.isalpha() and not unicodedata.name(char, "").startswith("LATIN")
            for char in field.data
        ):
            raise ValidationError(
                _l("Write the name in Latin letters, as in the passport or residence permit.")
            )


class ParticipantForm(Form):
    name = Text(
        _l("Full name"),
        validators=[DataRequired(message=_l("Enter the participant's full name."))],
    )
    name_latin = Text(
        _l("Name in Latin letters (optional)"),
        validators=[LatinLetters()],
    )
    phone = PhoneNumber(
        _l("Mobile number"),
        validators=[DataRequired(message=_l("Enter the participant's mobile number."))],
    )
    language = SelectField(
        _l("Preferred language"),
        validators=[InputRequired(message=_l("Choose the participant's language."))],
    )
    municipality = SelectField(
        _l("Municipality"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose the municipality the participant lives in."))],
    )
    gender = RadioField(
        _l("Gender"),
        choices=options(Gender.choices()),
        validators=[InputRequired(message=_l("Choose the participant's gender."))],
    )
    residence_permit_date = DateInput(
        _l("Date of residence permit"), validators=[Optional(), NotInFuture()]
    )
    introduction_ends_on = DateInput(_l("The introduction ends on"), validators=[Optional()])
    # Asked only when the number already belongs to someone else of the organisation.
    shares_phone = BooleanField(_l("This is another person, who shares the phone"))

    def __init__(self, *args: Any, municipalities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = options(language_choices())
        self.municipality.choices = options(municipalities)
