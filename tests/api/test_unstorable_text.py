"""Text no database can store (a NUL, a lone surrogate) is a clear 4xx, and changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pathway_bot.persistence.models.requests import SupportRequest
from tests.api.helpers import PROBLEM, Chat
from tests.api.test_conversation_requests_api import CONTACT, ELIGIBLE, raise_for
from tests.api.test_requests_api import bearer, practitioner_body
from tests.requests_factories import create_key
from tests.support.scripted import scripted_answer

UNSTORABLE = pytest.mark.parametrize("bad", ["nul\x00here", "lone \ud800 surrogate"],
                                     ids=["nul", "surrogate"])


def chat_at_own_words(client, runtime) -> Chat:
    chat = Chat(client)
    engine = runtime.engines.get("family")
    while chat.question != "own_words":
        chat.answer(scripted_answer(engine.flow.questions[chat.question], ELIGIBLE))
    return chat


def count_requests(runtime) -> int:
    with runtime.database.session() as session:
        return session.scalar(select(func.count()).select_from(SupportRequest))


def assert_refused(response, status: int = 422) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == PROBLEM
    return response.get_json()


@UNSTORABLE
def test_unstorable_text_in_a_free_text_answer_is_422_and_the_question_stays(
        client, runtime, bad):
    chat = chat_at_own_words(client, runtime)
    body = assert_refused(chat.answer(bad))
    assert "answer" in body["errors"]
    stored = client.get(chat.url, headers=chat.headers).get_json()
    assert stored["step"]["question"]["id"] == "own_words"
    assert "own_words" not in stored["answers"]


@UNSTORABLE
def test_unstorable_text_in_a_question_id_is_422(client, bad):
    chat = Chat(client)
    assert "question" in assert_refused(chat.answer(True, question=bad))["errors"]


@UNSTORABLE
def test_unstorable_text_in_a_contact_field_is_422_and_raises_nothing(client, runtime, bad):
    chat = chat_at_own_words(client, runtime)
    chat.walk(ELIGIBLE, runtime.engines.get("family"))
    response = raise_for(client, chat, contact={**CONTACT, "name": bad})
    assert "contact" in assert_refused(response)["errors"]
    assert count_requests(runtime) == 0


@UNSTORABLE
def test_unstorable_text_in_a_practitioner_summary_is_422_and_raises_nothing(
        client, runtime, bad):
    with runtime.database.session() as session:
        key = bearer(create_key(session, runtime, role="practitioner")[1])
    response = client.post("/api/v1/requests", json=practitioner_body(summary=bad),
                           headers=key)
    assert "summary" in assert_refused(response)["errors"]
    assert count_requests(runtime) == 0


def test_a_nul_in_a_search_is_422(client):
    # A URL cannot carry a lone surrogate: UTF-8 has no bytes for one.
    response = client.get("/api/v1/services", query_string={"q": "nul\x00here"})
    assert "q" in assert_refused(response)["errors"]


@pytest.mark.parametrize("path", ["/api/v1/services/abc%00",
                                  "/api/v1/conversations/abc%00",
                                  "/api/v1/conversations/abc%00/outcome",
                                  "/api/v1/requests/abc%00"])
def test_a_nul_in_a_path_id_is_a_404_problem(client, path):
    assert_refused(client.get(path, headers=bearer("any")), 404)
