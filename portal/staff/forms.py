from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SearchField, SelectField
from wtforms.validators import Length, NumberRange, Optional

from portal.booking.forms import Count
from portal.forms import Form, options
from portal.participants.desk import Show, Sort


class ParticipantFilterForm(Form):
    class Meta:
        csrf = False  # a GET search: it changes nothing

    q = SearchField(_l("Search by name or mobile number"), validators=[Optional(), Length(max=100)])
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
