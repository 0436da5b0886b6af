"""A gateway that fails on demand, for testing what happens when SMS cannot be sent."""

from __future__ import annotations

from typing import ClassVar

from portal.sms.backends import Outgoing, SmsDeliveryError


class FlakyBackend:
    keeps_text = False
    failures_left: ClassVar[int] = 0
    sent: ClassVar[list[tuple[str, str]]] = []

    def send(self, message: Outgoing) -> str:
        if FlakyBackend.failures_left > 0:
            FlakyBackend.failures_left -= 1
            raise SmsDeliveryError("gateway timed out")
        FlakyBackend.sent.append((message.to, message.body))
        return f"flaky-{len(FlakyBackend.sent)}"
