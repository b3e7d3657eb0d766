"""Erasure on request, and the audit trail that may only grow."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from pathway_bot.persistence.models.requests import (
    AuditIsAppendOnly,
    RequestEvent,
    SupportRequest,
)
from pathway_bot.requests import queue
from pathway_bot.requests.service import (
    erase_requests_for_conversation,
    find_request_for_conversation,
)
from tests.requests_factories import NOW, create_key, create_request

LATER = NOW + timedelta(hours=1)


@pytest.fixture
def session(runtime):
    with runtime.database.session() as session:
        yield session


def test_erasure_removes_everything_personal_and_withdraws_the_request(session, runtime):
    request = create_request(session, runtime, conversation_id="c1", summary="About Sam")
    assert erase_requests_for_conversation(session, "c1", now=LATER) == 1
    session.commit()
    stored = session.get(SupportRequest, request.id)
    for field in ("profile", "answers", "contact", "summary", "reasons", "conversation_id"):
        assert getattr(stored, field) is None
    assert stored.status == "withdrawn" and stored.erased_at == LATER
    assert stored.district == "stroud" and stored.tier == "early_intervention"
    assert find_request_for_conversation(session, "c1") is None


def test_erasure_keeps_an_anonymous_audit_trail(session, runtime):
    key = create_key(session, runtime)[0]
    request = create_request(session, runtime, conversation_id="c1")
    queue.claim_request(session, key, request.id, now=LATER)
    queue.release_request(session, key, request.id, now=LATER, note="Sam's mum rang")
    erase_requests_for_conversation(session, "c1", now=LATER)
    session.commit()
    events = session.scalars(select(RequestEvent).where(RequestEvent.request_id == request.id)
                             .order_by(RequestEvent.id)).all()
    assert [e.action for e in events] == ["raise", "claim", "release", "erase"]
    assert all(e.note is None for e in events)


def test_a_decided_request_keeps_its_status_when_erased(session, runtime):
    key = create_key(session, runtime)[0]
    request = create_request(session, runtime, conversation_id="c1")
    queue.claim_request(session, key, request.id, now=LATER)
    queue.allocate_request(session, key, request.id, now=LATER, to="Family Action",
                           lead_professional=None, note=None)
    erase_requests_for_conversation(session, "c1", now=LATER)
    session.commit()
    stored = session.get(SupportRequest, request.id)
    assert stored.status == "allocated" and stored.decision is None


def test_erasing_a_conversation_without_requests_does_nothing(session):
    assert erase_requests_for_conversation(session, "none", now=LATER) == 0


def test_the_audit_trail_cannot_be_edited(session, runtime):
    create_request(session, runtime)
    event = session.scalars(select(RequestEvent)).first()
    event.note = "rewritten"
    with pytest.raises(AuditIsAppendOnly):
        session.flush()
    session.rollback()


def test_the_audit_trail_cannot_be_deleted(session, runtime):
    create_request(session, runtime)
    session.delete(session.scalars(select(RequestEvent)).first())
    with pytest.raises(AuditIsAppendOnly):
        session.flush()
    session.rollback()


def test_a_family_reads_which_meeting_they_are_waiting_for(session, runtime):
    request = create_request(session, runtime)
    said = runtime.requests.describe_for_family(request, "en", now=NOW)
    assert said == "Waiting for the Stroud allocations meeting on Tuesday 2 December."


def test_a_family_reads_that_someone_is_looking_at_it(session, runtime):
    key = create_key(session, runtime)[0]
    request = create_request(session, runtime)
    queue.claim_request(session, key, request.id, now=LATER)
    assert "looking at your request" in runtime.requests.describe_for_family(request, "en")


def test_a_family_reads_who_will_support_them(session, runtime):
    key = create_key(session, runtime)[0]
    request = create_request(session, runtime)
    queue.claim_request(session, key, request.id, now=LATER)
    queue.allocate_request(session, key, request.id, now=LATER, to="Family Action",
                           lead_professional=None, note="internal only")
    said = runtime.requests.describe_for_family(request, "en")
    assert "Family Action" in said and "internal only" not in said


def test_a_family_reads_why_a_request_was_declined_and_where_to_go(session, runtime):
    key = create_key(session, runtime)[0]
    request = create_request(session, runtime)
    queue.claim_request(session, key, request.id, now=LATER)
    queue.decline_request(session, key, request.id, now=LATER,
                          reason="A My Plan at school fits better.",
                          signposted_to="your child's school SENCo")
    said = runtime.requests.describe_for_family(request, "en")
    assert "A My Plan at school fits better." in said
    assert "your child's school SENCo" in said
    assert json.loads(request.decision)["signposted_to"] == "your child's school SENCo"


def test_an_unknown_language_falls_back_to_english(session, runtime):
    request = create_request(session, runtime)
    said = runtime.requests.describe_for_family(request, "xx", now=NOW)
    assert said.startswith("Waiting for the Stroud")
