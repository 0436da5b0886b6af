from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import DataRequired, InputRequired

from portal.forms import Form, Text, options
from portal.vocabulary import OrganisationKind


class OrganisationForm(Form):
    name = Text(
        _l("Name of the organisation"),
        validators=[DataRequired(message=_l("Enter the organisation's name."))],
    )
    kind = SelectField(
        _l("Kind of organisation"),
        choices=options(OrganisationKind.choices()),
        validators=[InputRequired(message=_l("Choose the kind of organisation."))],
    )
    municipality = SelectField(
        _l("Municipality"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose the municipality."))],
    )

    def __init__(self, *args: Any, municipalities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality.choices = options(municipalities)
