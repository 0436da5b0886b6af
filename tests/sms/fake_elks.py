"""A local 46elks, for tests: the documented contract of `POST /a1/sms` over real HTTP.

https://46elks.com/docs/send-sms: form-encoded `from`, `to`, `message`, optional
`whendelivered` and `dontlog`, HTTP Basic auth with the API username and password. It answers
200 with JSON (`id`, `status` "created", `parts`, `cost`...), 401 for wrong credentials, 403
when the account has no credit, and whatever a test makes it answer: a 5xx, a slow answer,
an answer held until the test lets it go. Delivery reports are posted as 46elks posts them
(https://46elks.com/docs/sms-delivery-reports): form-encoded `id`, `status`, `delivered`, to
the `whendelivered` address, with the credentials written in that address as HTTP Basic.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx
import smsutil
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

USERNAME = "u0123456789abcdef"
PASSWORD = "ELKS-TEST-PASSWORD"


@dataclass
class Received:
    id: str
    form: dict[str, str]


@dataclass
class FakeElks:
    url: str = ""
    credit: int = 10_000_000  # in 10000ths of a krona; a text costs 3500 a part
    answer_status: int | None = None  # e.g. 500, or 400: answer this instead of sending
    delay: float = 0.0  # seconds before answering
    hold: threading.Event | None = None  # answer only once this is set
    received: list[Received] = field(default_factory=list)
    calls: int = 0
    in_flight: int = 0  # calls being answered (held or slowed) right now
    arrived: threading.Event = field(default_factory=threading.Event)

    def __call__(self, environ: dict, start_response: Callable) -> Iterator[bytes]:
        request = Request(environ)
        return self.answer(request)(environ, start_response)

    def answer(self, request: Request) -> Response:
        if request.method != "POST" or request.path.rstrip("/").lower() != "/a1/sms":
            return Response("Not found", 404)
        self.calls += 1
        self.arrived.set()
        auth = request.authorization
        if auth is None or (auth.username, auth.password) != (USERNAME, PASSWORD):
            return Response("Invalid credentials", 401)
        self.in_flight += 1
        try:
            if self.hold is not None:
                self.hold.wait(60)
            if self.delay:
                time.sleep(self.delay)
        finally:
            self.in_flight -= 1
        if self.answer_status is not None:
            return Response(f"Error {self.answer_status}", self.answer_status)
        form = request.form.to_dict()
        if not {"from", "to", "message"} <= form.keys():
            return Response("Missing key from, to or message", 400)
        if not form["to"].startswith("+") or not form["to"][1:].isdigit():
            return Response("Invalid to number", 400)
        parts = len(smsutil.split(form["message"]).parts)
        if self.credit < 3500 * parts:
            return Response("Not enough credits", 403)
        self.credit -= 3500 * parts
        message_id = "s" + secrets.token_hex(16)
        self.received.append(Received(message_id, form))
        reply = {
            "status": "created",
            "direction": "outgoing",
            "from": form["from"],
            "created": datetime.now(UTC).isoformat(),
            "parts": parts,
            "to": form["to"],
            "cost": 3500 * parts,
            "id": message_id,
        }
        if form.get("dontlog") != "message":
            reply["message"] = form["message"]
        return Response(json.dumps(reply), 200, mimetype="application/json")

    def wait_for(self, to: str, count: int = 1, seconds: float = 60) -> Received:
        """The `count`th text to `to`, once it has arrived."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            mine = [r for r in self.received if r.form["to"] == to]
            if len(mine) >= count:
                return mine[count - 1]
            time.sleep(0.1)
        raise AssertionError(f"no text number {count} to {to} arrived")

    def report(
        self,
        received: Received,
        status: str,
        post: Callable[..., int] | None = None,
    ) -> int:
        """Post a delivery report for `received` as 46elks would; returns the HTTP status."""
        target = urlsplit(received.form["whendelivered"])
        data = {"id": received.id, "status": status}
        if status == "delivered":
            data["delivered"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
        auth = (target.username or "", target.password or "")
        bare = target._replace(netloc=target.hostname + (f":{target.port}" if target.port else ""))
        if post is None:
            return httpx.post(bare.geturl(), data=data, auth=auth, timeout=10).status_code
        return post(bare.path, data, auth)


@contextmanager
def running_elks() -> Iterator[FakeElks]:
    fake = FakeElks()
    server = make_server("127.0.0.1", 0, fake, threaded=True)
    fake.url = f"http://127.0.0.1:{server.server_port}/a1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        if fake.hold is not None:
            fake.hold.set()
        server.shutdown()
        thread.join(10)
