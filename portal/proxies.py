"""Behind a load balancer every request comes from the balancer's address. With
`TRUSTED_PROXY_COUNT` set to the number of proxies in front of the app, werkzeug's ProxyFix
takes the client's address from the X-Forwarded-For they add, so that rate limits, the SMS
budget and approvals see the client. With 0 (the default) the header is ignored: a client
could write anything in it.

Only the address: X-Forwarded-Proto is left alone. Taken, it would make requests through a
TLS proxy "secure", and flask-wtf then demands a Referer on every form, which our
`Referrer-Policy: no-referrer` (tokens travel in links) keeps browsers from sending. Links
are built from PUBLIC_BASE_URL and production prefers https, so the scheme is not needed."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    count = int(app.config["TRUSTED_PROXY_COUNT"])
    if count < 0:
        raise RuntimeError("TRUSTED_PROXY_COUNT must be 0 or more.")
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=0, x_host=0)  # type: ignore[method-assign]
