"""SMS gateways. A backend hands one message to its gateway and says what became of it.

`SMS_BACKEND` names one: "console" (the default, for development), "elks" (46elks, see
`portal/sms/elks.py`), or "package.module:Class" for any other class with the members of
`SmsBackend`. A backend answers in bounded time (`SMS_GATEWAY_TIMEOUT`) and, when it cannot
say "sent", raises the error that tells the worker what to do next:

- `SmsDeliveryError`: not sent this time, nothing wrong with the message: try again later.
- `SmsGatewayUnavailable`: not sent, and no other message will be either (bad credentials,
  out of credit): every message stays queued, the worker pauses.
- `SmsRejected`: the gateway refused this message for good (e.g. an impossible number).
- `SmsOutcomeUnknown`: the request may have reached the gateway (it timed out waiting for
  the answer): the message is not sent again blindly.

Any other exception counts as an unknown outcome too.
"""

from __future__ import annotations

import importlib
import logging
import secrets
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger("portal.sms")


class SmsDeliveryError(Exception):
    """Not sent; try again later."""


class SmsGatewayUnavailable(SmsDeliveryError):
    """Not sent, and nothing else will be until the gateway (or its account) is fixed."""


class SmsRejected(Exception):
    """The gateway refused this message for good."""


class SmsOutcomeUnknown(Exception):
    """The gateway may or may not have taken the message."""


@dataclass(frozen=True)
class Outgoing:
    to: str  # E.164
    body: str
    # The text carries a link or a code: the gateway is asked not to keep it.
    secret: bool
    # Where the gateway posts delivery reports, with our credentials in it; None when the
    # portal has no public address to receive them on.
    report_url: str | None


class SmsBackend(Protocol):
    # Whether the outbox keeps the full text of a message after it is sent. Only a
    # development backend should: the text holds sign-in links and codes.
    keeps_text: bool

    def send(self, message: Outgoing) -> str:
        """Hand `message` to the gateway; return the gateway's id for it (which delivery
        reports name). Raises one of the errors above when it was not sent."""
        ...


class ConsoleBackend:
    """For development and tests: writes each message, full text included, to the log."""

    keeps_text = True

    def send(self, message: Outgoing) -> str:
        reference = f"console-{secrets.token_hex(6)}"
        log.warning("SMS to %s (%s):\n%s", message.to, reference, message.body)
        return reference


BACKENDS: dict[str, str] = {
    "console": "portal.sms.backends:ConsoleBackend",
    "elks": "portal.sms.elks:ElksBackend",
}


def load_backend(name: str) -> SmsBackend:
    module_name, _, class_name = BACKENDS.get(name, name).partition(":")
    if not class_name:
        raise RuntimeError(f"unknown SMS_BACKEND {name!r}")
    backend_class = getattr(importlib.import_module(module_name), class_name)
    loaded: SmsBackend = backend_class()
    return loaded
