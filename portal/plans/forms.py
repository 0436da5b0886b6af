from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from portal.forms import (
    DateInput,
    Form,
    LongText,
    MultiCheckboxField,
    PhrasesField,
    Text,
    TimeInput,
    WrittenIn,
    options,
    weekday_choices,
    writing_languages,
)
from portal.plans.vocabulary import ActivityType, GoalKind, Term
from portal.vocabulary import Area, OrganisationKind


class ConfirmForm(Form):
    confirm = BooleanField(
        _l("I have read the plan and I approve it."),
        validators=[DataRequired(message=_l("Tick the box to confirm that you approve the plan."))],
    )


class ChangeRequestForm(Form):
    message = LongText(
        _l("What would you like to change?"),
        max_length=2000,
        validators=[DataRequired(message=_l("Write what you would like to change."))],
    )


class ReplyForm(Form):
    message = LongText(
        _l("Write to your caseworker"),
        max_length=2000,
        validators=[DataRequired(message=_l("Write your message."))],
    )


class AnswerForm(Form):
    message = LongText(
        _l("Your answer"),
        max_length=2000,
        validators=[DataRequired(message=_l("Write your answer."))],
    )
    language = SelectField(
        _l("Language of your answer"),
        validators=[InputRequired(message=_l("Choose the language you wrote in."))],
    )

    def __init__(self, *args: Any, languages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = options(languages)


class NotesForm(Form):
    """What a caseworker writes about a goal or an activity: sentences from the phrasebook,
    which the participant reads in their language, and their own words."""

    phrases = PhrasesField(_l("Sentences for the participant (optional)"))
    note = LongText(_l("Note for the participant (optional)"), max_length=1000)
    note_language = WrittenIn()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.note_language.choices = writing_languages()


class GoalForm(NotesForm):
    kind = SelectField(
        _l("Goal"),
        choices=options(GoalKind.choices()),
        validators=[InputRequired(message=_l("Choose a goal."))],
    )
    term = RadioField(
        _l("Term"),
        choices=options(Term.choices()),
        default=Term.SHORT.value,
        validators=[
            InputRequired(message=_l("Choose whether the goal is short-term or long-term."))
        ],
    )
    area = SelectField(
        _l("Area"),
        choices=options(Area.choices()),
        validators=[InputRequired(message=_l("Choose the area of the plan the goal belongs to."))],
    )


def _town(value: object) -> int | None:
    return int(str(value)) if value not in ("", None, "None") else None


class ActivityForm(NotesForm):
    kind = SelectField(
        _l("Type of activity"),
        choices=options(ActivityType.choices()),
        validators=[InputRequired(message=_l("Choose the type of activity."))],
    )
    area = SelectField(
        _l("Area"),
        choices=options([("", _l("The usual area for this type")), *Area.choices()]),
        validators=[Optional()],
    )
    responsible = SelectField(
        _l("Responsible"),
        choices=options(OrganisationKind.choices()),
        validators=[InputRequired(message=_l("Choose who is responsible for the activity."))],
    )
    place = Text(_l("Place (optional)"), max_length=200)
    municipality = SelectField(
        _l("Municipality of the place"), coerce=_town, validators=[Optional()]
    )
    start_date = DateInput(
        _l("Start date"), validators=[InputRequired(message=_l("Enter the start date."))]
    )
    end_date = DateInput(_l("End date (optional)"), validators=[Optional()])
    weekdays = MultiCheckboxField(_l("Days of the week (optional)"), coerce=int)
    start_time = TimeInput(_l("From (optional)"), validators=[Optional()])
    end_time = TimeInput(_l("To (optional)"), validators=[Optional()])

    def __init__(self, *args: Any, municipalities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.weekdays.choices = weekday_choices()
        self.municipality.choices = options(
            [("", _l("Not stated")), *((str(id_), name) for id_, name in municipalities)]
        )

    def validate_end_date(self, field: Any) -> None:
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end date must be the same as or after the start date."))

    def validate_end_time(self, field: Any) -> None:
        if field.data and not self.start_time.data:
            raise ValidationError(_l("Enter the start time too, or leave both times empty."))
        if field.data and self.start_time.data and field.data <= self.start_time.data:
            raise ValidationError(_l("The end time must be after the start time."))

    @property
    def weekday_mask(self) -> int:
        return sum(1 << day for day in (self.weekdays.data or []))

    @property
    def chosen_area(self) -> Area:
        if self.area.data:
            return Area(self.area.data)
        return ActivityType(self.kind.data).area
