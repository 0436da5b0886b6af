"""`flask sms-worker`: delivers the outbox in a loop, beside the web processes.

It looks for what is due every SMS_WORKER_INTERVAL seconds. SIGTERM or SIGINT stops it
cleanly: the message in hand is finished (sent and recorded), the rest wait for the next
worker. Several workers may run at once, on one machine or many: each message is claimed
by one of them (portal/sms/delivery.py).
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from types import FrameType

from flask import current_app

from portal.database import db
from portal.sms.delivery import deliver_due

log = logging.getLogger("portal.sms")


class Worker:
    def __init__(self) -> None:
        self.stopped = threading.Event()

    def stop(self, signum: int = 0, frame: FrameType | None = None) -> None:
        self.stopped.set()

    def run(self, report: Callable[[dict[str, int]], None] = lambda counts: None) -> None:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self.stop)
        interval = float(current_app.config["SMS_WORKER_INTERVAL"])
        pause = current_app.config["SMS_GATEWAY_PAUSE"].total_seconds()
        while not self.stopped.is_set():
            counts: dict[str, int] = {}
            try:
                counts = deliver_due(stopping=self.stopped.is_set)
            except Exception:  # one bad round must not stop the deliveries after it
                log.exception("SMS worker: a round failed; trying again")
                db.session.rollback()
            finally:
                db.session.remove()
            if counts:
                report(counts)
            self.stopped.wait(pause if "held" in counts else interval)
