"""The deployment tests need PostgreSQL, Redis and (for two instances) nginx: in CI all of
them, never skipped."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest
import redis

from tests.conftest import missing
from tests.deployment.servers import NGINX


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_timeout=2).ping()
    except redis.RedisError:
        missing(f"Redis does not answer at {url} (set TEST_REDIS_URL)")
    return url


@pytest.fixture
def key_prefix() -> str:
    """Rate-limit keys of this test only: a shared Redis is never flushed."""
    return f"portal-test-{secrets.token_hex(6)}"


@pytest.fixture(scope="session")
def nginx_installed() -> None:
    if not Path(NGINX).exists():
        missing("nginx is not installed (apt install nginx-light or nginx)")
