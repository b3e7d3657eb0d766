"""Raising a request for support from a conversation, and the family tracking it."""

from __future__ import annotations

import pytest

from tests.api.helpers import PROBLEM, Chat
from tests.requests_factories import create_child

ELIGIBLE = {"age": 12, "district": "forest_of_dean", "respondent": "parent_carer",
            "needs": {"social_emotional_mental_health": 2, "education_participation": 2},
            "consent_to_share": True}
CONTACT = {"name": "Sam", "phone": "07700 900123", "preferred_contact_method": "phone",
           "own_words": "Mornings are the hardest."}


def finished_chat(client, runtime, profile=ELIGIBLE, flow="family") -> Chat:
    chat = Chat(client, flow)
    chat.walk(profile, runtime.engines.get(flow))
    return chat


def raise_for(client, chat, key="key-1", **body):
    payload = {"contact": CONTACT, "consent": True, "child": create_child(12), **body}
    return client.post(f"{chat.url}/request-for-support", json=payload,
                       headers={**chat.headers, "Idempotency-Key": key})


def test_an_eligible_family_raises_a_request_and_gets_a_readable_reference(client, runtime):
    chat = finished_chat(client, runtime)
    response = raise_for(client, chat)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["district"] == "forest_of_dean" and body["status"] == "queued"
    assert not set(body["reference"]) & set("01OI")
    assert "Forest of Dean" in body["description"] and body["next_meeting"]


def test_the_request_carries_the_story_already_told(client, runtime):
    from pathway_bot.requests.service import find_request_for_conversation

    chat = finished_chat(client, runtime)
    raise_for(client, chat)
    with runtime.database.session() as session:
        request = find_request_for_conversation(session, chat.id)
        assert '"age":12' in request.answers and request.tier == "early_intervention"
        assert "allocations group" in request.consent_wording
        assert request.consent_given_at is not None
        assert request.summary == "He is kind and loves drawing; mornings are hardest."


def test_the_same_idempotency_key_returns_the_same_request(client, runtime):
    chat = finished_chat(client, runtime)
    first = raise_for(client, chat).get_json()
    again = raise_for(client, chat).get_json()
    assert first["reference"] == again["reference"]


def test_the_same_idempotency_key_with_other_contact_details_is_a_422(client, runtime):
    chat = finished_chat(client, runtime)
    raise_for(client, chat)
    reused = raise_for(client, chat, contact={**CONTACT, "phone": "07700 900999"})
    assert reused.status_code == 422 and reused.content_type == PROBLEM
    assert reused.get_json()["type"].endswith("idempotency_key_reused")


def test_a_second_key_does_not_create_a_second_request(client, runtime):
    chat = finished_chat(client, runtime)
    first = raise_for(client, chat, key="a").get_json()
    second = raise_for(client, chat, key="b").get_json()
    assert first["reference"] == second["reference"]


def test_an_outcome_below_the_threshold_is_422_with_the_reasons(client, runtime):
    profile = {**ELIGIBLE, "needs": {"cognition_learning": 1}}
    chat = finished_chat(client, runtime, profile)
    response = raise_for(client, chat)
    assert response.status_code == 422 and response.content_type == PROBLEM
    assert response.get_json()["reasons"]


def test_without_consent_no_request_is_raised(client, runtime):
    chat = finished_chat(client, runtime)
    response = raise_for(client, chat, consent=False)
    assert response.status_code == 422 and "consent" in response.get_json()["errors"]
    assert client.get(f"{chat.url}/request-for-support", headers=chat.headers)\
        .status_code == 404


@pytest.mark.parametrize("said", [1, "yes"])
def test_only_json_true_is_a_familys_consent(client, runtime, said):
    chat = finished_chat(client, runtime)
    response = raise_for(client, chat, consent=said)
    assert response.status_code == 422 and "consent" in response.get_json()["errors"]


def test_contact_details_are_needed(client, runtime):
    chat = finished_chat(client, runtime)
    response = raise_for(client, chat, contact={"name": "Sam"})
    assert response.status_code == 422


@pytest.mark.parametrize("contact", [{"phone": "call me"}, {"email": "not-an-email"},
                                     {"shoe_size": "9"}])
def test_bad_contact_details_are_refused(client, runtime, contact):
    chat = finished_chat(client, runtime)
    assert raise_for(client, chat, contact=contact).status_code == 422


def test_a_request_before_the_outcome_is_a_conflict(client):
    chat = Chat(client)
    assert raise_for(client, chat).status_code == 409


def test_the_family_tracks_its_request_in_plain_words(client, runtime):
    chat = finished_chat(client, runtime)
    reference = raise_for(client, chat).get_json()["reference"]
    response = client.get(f"{chat.url}/request-for-support",
                          query_string={"reference": reference.lower()}, headers=chat.headers)
    assert response.status_code == 200
    assert response.get_json()["description"].startswith("Waiting for the Forest of Dean")


def test_another_conversation_cannot_see_the_request(client, runtime):
    chat = finished_chat(client, runtime)
    reference = raise_for(client, chat).get_json()["reference"]
    other = Chat(client)
    response = client.get(f"{other.url}/request-for-support",
                          query_string={"reference": reference}, headers=other.headers)
    assert response.status_code == 404


def test_the_family_can_withdraw_while_it_waits(client, runtime):
    chat = finished_chat(client, runtime)
    raise_for(client, chat)
    response = client.delete(f"{chat.url}/request-for-support", headers=chat.headers)
    assert response.status_code == 200 and response.get_json()["status"] == "withdrawn"


def test_erasing_the_conversation_erases_the_request_details(client, runtime):
    from sqlalchemy import select

    from pathway_bot.persistence.models.requests import SupportRequest

    chat = finished_chat(client, runtime)
    reference = raise_for(client, chat).get_json()["reference"]
    assert client.delete(chat.url, headers=chat.headers).status_code == 204
    with runtime.database.session() as session:
        request = session.scalar(select(SupportRequest)
                                 .where(SupportRequest.reference == reference))
        assert request.contact is None and request.answers is None
        assert request.erased_at is not None


def test_raising_again_with_contact_details_that_are_not_valid_is_a_422(client, runtime):
    chat = finished_chat(client, runtime)
    raise_for(client, chat)
    again = raise_for(client, chat, key="another-key",
                      contact={**CONTACT, "phone": "' OR '1'='1' --"})
    assert again.status_code == 422 and "contact.phone" in again.get_json()["errors"]
