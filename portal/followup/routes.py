"""The coordinator's pages: the figures, and the same figures as CSV and JSON."""

from __future__ import annotations

import json
from datetime import datetime

from flask import Blueprint, Response, request

from portal.access import staff_only
from portal.auth.principal import current_staff
from portal.dates import local_zone
from portal.followup import charts, export
from portal.followup import figures as counted
from portal.followup.forms import PeriodForm
from portal.followup.values import COLUMNS, Figures, Scope, Value
from portal.staff.models import Staff, StaffRole
from portal.templating import render

bp = Blueprint("followup", __name__, url_prefix="/staff")

coordinators = staff_only(StaffRole.COORDINATOR)


def _scope(staff: Staff) -> Scope:
    home = staff.organisation.municipality
    return Scope(home.county_id, None if staff.county_wide else {home.id})


def _figures() -> tuple[PeriodForm, Figures]:
    form = PeriodForm(request.args, today=datetime.now(local_zone()).date())
    return form, counted.figures(_scope(current_staff()), form.chosen)


@bp.get("/figures")
@coordinators
def figures() -> str:
    form, found = _figures()
    staff = current_staff()
    return render(
        "followup/figures.html",
        form=form,
        found=found,
        columns=COLUMNS,
        charts=charts,
        county=staff.organisation.municipality.county,
        county_wide=staff.county_wide,
        rows=[(m.id, m.name) for m in found.municipalities],
        names={m.id: m.name for m in found.all_municipalities},
        zero=Value(0),
    )


@bp.get("/figures.csv")
@coordinators
def figures_csv() -> Response:
    _form, found = _figures()
    return Response(
        export.as_csv(found),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="figures-{found.period.code}.csv"'},
    )


@bp.get("/figures.json")
@coordinators
def figures_json() -> Response:
    _form, found = _figures()
    county = current_staff().organisation.municipality.county.name
    return Response(
        json.dumps(export.as_json(found, county), ensure_ascii=False, indent=1),
        mimetype="application/json",
    )
