"""The county administrator's page: the county's municipalities and organisations."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from portal.access import staff_only
from portal.accounts import scope
from portal.auth.principal import current_staff
from portal.database import db
from portal.organisations.models import County, Municipality
from portal.setup import county as counties
from portal.setup.forms import OrganisationForm
from portal.staff.models import Staff, StaffRole
from portal.vocabulary import OrganisationKind

bp = Blueprint("county", __name__, url_prefix="/staff/county")

county_administrators = staff_only(StaffRole.COUNTY_ADMINISTRATOR)


def _page(form: OrganisationForm) -> str:
    admin = current_staff()
    county = db.session.get_one(County, scope.county_id_of(admin))
    organisations = scope.organisations_of(admin)
    staff_counts = dict(
        db.session.execute(
            select(Staff.organisation_id, func.count())
            .where(Staff.organisation_id.in_([o.id for o in organisations]), Staff.active)
            .group_by(Staff.organisation_id)
        ).all()
    )
    by_municipality = {
        municipality.id: [o for o in organisations if o.municipality_id == municipality.id]
        for municipality in county.municipalities
    }
    return render_template(
        "setup/county.html",
        county=county,
        by_municipality=by_municipality,
        staff_counts=staff_counts,
        form=form,
    )


def _form() -> OrganisationForm:
    county_id = scope.county_id_of(current_staff())
    rows = db.session.execute(
        select(Municipality.id, Municipality.name)
        .where(Municipality.county_id == county_id)
        .order_by(Municipality.name)
    ).all()
    return OrganisationForm(municipalities=[(row.id, row.name) for row in rows])


@bp.get("/")
@county_administrators
def show() -> str:
    return _page(_form())


@bp.post("/organisations")
@county_administrators
def add_organisation() -> Response | str:
    form = _form()
    if form.validate_on_submit():
        try:
            organisation = counties.add_organisation(
                current_staff(),
                form.name.data,
                OrganisationKind(form.kind.data),
                form.municipality.data,
            )
        except counties.SetupError as error:
            form.name.errors.append(str(error))
        else:
            flash(_("%(name)s is added.", name=organisation.name), "success")
            return redirect(
                url_for("administration.organisation", organisation_id=organisation.id), code=303
            )
    return _page(form)
