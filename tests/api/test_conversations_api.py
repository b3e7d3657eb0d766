"""The conversations API of SPEC section 5."""

from __future__ import annotations

import io
import json

import pytest
from werkzeug.test import EnvironBuilder, run_wsgi_app

from tests.api.helpers import PROBLEM, Chat
from tests.support.scripted import scripted_answer
from tests.unit.conftest import VIGNETTES


def test_starting_a_conversation_returns_its_token_and_first_question(client):
    response = client.post("/api/v1/conversations", json={"flow": "family"})
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"id", "token", "flow", "locale", "step"}
    assert body["step"]["question"]["id"] == "harm"
    assert body["step"]["question"]["type"] == "yes_no"
    assert body["step"]["progress"]["answered"] == 0


def test_the_token_is_stored_only_as_a_hash(client, runtime):
    chat = Chat(client)
    with runtime.database.session() as session:
        from pathway_bot.persistence.models import Conversation

        stored = session.get(Conversation, chat.id)
    assert chat.token not in stored.token_hash and len(stored.token_hash) == 64


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v["story"][:40])
def test_a_whole_conversation_over_http_reaches_the_same_outcome_as_the_engine(
        client, runtime, vignette):
    profile = vignette["profile"]
    flow = runtime.flows.flow_for_respondent(profile["respondent"]).name
    chat = Chat(client, flow)
    outcome = chat.walk(profile, runtime.engines.get(flow))
    expected = vignette["expected"]
    assert (outcome["outcome"], outcome["tier"], outcome["request_for_support"]["eligible"]) \
        == (expected["outcome"], expected["tier"], expected["eligible"])
    assert outcome["reasons"] and all(isinstance(r, str) for r in outcome["reasons"])
    again = client.get(f"{chat.url}/outcome", headers=chat.headers).get_json()
    assert again["tier"] == outcome["tier"]


def test_every_answer_is_stored_before_the_reply(client, runtime):
    chat = Chat(client)
    chat.answer(False)
    chat.answer(8)
    body = client.get(chat.url, headers=chat.headers).get_json()
    assert body["answers"] == {"harm": False, "age": 8}
    assert body["step"]["question"]["id"] == "postcode"


def test_the_safeguarding_outcome_shows_999_and_the_front_door_at_once(client):
    chat = Chat(client)
    response = chat.answer(True)
    outcome = response.get_json()["outcome"]
    assert outcome["outcome"] == "safeguarding"
    phones = [c.get("phone") for c in outcome["contacts"]]
    assert phones[0] == "999" and "01452 426565" in phones
    assert outcome["request_for_support"]["eligible"] is False


def test_harm_can_be_reported_from_any_question(client):
    chat = Chat(client)
    chat.answer(False)
    response = client.post(f"{chat.url}/harm", headers=chat.headers)
    assert response.get_json()["outcome"]["outcome"] == "safeguarding"


def test_back_returns_the_previous_question_with_its_answer_kept(client):
    chat = Chat(client)
    chat.answer(False)
    chat.answer(8)
    response = chat.back()
    question = response.get_json()["step"]["question"]
    assert (question["id"], question["answer"]) == ("age", 8)


def test_back_on_the_first_question_is_a_conflict(client):
    chat = Chat(client)
    response = chat.back()
    assert response.status_code == 409 and response.content_type == PROBLEM


def test_answering_a_question_that_is_not_current_is_409_with_the_current_question(client):
    chat = Chat(client)
    response = chat.answer(8, question="age")
    assert response.status_code == 409
    assert response.get_json()["current_question"] == "harm"


def test_a_retried_answer_changes_nothing_and_gets_the_same_reply(client):
    chat = Chat(client)
    chat.answer(False)
    first = chat.answer(8).get_json()
    retried = chat.answer(8, question="age")
    assert retried.status_code == 200
    assert retried.get_json()["step"]["question"]["id"] == first["step"]["question"]["id"]
    body = client.get(chat.url, headers=chat.headers).get_json()
    assert body["answers"] == {"harm": False, "age": 8}


@pytest.mark.parametrize("body", [
    {"question": "harm"},
    {"answer": True},
    {"question": "harm", "answer": True, "extra": 1},
    {"question": 5, "answer": True},
    [],
])
def test_malformed_answer_bodies_are_refused_and_change_nothing(client, body):
    chat = Chat(client)
    response = client.post(f"{chat.url}/answers", json=body, headers=chat.headers)
    assert response.status_code == 422 and response.content_type == PROBLEM
    assert client.get(chat.url, headers=chat.headers).get_json()["answers"] == {}


def test_a_body_that_is_not_json_is_a_422_naming_the_missing_fields_and_changes_nothing(client):
    chat = Chat(client)
    response = client.post(f"{chat.url}/answers", data="question=harm&answer=no",
                           content_type="application/x-www-form-urlencoded",
                           headers=chat.headers)
    assert response.status_code == 422 and response.content_type == PROBLEM
    assert set(response.get_json()["errors"]) == {"question", "answer"}
    assert client.get(chat.url, headers=chat.headers).get_json()["answers"] == {}
    started = client.post("/api/v1/conversations", data="flow=family")
    assert started.status_code == 422 and "flow" in started.get_json()["errors"]


def test_invalid_json_is_a_400_problem(client):
    chat = Chat(client)
    response = client.post(f"{chat.url}/answers", data="{not json",
                           content_type="application/json", headers=chat.headers)
    assert response.status_code == 400 and response.content_type == PROBLEM


def test_a_body_streamed_without_a_length_is_read_all_the_same(app, client):
    chat = Chat(client)
    body = json.dumps({"question": chat.question, "answer": False}).encode()
    # As a server passes on a chunked request: no CONTENT_LENGTH, the stream ends the body.
    environ = EnvironBuilder(path=f"{chat.url}/answers", method="POST", headers=chat.headers,
                             input_stream=io.BytesIO(body), content_type="application/json",
                             ).get_environ()
    del environ["CONTENT_LENGTH"]
    _body, status, _headers = run_wsgi_app(app, {**environ, "wsgi.input_terminated": True})
    assert status.startswith("200")
    assert client.get(chat.url, headers=chat.headers).get_json()["answers"] == {
        chat.question: False}


def test_a_body_shorter_than_its_stated_length_is_a_400_and_changes_nothing(client):
    chat = Chat(client)
    body = json.dumps({"question": chat.question, "answer": False}).encode()
    response = client.post(f"{chat.url}/answers", input_stream=io.BytesIO(body[:-5]),
                           content_type="application/json", headers=chat.headers,
                           environ_overrides={"CONTENT_LENGTH": str(len(body))})
    assert response.status_code == 400 and response.content_type == PROBLEM
    assert client.get(chat.url, headers=chat.headers).get_json()["answers"] == {}


@pytest.mark.parametrize("age", [-1, "seven", 7.5, None, True, [7]])
def test_an_invalid_age_is_a_422_naming_the_question_and_changes_nothing(client, age):
    chat = Chat(client)
    chat.answer(False)
    response = chat.answer(age)
    assert response.status_code == 422 and response.content_type == PROBLEM
    assert "age" in response.get_json()["errors"]
    assert chat.question == "age"


def test_an_oversized_body_is_refused(client):
    chat = Chat(client)
    chat.answer(False)
    response = client.post(f"{chat.url}/answers", headers=chat.headers,
                           json={"question": "age", "answer": "x" * 200_000})
    assert response.status_code == 413 and response.content_type == PROBLEM


def test_a_wrong_token_looks_exactly_like_a_missing_conversation(client):
    chat = Chat(client)
    same_id = {"X-Request-Id": "one-id"}  # each problem names its request; the rest is alike
    wrong = client.get(chat.url, headers={"Authorization": "Bearer " + "A" * 43, **same_id})
    missing = client.get("/api/v1/conversations/nope", headers={**chat.headers, **same_id})
    assert wrong.status_code == missing.status_code == 404
    assert wrong.get_json() == missing.get_json()


def test_a_token_of_the_wrong_shape_is_a_401_problem(client):
    chat = Chat(client)
    response = client.get(chat.url, headers={"Authorization": "Bearer not-the-token"})
    assert response.status_code == 401 and response.content_type == PROBLEM


def test_no_token_is_a_401_problem(client):
    chat = Chat(client)
    response = client.get(chat.url)
    assert response.status_code == 401 and response.content_type == PROBLEM


def test_the_outcome_before_the_end_is_a_conflict(client):
    chat = Chat(client)
    response = client.get(f"{chat.url}/outcome", headers=chat.headers)
    assert response.status_code == 409


def test_deleting_a_conversation_erases_its_answers(client, runtime):
    chat = Chat(client)
    chat.answer(False)
    assert client.delete(chat.url, headers=chat.headers).status_code == 204
    assert client.get(chat.url, headers=chat.headers).status_code == 404
    with runtime.database.session() as session:
        from pathway_bot.persistence.models import Conversation

        assert session.get(Conversation, chat.id) is None


def test_the_openapi_document_lists_the_flows_the_app_loaded(client, runtime):
    document = client.get("/api/v1/openapi.json").get_json()
    flow = document["components"]["schemas"]["ConversationCreate"]["properties"]["flow"]
    assert flow["enum"] == runtime.flows.names


def test_unknown_flow_or_language_is_refused(client):
    assert client.post("/api/v1/conversations", json={"flow": "nope"}).status_code == 422
    response = client.post("/api/v1/conversations", json={"flow": "family", "locale": "xx"})
    assert response.status_code == 422 and "locale" in response.get_json()["errors"]


def test_restart_clears_the_answers(client):
    chat = Chat(client)
    chat.answer(False)
    response = client.post(f"{chat.url}/restart", headers=chat.headers)
    assert response.get_json()["step"]["question"]["id"] == "harm"
    assert client.get(chat.url, headers=chat.headers).get_json()["answers"] == {}


def test_a_finished_conversation_takes_no_more_answers(client):
    chat = Chat(client)
    chat.answer(True)
    response = chat.answer(8, question="age")
    assert response.status_code == 409


def test_chat_bodies_match_the_documented_schemas(client, runtime):
    from api.conversations.schemas import ConversationCreatedSchema, TurnSchema

    started = client.post("/api/v1/conversations", json={"flow": "family"}).get_json()
    assert ConversationCreatedSchema().validate(started) == {}
    assert ConversationCreatedSchema().dump(started) == started
    chat = Chat(client)
    for value in (False, 9):
        body = chat.answer(value).get_json()
        assert TurnSchema().validate(body) == {}
        assert TurnSchema().dump(body) == body
    ending = Chat(client)
    profile = next(v["profile"] for v in VIGNETTES
                   if v["profile"]["respondent"] == "parent_carer"
                   and v["expected"]["outcome"] == "tier")
    questions = runtime.engines.get("family").flow.questions
    while ending.step is not None:
        last = ending.answer(scripted_answer(questions[ending.question], profile)).get_json()
    assert last["outcome"]["services"] and TurnSchema().dump(last) == last


@pytest.mark.parametrize("path", ["/api/v1/assessments", "answers"])
def test_json_nested_too_deeply_is_a_400_problem(client, path):
    chat = Chat(client)
    url = path if path.startswith("/") else f"{chat.url}/answers"
    body = '{"question": "harm", "answer": ' + "[" * 30_000 + "]" * 30_000 + "}"
    response = client.post(url, data=body, content_type="application/json",
                           headers=chat.headers)
    assert response.status_code == 400 and response.content_type == PROBLEM
    assert client.get(chat.url, headers=chat.headers).get_json()["answers"] == {}
