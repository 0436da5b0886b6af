"""Logging that never writes a secret: tokens in request lines are redacted."""

from __future__ import annotations

import logging
import re

# Paths that carry a secret token: invitation links (/i/<token>) and calendar feeds
# (/calendar/<token>.ics).
SECRET_PATHS = re.compile(r"(/i/|/calendar/)(?!event/)[A-Za-z0-9_\-]{16,}")


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = SECRET_PATHS.sub(r"\1[redacted]", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def init_app() -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s"
        )
    logging.getLogger("portal").setLevel(logging.INFO)
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
