"""Over /api/v1/conversations: a practitioner's review cycles bring the graduated approach's
next step and reason, and "not sure yet" counts as level 2 and is listed."""

from __future__ import annotations

import pytest

from tests.api.helpers import PROBLEM, Chat
from tests.support.scripted import scripted_answer

SENCO = {"age": 9, "district": "gloucester", "respondent": "practitioner",
         "needs": {"cognition_learning": 3, "communication_interaction": 3},
         "support_tried": "early_intervention", "progress_with_support": False,
         "has_ehcp": False, "risk_of_harm": False, "consent_to_share": True,
         "review_cycles": 3}


def codes(outcome) -> list[str]:
    return [step["code"] for step in outcome["next_steps"]]


def test_a_senco_with_three_cycles_without_progress_is_told_to_consider_an_ehc_assessment(
        client, runtime):
    chat = Chat(client, "practitioner")
    outcome = chat.walk(SENCO, runtime.engines.get("practitioner"))
    assert outcome["tier"] == "targeted"
    assert outcome["profile"]["review_cycles"] == 3
    step = next(s for s in outcome["next_steps"] if s["code"] == "graduated_approach")
    assert "assess-plan-do-review" in step["text"] and step["source"].startswith("https://")
    assert "You said help at school was tried and checked 3 times. It did not help enough. " \
        "So the school or the family can ask for an EHC needs assessment." in outcome["reasons"]


def test_one_cycle_without_progress_does_not_yet_suggest_an_ehc_assessment(client, runtime):
    chat = Chat(client, "practitioner")
    outcome = chat.walk({**SENCO, "review_cycles": 1}, runtime.engines.get("practitioner"))
    assert outcome["tier"] == "targeted"
    assert "graduated_approach" not in codes(outcome)
    assert not any("checked 1 times" in reason for reason in outcome["reasons"])


def test_the_number_of_cycles_does_not_change_the_level(client, runtime):
    engine = runtime.engines.get("practitioner")
    profile = {**SENCO, "needs": {"social_emotional_mental_health": 2},
               "support_tried": "universal"}
    tiers = {Chat(client, "practitioner").walk({**profile, "review_cycles": n}, engine)["tier"]
             for n in (0, 1, 2, 5)}
    assert tiers == {"early_help"}


@pytest.mark.parametrize("bad", [-1, 21, "two", 2.5, None])
def test_a_number_of_cycles_out_of_range_is_refused_and_changes_nothing(client, runtime, bad):
    chat = Chat(client, "practitioner")
    engine = runtime.engines.get("practitioner")
    while chat.question != "review_cycles":
        chat.answer(scripted_answer(engine.flow.questions[chat.question], SENCO))
    before = client.get(chat.url, headers=chat.headers).get_json()["answers"]
    response = chat.answer(bad)
    assert 400 <= response.status_code < 500 and response.content_type == PROBLEM
    after = client.get(chat.url, headers=chat.headers).get_json()
    assert after["answers"] == before and "review_cycles" not in after["answers"]
    assert after["step"]["question"]["id"] == "review_cycles"


def test_a_practitioner_is_offered_not_sure_yet_and_it_counts_as_two(client):
    chat = Chat(client, "practitioner")
    for value in (False, "health_visitor", "early_years_setting", 3, None):
        chat.answer(value)
    if chat.question == "district":
        chat.answer("cotswold")
    chat.answer(["communication_interaction"])
    chat.answer(False)  # self-harm
    assert chat.question == "communication_interaction"
    options = {o["value"]: o["label"] for o in chat.step["question"]["options"]}
    assert options["unsure"] == "Not sure yet"
    chat.answer("unsure")
    while chat.step is not None:
        chat.answer({"support_tried": "none", "has_ehcp": False, "consent": True,
                     "lead_professional": False, "concern": ""}[chat.question])
    outcome = chat.outcome
    assert outcome["tier"] == "early_help"
    assert outcome["profile"]["needs"]["communication_interaction"] == 2
    assert outcome["profile"]["unsure_needs"] == ["communication_interaction"]
    assert any("not sure" in reason for reason in outcome["reasons"])


def test_an_assessment_body_may_carry_review_cycles_and_refuses_a_bad_number(client):
    body = {**SENCO}
    ok = client.post("/api/v1/assessments", json=body)
    assert ok.status_code == 200, ok.get_json()
    assert "graduated_approach" in codes(ok.get_json())
    bad = client.post("/api/v1/assessments", json={**body, "review_cycles": 99})
    assert bad.status_code == 422 and bad.content_type == PROBLEM
    assert "review_cycles" in bad.get_json()["errors"]
