"""The participant's "What we know about me", its downloads, and the access log of a
participant's record for their caseworkers."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, render_template

from portal.access import participant_only, staff_only
from portal.auth.principal import current_participant, current_staff
from portal.database import utcnow
from portal.participants import registry
from portal.privacy import access_log, my_data
from portal.staff.models import StaffRole

bp = Blueprint("privacy", __name__)


@bp.get("/my-data")
@participant_only
def mine() -> str:
    return render_template("privacy/my_data.html", data=my_data.collect(current_participant()))


def _download(body: str, mimetype: str, extension: str) -> Response:
    response = Response(body, mimetype=mimetype)
    name = f"my-data-{date.today().isoformat()}.{extension}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/my-data/download.json")
@participant_only
def download_json() -> Response:
    data = my_data.collect(current_participant())
    return _download(data.as_json(), "application/json", "json")


@bp.get("/my-data/download.html")
@participant_only
def download_html() -> Response:
    """A page that reads on its own, offline, with nothing to load."""
    data = my_data.collect(current_participant())
    page = render_template("privacy/my_data_file.html", data=data, exported_at=utcnow())
    return _download(page, "text/html", "html")


@bp.get("/staff/participants/<int:participant_id>/access-log")
@staff_only(StaffRole.CASEWORKER)
def access(participant_id: int) -> str:
    participant = registry.get_for_staff(participant_id, current_staff())
    return render_template(
        "privacy/access_log.html",
        participant=participant,
        accesses=access_log.accesses(participant.id),
    )
