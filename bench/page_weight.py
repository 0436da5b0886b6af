"""How heavy each participant page is for a first-time visitor on a phone.

Serves the portal itself on a local port, with the demo data in a throwaway SQLite database,
signs in as a demo participant through the real link and code, and fetches each participant
page as a phone with an empty cache would: the HTML and every stylesheet, script, image and
font it loads (stylesheets' own url() and @import included, and the service worker a page
registers). It counts the bytes of each response body as sent on the wire, compressed as the
server compresses them for a browser that accepts brotli and gzip (headers are not counted).

    .venv/bin/python bench/page_weight.py            # a table
    .venv/bin/python bench/page_weight.py --json     # {"pages": {"/path": {...}}}
    .venv/bin/python bench/page_weight.py --check    # exit 1 if a page is over the budget

Budget (issue 4): at most 40 KB compressed per page in total, and no web fonts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
import tempfile
import threading
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode, urljoin, urlsplit
from urllib.request import HTTPCookieProcessor, Request, build_opener

import brotli
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal import create_app  # noqa: E402
from portal.config import Development  # noqa: E402

BUDGET_BYTES = 40 * 1024
# Chrome on a low-end Android phone.
USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Mobile Safari/537.36"
)
ACCEPT_ENCODING = "gzip, deflate, br"
FONT_EXTENSIONS = (".woff2", ".woff", ".ttf", ".otf", ".eot")


@dataclass
class Weight:
    total_bytes: int = 0
    js_bytes: int = 0
    font_bytes: int = 0
    files: list[tuple[str, int]] = field(default_factory=list)

    def add(self, url: str, size: int, content_type: str) -> None:
        self.total_bytes += size
        path = urlsplit(url).path
        if "javascript" in content_type or path.endswith((".js", ".mjs")):
            self.js_bytes += size
        if content_type.startswith("font/") or path.endswith(FONT_EXTENSIONS):
            self.font_bytes += size
        self.files.append((path, size))


class Assets(HTMLParser):
    """What a browser fetches for a page: stylesheets, scripts, images, icons, fonts, and a
    service worker named by a script's data-worker attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        rel = (found.get("rel") or "").lower().split()
        if tag == "link" and {"stylesheet", "icon", "preload", "modulepreload", "manifest"} & set(
            rel
        ):
            self._add(found.get("href"))
        elif tag == "script":
            self._add(found.get("src"))
            self._add(found.get("data-worker"))
        elif tag in ("img", "source", "video", "audio", "input"):
            self._add(found.get("src"))
            for candidate in (found.get("srcset") or "").split(","):
                self._add(candidate.strip().split(" ")[0] or None)

    def _add(self, url: str | None) -> None:
        if url and not url.startswith("data:") and url not in self.urls:
            self.urls.append(url)


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def decoded(body: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return bytes(brotli.decompress(body))
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "deflate":
        return zlib.decompress(body)
    return body


class Phone:
    """A browser with cookies and no cache."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()))

    def fetch(self, url: str, data: dict[str, str] | None = None) -> tuple[str, bytes, Any]:
        """(final url, body as sent, headers)."""
        request = Request(  # noqa: S310  (always http, to the local server this script runs)
            urljoin(self.base, url),
            data=urlencode(data).encode() if data is not None else None,
            headers={
                "User-Agent": USER_AGENT,
                "Accept-Encoding": ACCEPT_ENCODING,
                "Accept-Language": "sv-SE,sv;q=0.9",
            },
        )
        try:
            with self.opener.open(request) as response:
                return response.geturl(), response.read(), response.headers
        except HTTPError as error:  # a 404 page is a page too
            return error.geturl(), error.read(), error.headers

    def text(self, url: str, data: dict[str, str] | None = None) -> tuple[str, str]:
        final, body, headers = self.fetch(url, data)
        return final, decoded(body, headers.get("Content-Encoding", "")).decode()

    def weigh(self, url: str) -> Weight:
        """The page and everything it loads, each fetched once, as by an empty cache."""
        weight = Weight()
        final, body, headers = self.fetch(url)
        weight.add(final, len(body), headers.get("Content-Type", ""))
        parser = Assets()
        parser.feed(decoded(body, headers.get("Content-Encoding", "")).decode())
        queue = [urljoin(final, asset) for asset in parser.urls]
        seen = set()
        while queue:
            asset = queue.pop(0)
            if asset in seen:
                continue
            seen.add(asset)
            asset_url, asset_body, asset_headers = self.fetch(asset)
            content_type = asset_headers.get("Content-Type", "")
            weight.add(asset_url, len(asset_body), content_type)
            if "text/css" in content_type:
                css = decoded(asset_body, asset_headers.get("Content-Encoding", "")).decode()
                for match in CSS_URL.finditer(css):
                    target = match.group(1) or match.group(2)
                    if target and not target.startswith("data:"):
                        queue.append(urljoin(asset_url, target))
        return weight


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def measure(language: str) -> dict[str, Weight]:
    logging.disable(logging.WARNING)  # the development SMS gateway logs every message
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            Development,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.sqlite3",
            SMS_BACKEND="console",
        )
        server = make_server("127.0.0.1", 0, app, threaded=True)
        base = f"http://127.0.0.1:{server.server_port}"
        app.config["PUBLIC_BASE_URL"] = base
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            link, phone_number = prepare(app, language)
            return visit(app, base, link, phone_number)
        finally:
            server.shutdown()
            thread.join()
            with app.app_context():
                from portal.database import db

                db.engine.dispose()


def prepare(app: Any, language: str) -> tuple[str, str]:
    """Migrate, load the demo data, and return a demo participant's link and number."""
    from flask_migrate import upgrade

    from portal.setup.commands import create_demo

    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        lines = create_demo()
    for line in lines:
        found = re.match(r"^.+ \((\w+)\): (\S+)$", line)
        if found and found.group(1) == language:
            link = found.group(2)
            break
    else:
        raise SystemExit(f"no demo participant speaks {language!r}")
    with app.app_context():
        from sqlalchemy import select

        from portal.auth.models import Invitation
        from portal.auth.tokens import hash_token
        from portal.database import db

        token = link.rsplit("/", 1)[1]
        invitation = db.session.scalars(
            select(Invitation).where(Invitation.token_hash == hash_token(token))
        ).one()
        return link, invitation.participant.phone


def last_code(app: Any, phone_number: str) -> str:
    from sqlalchemy import select

    from portal.database import db
    from portal.sms.models import SmsMessage

    with app.app_context():
        bodies = db.session.scalars(
            select(SmsMessage.body)
            .where(SmsMessage.to == phone_number, SmsMessage.kind.like("code_%"))
            .order_by(SmsMessage.id.desc())
        )
        for body in bodies:
            found = re.search(r"\b(\d{6})\b", body)
            if found:
                return found.group(1)
    raise SystemExit("no code was sent")


def visit(app: Any, base: str, link: str, phone_number: str) -> dict[str, Weight]:
    pages: dict[str, Weight] = {}
    for path in ("/sign-in", "/language", "/signed-out", "/accessibility", "/privacy"):
        pages[path] = Phone(base).weigh(path)

    phone = Phone(base)
    code_url, code_page = phone.text(link)  # the link leads to the code page
    pages[urlsplit(code_url).path] = phone.weigh(code_url)
    landed, _ = phone.text(
        code_url, {"csrf_token": csrf_token(code_page), "code": last_code(app, phone_number)}
    )
    assert urlsplit(landed).path == "/plan", f"signing in led to {landed}"

    _, week = phone.text("/week")
    later = re.search(r'href="(/week/\d{4}-W\d{2})" rel="next"', week)
    assert later, "no link to the next week"
    _, offer = phone.text("/booking")
    occasion = re.search(r'href="(/booking/occasions/\d+)"', offer)
    assert occasion, "no occasion in the demo's offer"
    for path in (
        "/",
        "/week",
        later.group(1),
        "/plan",
        "/plan/versions",
        "/plan/versions/1",
        "/plan/approve",
        "/plan/change",
        "/calendar",
        "/booking",
        occasion.group(1),
        "/booking/mine",
        "/my-data",
    ):
        pages[path] = phone.weigh(path)
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when over the budget")
    parser.add_argument("--language", default="sv", help="the demo participant's language")
    parser.add_argument("--files", action="store_true", help="list each file of each page")
    options = parser.parse_args()

    pages = measure(options.language)
    over = [
        path
        for path, weight in pages.items()
        if weight.total_bytes > BUDGET_BYTES or weight.font_bytes
    ]
    if options.json:
        print(
            json.dumps(
                {
                    "pages": {
                        path: {
                            "total_bytes": weight.total_bytes,
                            "js_bytes": weight.js_bytes,
                            "font_bytes": weight.font_bytes,
                        }
                        for path, weight in pages.items()
                    }
                },
                indent=2,
            )
        )
    else:
        print(f"{'page':<22}{'total':>10}{'JS':>10}{'fonts':>10}  (bytes on the wire)")
        for path, weight in pages.items():
            mark = "  OVER BUDGET" if path in over else ""
            print(
                f"{path:<22}{weight.total_bytes:>10}{weight.js_bytes:>10}"
                f"{weight.font_bytes:>10}{mark}"
            )
            if options.files:
                for name, size in weight.files:
                    print(f"    {name:<40}{size:>8}")
        largest = max(weight.total_bytes for weight in pages.values())
        print(
            f"largest page: {largest} bytes ({largest / 1024:.1f} KB); "
            f"budget {BUDGET_BYTES} bytes ({BUDGET_BYTES // 1024} KB) and no web fonts"
        )
    if options.check and over:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
