from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Optional

from portal.followup.periods import Period, Unit, parse, recent
from portal.forms import Form, options


class PeriodForm(Form):
    class Meta:
        csrf = False  # a GET: it changes nothing

    unit = SelectField(_l("Count by"), choices=options(Unit.choices()), validators=[Optional()])
    period = SelectField(_l("Period"), validators=[Optional()])

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = Unit(self.unit.data) if self.unit.data in set(Unit) else Unit.MONTH
        self.unit.data = unit
        periods = recent(unit, today, count={Unit.MONTH: 24, Unit.QUARTER: 12, Unit.YEAR: 6}[unit])
        self.period.choices = options((period.code, period.label) for period in periods)
        chosen = parse(self.period.data)
        if (
            chosen is None
            or chosen.unit is not unit
            or chosen.code not in {p.code for p in periods}
        ):
            # The last whole period, unless the reader chose one of the list.
            chosen = periods[1]
        self.period.data = chosen.code
        self.chosen: Period = chosen
