from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SearchField, SelectField
from wtforms.validators import Length, NumberRange, Optional

from portal.booking.forms import Count
from portal.forms import (
    Form,
    MultiCheckboxField,
    PhoneNumber,
    SingleLine,
    TimeInput,
    options,
    weekday_choices,
)
from portal.participants.desk import Show, Sort
from portal.staff.contact import Hours


class ParticipantFilterForm(Form):
    class Meta:
        csrf = False  # a GET search: it changes nothing

    q = SearchField(
        _l("Search by name or mobile number"),
        validators=[Optional(), Length(max=100), SingleLine()],
    )
    show = SelectField(_l("Show"), choices=options(Show.choices()), validators=[Optional()])
    days = Count(
        _l("Waiting for approval at least this many days"),
        default=7,
        validators=[
            Optional(),
            NumberRange(min=0, max=365, message=_l("Enter a number of days from 0 to 365.")),
        ],
    )
    sort = SelectField(_l("Order"), choices=options(Sort.choices()), validators=[Optional()])


class ContactForm(Form):
    """How participants reach a caseworker: shown on their plan and home pages."""

    phone = PhoneNumber(_l("Work phone (optional)"), mobile_only=False)
    days = MultiCheckboxField(_l("Days you answer the phone (optional)"), coerce=int)
    start = TimeInput(_l("From"), validators=[Optional()])
    end = TimeInput(_l("To"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.days.choices = weekday_choices()

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        if self.start.errors or self.end.errors:
            return False
        # Days and both times go together (the times' own checks stop at an empty field).
        message = None
        if self.days.data and not (self.start.data and self.end.data):
            message = _l("Enter the times you answer, or choose no days.")
        elif (self.start.data or self.end.data) and not self.days.data:
            message = _l("Choose the days you answer, or leave the times empty.")
        elif self.start.data and self.end.data and self.end.data <= self.start.data:
            message = _l("The end time must be after the start time.")
        if message is not None:
            self.end.errors = [*self.end.errors, message]
            return False
        return valid

    @property
    def hours(self) -> list[Hours]:
        if not (self.days.data and self.start.data and self.end.data):
            return []
        return [Hours(tuple(self.days.data), self.start.data, self.end.data)]
