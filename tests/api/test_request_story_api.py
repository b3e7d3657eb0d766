"""A request tells the story once: a coordinator can decide it from GET /requests/{id} alone;
every bad detail is a 422 naming the field, and raises nothing. Likely duplicates are linked."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from pathway_bot.persistence.models.requests import SupportRequest
from tests.api.helpers import PROBLEM
from tests.api.test_conversation_requests_api import CONTACT, ELIGIBLE, finished_chat
from tests.requests_factories import born_aged, create_child, create_key, eligible_profile

FULL_CONTACT = {**CONTACT, "relationship": "mum", "email": "sam@example.org",
                "safe_to_call": True, "safe_to_text": True, "safe_to_email": False,
                "safe_to_leave_message": False, "preferred_language": "Polish",
                "interpreter_needed": True, "communication_needs": ["easy_read"]}
FULL_STORY = {
    "child": create_child(12, name="Alex Example", school_or_setting="Example Primary",
                          postcode="gl15 4aa", address="1 Example Road, Lydney",
                          parental_responsibility="Mum and dad"),
    "child_view": "I don't like the noise at lunchtime.",
    "agencies_involved": ["school_nurse", "Young Carers Gloucestershire"],
}


def bearer(text: str) -> dict:
    return {"Authorization": f"Bearer {text}"}


@pytest.fixture
def keys(runtime):
    with runtime.database.session() as session:
        return {
            "coordinator": bearer(create_key(session, runtime, districts=(
                "forest_of_dean", "stroud"), name="Coordinator")[1]),
            "practitioner": bearer(create_key(session, runtime, role="practitioner",
                                              districts=("forest_of_dean", "stroud"),
                                              name="Example Primary")[1]),
        }


def raise_with(client, chat, **body):
    payload = {"contact": FULL_CONTACT, "consent": True, **FULL_STORY, **body}
    return client.post(f"{chat.url}/request-for-support", json=payload,
                       headers={**chat.headers, "Idempotency-Key": "story-1"})


def as_coordinator_sees(client, keys, request_id: str) -> dict:
    response = client.get(f"/api/v1/requests/{request_id}", headers=keys["coordinator"])
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def count_requests(runtime) -> int:
    with runtime.database.session() as session:
        return session.scalar(select(func.count()).select_from(SupportRequest))


def test_a_coordinator_can_decide_a_familys_request_from_its_page_alone(client, runtime, keys):
    chat = finished_chat(client, runtime)
    raised = raise_with(client, chat)
    assert raised.status_code == 201, raised.get_json()
    body = as_coordinator_sees(client, keys, raised.get_json()["id"])
    assert body["child"] == {**FULL_STORY["child"], "postcode": "GL15 4AA"}
    assert body["contact"]["safe_to_call"] is True and body["contact"]["safe_to_email"] is False
    assert body["contact"]["safe_to_leave_message"] is False
    assert body["contact"]["interpreter_needed"] is True
    assert body["contact"]["communication_needs"] == ["easy_read"]
    assert body["child_view"] == FULL_STORY["child_view"]
    assert body["summary"] != body["child_view"]  # the adult's words and the child's apart
    assert body["agencies_involved"] == FULL_STORY["agencies_involved"]
    assert body["consent"]["given_by"] == "parent_carer" and body["consent"]["how"] == "online"
    assert body["consent"]["wording"] and body["consent"]["given_on"]
    assert body["likely_duplicate_of"] is None


@pytest.mark.parametrize(("child", "field"), [
    ({"name": "Alex", "date_of_birth": "2015-02-30"}, "child.date_of_birth"),
    ({"name": "Alex", "date_of_birth": "2999-01-01"}, "child.date_of_birth"),
    ({"name": "Alex", "date_of_birth": "04/03/2015"}, "child.date_of_birth"),
    ({"name": "x" * 2000, "date_of_birth": born_aged(12)}, "child"),
    ({"name": "Alex"}, "child.date_of_birth"),
    ({"date_of_birth": born_aged(12)}, "child.name"),
    ({"name": "Alex", "date_of_birth": born_aged(12), "postcode": "nowhere"}, "child.postcode"),
])
def test_a_bad_child_detail_is_a_422_naming_it_and_raises_nothing(client, runtime, child,
                                                                    field):
    chat = finished_chat(client, runtime)
    response = raise_with(client, chat, child=child)
    assert response.status_code == 422 and response.content_type == PROBLEM
    assert any(name.startswith(field) for name in response.get_json()["errors"])
    assert count_requests(runtime) == 0


def test_every_error_is_named_at_once(client, runtime):
    chat = finished_chat(client, runtime)
    response = raise_with(client, chat, consent=False, child={"name": "Alex"},
                          contact={"email": "not-an-email"})
    errors = response.get_json()["errors"]
    assert {"consent", "child.date_of_birth", "contact.email"} <= set(errors)


def test_an_age_the_date_of_birth_contradicts_is_asked_about_not_ignored(client, runtime,
                                                                          keys):
    chat = finished_chat(client, runtime)  # the family said 12
    refused = raise_with(client, chat, child=create_child(9))
    message = refused.get_json()["errors"]["child.date_of_birth"][0]
    assert refused.status_code == 422 and "makes them 9" in message and "12" in message
    confirmed = raise_with(client, chat, child=create_child(9, age_confirmed=True))
    assert confirmed.status_code == 201
    child = as_coordinator_sees(client, keys, confirmed.get_json()["id"])["child"]
    assert child["age_given_earlier"] == 12


def test_it_is_not_safe_to_reach_a_family_the_way_they_said_not_to(client, runtime):
    chat = finished_chat(client, runtime)
    response = raise_with(client, chat, contact={**CONTACT, "safe_to_call": False})
    assert "contact.preferred_contact_method" in response.get_json()["errors"]


def practitioner_body(**overrides) -> dict:
    profile = eligible_profile(respondent="practitioner", district="forest_of_dean", age=12)
    profile.pop("consent_to_share")
    body = {
        "profile": profile,
        "lead_professional": {"name": "A. Teacher", "role": "SENCo",
                              "organisation": "Example Primary", "email": "senco@example.org"},
        "summary": "Not attending since half term.", "consent": True,
        "child": create_child(12, name="alex  EXAMPLE"),
        "family_contact": {"name": "Sam", "phone": "07700 900123", "safe_to_text": True},
        "support_tried": {"review_cycles": 2, "description": "Two cycles of SEN support."},
        "consent_details": {"given_by": "parent_carer_and_young_person",
                            "given_on": "2025-11-20", "how": "in_person",
                            "wording": "Can I share this with the allocations group?"},
        "agencies_involved": ["camhs"],
        "child_view": "Lessons are too loud.",
    }
    body.update(overrides)
    return body


def test_a_practitioners_request_carries_the_family_what_was_tried_and_the_consent(
        client, keys):
    raised = client.post("/api/v1/requests", json=practitioner_body(),
                         headers=keys["practitioner"])
    assert raised.status_code == 201, raised.get_json()
    body = as_coordinator_sees(client, keys, raised.get_json()["id"])
    assert body["family_contact"] == {"name": "Sam", "phone": "07700 900123",
                                      "safe_to_text": True}
    assert body["lead_professional"]["organisation"] == "Example Primary"
    assert body["support_tried"] == {"review_cycles": 2,
                                     "description": "Two cycles of SEN support."}
    assert body["consent"]["given_by"] == "parent_carer_and_young_person"
    assert body["consent"]["given_on"] == "2025-11-20" and body["consent"]["how"] == "in_person"
    assert body["consent"]["wording_shown"] == "Can I share this with the allocations group?"


@pytest.mark.parametrize(("change", "field"), [
    ({"consent_details": {"given_on": "2999-01-01"}}, "consent_details.given_on"),
    ({"consent_details": {"how": "telepathy"}}, "consent_details"),
    ({"support_tried": {"review_cycles": 99}}, "support_tried"),
    ({"child": {"name": "Alex", "date_of_birth": "2015-13-01"}}, "child.date_of_birth"),
])
def test_a_practitioners_bad_detail_is_a_422_and_raises_nothing(client, runtime, keys, change,
                                                                  field):
    response = client.post("/api/v1/requests", json=practitioner_body(**change),
                           headers=keys["practitioner"])
    assert response.status_code == 422
    assert any(name.startswith(field) for name in response.get_json()["errors"])
    assert count_requests(runtime) == 0


def test_a_school_and_a_parent_asking_for_one_child_are_linked_not_merged(client, runtime,
                                                                           keys):
    chat = finished_chat(client, runtime)
    family = raise_with(client, chat).get_json()
    school = client.post("/api/v1/requests", json=practitioner_body(),
                         headers=keys["practitioner"]).get_json()
    assert school["reference"] != family["reference"]
    assert as_coordinator_sees(client, keys, school["id"])["likely_duplicate_of"] \
        == family["id"]
    with runtime.database.session() as session:
        stored = session.get(SupportRequest, school["id"])
        assert "alex" not in (stored.match_key or "").lower() and len(stored.match_key) == 64


def test_another_child_is_not_a_duplicate(client, runtime, keys):
    chat = finished_chat(client, runtime)
    raise_with(client, chat)
    other = practitioner_body(child=create_child(12, name="Jo Example"))
    school = client.post("/api/v1/requests", json=other, headers=keys["practitioner"])
    assert as_coordinator_sees(client, keys, school.get_json()["id"])["likely_duplicate_of"] \
        is None


def test_the_practitioner_flow_carries_its_review_cycles(client, runtime, keys):
    profile = {**ELIGIBLE, "respondent": "practitioner", "support_tried": "early_help"}
    chat = finished_chat(client, runtime, profile, flow="practitioner")
    answers = client.get(chat.url, headers=chat.headers).get_json()["answers"]
    response = raise_with(client, chat, contact={"name": "A. Teacher",
                                                 "email": "senco@example.org"})
    assert response.status_code == 201, response.get_json()
    body = as_coordinator_sees(client, keys, response.get_json()["id"])
    assert body["support_tried"]["review_cycles"] == answers["review_cycles"]


def test_erasing_the_conversation_erases_the_story(client, runtime):
    chat = finished_chat(client, runtime)
    reference = raise_with(client, chat).get_json()["reference"]
    assert client.delete(chat.url, headers=chat.headers).status_code == 204
    with runtime.database.session() as session:
        stored = session.scalar(select(SupportRequest)
                                .where(SupportRequest.reference == reference))
        for column in ("child", "child_view", "agencies", "tried", "consent_record",
                       "family_contact", "match_key", "contact"):
            assert getattr(stored, column) is None, column
        assert json.dumps(stored.answers) == "null"
