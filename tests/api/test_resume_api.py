"""Save and come back later: a resume code brings a conversation back on another device, at
the same question with every answer; codes are hashed, expire, die with erasure, and
guessing is limited."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from pathway_bot.app import create_app
from pathway_bot.conversations.resume import ALPHABET, new_resume_code, normalise_resume_code
from pathway_bot.persistence.models import ResumeCode
from tests.api.helpers import PROBLEM, Chat
from tests.conftest import build_test_config

RESUME = "/api/v1/conversations/resume"


def saved(client) -> tuple[Chat, str]:
    chat = Chat(client)
    chat.answer(False)  # harm
    chat.answer(9)  # age
    response = client.post(f"{chat.url}/resume-code", headers=chat.headers)
    assert response.status_code == 201, response.get_json()
    return chat, response.get_json()["code"]


def test_a_code_has_over_50_bits_in_letters_people_can_copy():
    code = new_resume_code()
    assert re.fullmatch(r"[A-Z]{4}-[A-Z]{4}-[A-Z]{4}", code)
    assert not set(code) & set("ILO01")
    assert len(ALPHABET) ** 12 > 2 ** 50
    assert normalise_resume_code(code.lower().replace("-", " ")) == code.replace("-", "")


def test_the_code_brings_the_conversation_back_at_the_same_question(client):
    chat, code = saved(client)
    response = client.post(RESUME, json={"code": code.lower()})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["id"] == chat.id and body["step"]["question"]["id"] == chat.question
    assert body["answers"]["age"] == 9
    headers = {"Authorization": f"Bearer {body['token']}"}
    answered = client.post(f"{chat.url}/answers", headers=headers,
                           json={"question": chat.question, "answer": "GL5 1AA"})
    assert answered.status_code == 200
    # One device at a time: the token held before stops working.
    assert client.get(chat.url, headers=chat.headers).status_code == 404


def test_only_a_hash_of_the_code_is_stored(client, runtime):
    _chat, code = saved(client)
    with runtime.database.session() as session:
        stored = list(session.scalars(select(ResumeCode)))
    assert len(stored) == 1 and code.replace("-", "") not in stored[0].code_hash
    assert len(stored[0].code_hash) == 64


def test_a_new_code_replaces_the_last(client):
    chat, first = saved(client)
    client.post(f"{chat.url}/resume-code", headers=chat.headers)
    assert client.post(RESUME, json={"code": first}).status_code == 404


def test_a_code_stops_working_after_erasure(client, runtime):
    chat, code = saved(client)
    assert client.delete(chat.url, headers=chat.headers).status_code == 204
    assert client.post(RESUME, json={"code": code}).status_code == 404
    with runtime.database.session() as session:
        assert list(session.scalars(select(ResumeCode))) == []


def test_a_code_expires_with_the_retention_period(client, runtime):
    _chat, code = saved(client)
    later = runtime.clock() + timedelta(days=runtime.config.retention_days, seconds=1)
    runtime.resume_codes.clock = lambda: later
    assert client.post(RESUME, json={"code": code}).status_code == 404


@pytest.mark.parametrize("code", ["ABCD-EFGH", "ABCD-EFGH-JKL1", "ILOO-ILOO-ILOO", ""])
def test_a_code_of_the_wrong_shape_is_a_422(client, code):
    response = client.post(RESUME, json={"code": code})
    assert response.status_code == 422 and response.content_type == PROBLEM


def test_an_unknown_code_is_a_404(client):
    response = client.post(RESUME, json={"code": "ABCD-EFGH-JKMN"})
    assert response.status_code == 404 and response.content_type == PROBLEM


def test_only_the_holder_can_save(client):
    chat = Chat(client)
    # A token shaped like one, but not this conversation's (one of the wrong shape is 401).
    someone_else = Chat(client)
    response = client.post(f"{chat.url}/resume-code",
                           headers={"Authorization": f"Bearer {someone_else.token}"})
    assert response.status_code == 404


@pytest.fixture
def limited_client(database_url, tmp_path):
    app = create_app(build_test_config(database_url, tmp_path, ratelimit_enabled=True))
    yield app.test_client()
    app.extensions["pathway_bot"].database.dispose()


def test_failed_tries_are_limited_to_ten_an_hour(limited_client):
    codes = [limited_client.post(RESUME, json={"code": "ABCD-EFGH-JKMN"}).status_code
             for _ in range(11)]
    assert codes == [404] * 10 + [429]
