"""SMS gateways. A backend sends one message or raises SmsDeliveryError.

`SMS_BACKEND` names one: "console" (the default), or "package.module:Class" for any other
class with the same two members, e.g. a real operator's HTTP API.
"""

from __future__ import annotations

import importlib
import logging
import secrets
from typing import Protocol

log = logging.getLogger("portal.sms")


class SmsDeliveryError(Exception):
    pass


class SmsBackend(Protocol):
    # Whether the outbox keeps the full text of a message after it is sent. Only a
    # development backend should: the text holds sign-in links and codes.
    keeps_text: bool

    def send(self, to: str, body: str) -> str:
        """Deliver `body` to `to` (E.164); return the gateway's reference for the message."""
        ...


class ConsoleBackend:
    """For development and tests: writes each message, full text included, to the log."""

    keeps_text = True

    def send(self, to: str, body: str) -> str:
        reference = f"console-{secrets.token_hex(6)}"
        log.warning("SMS to %s (%s):\n%s", to, reference, body)
        return reference


BACKENDS: dict[str, type] = {"console": ConsoleBackend}


def load_backend(name: str) -> SmsBackend:
    if name in BACKENDS:
        backend: SmsBackend = BACKENDS[name]()
        return backend
    module_name, _, class_name = name.partition(":")
    if not class_name:
        raise RuntimeError(f"unknown SMS_BACKEND {name!r}")
    backend_class = getattr(importlib.import_module(module_name), class_name)
    loaded: SmsBackend = backend_class()
    return loaded
