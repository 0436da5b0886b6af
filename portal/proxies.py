"""Behind a load balancer every request comes from the balancer's address. With
`TRUSTED_PROXY_COUNT` set to the number of proxies in front of the app, werkzeug's ProxyFix
takes the client's address and scheme from the headers they add (X-Forwarded-For,
X-Forwarded-Proto), so that rate limits, the SMS budget and approvals see the client.
With 0 (the default) those headers are ignored: a client could write anything in them."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    count = int(app.config["TRUSTED_PROXY_COUNT"])
    if count < 0:
        raise RuntimeError("TRUSTED_PROXY_COUNT must be 0 or more.")
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]
