"""GET /healthz for load balancers and monitoring."""

from __future__ import annotations

import time

from flask import Blueprint, jsonify
from sqlalchemy import literal, select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from portal.access import public
from portal.database import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@public
def healthz() -> tuple[Response, int]:
    started = time.perf_counter()
    try:
        # A select the session knows reads: plain SQL counts as a write, and ending it would
        # then drop the connection's prepared statements at every monitor's visit.
        db.session.execute(select(literal(1)))
        database: dict[str, object] = {"status": "ok", "dialect": db.engine.dialect.name}
        status = 200
    except SQLAlchemyError as error:
        db.session.rollback()
        database = {"status": "unavailable", "error": type(error).__name__}
        status = 503
    database["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return jsonify(status="ok" if status == 200 else "degraded", database=database), status
