"""Wrong credentials are counted per client address, whatever kind they are (API keys,
conversation tokens, request references): past ten a minute, 429 problems with Retry-After.
Right credentials are never counted, and cost nothing extra."""

from __future__ import annotations

import pytest

from pathway_bot.app import create_app
from pathway_bot.extensions import FAILED_AUTHENTICATION, FailedAuthentication
from tests.api.helpers import PROBLEM, Chat
from tests.api.test_conversation_requests_api import finished_chat, raise_for
from tests.conftest import build_test_config
from tests.web.helpers import Visitor

WRONG_KEY = {"Authorization": "Bearer pbk_not-a-key-anyone-was-given"}
ALLOWED = 10


@pytest.fixture
def limited_app(database_url, tmp_path):
    app = create_app(build_test_config(database_url, tmp_path, ratelimit_enabled=True))
    yield app
    app.extensions["pathway_bot"].database.dispose()


@pytest.fixture
def limited_client(limited_app):
    return limited_app.test_client()


def wrong_key_pull(client):
    return client.post("/api/v1/requests/pull", headers=WRONG_KEY)


def assert_refused_for_guessing(response) -> None:
    assert response.status_code == 429, response.get_data(as_text=True)
    assert response.content_type == PROBLEM
    assert response.get_json()["type"].endswith("too_many_failed_attempts")
    assert 0 < int(response.headers["Retry-After"]) <= 60


def test_ten_wrong_api_keys_a_minute_are_401_and_the_eleventh_is_429(limited_client):
    codes = [wrong_key_pull(limited_client).status_code for _ in range(ALLOWED)]
    assert codes == [401] * ALLOWED
    assert_refused_for_guessing(wrong_key_pull(limited_client))


def test_wrong_conversation_tokens_are_counted(limited_client):
    chat = Chat(limited_client)
    guess = {"Authorization": "Bearer " + "x" * 43}
    codes = [limited_client.get(chat.url, headers=guess).status_code for _ in range(ALLOWED)]
    assert codes == [404] * ALLOWED
    assert_refused_for_guessing(limited_client.get(chat.url, headers=guess))


def test_wrong_references_in_tracking_are_counted(limited_client, runtime):
    chat = finished_chat(limited_client, runtime)
    assert raise_for(limited_client, chat).status_code == 201
    url = f"{chat.url}/request-for-support?reference=ABCD-EFGH"
    codes = [limited_client.get(url, headers=chat.headers).status_code for _ in range(ALLOWED)]
    assert codes == [404] * ALLOWED
    assert_refused_for_guessing(limited_client.get(url, headers=chat.headers))


def test_every_kind_of_wrong_credential_counts_towards_one_limit(limited_client):
    chat = Chat(limited_client)
    for _ in range(ALLOWED // 2):
        wrong_key_pull(limited_client)
        limited_client.get(chat.url, headers={"Authorization": "Bearer " + "y" * 43})
    assert_refused_for_guessing(wrong_key_pull(limited_client))


def test_each_client_address_is_counted_alone(limited_client):
    for _ in range(ALLOWED + 1):
        wrong_key_pull(limited_client)
    elsewhere = limited_client.post("/api/v1/requests/pull", headers=WRONG_KEY,
                                    environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert elsewhere.status_code == 401


def test_right_credentials_never_touch_the_count(limited_app, limited_client, monkeypatch):
    def counted(*_args):
        raise AssertionError("a right token was counted")

    guard = limited_app.extensions[FAILED_AUTHENTICATION]
    assert isinstance(guard, FailedAuthentication)
    monkeypatch.setattr(guard, "_hit", counted)
    chat = Chat(limited_client)
    for _ in range(3):
        assert chat.answer(False).status_code == 200
        assert chat.back().status_code == 200
    assert limited_client.get(chat.url, headers=chat.headers).status_code == 200


def test_the_web_track_page_counts_wrong_references_too(limited_client):
    visitor = Visitor(limited_client)
    visitor.start()
    pages = [visitor.post("/track", {"reference": "ABCD-EFGH"}) for _ in range(ALLOWED + 1)]
    assert [page.status_code for page in pages] == [422] * ALLOWED + [429]
    assert int(pages[-1].headers["Retry-After"]) > 0


def test_with_limits_off_nothing_is_counted(client):
    assert {wrong_key_pull(client).status_code for _ in range(ALLOWED + 5)} == {401}
