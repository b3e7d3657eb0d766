"""The OpenAPI document describes what the API really answers and the rules it holds to."""

from __future__ import annotations

import jsonschema
import pytest

from tests.api.helpers import Chat
from tests.api.test_conversation_requests_api import ELIGIBLE, finished_chat, raise_for


@pytest.fixture
def document(client) -> dict:
    return client.get("/api/v1/openapi.json").get_json()


def schema(document: dict, name: str) -> dict:
    return document["components"]["schemas"][name]


def test_real_problems_with_their_own_members_fit_the_documented_problem(
        client, runtime, document):
    not_eligible = raise_for(client, finished_chat(
        client, runtime, {**ELIGIBLE, "needs": {"cognition_learning": 1}})).get_json()
    unauthorised = client.get(f"{Chat(client).url}/outcome").get_json()
    chat = Chat(client)
    too_early = client.get(f"{chat.url}/outcome", headers=chat.headers).get_json()
    assert "reasons" in not_eligible and "current_question" in too_early
    for problem in (not_eligible, unauthorised, too_early):
        jsonschema.validate(problem, schema(document, "Problem"))


def test_the_meeting_agenda_is_documented_as_json_and_csv(document):
    operation = document["paths"]["/api/v1/districts/{district}/meetings/next"]["get"]
    assert {"application/json", "text/csv"} <= set(operation["responses"]["200"]["content"])


def test_the_languages_are_the_ones_the_catalogs_hold(runtime, document):
    for name in ("ConversationCreate", "ConversationUpdate"):
        assert schema(document, name)["properties"]["locale"]["enum"] == runtime.catalogs.locales


def test_the_districts_are_the_areas(runtime, document):
    district = schema(document, "NeedsProfile")["properties"]["district"]
    assert district["enum"] == [*runtime.area.district_ids, None]


@pytest.mark.parametrize("name", ["RaiseRequest", "PractitionerRequest"])
def test_consent_is_documented_as_true_only(document, name):
    assert schema(document, name)["properties"]["consent"]["enum"] == [True]
