"""Credentials are checked before bodies and queries: a caller without them gets 401 (or
403 for a key of the wrong role), never 422, whatever it sends."""

from __future__ import annotations

import pytest

from tests.api.helpers import PROBLEM, Chat
from tests.requests_factories import create_key

NOT_A_BODY = {"unexpected": ["nothing", "valid"]}
BAD_QUERY = "?status=nonsense&page=-1&format=xml&reference=" + "x" * 300

KEY_SECURED = [
    ("POST", "/api/v1/requests"),
    ("GET", "/api/v1/requests" + BAD_QUERY),
    ("POST", "/api/v1/requests/pull"),
    ("GET", "/api/v1/requests/abc"),
    ("GET", "/api/v1/requests/abc/history"),
    ("POST", "/api/v1/requests/abc/claim"),
    ("POST", "/api/v1/requests/abc/allocate"),
    ("POST", "/api/v1/requests/abc/decline"),
    ("POST", "/api/v1/requests/abc/release"),
    ("GET", "/api/v1/districts/stroud/meetings/next" + BAD_QUERY),
]
TOKEN_SECURED = [
    ("GET", ""), ("PATCH", ""), ("DELETE", ""), ("POST", "/answers"), ("POST", "/back"),
    ("POST", "/harm"), ("POST", "/restart"), ("GET", "/outcome"),
    ("POST", "/request-for-support"), ("GET", "/request-for-support" + BAD_QUERY),
    ("DELETE", "/request-for-support"),
]
NO_CREDENTIALS = [{}, {"Authorization": "Bearer"}, {"Authorization": "Basic dXNlcjpwYXNz"},
                  {"Authorization": "Bearer not a token"}]


def send(client, method: str, url: str, headers: dict):
    return client.open(url, method=method, json=NOT_A_BODY, headers=headers)


def assert_unauthorised(response) -> None:
    assert response.status_code == 401, response.get_json()
    assert response.content_type == PROBLEM


@pytest.mark.parametrize("method, url", KEY_SECURED)
@pytest.mark.parametrize("headers", NO_CREDENTIALS)
def test_key_secured_endpoints_answer_401_before_reading_the_body(client, method, url,
                                                                  headers):
    assert_unauthorised(send(client, method, url, headers))


@pytest.mark.parametrize("method, path", TOKEN_SECURED)
@pytest.mark.parametrize("headers", NO_CREDENTIALS)
def test_conversation_endpoints_answer_401_before_reading_the_body(client, method, path,
                                                                   headers):
    chat = Chat(client)
    assert_unauthorised(send(client, method, chat.url + path, headers))


def test_a_key_of_the_wrong_role_is_403_before_the_body_is_read(client, runtime):
    with runtime.database.session() as session:
        _, coordinator = create_key(session, runtime)
    response = send(client, "POST", "/api/v1/requests",
                    {"Authorization": f"Bearer {coordinator}"})
    assert response.status_code == 403 and response.content_type == PROBLEM


def test_with_a_key_a_bad_body_is_still_422(client, runtime):
    with runtime.database.session() as session:
        _, practitioner = create_key(session, runtime, role="practitioner")
    response = send(client, "POST", "/api/v1/requests",
                    {"Authorization": f"Bearer {practitioner}"})
    assert response.status_code == 422 and response.content_type == PROBLEM
