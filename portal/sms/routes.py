"""The address the gateway posts delivery reports to (see portal/sms/reports.py)."""

from __future__ import annotations

from flask import Blueprint, abort, request
from werkzeug.wrappers import Response

from portal.access import public
from portal.extensions import csrf
from portal.sms import reports

bp = Blueprint("sms", __name__)


@bp.post("/sms/delivery-reports")
@public  # the gateway's own credentials, checked first: reports.authentic
@csrf.exempt  # the gateway posts from its own servers
def delivery_report() -> Response:
    if not reports.authentic(request.authorization):
        return Response("", 401, {"WWW-Authenticate": 'Basic realm="delivery reports"'})
    reported = request.form.get("status", "")
    if reported not in reports.REPORTED:
        abort(400)
    if not reports.receive(request.form.get("id", ""), reported, request.form.get("delivered")):
        abort(404)
    return Response(status=204)
