"""Many people signing in, or booking, at the same moment against a real threaded server:
every write path takes the write lock up front (`@transaction` begins with `begin_write()`,
and so do the outbox's writes), so on SQLite writers queue instead of failing with
"database is locked" (a 500)."""

from __future__ import annotations

import os
import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

import httpx
import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from werkzeug.serving import make_server

from tests.support.world import ParticipantRef, World

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

PARTICIPANTS = 160
STAFF = 40
WORKERS = 8


def free_port() -> int:
    """A port in this checkout's range when one is given (PORTAL_TEST_PORTS=21000-21999)."""
    first, _, last = os.environ.get("PORTAL_TEST_PORTS", "0-0").partition("-")
    for port in range(int(first), int(last) + 1) if int(first) else [0]:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise AssertionError("no free port")


def workers(app: Flask, count: int) -> WSGIApplication:
    """At most `count` requests inside the app at once, as with gunicorn's worker threads:
    the rest wait for a worker, not for the database."""
    gate = threading.Semaphore(count)

    def serve(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        with gate:
            return list(app(environ, start_response))

    return serve


@pytest.fixture
def served(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", free_port(), workers(app, WORKERS), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def csrf(page: httpx.Response) -> str:
    found = BeautifulSoup(page.text, "html.parser").find("input", attrs={"name": "csrf_token"})
    assert isinstance(found, Tag), page.text[:500]
    return str(found["value"])


def together(count: int, work: Callable[[int], list[int]]) -> Counter[int]:
    """Run work(0..count-1) in threads released at the same moment; the statuses they saw."""
    start = threading.Barrier(count)
    statuses: Counter[int] = Counter()
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        try:
            start.wait()
            seen = work(index)
        except BaseException as error:  # any surprise fails the test below
            errors.append(error)
            return
        with lock:
            statuses.update(seen)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors[:3]
    return statuses


def test_hundreds_of_sign_ins_at_once_give_no_errors(served: str, world: World) -> None:
    caseworker = world.caseworker()
    people: list[ParticipantRef] = [world.participant(caseworker) for _ in range(PARTICIPANTS)]
    phones: list[tuple[httpx.Client, str, str]] = []
    for person in people:
        # Each phone opens its link (one at a time: the texts go out as the request ends).
        client = httpx.Client(base_url=served, headers={"Accept-Language": "en"}, timeout=120)
        assert client.get(world.invite(person)).status_code == 303
        token = csrf(client.get("/sign-in/code"))
        phones.append((client, token, world.last_code(person.phone)))
    desks = [httpx.Client(base_url=served, timeout=120) for _ in range(STAFF)]
    desk_tokens = [csrf(desk.get("/staff/login")) for desk in desks]

    def sign_in(index: int) -> list[int]:
        if index < PARTICIPANTS:
            client, token, code = phones[index]
            done = client.post("/sign-in/code", data={"csrf_token": token, "code": code})
            return [done.status_code, client.get("/plan").status_code]
        desk = desks[index - PARTICIPANTS]
        done = desk.post(
            "/staff/login",
            data={
                "csrf_token": desk_tokens[index - PARTICIPANTS],
                "email": caseworker.email,
                "password": caseworker.password,
            },
        )
        return [done.status_code, desk.get("/staff/").status_code]

    try:
        statuses = together(PARTICIPANTS + STAFF, sign_in)
    finally:
        for client, _, _ in phones:
            client.close()
        for desk in desks:
            desk.close()
    assert statuses == Counter({303: PARTICIPANTS + STAFF, 200: PARTICIPANTS + STAFF})


def test_twenty_people_booking_five_seats_at_once_all_get_an_answer(
    served: str, world: World
) -> None:
    caseworker = world.caseworker()
    provider = world.provider(caseworker.municipality_id)
    occasion = world.occasion(provider, capacity=5)
    phones: list[tuple[httpx.Client, str]] = []
    for person in [world.participant(caseworker) for _ in range(20)]:
        client = httpx.Client(base_url=served, headers={"Accept-Language": "en"}, timeout=120)
        client.get(world.invite(person))
        token = csrf(client.get("/sign-in/code"))
        code = world.last_code(person.phone)
        assert client.post("/sign-in/code", data={"csrf_token": token, "code": code}).is_redirect
        phones.append((client, csrf(client.get(f"/booking/occasions/{occasion}"))))

    def book(index: int) -> list[int]:
        client, token = phones[index]
        done = client.post(f"/booking/occasions/{occasion}/book", data={"csrf_token": token})
        return [done.status_code, client.get(f"/booking/occasions/{occasion}").status_code]

    try:
        statuses = together(len(phones), book)
    finally:
        for client, _ in phones:
            client.close()
    assert statuses == Counter({303: 20, 200: 20})
    assert world.seats_taken(occasion) == 5
