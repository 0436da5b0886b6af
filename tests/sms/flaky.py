"""A gateway that fails on demand, for testing what happens when SMS cannot be sent."""

from __future__ import annotations

from typing import ClassVar

from portal.sms.backends import SmsDeliveryError


class FlakyBackend:
    keeps_text = False
    failures_left: ClassVar[int] = 0
    sent: ClassVar[list[tuple[str, str]]] = []

    def send(self, to: str, body: str) -> str:
        if FlakyBackend.failures_left > 0:
            FlakyBackend.failures_left -= 1
            raise SmsDeliveryError("gateway timed out")
        FlakyBackend.sent.append((to, body))
        return f"flaky-{len(FlakyBackend.sent)}"
