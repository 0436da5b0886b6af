"""The accessibility statement (lag 2018:1937, in the form DIGG asks for) and the privacy
notice. Who runs the service and how to reach them come from configuration."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, current_app, render_template

from portal.access import public

bp = Blueprint("statements", __name__)


def operator() -> dict[str, Any]:
    config = current_app.config
    return {
        "name": config["SERVICE_OPERATOR"],
        "email": config["SERVICE_CONTACT_EMAIL"],
        "phone": config["SERVICE_CONTACT_PHONE"],
        "dpo_email": config["DATA_PROTECTION_OFFICER_EMAIL"] or config["SERVICE_CONTACT_EMAIL"],
    }


def footer_links() -> dict[str, Any]:
    """For every page's footer."""
    return {"service_operator": current_app.config["SERVICE_OPERATOR"]}


@bp.get("/accessibility")
@public
def accessibility() -> str:
    return render_template(
        "statements/accessibility.html",
        operator=operator(),
        reviewed_on=date.fromisoformat(current_app.config["ACCESSIBILITY_REVIEWED_ON"]),
    )


@bp.get("/privacy")
@public
def privacy() -> str:
    config = current_app.config
    return render_template(
        "statements/privacy.html",
        operator=operator(),
        retention_years=config["RETENTION_YEARS"],
        approval_years=config["APPROVAL_RETENTION_YEARS"],
    )
