"""Rate limits on starting conversations and answering, per client address."""

from __future__ import annotations

import pytest

from pathway_bot.app import create_app
from tests.conftest import build_test_config
from tests.requests_factories import create_key, eligible_profile


@pytest.fixture
def limited_client(database_url, tmp_path):
    config = build_test_config(database_url, tmp_path, ratelimit_enabled=True,
                         ratelimit_start="3 per minute", ratelimit_answers="5 per minute")
    app = create_app(config)
    yield app.test_client()
    app.extensions["pathway_bot"].database.dispose()


def test_too_many_new_conversations_get_a_429_problem_with_retry_after(limited_client):
    statuses = [limited_client.post("/api/v1/conversations", json={"flow": "family"})
                for _ in range(4)]
    assert [r.status_code for r in statuses] == [201, 201, 201, 429]
    refused = statuses[-1]
    assert refused.content_type == "application/problem+json"
    assert int(refused.headers["Retry-After"]) > 0


def test_a_request_within_the_limit_is_not_told_to_retry_later(limited_client):
    started = limited_client.post("/api/v1/conversations", json={"flow": "family"})
    assert started.status_code == 201 and "Retry-After" not in started.headers
    assert int(started.headers["X-RateLimit-Remaining"]) == 2


def test_answers_are_limited_too(limited_client):
    started = limited_client.post("/api/v1/conversations", json={"flow": "family"}).get_json()
    headers = {"Authorization": f"Bearer {started['token']}"}
    url = f"/api/v1/conversations/{started['id']}/answers"
    codes = [limited_client.post(url, headers=headers, json={"question": "nope", "answer": 1})
             .status_code for _ in range(6)]
    assert codes[:5] == [409] * 5 and codes[5] == 429


def test_limits_are_off_when_disabled(client):
    codes = {client.post("/api/v1/conversations", json={"flow": "family"}).status_code
             for _ in range(25)}
    assert codes == {201}


@pytest.fixture
def default_limits_app(database_url, tmp_path):
    app = create_app(build_test_config(database_url, tmp_path, ratelimit_enabled=True))
    yield app
    app.extensions["pathway_bot"].database.dispose()


def test_pulls_are_limited_to_120_a_minute_for_each_key(default_limits_app):
    client = default_limits_app.test_client()
    runtime = default_limits_app.extensions["pathway_bot"]
    with runtime.database.session() as session:
        _, first = create_key(session, runtime, name="First")
        _, second = create_key(session, runtime, name="Second")
    pull = lambda key: client.post("/api/v1/requests/pull",  # noqa: E731
                                   headers={"Authorization": f"Bearer {key}"}).status_code
    assert {pull(first) for _ in range(120)} == {204}
    assert pull(first) == 429
    assert pull(second) == 204


def test_assessments_are_limited_to_60_a_minute_for_each_client(default_limits_app):
    client = default_limits_app.test_client()
    body = eligible_profile()
    codes = [client.post("/api/v1/assessments", json=body).status_code for _ in range(61)]
    assert set(codes[:60]) == {200} and codes[60] == 429


def limited_app_behind(database_url, tmp_path, proxies: int):
    return create_app(build_test_config(database_url, tmp_path, ratelimit_enabled=True,
                                        ratelimit_start="2 per minute",
                                        trusted_proxies=proxies))


def start_from(client, forwarded_for: str) -> int:
    return client.post("/api/v1/conversations", json={"flow": "family"},
                       headers={"X-Forwarded-For": forwarded_for}).status_code


def test_behind_a_trusted_proxy_each_forwarded_address_is_counted_alone(database_url,
                                                                       tmp_path):
    app = limited_app_behind(database_url, tmp_path, proxies=1)
    client = app.test_client()
    assert [start_from(client, "198.51.100.1") for _ in range(3)] == [201, 201, 429]
    assert start_from(client, "198.51.100.2") == 201
    app.extensions["pathway_bot"].database.dispose()


def test_without_trusted_proxies_a_forwarded_address_is_ignored(database_url, tmp_path):
    app = limited_app_behind(database_url, tmp_path, proxies=0)
    client = app.test_client()
    codes = [start_from(client, f"198.51.100.{n}") for n in range(3)]
    assert codes == [201, 201, 429]
    app.extensions["pathway_bot"].database.dispose()
