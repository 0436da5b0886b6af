from __future__ import annotations

import logging

import pytest

from portal.logs import RedactSecrets


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ('"GET /i/KgYKRMkxok2P1HLwHiCNnA HTTP/1.1" 303 -', '"GET /i/[redacted] HTTP/1.1" 303 -'),
        ('"GET /plan HTTP/1.1" 200 -', '"GET /plan HTTP/1.1" 200 -'),
        (
            '"GET /calendar/Zm9vYmFyYmF6cXV4cXV1eA.ics HTTP/1.1" 200 -',
            '"GET /calendar/[redacted].ics HTTP/1.1" 200 -',
        ),
        (
            '"GET /calendar/event/plan-abc.ics HTTP/1.1" 200 -',
            '"GET /calendar/event/plan-abc.ics HTTP/1.1" 200 -',
        ),
    ],
)
def test_request_lines_never_show_a_token(line: str, shown: str) -> None:
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, "%s", (line,), None)
    assert RedactSecrets().filter(record)
    assert record.getMessage() == shown
