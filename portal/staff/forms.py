from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SearchField, SelectField
from wtforms.validators import Length, Optional

from portal.forms import Form, options


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
