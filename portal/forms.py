"""Form fields and validators every part of the portal shares.

Messages follow one convention: say what to do ("Enter ...", "Choose ..."), in a whole
translatable sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (
    DateField,
    DateTimeLocalField,
    Field,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal import i18n, phrasebook
from portal.dates import weekday_names
from portal.phone import EXAMPLE, InvalidPhoneNumber, to_e164
from portal.phrasebook import Chosen, Phrase, SlotKind

# Characters that reorder text invisibly: they can make a name display as something else
# ("Trojan Source"). Left-to-right and right-to-left marks (U+200E, U+200F) and joiners stay
# allowed: Persian and Arabic text needs them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# Unicode's own line and paragraph separators (U+2028, U+2029): they break a line wherever
# text is shown or exported (an iCalendar field, a CSV cell), as a line feed does.
LINE_BREAKING = frozenset({"Cc", "Zl", "Zp"})


def clean_text(value: str | None, multiline: bool = False) -> str:
    """NFC-normalised and stripped: what was typed, in one canonical form."""
    value = unicodedata.normalize("NFC", value or "")
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        value = value.replace("\u2028", "\n").replace("\u2029", "\n")
    return value.strip()


def has_control_characters(value: str, multiline: bool) -> bool:
    """C0 and C1 controls, line and paragraph separators, and bidi overrides; a text of
    several lines may hold line feeds and tabs."""
    allowed = {"\n", "\t"} if multiline else set()
    return any(
        (unicodedata.category(char) in LINE_BREAKING and char not in allowed)
        or char in BIDI_CONTROLS
        for char in value
    )


def options(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as the choices of a select, radio or checkbox field."""
    return [SelectChoice(value, label) for value, label in pairs]


class Form(FlaskForm):
    """A form whose first error can be linked from the page's error summary."""

    def error_list(self) -> list[tuple[str, str]]:
        """(id of the input to jump to, message) for each field with an error."""
        return [
            (_first_input_id(field), _message(field.errors[0]))
            for field in self
            if field.errors and field.type not in ("CSRFTokenField", "HiddenField")
        ] + [("", str(error)) for error in self.form_errors]


def _message(error: object) -> str:
    # A message with isolated numbers (<bdi>) stays markup; any other is text.
    return error if isinstance(error, Markup) else str(error)


def _first_input_id(field: Field) -> str:
    # A group of radios or checkboxes has no input of its own: jump to its first option.
    if field.type in ("RadioField", "MultiCheckboxField"):
        return f"{field.id}-0"
    if isinstance(field, PhrasesField):
        return field.first_error_id()
    return str(field.id)


class Text(StringField):
    """One line of text: trimmed, normalised, bounded, without invisible control characters.

    The raw input is what the page shows again on error, so nothing the user typed is lost.
    """

    def __init__(self, label: Any = None, *, max_length: int = 200, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.max_length = max_length

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = clean_text(valuelist[0]) if valuelist else ""

    def pre_validate(self, form: Any) -> None:
        check_text(self, self.data or "", self.max_length, multiline=False)


class LongText(TextAreaField):
    def __init__(self, label: Any = None, *, max_length: int = 2000, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.max_length = max_length

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = clean_text(valuelist[0], multiline=True) if valuelist else ""

    def pre_validate(self, form: Any) -> None:
        check_text(self, self.data or "", self.max_length, multiline=True)


def check_text(field: Field, value: str, max_length: int, multiline: bool) -> None:
    if has_control_characters(value, multiline):
        raise ValidationError(
            _l("Remove the invisible control characters from %(field)s.", field=field.label.text)
        )
    if len(value) > max_length:
        raise ValidationError(
            _l(
                "%(field)s must be %(max)d characters or fewer.",
                field=field.label.text,
                max=max_length,
            )
        )


class SingleLine:
    """A validator for fields that are not `Text` (an email address): no control
    characters, which some databases refuse outright (PostgreSQL and NUL)."""

    def __call__(self, form: Any, field: Field) -> None:
        if has_control_characters(str(field.data or ""), multiline=False):
            raise ValidationError(
                _l(
                    "Remove the invisible control characters from %(field)s.",
                    field=field.label.text,
                )
            )


class PhoneNumber(Text):
    """A mobile number (or with `mobile_only=False` any number to call), typed any way
    people type them; `.data` becomes E.164."""

    def __init__(self, label: Any = None, *, mobile_only: bool = True, **kwargs: Any) -> None:
        super().__init__(label, max_length=40, **kwargs)
        self.mobile_only = mobile_only

    def pre_validate(self, form: Any) -> None:
        super().pre_validate(form)
        if not self.data:
            return  # DataRequired says what is missing
        try:
            self.data = to_e164(self.data, mobile_only=self.mobile_only)
        except InvalidPhoneNumber:
            if not self.mobile_only:
                raise ValidationError(_("Enter a phone number with its area code.")) from None
            raise ValidationError(
                example_number(_("Enter a mobile number in the right format, like %(example)s."))
            ) from None


def example_number(sentence: str) -> Markup:
    """A translated sentence with the example number in it, isolated so that it reads
    "070-123 45 67" in right-to-left languages too. `sentence` is our own catalog's."""
    return Markup(sentence) % {"example": Markup("<bdi>{}</bdi>").format(EXAMPLE)}  # noqa: S704


def latin_digits(value: str) -> str:
    """'٢٠٢٦-٠٣-١٤' becomes '2026-03-14': people type on their own keyboard."""
    return "".join(
        str(digit) if (digit := unicodedata.digit(char, None)) is not None else char
        for char in value
    )


def code_digits(value: str) -> str:
    """'١٢٣ ٤٥٦' and '123-456' become '123456'."""
    return "".join(char for char in latin_digits(value) if not char.isspace() and char != "-")


class Code(StringField):
    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = code_digits(valuelist[0]) if valuelist else ""

    def pre_validate(self, form: Any) -> None:
        if self.data and not (len(self.data) == 6 and self.data.isascii() and self.data.isdigit()):
            raise ValidationError(_l("Enter the 6 digits of the code."))


def plausible_year(year: int) -> bool:
    """Year 1 or 9999 parse as dates but cannot be moved between time zones (nor mean
    anything here): such a date is refused as mistyped."""
    return 1900 <= year <= 9000


class DateInput(DateField):
    """A date typed as the browser's date picker sends it: year-month-day."""

    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        super().__init__(label, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata([latin_digits(value) for value in valuelist])
        except ValueError:
            raise ValueError(_l("Enter the date as year-month-day, like 2026-03-14.")) from None
        if self.data is not None and not plausible_year(self.data.year):
            raise ValueError(_l("Enter the date as year-month-day, like 2026-03-14."))


class TimeInput(TimeField):
    """A wall-clock time, hours and minutes: 08:30."""

    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        super().__init__(label, format="%H:%M", **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata([latin_digits(value) for value in valuelist])
        except ValueError:
            raise ValueError(_l("Enter the time as hours and minutes, like 08:30.")) from None


class DateTimeInput(DateTimeLocalField):
    """A day and wall-clock time as the browser's picker sends it: 2026-03-14T08:30. `.data`
    is naive: the caller knows it is Swedish time."""

    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        super().__init__(label, format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata([latin_digits(value).strip() for value in valuelist])
            if self.data is not None and not plausible_year(self.data.year):
                raise ValueError(self.data)
        except ValueError:
            raise ValueError(
                _l(
                    "Enter the date and time as year-month-day hours:minutes, like 2026-03-14 08:30."
                )
            ) from None


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def weekday_choices() -> list[SelectChoice]:
    """Monday to Sunday in the reader's language, as the values 0 to 6."""
    return options((day, weekday_names([day])) for day in range(7))


def writing_languages() -> list[SelectChoice]:
    """The languages staff may write free text in, each named for the reader and in itself."""
    return options(
        (language.code, i18n.bilingual_name(language.code)) for language in i18n.languages()
    )


class WrittenIn(SelectField):
    """The language a member of staff writes free text in: shown to participants with it, so
    that a screen reader reads Swedish as Swedish on an Arabic page."""

    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        super().__init__(label or _l("Language you write in"), **kwargs)

    def pre_validate(self, form: Any) -> None:
        if self.data not in {choice.value for choice in writing_languages()}:
            raise ValidationError(_l("Choose the language you write in."))


class PhrasesField(Field):
    """Sentences chosen from the phrasebook, each with the values of its slots.

    Renders as one checkbox per phrase (`<name>-<id>`) and one input per slot
    (`<name>-<id>-<slot>`), see the `phrases` macro; works without JavaScript. `.data` is a
    list of phrasebook.Chosen, values cleaned (E.164, HH:MM). What was typed is kept in
    `.typed`, also for phrases not ticked, so a page shown again with an error loses nothing.
    """

    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.typed: dict[str, dict[str, str]] = {}
        self.ticked: set[str] = set()
        self.phrase_errors: dict[str, tuple[str, str]] = {}

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        self.process_errors: list[str] = []
        self.object_data = data
        existing = phrasebook.chosen(data) if isinstance(data, list) else []
        self.ticked = {item.id for item in existing}
        self.typed = {item.id: dict(item.values) for item in existing}
        if formdata:
            self.ticked = {p.id for p in phrasebook.offered() if self.input_name(p) in formdata}
            self.typed = {
                p.id: {kind.value: formdata.get(self.input_name(p, kind), "") for kind in p.slots}
                for p in phrasebook.offered()
            }
        known = [p for p in phrasebook.PHRASES if p.id in self.ticked]
        self.data = [Chosen(p.id, self.typed.get(p.id, {})) for p in known]

    def input_name(self, phrase: Phrase, slot: SlotKind | None = None) -> str:
        return f"{self.name}-{phrase.id}" + (f"-{slot.value}" if slot else "")

    def input_id(self, phrase: Phrase, slot: SlotKind | None = None) -> str:
        return f"{self.id}-{phrase.id}" + (f"-{slot.value}" if slot else "")

    def pre_validate(self, form: Any) -> None:
        self.phrase_errors = {}
        cleaned = []
        for item in self.data:
            phrase = phrasebook.BY_ID[item.id]
            values = {}
            for kind in phrase.slots:
                try:
                    values[kind.value] = clean_slot(kind, str(item.values.get(kind.value, "")))
                except ValueError as error:
                    self.phrase_errors.setdefault(
                        phrase.id, (self.input_id(phrase, kind), str(error))
                    )
            cleaned.append(Chosen(item.id, values))
        if self.phrase_errors:
            raise ValidationError(next(iter(self.phrase_errors.values()))[1])
        self.data = cleaned

    def any_ticked(self, phrases: list[Phrase]) -> bool:
        return any(phrase.id in self.ticked for phrase in phrases)

    def first_error_id(self) -> str:
        if self.phrase_errors:
            return next(iter(self.phrase_errors.values()))[0]
        return str(self.id)

    def _value(self) -> str:
        return ""


def clean_slot(kind: SlotKind, raw: str) -> str:
    """A slot's value as stored, or ValueError saying what to do: E.164 for a phone number,
    HH:MM for a time."""
    value = clean_text(raw)
    if not value:
        raise ValueError(str(phrasebook.SLOT_MISSING[kind]))
    if has_control_characters(value, multiline=False):
        raise ValueError(
            _(
                "Remove the invisible control characters from %(field)s.",
                field=phrasebook.SLOT_LABELS[kind],
            )
        )
    if kind == SlotKind.PHONE:
        try:
            return to_e164(value, mobile_only=False)
        except InvalidPhoneNumber:
            raise ValueError(_("Enter a phone number with its area code.")) from None
    if kind == SlotKind.TIME:
        found = re.fullmatch(r"(\d{1,2})[:.](\d{2})", latin_digits(value))
        if not found or int(found.group(1)) > 23 or int(found.group(2)) > 59:
            raise ValueError(_("Enter the time as hours and minutes, like 08:30."))
        return f"{int(found.group(1)):02d}:{found.group(2)}"
    if len(value) > phrasebook.MAX_LENGTH[kind]:
        raise ValueError(
            _(
                "%(field)s must be %(max)d characters or fewer.",
                field=phrasebook.SLOT_LABELS[kind],
                max=phrasebook.MAX_LENGTH[kind],
            )
        )
    return value
