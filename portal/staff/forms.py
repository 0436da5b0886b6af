from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SearchField, SelectField
from wtforms.validators import Length, Optional, ValidationError

from portal.forms import (
    Form,
    MultiCheckboxField,
    PhoneNumber,
    TimeInput,
    options,
    weekday_choices,
)
from portal.staff.contact import Hours


class ParticipantFilterForm(Form):
    class Meta:
        csrf = False  # a GET search: it changes nothing

    q = SearchField(_l("Search by name"), validators=[Optional(), Length(max=100)])
    status = SelectField(
        _l("Show"),
        choices=options(
            [
                ("", _l("Everyone")),
                ("waiting", _l("Waiting for approval")),
                ("approved", _l("Plan approved")),
                ("change", _l("Change requested")),
            ]
        ),
        validators=[Optional()],
    )


class ContactForm(Form):
    """How participants reach a caseworker: shown on their plan and home pages."""

    phone = PhoneNumber(_l("Work phone (optional)"), mobile_only=False)
    days = MultiCheckboxField(_l("Days you answer the phone (optional)"), coerce=int)
    start = TimeInput(_l("From"), validators=[Optional()])
    end = TimeInput(_l("To"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.days.choices = weekday_choices()

    def validate_end(self, field: Any) -> None:
        if self.days.data and not (self.start.data and field.data):
            raise ValidationError(_l("Enter the times you answer, or choose no days."))
        if (self.start.data or field.data) and not self.days.data:
            raise ValidationError(_l("Choose the days you answer, or leave the times empty."))
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError(_l("The end time must be after the start time."))

    @property
    def hours(self) -> list[Hours]:
        if not (self.days.data and self.start.data and self.end.data):
            return []
        return [Hours(tuple(self.days.data), self.start.data, self.end.data)]
