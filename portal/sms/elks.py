"""46elks, a Swedish SMS operator: `POST <ELKS_API_URL>/sms`, form-encoded, HTTP Basic auth.

Its answers, as https://46elks.com/docs/send-sms documents them, and what they mean here:
200 with JSON `{"id": ..., "status": "created", "parts": ..., "cost": ...}`: taken; 401: our
credentials are wrong (nothing will be sent until the configuration is fixed); 403: the
account is out of credit (nothing will be sent until it is topped up); any other 4xx: this
message is refused (e.g. an impossible number); 5xx: try again later. Delivery reports come
back to `whendelivered` (see portal/sms/reports.py).
"""

from __future__ import annotations

import logging

import httpx
from flask import current_app

from portal.sms.backends import (
    Outgoing,
    SmsDeliveryError,
    SmsGatewayUnavailable,
    SmsOutcomeUnknown,
    SmsRejected,
)

log = logging.getLogger("portal.sms")


class ElksBackend:
    keeps_text = False

    def __init__(self) -> None:
        config = current_app.config
        self.url = config["ELKS_API_URL"].rstrip("/") + "/sms"
        self.auth = (config["ELKS_API_USERNAME"], config["ELKS_API_PASSWORD"])
        self.sender = config["ELKS_SENDER"]
        self.timeout = httpx.Timeout(config["SMS_GATEWAY_TIMEOUT"])

    def send(self, message: Outgoing) -> str:
        form = {"from": self.sender, "to": message.to, "message": message.body}
        if message.report_url:
            form["whendelivered"] = message.report_url
        if message.secret:
            form["dontlog"] = "message"  # 46elks keeps no copy of a code or a link
        try:
            response = httpx.post(self.url, data=form, auth=self.auth, timeout=self.timeout)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
            raise SmsDeliveryError(f"46elks could not be reached: {type(error).__name__}") from None
        except httpx.TransportError as error:
            # The request went out; whether 46elks acted on it, no one can say.
            raise SmsOutcomeUnknown(f"46elks did not answer: {type(error).__name__}") from None
        return self.answer(response)

    def answer(self, response: httpx.Response) -> str:
        status = response.status_code
        said = response.text[:200]
        if status == 401:
            log.critical("46elks refuses our credentials: check ELKS_API_USERNAME/PASSWORD")
            raise SmsGatewayUnavailable(f"46elks refused the credentials (401): {said}")
        if status == 403:
            log.error("46elks: the account is out of credit; texts wait until it is topped up")
            raise SmsGatewayUnavailable(f"46elks account out of credit (403): {said}")
        if status == 429 or status >= 500:
            raise SmsDeliveryError(f"46elks answered {status}: {said}")
        if status >= 400:
            raise SmsRejected(f"46elks refused the message ({status}): {said}")
        try:
            reference = str(response.json()["id"])
        except (ValueError, KeyError, TypeError):
            raise SmsOutcomeUnknown(f"46elks answered {status} without an id") from None
        return reference
