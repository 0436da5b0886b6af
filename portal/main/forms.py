from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.validators import InputRequired

from portal.forms import Form


class LanguageForm(Form):
    language = RadioField(
        _l("Language"), validators=[InputRequired(message=_l("Choose a language."))]
    )
