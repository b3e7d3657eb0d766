import json

import pytest
from sqlalchemy import func, select

from pathway_bot.errors import NotEligible, ValidationFailed
from pathway_bot.persistence.models.requests import RequestEvent, SupportRequest
from pathway_bot.requests.service import (
    find_request_for_conversation,
    withdraw_request,
)
from tests.requests_factories import CONSENT, NOW, create_decision, create_request


@pytest.fixture
def session(runtime):
    with runtime.database.session() as session:
        yield session


def count_requests(session) -> int:
    return session.scalar(select(func.count()).select_from(SupportRequest))


def test_an_eligible_outcome_queues_a_request_in_its_district(session, runtime):
    request = create_request(session, runtime)
    assert request.status == "queued"
    assert request.district == "stroud"
    assert request.tier == "early_intervention"


def test_the_request_tells_the_story_once(session, runtime):
    request = create_request(session, runtime, summary=None)
    stored = session.get(SupportRequest, request.id)
    assert json.loads(stored.profile)["needs"]["social_emotional_mental_health"] == 3
    assert json.loads(stored.answers)["worry"] == "He will not go into school"
    reasons = json.loads(stored.reasons)
    assert ("You told us about feelings, behaviour and mental health. "
            "You said it gets in the way a lot.") in reasons


def test_consent_is_recorded_with_its_time_and_wording(session, runtime):
    request = create_request(session, runtime, now=NOW)
    assert request.consent_wording == CONSENT
    assert request.consent_given_at == NOW


def test_the_receipt_has_a_reference_and_the_next_meeting(session, runtime):
    request = create_request(session, runtime)
    receipt = runtime.requests.receipt(request, NOW)
    assert receipt["next_meeting"] == "2025-12-02"
    assert receipt["district"] == "stroud" and receipt["status"] == "queued"
    assert len(receipt["reference"]) == 9


def test_raising_writes_the_first_audit_entry(session, runtime):
    request = create_request(session, runtime)
    events = session.scalars(select(RequestEvent).where(RequestEvent.request_id == request.id))
    [raised] = list(events)
    assert (raised.action, raised.from_status, raised.to_status) == ("raise", None, "queued")
    assert raised.actor_role == "family"


def test_the_same_idempotency_key_returns_the_same_request(session, runtime):
    first = create_request(session, runtime, conversation_id="c1", idempotency_key="k-1")
    again = create_request(session, runtime, conversation_id="c1", idempotency_key="k-1")
    assert again.id == first.id
    assert count_requests(session) == 1


def test_a_conversation_has_one_open_request_whatever_the_key(session, runtime):
    first = create_request(session, runtime, conversation_id="c1", idempotency_key="k-1")
    again = create_request(session, runtime, conversation_id="c1", idempotency_key="k-2")
    assert again.id == first.id


def test_the_same_key_in_two_conversations_raises_two_requests(session, runtime):
    one = create_request(session, runtime, conversation_id="c1", idempotency_key="same")
    two = create_request(session, runtime, conversation_id="c2", idempotency_key="same")
    assert one.id != two.id


def test_after_withdrawing_a_family_can_ask_again(session, runtime):
    first = create_request(session, runtime, conversation_id="c1", idempotency_key="k-1")
    withdraw_request(session, first, now=NOW)
    second = create_request(session, runtime, conversation_id="c1", idempotency_key="k-2")
    assert second.id != first.id
    assert find_request_for_conversation(session, "c1").id == second.id


def test_an_ineligible_outcome_is_refused_with_its_reasons(session, runtime):
    decision = create_decision(runtime, needs={"cognition_learning": 1})
    with pytest.raises(NotEligible) as refused:
        create_request(session, runtime, decision=decision)
    assert "early intervention or targeted" in refused.value.detail
    assert refused.value.extra["reasons"]
    assert count_requests(session) == 0


def test_without_consent_no_request_is_raised(session, runtime):
    decision = create_decision(runtime, consent_to_share=False)
    with pytest.raises(NotEligible):
        create_request(session, runtime, decision=decision)
    assert count_requests(session) == 0


def test_a_safeguarding_outcome_never_queues_a_request(session, runtime):
    decision = create_decision(runtime, risk_of_harm=True)
    with pytest.raises(NotEligible):
        create_request(session, runtime, decision=decision)


def test_a_family_request_needs_a_way_to_reach_them(session, runtime):
    with pytest.raises(ValidationFailed):
        create_request(session, runtime, contact={"name": "Sam"})
    assert count_requests(session) == 0


def test_a_request_without_a_district_is_refused(session, runtime):
    decision = create_decision(runtime, district=None)
    with pytest.raises(ValidationFailed) as refused:
        create_request(session, runtime, decision=decision)
    assert "district" in refused.value.errors


def test_a_practitioner_request_carries_the_lead_professional(session, runtime):
    lead = {"name": "A. Teacher", "role": "SENCo", "organisation": "Example Primary",
            "email": "senco@example.org"}
    request = create_request(session, runtime, source="practitioner", conversation_id=None,
                             contact={}, lead_professional=lead, summary="Not attending.")
    assert json.loads(request.lead_professional) == lead
    assert request.summary == "Not attending."


def test_no_request_is_found_for_a_conversation_that_never_raised_one(session):
    assert find_request_for_conversation(session, "nothing") is None


def test_a_family_finds_its_request_by_reference_however_typed(session, runtime):
    from pathway_bot.requests.service import find_request_by_reference

    request = create_request(session, runtime, conversation_id="c1")
    typed = request.reference.lower().replace("-", " ")
    assert find_request_by_reference(session, typed, "c1").id == request.id


def test_a_reference_from_another_conversation_is_not_found(session, runtime):
    from pathway_bot.requests.service import find_request_by_reference

    request = create_request(session, runtime, conversation_id="c1")
    assert find_request_by_reference(session, request.reference, "c2") is None
    assert find_request_by_reference(session, "nonsense", "c1") is None
