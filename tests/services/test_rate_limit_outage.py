"""Redis going away never takes the chat down: limits count in memory, with a warning in
the log, each route keeping its own limit, and /readyz stays 200 saying the limiter is
degraded. Each test starts and removes its own redis-server."""

from __future__ import annotations

import logging
import time

import pytest

from pathway_bot.app import create_app
from tests.api.helpers import Chat
from tests.conftest import build_test_config
from tests.support.servers import throwaway_redis


@pytest.fixture
def redis_server():
    with throwaway_redis() as server:
        yield server


@pytest.fixture
def limited_app(database_url, tmp_path, redis_server):
    config = build_test_config(database_url, tmp_path, ratelimit_enabled=True,
                               ratelimit_storage_uri=redis_server.url,
                               ratelimit_start="3 per minute")
    app = create_app(config)
    yield app
    app.extensions["pathway_bot"].database.dispose()


def start(client) -> int:
    return client.post("/api/v1/conversations", json={"flow": "family"}).status_code


def test_with_redis_answering_the_limiter_reports_ok(limited_app):
    assert limited_app.test_client().get("/readyz").get_json()["limiter"] == "ok"


def test_with_redis_stopped_the_chat_goes_on_and_readyz_says_degraded(
        limited_app, redis_server, caplog):
    client = limited_app.test_client()
    chat = Chat(client)
    redis_server.stop()
    with caplog.at_level(logging.WARNING):
        assert chat.answer(False).status_code == 200
        assert start(client) == 201
    assert "falling back to in-memory" in caplog.text
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["limiter"] == "degraded"


def test_with_redis_stopped_each_route_keeps_its_own_limit(limited_app, redis_server):
    client = limited_app.test_client()
    redis_server.stop()
    assert [start(client) for _ in range(4)] == [201, 201, 201, 429]


def test_a_redis_that_stops_answering_holds_no_request_for_long(limited_app, redis_server):
    client = limited_app.test_client()
    assert start(client) == 201
    redis_server.freeze()
    began = time.monotonic()
    assert start(client) == 201
    ready = client.get("/readyz")
    assert time.monotonic() - began < 3
    assert ready.status_code == 200 and ready.get_json()["limiter"] == "degraded"
