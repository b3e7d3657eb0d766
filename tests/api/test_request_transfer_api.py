"""Moving a request to another district's group through the API: the reason in its history,
both groups see it, and nothing changes on a refusal."""

from __future__ import annotations

import pytest

from pathway_bot.persistence.models.requests import SupportRequest
from tests.api.helpers import PROBLEM
from tests.requests_factories import create_key, create_request


@pytest.fixture
def session(runtime):
    with runtime.database.session() as opened:
        yield opened


def bearer(text: str) -> dict:
    return {"Authorization": f"Bearer {text}"}


@pytest.fixture
def stroud(session, runtime):
    return bearer(create_key(session, runtime)[1])


@pytest.fixture
def cotswold(session, runtime):
    return bearer(create_key(session, runtime, districts=("cotswold",),
                             name="Cotswold coordinator")[1])


@pytest.fixture
def queued(session, runtime):
    request = create_request(session, runtime)
    session.commit()
    return request.id


def _stored(runtime, request_id) -> SupportRequest:
    with runtime.database.session() as session:
        return session.get(SupportRequest, request_id)


def test_a_transferred_request_joins_the_new_districts_queue_with_its_reason(
        client, stroud, cotswold, queued, runtime):
    response = client.post(f"/api/v1/requests/{queued}/transfer", headers=stroud,
                           json={"district": "cotswold", "reason": "The family moved"})
    assert response.status_code == 200
    assert (response.get_json()["district"], response.get_json()["status"]) == (
        "cotswold", "queued")
    theirs = client.get("/api/v1/requests?status=queued", headers=cotswold).get_json()
    assert [item["id"] for item in theirs["items"]] == [queued]
    history = client.get(f"/api/v1/requests/{queued}/history", headers=cotswold).get_json()
    assert history[-1]["action"] == "transfer"
    assert "The family moved" in history[-1]["note"]
    assert history[-1]["actor"]["name"] == "Stroud coordinator"


def test_the_old_group_lists_what_it_transferred_out_but_cannot_open_it(
        client, stroud, queued, runtime):
    client.post(f"/api/v1/requests/{queued}/transfer", headers=stroud,
                json={"district": "cotswold", "reason": "Wrong district"})
    out = client.get("/api/v1/requests/transferred-out", headers=stroud).get_json()
    assert [(m["from_district"], m["to_district"], m["reason"]) for m in out] == [
        ("stroud", "cotswold", "Wrong district")]
    assert client.get(f"/api/v1/requests/{queued}", headers=stroud).status_code == 404


def test_a_request_held_by_its_coordinator_is_let_go_as_it_moves(client, stroud, queued,
                                                                 runtime):
    client.post(f"/api/v1/requests/{queued}/claim", headers=stroud)
    client.post(f"/api/v1/requests/{queued}/transfer", headers=stroud,
                json={"district": "cotswold", "reason": "The family moved"})
    stored = _stored(runtime, queued)
    assert (stored.status, stored.claimed_by, stored.district) == ("queued", None, "cotswold")


@pytest.mark.parametrize("body", [
    {"district": "stroud", "reason": "Same district"},
    {"district": "atlantis", "reason": "Not a district"},
    {"district": "cotswold", "reason": ""},
    {"district": "cotswold"},
])
def test_a_bad_transfer_is_422_and_changes_nothing(client, stroud, queued, runtime, body):
    response = client.post(f"/api/v1/requests/{queued}/transfer", headers=stroud, json=body)
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert _stored(runtime, queued).district == "stroud"


def test_a_request_someone_else_holds_cannot_be_transferred(client, session, runtime, stroud,
                                                           queued):
    colleague = bearer(create_key(session, runtime, name="Colleague")[1])
    client.post(f"/api/v1/requests/{queued}/claim", headers=colleague)
    response = client.post(f"/api/v1/requests/{queued}/transfer", headers=stroud,
                           json={"district": "cotswold", "reason": "The family moved"})
    assert response.status_code == 409
    assert _stored(runtime, queued).district == "stroud"


def test_a_decided_request_cannot_be_transferred(client, stroud, queued, runtime):
    client.post(f"/api/v1/requests/{queued}/claim", headers=stroud)
    client.post(f"/api/v1/requests/{queued}/decline", headers=stroud,
                json={"reason": "Met at school", "signposted_to": "The SENCo"})
    response = client.post(f"/api/v1/requests/{queued}/transfer", headers=stroud,
                           json={"district": "cotswold", "reason": "Moved"})
    assert response.status_code == 409
    assert _stored(runtime, queued).district == "stroud"


def test_another_districts_coordinator_cannot_transfer_it(client, cotswold, queued, runtime):
    response = client.post(f"/api/v1/requests/{queued}/transfer", headers=cotswold,
                           json={"district": "gloucester", "reason": "Moved"})
    assert response.status_code == 404
    assert _stored(runtime, queued).district == "stroud"


def test_the_transfer_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "post" in paths["/api/v1/requests/{request_id}/transfer"]
    assert "get" in paths["/api/v1/requests/transferred-out"]


def test_erasing_a_transferred_request_blanks_why_it_was_moved(client, stroud, queued,
                                                              runtime):
    from pathway_bot.persistence.models.staff import RequestTransfer
    from pathway_bot.requests.service import erase_requests_for_conversation

    client.post(f"/api/v1/requests/{queued}/transfer", headers=stroud,
                json={"district": "cotswold", "reason": "Moved in with their gran"})
    with runtime.database.session() as session:
        conversation_id = session.get(SupportRequest, queued).conversation_id
        erase_requests_for_conversation(session, conversation_id, now=runtime.clock())
        session.commit()
        assert session.query(RequestTransfer).one().reason == ""
