"""The safety net over free text, through /api/v1/conversations: words that suggest harm or
self-harm bring help at once and a plain confirming question before anything else."""

from __future__ import annotations

import pytest

from tests.api.helpers import PROBLEM, Chat
from tests.api.test_conversation_requests_api import ELIGIBLE, raise_for
from tests.api.test_requests_api import practitioner_body
from tests.requests_factories import create_child, create_key, eligible_profile
from tests.support.scripted import scripted_answer

HARM_WORDS = "His stepdad hits him when he has been drinking."
SELF_HARM_WORDS = "She has been cutting herself and says she wants to die."
CALM_WORDS = "He is kind and loves drawing; mornings are hardest."


def chat_at_own_words(client, runtime, profile=ELIGIBLE, flow="family") -> Chat:
    """A conversation answered as `profile`'s person would, up to their own words."""
    chat = Chat(client, flow)
    engine = runtime.engines.get(flow)
    while chat.question not in ("own_words", "concern"):
        chat.answer(scripted_answer(engine.flow.questions[chat.question], profile))
    return chat


def chat_at_safety_check(client, runtime, words, **kwargs) -> tuple[Chat, dict]:
    chat = chat_at_own_words(client, runtime, **kwargs)
    reply = chat.answer(words)
    assert reply.status_code == 200, reply.get_json()
    return chat, reply.get_json()


@pytest.fixture
def coordinator(runtime):
    with runtime.database.session() as session:
        _, key = create_key(session, runtime, districts=("forest_of_dean",), name="Forest")
        return {"Authorization": f"Bearer {key}"}


def contact_ids(help_member: dict) -> list[str]:
    return [contact["id"] for contact in help_member["contacts"]]


def test_words_suggesting_harm_show_help_and_ask_the_safety_check_next(client, runtime):
    _, reply = chat_at_safety_check(client, runtime, HARM_WORDS)
    step = reply["step"]
    assert step["question"]["id"] == "safety_check" and step["question"]["type"] == "yes_no"
    assert "hurt by someone" in step["question"]["text"]
    assert step["help"]["kind"] == "harm"
    assert contact_ids(step["help"])[:2] == ["emergency", "safeguarding_front_door"]
    assert step["help"]["contacts"][1]["phone"] == "01452 426565"


def test_words_suggesting_self_harm_show_crisis_help_that_fits_the_child_s_age(client, runtime):
    _, reply = chat_at_safety_check(client, runtime, SELF_HARM_WORDS)
    step = reply["step"]
    assert step["question"]["id"] == "safety_check"
    assert step["help"]["kind"] == "self_harm"
    # 12: the Gloucestershire crisis line (11 and over) and Childline (under 19).
    assert contact_ids(step["help"])[:3] == ["emergency", "mental_health_crisis", "childline"]


def test_words_without_a_worry_go_straight_on(client, runtime):
    chat = chat_at_own_words(client, runtime)
    reply = chat.answer(CALM_WORDS).get_json()
    assert reply["step"]["question"]["id"] == "consent" and "help" not in reply["step"]


def test_another_question_while_the_safety_check_is_asked_is_a_409_naming_it(client, runtime):
    chat, _ = chat_at_safety_check(client, runtime, HARM_WORDS)
    refused = chat.answer(True, question="consent")
    assert refused.status_code == 409 and refused.mimetype == PROBLEM
    assert refused.get_json()["current_question"] == "safety_check"
    again = chat.answer("Something else entirely", question="own_words")
    assert again.status_code == 409
    assert again.get_json()["current_question"] == "safety_check"


def test_sending_the_same_words_again_changes_nothing(client, runtime):
    chat, first = chat_at_safety_check(client, runtime, HARM_WORDS)
    again = chat.answer(HARM_WORDS, question="own_words")
    assert again.status_code == 200 and again.get_json()["step"] == first["step"]


def test_confirmed_harm_ends_in_the_safeguarding_outcome(client, runtime):
    chat, _ = chat_at_safety_check(client, runtime, HARM_WORDS)
    outcome = chat.answer(True).get_json()["outcome"]
    assert outcome["outcome"] == "safeguarding" and outcome["profile"]["risk_of_harm"] is True
    assert [c["id"] for c in outcome["contacts"]][:2] == ["emergency", "safeguarding_front_door"]
    assert outcome["request_for_support"]["eligible"] is False


def test_confirmed_self_harm_keeps_the_help_and_the_assessment_goes_on(client, runtime):
    chat, _ = chat_at_safety_check(client, runtime, SELF_HARM_WORDS)
    step = chat.answer(True).get_json()["step"]
    assert step["question"]["id"] == "consent" and step["help"]["kind"] == "self_harm"
    outcome = chat.answer(True).get_json()["outcome"]
    assert outcome["outcome"] == "tier" and outcome["tier"] == "early_intervention"
    assert outcome["profile"]["self_harm"] is True
    assert "mental_health_crisis" in [c["id"] for c in outcome["contacts"]]


def test_no_to_the_safety_check_carries_on_without_changing_the_profile(client, runtime):
    chat, _ = chat_at_safety_check(client, runtime, HARM_WORDS)
    step = chat.answer(False).get_json()["step"]
    assert step["question"]["id"] == "consent" and "help" not in step
    outcome = chat.answer(True).get_json()["outcome"]
    assert outcome["outcome"] == "tier"
    assert outcome["profile"]["risk_of_harm"] is False and outcome["profile"]["self_harm"] is False


def test_the_safety_check_can_be_gone_back_to_and_changed(client, runtime):
    chat, _ = chat_at_safety_check(client, runtime, HARM_WORDS)
    chat.answer(False)
    back = chat.back().get_json()["step"]
    assert back["question"]["id"] == "safety_check" and back["question"]["answer"] is False
    assert back["help"]["kind"] == "harm"
    assert chat.answer(True).get_json()["outcome"]["outcome"] == "safeguarding"


def test_a_practitioner_s_concern_is_checked_before_the_outcome(client, runtime):
    profile = {**ELIGIBLE, "respondent": "practitioner"}
    chat, reply = chat_at_safety_check(client, runtime, HARM_WORDS, profile=profile,
                                       flow="practitioner")
    assert reply["outcome"] is None and reply["step"]["question"]["id"] == "safety_check"
    assert "safeguarding_professional" in contact_ids(reply["step"]["help"])
    assert "designated safeguarding lead" in reply["step"]["help"]["text"]
    outcome = chat.answer(True).get_json()["outcome"]
    assert outcome["outcome"] == "safeguarding"
    assert any("designated safeguarding lead" in reason for reason in outcome["reasons"])


@pytest.mark.parametrize("answer", [True, False])
def test_a_request_raised_after_a_safety_check_is_flagged_and_first_in_the_queue(
        client, runtime, coordinator, answer):
    calm = chat_at_own_words(client, runtime)
    calm.answer(CALM_WORDS)
    calm.answer(True)
    assert raise_for(client, calm).status_code == 201
    checked, _ = chat_at_safety_check(client, runtime, SELF_HARM_WORDS)
    checked.answer(answer)
    checked.answer(True)
    assert raise_for(client, checked).status_code == 201
    queue = client.get("/api/v1/requests?status=queued", headers=coordinator).get_json()
    flags = [(item["answers"].get("safety_check"), item["risk_flag"]) for item in queue["items"]]
    assert flags == [(answer, True), (None, False)]
    assert queue["items"][0]["risk_note"].startswith("The family's words may describe a risk")
    pulled = client.post("/api/v1/requests/pull", headers=coordinator).get_json()
    assert pulled["risk_flag"] is True


def test_a_request_with_notes_that_suggest_a_risk_is_flagged(client, runtime, coordinator):
    chat = chat_at_own_words(client, runtime)
    chat.answer(CALM_WORDS)
    chat.answer(True)
    contact = {"phone": "07700 900123", "own_words": "Her brother keeps hitting her."}
    child = create_child(ELIGIBLE["age"])
    assert client.post(f"{chat.url}/request-for-support", headers=chat.headers,
                       json={"contact": contact, "consent": True, "child": child}
                       ).status_code == 201
    item = client.get("/api/v1/requests", headers=coordinator).get_json()["items"][0]
    assert item["risk_flag"] is True


def test_the_answer_reply_fits_the_documented_step(client, runtime):
    from api.conversations.schemas import TurnSchema

    _, reply = chat_at_safety_check(client, runtime, SELF_HARM_WORDS)
    assert TurnSchema().validate(reply) == {} and TurnSchema().dump(reply) == reply
    document = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert "help" in document["Step"]["properties"]
    assert "safety_check" in document["Question"]["properties"]["id"]["description"]
    assert set(document["Help"]["properties"]) >= {"kind", "contacts"}


# Practitioners' systems: POST /api/v1/requests and POST /api/v1/assessments


@pytest.fixture
def practitioner_key(runtime):
    with runtime.database.session() as session:
        _, key = create_key(session, runtime, role="practitioner", districts=("stroud",),
                            name="Example Primary")
        return {"Authorization": f"Bearer {key}"}


def practitioner_request(**profile_overrides) -> dict:
    profile = eligible_profile(respondent="practitioner", **profile_overrides)
    profile.pop("consent_to_share")
    return practitioner_body(profile=profile)


def test_a_practitioner_reporting_harm_is_told_their_procedures_and_the_professional_line(
        client, practitioner_key):
    refused = client.post("/api/v1/requests", headers=practitioner_key,
                          json=practitioner_request(risk_of_harm=True))
    assert refused.status_code == 422 and refused.mimetype == PROBLEM
    body = refused.get_json()
    assert any("designated safeguarding lead" in reason for reason in body["reasons"])
    assert not any("Please use the contacts shown" in reason for reason in body["reasons"])
    ids = [contact["id"] for contact in body["contacts"]]
    assert ids[:2] == ["emergency", "safeguarding_professional"]
    assert "MARF" in body["contacts"][1]["description"]


def test_a_practitioner_summary_that_suggests_a_risk_flags_the_request_and_brings_help(
        client, practitioner_key):
    body = {**practitioner_request(), "summary": "She told me her dad hits her at home."}
    created = client.post("/api/v1/requests", headers=practitioner_key, json=body)
    assert created.status_code == 201
    receipt = created.get_json()
    assert receipt["risk_flag"] is True and receipt["help"]["kind"] == "harm"
    assert "designated safeguarding lead" in receipt["help"]["text"]
    assert "safeguarding_professional" in contact_ids(receipt["help"])


def test_a_practitioner_telling_of_self_harm_flags_the_request(client, practitioner_key):
    created = client.post("/api/v1/requests", headers=practitioner_key,
                          json=practitioner_request(self_harm=True)).get_json()
    assert created["risk_flag"] is True and created["help"]["kind"] == "self_harm"


def test_an_assessment_takes_self_harm_and_keeps_the_tier_of_the_needs(client):
    plain = client.post("/api/v1/assessments", json=eligible_profile()).get_json()
    told = client.post("/api/v1/assessments",
                       json=eligible_profile(self_harm=True)).get_json()
    assert told["tier"] == plain["tier"] and told["profile"]["self_harm"] is True
    assert plain["profile"]["self_harm"] is False
    assert plain["contacts"] == []
    # Nine: Childline and NHS 111, not the crisis line for 11 and over.
    shown = [c["id"] for c in told["contacts"]]
    assert {"emergency", "childline", "nhs_111"} <= set(shown)
    assert "mental_health_crisis" not in shown
