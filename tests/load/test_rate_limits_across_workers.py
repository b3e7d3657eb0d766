"""With Redis, gunicorn's workers count one limit between them: the same number of starts
is allowed with 1 worker or 2. Served by `pathway-bot serve` on a loopback port."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.support.served import serve_environment, served
from tests.support.servers import throwaway_redis

STARTS_ALLOWED = 20  # Config.ratelimit_start, "20 per minute"
STARTS_SENT = 30


@pytest.fixture
def redis_url() -> Iterator[str]:
    """The test Redis database (PATHWAY_TEST_REDIS_URL), emptied; else a throwaway server."""
    import redis

    named = os.environ.get("PATHWAY_TEST_REDIS_URL")
    if named:
        redis.Redis.from_url(named).flushdb()
        yield named
        redis.Redis.from_url(named).flushdb()
        return
    with throwaway_redis() as server:
        yield server.url


@pytest.mark.load
@pytest.mark.timeout(180)
@pytest.mark.parametrize("workers", [1, 2])
def test_starts_allowed_are_the_same_for_one_worker_or_two(workers, redis_url, tmp_path):
    environ = serve_environment(f"sqlite:///{tmp_path / 'served.db'}", tmp_path,
                                PATHWAY_RATELIMIT_STORAGE_URI=redis_url)
    with served(environ, workers=workers, log=tmp_path / "serve.log") as app:
        codes = [app.call("POST", "/api/v1/conversations", {"flow": "family"})[0]
                 for _ in range(STARTS_SENT)]
    assert codes.count(201) == STARTS_ALLOWED, codes
    assert codes.count(429) == STARTS_SENT - STARTS_ALLOWED
