"""Each change to a request writes exactly the messages it should, in the family's language,
to the channels they marked safe, in the same transaction; erasure takes them away."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from pathway_bot.persistence.models.outbox import OutboxMessage
from pathway_bot.requests import queue
from pathway_bot.requests.announcements import INFORMATION_ADDED, REVIEW_BOOKED, announce
from pathway_bot.requests.service import erase_requests_for_conversation, withdraw_request
from tests.requests_factories import NOW, create_key, create_request

LATER = NOW + timedelta(hours=1)
TRACK_URL = "http://127.0.0.1:5000/track"


def family_contact(**overrides) -> dict:
    contact = {"name": "Sam Jones", "phone": "07700 900123", "email": "sam@example.org",
               "preferred_contact_method": "email", "safe_to_email": True,
               "safe_to_text": True}
    contact.update(overrides)
    return contact


@pytest.fixture
def session(runtime):
    with runtime.database.session() as session:
        yield session


@pytest.fixture
def stroud(session, runtime):
    return create_key(session, runtime, name="Stroud coordinator")[0]


def messages_for(session, request, kind=None) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.request_id == request.id)
    if kind is not None:
        query = query.where(OutboxMessage.kind == kind)
    return list(session.scalars(query.order_by(OutboxMessage.channel)))


def channels(messages) -> list[tuple[str, str, str]]:
    return [(m.audience, m.channel, m.address) for m in messages]


def test_raising_a_request_queues_an_email_and_a_text_when_both_are_marked_safe(
        session, runtime):
    request = create_request(session, runtime, contact=family_contact())
    written = messages_for(session, request)
    assert channels(written) == [("family", "email", "sam@example.org"),
                                 ("family", "sms", "07700 900123")]
    email, sms = written
    assert (email.kind, email.state, email.locale) == ("raised", "queued", "en")
    assert email.subject == f"We have your request for support ({request.reference})"
    for body in (email.body, sms.body):
        assert request.reference in body and TRACK_URL in body
        assert "Stroud allocations meeting on Tuesday 2 December" in body


def test_a_message_never_names_the_child_or_their_needs(session, runtime):
    request = create_request(session, runtime, contact=family_contact(),
                             answers={"child_name": "Alex", "worry": "He will not go into school"},
                             summary="Alex is anxious about school")
    for message in messages_for(session, request):
        for said in (message.subject or "", message.body):
            assert "Alex" not in said and "Sam" not in said and "school" not in said
            assert "anxious" not in said


def test_nothing_is_written_when_no_channel_is_marked_safe(session, runtime):
    request = create_request(session, runtime, contact=family_contact(
        safe_to_email=False, safe_to_text=False, preferred_contact_method="phone"))
    assert messages_for(session, request) == []
    assert runtime.requests.receipt(request)["notifications"] == {"email": False, "sms": False}


def test_an_unanswered_safety_question_is_not_a_yes(session, runtime):
    contact = family_contact()
    del contact["safe_to_email"], contact["safe_to_text"]
    request = create_request(session, runtime, contact=contact)
    assert messages_for(session, request) == []


def test_only_the_channel_marked_safe_is_used(session, runtime):
    request = create_request(session, runtime, contact=family_contact(
        safe_to_email=False, preferred_contact_method="text"))
    assert channels(messages_for(session, request)) == [("family", "sms", "07700 900123")]
    assert runtime.requests.receipt(request)["notifications"] == {"email": False, "sms": True}


def test_a_channel_marked_safe_without_its_address_is_not_used(session, runtime):
    contact = family_contact()
    del contact["email"]
    contact["preferred_contact_method"] = "text"
    request = create_request(session, runtime, contact=contact)
    assert channels(messages_for(session, request)) == [("family", "sms", "07700 900123")]


def test_messages_are_written_in_the_familys_language(session, runtime):
    request = create_request(session, runtime, contact=family_contact(), locale="cy")
    email, sms = messages_for(session, request)
    assert email.locale == sms.locale == "cy"
    assert email.subject.startswith("Mae eich cais am gymorth gennym")
    assert "Eich cyfeirnod yw " + request.reference in email.body
    assert "Cyfeirnod " + request.reference in sms.body


def test_claiming_allocating_and_declining_each_tell_the_family(session, runtime, stroud):
    allocated = create_request(session, runtime, contact=family_contact(safe_to_text=False))
    queue.claim_request(session, stroud, allocated.id, now=LATER)
    queue.allocate_request(session, stroud, allocated.id, now=LATER, to="Family Action",
                           lead_professional={"name": "Jo Worker", "email": "jo@example.org",
                                              "phone": "01452 000000"}, note="TAF booked")
    [claimed] = messages_for(session, allocated, "claimed")
    assert "is looking at your request now" in claimed.body
    [told] = messages_for(session, allocated, "allocated")
    assert "has asked Family Action to support you" in told.body
    assert "Jo" not in told.body and "01452" not in told.body and "TAF" not in told.body

    declined = create_request(session, runtime, contact=family_contact(safe_to_text=False))
    queue.claim_request(session, stroud, declined.id, now=LATER)
    queue.decline_request(session, stroud, declined.id, now=LATER,
                          reason="His needs are met at school", signposted_to="Young Minds")
    [told] = messages_for(session, declined, "declined")
    assert "could not take your request on. They suggest: Young Minds." in told.body
    assert "needs are met" not in told.body


def test_pulling_from_the_queue_tells_the_family_it_is_being_looked_at(session, runtime,
                                                                      stroud):
    request = create_request(session, runtime, contact=family_contact())
    queue.pull_next_request(session, stroud, now=LATER)
    assert [m.channel for m in messages_for(session, request, "claimed")] == ["email", "sms"]


def test_releasing_and_withdrawing_tell_nobody(session, runtime, stroud):
    released = create_request(session, runtime, contact=family_contact())
    queue.claim_request(session, stroud, released.id, now=LATER)
    queue.release_request(session, stroud, released.id, now=LATER)
    withdrawn = create_request(session, runtime, contact=family_contact())
    withdraw_request(session, withdrawn, now=LATER)
    assert {m.kind for m in messages_for(session, released)} == {"raised", "claimed"}
    assert {m.kind for m in messages_for(session, withdrawn)} == {"raised"}


def practitioner_request(session, runtime):
    key = create_key(session, runtime, role="practitioner", name="Stroud school")[0]
    return runtime.requests.raise_for_practitioner(
        session, key, profile={"age": 9, "district": "stroud", "respondent": "practitioner",
                               "needs": {"social_emotional_mental_health": 3,
                                         "education_participation": 2},
                               "support_tried": "early_help", "progress_with_support": False,
                               "has_ehcp": False, "risk_of_harm": False},
        lead_professional={"name": "Pat Teacher", "role": "SENCo", "organisation": "School",
                           "email": "pat@school.example"},
        summary="Worried about attendance", consent=True, idempotency_key=None)


def test_the_practitioner_who_raised_a_request_is_emailed_its_decision(session, runtime,
                                                                       stroud):
    request = practitioner_request(session, runtime)
    assert messages_for(session, request) == []  # raised and claimed: nobody to tell yet
    queue.claim_request(session, stroud, request.id, now=LATER)
    queue.allocate_request(session, stroud, request.id, now=LATER, to="Family Action",
                           lead_professional=None, note=None)
    [told] = messages_for(session, request)
    assert channels([told]) == [("lead_professional", "email", "pat@school.example")]
    assert told.subject == f"Request {request.reference}: support allocated"
    assert "allocated the request for support you raised to Family Action" in told.body


def test_events_for_features_to_come_are_ready(session, runtime):
    request = create_request(session, runtime, contact=family_contact(safe_to_text=False))
    announce(session, request, INFORMATION_ADDED, LATER)
    announce(session, request, REVIEW_BOOKED, LATER)
    session.commit()
    told = {m.kind: m.subject for m in messages_for(session, request)}
    assert told[INFORMATION_ADDED].startswith("There is new information on your request")
    assert told[REVIEW_BOOKED].startswith("A review of your support has been booked")


def test_a_change_that_fails_writes_no_message(session, runtime, stroud):
    request = create_request(session, runtime, contact=family_contact())
    colleague = create_key(session, runtime, name="Stroud two")[0]
    queue.claim_request(session, stroud, request.id, now=LATER)
    with pytest.raises(Exception, match="Another coordinator"):
        queue.allocate_request(session, colleague, request.id, now=LATER, to="X",
                               lead_professional=None, note=None)
    assert {m.kind for m in messages_for(session, request)} == {"raised", "claimed"}


def test_erasure_removes_the_messages_not_yet_sent(session, runtime):
    request = create_request(session, runtime, conversation_id="c1", contact=family_contact())
    assert len(messages_for(session, request)) == 2
    erase_requests_for_conversation(session, "c1", now=LATER)
    session.commit()
    assert messages_for(session, request) == []
