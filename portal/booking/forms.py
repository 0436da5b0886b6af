from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from portal import i18n
from portal.booking.occasions import MAX_MEETINGS, meeting_times
from portal.booking.vocabulary import (
    INSTRUCTION_LANGUAGES,
    AbsenceReason,
    AttendanceStatus,
    OccasionType,
)
from portal.forms import (
    DateInput,
    DateTimeInput,
    Form,
    LongText,
    MultiCheckboxField,
    PhrasesField,
    Text,
    TimeInput,
    WrittenIn,
    latin_digits,
    options,
    weekday_choices,
    writing_languages,
)


def language_choices() -> list[tuple[str, str]]:
    """Languages of instruction, each named for the reader and in itself."""
    return [(code, i18n.bilingual_name(code)) for code in INSTRUCTION_LANGUAGES]


class OfferFilterForm(Form):
    class Meta:
        csrf = False  # a GET search: it changes nothing

    kind = SelectField(_l("Type"), validators=[Optional()])
    language = SelectField(
        _l("Language of instruction"),
        validators=[Optional()],
        # Kurmanji is "ku" everywhere; an old address may still say "kmr".
        filters=[lambda code: i18n.canonical(code) if code else code],
    )
    municipality = SelectField(_l("Municipality"), validators=[Optional()])
    from_date = DateInput(_l("From date"), validators=[Optional()])

    def __init__(self, *args: Any, municipalities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = options([("", _l("All types")), *OccasionType.choices()])
        self.language.choices = options([("", _l("All languages")), *language_choices()])
        self.municipality.choices = options(
            [("", _l("The whole county")), *((str(id_), name) for id_, name in municipalities)]
        )

    @property
    def municipality_id(self) -> int | None:
        value = self.municipality.data or ""
        return int(value) if value.isdigit() else None


class Count(IntegerField):
    """A whole number, typed on any keyboard."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(latin_digits(valuelist[0]).strip())
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a whole number, like 12.")) from None


class OccasionForm(Form):
    kind = SelectField(
        _l("Type"),
        choices=options(OccasionType.choices()),
        validators=[InputRequired(message=_l("Choose the type of occasion."))],
    )
    # The title itself is the type and the language, translated for every reader.
    title = Text(_l("Addition to the title (optional)"), max_length=200)
    language = SelectField(
        _l("Language of instruction"),
        validators=[InputRequired(message=_l("Choose the language of instruction."))],
    )
    address = Text(
        _l("Address"),
        max_length=200,
        validators=[InputRequired(message=_l("Enter the address where it takes place."))],
    )
    municipality = SelectField(
        _l("Municipality"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose the municipality where it takes place."))],
    )
    open_to_county = BooleanField(
        _l("Participants from other municipalities of the county may book"), default=True
    )
    capacity = Count(
        _l("Number of seats"),
        validators=[
            InputRequired(message=_l("Enter the number of seats, 1 or more.")),
            NumberRange(min=1, max=1000, message=_l("Enter a number of seats from 1 to 1000.")),
        ],
    )
    first_date = DateInput(
        _l("Date"), validators=[InputRequired(message=_l("Enter the date of the first meeting."))]
    )
    last_date = DateInput(_l("Last date of a series (optional)"), validators=[Optional()])
    weekdays = MultiCheckboxField(_l("Days of the week of a series (optional)"), coerce=int)
    start_time = TimeInput(
        _l("From"), validators=[InputRequired(message=_l("Enter the time it starts."))]
    )
    end_time = TimeInput(
        _l("To"), validators=[InputRequired(message=_l("Enter the time it ends."))]
    )
    book_by = DateTimeInput(
        _l("Last time to book"),
        validators=[InputRequired(message=_l("Enter the last time to book."))],
    )
    cancel_by = DateTimeInput(
        _l("Last time to cancel"),
        validators=[InputRequired(message=_l("Enter the last time to cancel."))],
    )
    phrases = PhrasesField(_l("Sentences for participants (optional)"))
    description = LongText(_l("Information for participants (optional)"), max_length=1000)
    written_in = WrittenIn()

    def __init__(self, *args: Any, municipalities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = options(language_choices())
        self.written_in.choices = writing_languages()
        self.municipality.choices = options(municipalities)
        self.weekdays.choices = weekday_choices()

    def validate_last_date(self, field: Any) -> None:
        if field.data and self.first_date.data and field.data < self.first_date.data:
            raise ValidationError(_l("The last date must be the same as or after the first date."))

    def validate_end_time(self, field: Any) -> None:
        if field.data and self.start_time.data and field.data <= self.start_time.data:
            raise ValidationError(_l("The end time must be after the start time."))

    def validate_weekdays(self, field: Any) -> None:
        if not (self.first_date.data and self.start_time.data and self.end_time.data):
            return
        count = len(self.meetings)
        if count == 0:
            raise ValidationError(_l("No meeting falls on the chosen days. Choose other days."))
        if count > MAX_MEETINGS:
            raise ValidationError(
                _l("A series can have at most %(max)d meetings.", max=MAX_MEETINGS)
            )

    @property
    def meetings(self) -> list[tuple[datetime, datetime]]:
        return meeting_times(
            self.first_date.data,
            self.last_date.data,
            self.weekdays.data or [],
            self.start_time.data,
            self.end_time.data,
        )


def attendance_form(
    attendees: list[tuple[int, str]],
    marked: Mapping[int, str],
    reasons: Mapping[int, str | None] | None = None,
) -> Form:
    """One attended/absent choice per attendee, and the reason for an absence, named by
    booking id; what is already marked is chosen."""
    reasons = reasons or {}

    class AttendanceForm(Form):
        pass

    for booking_id, name in attendees:
        setattr(
            AttendanceForm,
            f"booking_{booking_id}",
            RadioField(
                name,
                choices=options(AttendanceStatus.choices()),
                default=marked.get(booking_id),
                validators=[Optional()],
            ),
        )
        setattr(
            AttendanceForm,
            f"reason_{booking_id}",
            SelectField(
                _l("Reason for the absence of %(name)s", name=name),
                choices=options([("", _l("Not known")), *AbsenceReason.choices()]),
                default=reasons.get(booking_id) or "",
                validators=[Optional()],
            ),
        )
    return AttendanceForm()


class OccasionEditForm(Form):
    title = OccasionForm.title
    address = OccasionForm.address
    municipality = OccasionForm.municipality
    capacity = OccasionForm.capacity
    book_by = OccasionForm.book_by
    cancel_by = OccasionForm.cancel_by
    description = OccasionForm.description
    to_waiting_list = MultiCheckboxField(
        _l("Who moves to the waiting list, when there are fewer seats than people booked"),
        coerce=int,
        validators=[Optional()],
    )

    def __init__(
        self,
        *args: Any,
        municipalities: list[tuple[int, str]],
        holders: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipality.choices = options(municipalities)
        self.to_waiting_list.choices = options(holders)


class MeetingForm(Form):
    day = DateInput(_l("Date"), validators=[InputRequired(message=_l("Enter the date."))])
    start_time = OccasionForm.start_time
    end_time = OccasionForm.end_time

    def validate_end_time(self, field: Any) -> None:
        if field.data and self.start_time.data and field.data <= self.start_time.data:
            raise ValidationError(_l("The end time must be after the start time."))


class CopyForm(Form):
    first_date = DateInput(
        _l("Date of the first meeting of the copy"),
        validators=[InputRequired(message=_l("Enter the date of the first meeting."))],
    )
