"""One way for tests to use the portal: as a browser without JavaScript would.

Every HTML page a test fetches through `Portal` is checked for what every page owes its
readers, so that no page test can forget: language and direction on <html>, one <h1>, a
title, unique ids, labels and descriptions that point somewhere, CSRF tokens on POST forms,
form actions that reach a route, and no untranslated placeholders.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.test import TestResponse

from portal.i18n import language


@dataclass
class Page:
    response: TestResponse
    url: str
    soup: BeautifulSoup = field(init=False)

    def __post_init__(self) -> None:
        self.soup = BeautifulSoup(self.response.get_data(as_text=True), "html.parser")

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def text(self) -> str:
        main = self.soup.find("main") or self.soup
        return " ".join(main.get_text(" ").split())

    @property
    def h1(self) -> str:
        h1 = self.soup.find("h1")
        return " ".join(h1.get_text(" ").split()) if h1 else ""

    @property
    def lang(self) -> str:
        html = self.soup.find("html")
        return str(html.get("lang")) if isinstance(html, Tag) else ""

    @property
    def dir(self) -> str:
        html = self.soup.find("html")
        return str(html.get("dir")) if isinstance(html, Tag) else ""

    def error_for(self, field_id: str) -> str:
        error = self.soup.find(id=f"{field_id}-error")
        # A message is one line of text: <bdi> around a number adds no space.
        return " ".join(error.get_text().split()) if error else ""

    def error_summary(self) -> list[str]:
        summary = self.soup.select(".error-summary li")
        return [" ".join(item.get_text().split()) for item in summary]

    def error_summary_links(self) -> list[str]:
        return [str(link["href"]) for link in self.soup.select(".error-summary li a")]

    def value_of(self, field_id: str) -> str:
        element = self.soup.find(id=field_id)
        assert isinstance(element, Tag), f"no #{field_id} on {self.url}"
        if element.name == "textarea":
            return textarea_value(element)
        return str(element.get("value", ""))

    def form(self, action: str | None = None) -> Tag:
        """The form posting to `action` (a path), or the first form in <main>."""
        forms = self.soup.select("form" if action else "main form")
        for form in forms:
            if action is None or urlsplit(str(form.get("action") or self.url)).path == action:
                return form
        raise AssertionError(f"no form for {action} on {self.url}")


def textarea_value(element: Tag) -> str:
    # As in a browser: one newline right after <textarea> is not part of the value.
    text = element.get_text()
    return text[2:] if text.startswith("\r\n") else text[1:] if text.startswith("\n") else text


def form_values(form: Tag) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for element in form.select("input, select, textarea"):
        name = element.get("name")
        if not name:
            continue
        kind = element.get("type", "text")
        if element.name == "select":
            chosen = element.select_one("option[selected]") or element.select_one("option")
            values[str(name)] = chosen.get("value", "") if chosen else ""
        elif element.name == "textarea":
            values[str(name)] = textarea_value(element)
        elif kind in ("checkbox", "radio"):
            if element.has_attr("checked"):
                values.setdefault(str(name), [])
                values[str(name)].append(element.get("value", "y"))
        elif kind not in ("submit", "button"):
            values[str(name)] = element.get("value", "")
    return {
        key: (value[0] if isinstance(value, list) and len(value) == 1 else value)
        for key, value in values.items()
    }


class Portal:
    def __init__(self, app: Flask, client: FlaskClient | None = None) -> None:
        self.app = app
        self.client = client or app.test_client()
        # Tests read English unless they ask for another language.
        self.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"

    # --- requests --------------------------------------------------------------------------

    def get(self, url: str, status: int = 200, **kwargs: Any) -> Page:
        response = self.client.get(url, **kwargs)
        return self._checked(response, url, status)

    def post(
        self, url: str, data: dict[str, Any] | None = None, status: int = 303, **kwargs: Any
    ) -> Page:
        response = self.client.post(url, data=data or {}, **kwargs)
        return self._checked(response, url, status)

    def submit(
        self, page: Page, action: str | None = None, status: int = 303, **fields: Any
    ) -> Page:
        """Fill in and send a form on `page` as a person would: hidden fields and what the
        page pre-filled are kept, `fields` are typed over them."""
        form = page.form(action)
        data = form_values(form)
        data.update(fields)
        target = str(form.get("action") or page.url)
        method = str(form.get("method", "get")).lower()
        if method == "post":
            return self.post(target, data, status=status)
        return self.get(target, status=status, query_string=data)

    def follow(self, page: Page, status: int = 200) -> Page:
        assert page.response.location, f"{page.url} did not redirect"
        return self.get(page.response.location, status=status)

    def _checked(self, response: TestResponse, url: str, status: int) -> Page:
        assert response.status_code == status, (
            f"{url}: expected {status}, got {response.status_code}\n"
            f"{response.get_data(as_text=True)[:2000]}"
        )
        page = Page(response, url)
        if response.mimetype == "text/html" and not 300 <= response.status_code < 400:
            check_page(self.app, page)
        return page

    # --- signing in ------------------------------------------------------------------------

    def sign_in_staff(self, email: str, password: str) -> Page:
        login = self.get("/staff/login")
        return self.submit(login, email=email, password=password)

    def sign_in_with_link(self, world: Any, participant: Any) -> Page:
        """Open an invitation link and enter the code from the outbox; returns the plan page."""
        opened = self.get(world.invite(participant), status=303)
        code_page = self.follow(opened)
        done = self.submit(code_page, code=world.last_code(participant.phone))
        return self.follow(done)


def check_page(app: Flask, page: Page) -> None:
    soup = page.soup
    is_fragment = soup.find("html") is None
    where = page.url
    if not is_fragment:
        html = soup.find("html")
        assert isinstance(html, Tag)
        lang = str(html.get("lang", ""))
        direction = str(html.get("dir", ""))
        assert lang, f"{where}: <html> has no lang"
        expected = language(lang.replace("-", "_")).direction
        assert direction == expected, f"{where}: dir={direction!r} for lang={lang!r}"
        title = soup.find("title")
        assert title and title.get_text().strip(), f"{where}: empty <title>"
        assert len(soup.find_all("h1")) == 1, f"{where}: a page has exactly one <h1>"
    ids = [str(element["id"]) for element in soup.find_all(id=True)]
    duplicates = [i for i, count in Counter(ids).items() if count > 1]
    assert not duplicates, f"{where}: duplicate ids {duplicates}"
    known = set(ids)
    for label in soup.find_all("label", attrs={"for": True}):
        assert label["for"] in known, f"{where}: label for missing #{label['for']}"
    for element in soup.find_all(attrs={"aria-describedby": True}):
        for ref in str(element["aria-describedby"]).split():
            assert ref in known, f"{where}: aria-describedby points at missing #{ref}"
    for control in soup.select("input, select, textarea"):
        if control.get("type") in ("hidden", "submit", "button"):
            continue
        labelled = (
            (control.get("id") and soup.find("label", attrs={"for": control["id"]}))
            or control.get("aria-label")
            or control.find_parent("label")
        )
        assert labelled, f"{where}: {control.name} {control.get('name')} has no label"
    for form in soup.find_all("form"):
        method = str(form.get("method", "get")).lower()
        if method == "post":
            assert form.find("input", attrs={"name": "csrf_token"}), (
                f"{where}: POST form to {form.get('action')} has no CSRF token"
            )
        action = urlsplit(str(form.get("action") or where)).path
        adapter = app.url_map.bind("localhost")
        try:
            adapter.match(action, method=method.upper())
        except (NotFound, MethodNotAllowed):
            raise AssertionError(
                f"{where}: form posts to {action}, which no route answers"
            ) from None
    text = soup.get_text(" ")
    leftover = re.search(r"%\(\w+\)[sd]|\{\{|\{%", text)
    assert not leftover, f"{where}: unrendered placeholder {leftover.group(0)!r}"
