import csv
import io

import pytest
from sqlalchemy import func, select

from pathway_bot.persistence.models.requests import SupportRequest
from tests.requests_factories import create_key, create_request, eligible_profile

PROBLEM = "application/problem+json"


@pytest.fixture
def session(runtime):
    with runtime.database.session() as session:
        yield session


def bearer(text: str) -> dict:
    return {"Authorization": f"Bearer {text}"}


@pytest.fixture
def coordinator(session, runtime):
    return bearer(create_key(session, runtime, name="Stroud one")[1])


@pytest.fixture
def colleague(session, runtime):
    return bearer(create_key(session, runtime, name="Stroud two")[1])


@pytest.fixture
def practitioner(session, runtime):
    return bearer(create_key(session, runtime, role="practitioner", districts=("stroud",),
                             name="Example Primary")[1])


def practitioner_body(**overrides) -> dict:
    profile = eligible_profile(respondent="practitioner")
    profile.pop("consent_to_share")
    body = {
        "profile": profile,
        "lead_professional": {"name": "A. Teacher", "role": "SENCo",
                              "organisation": "Example Primary", "email": "senco@example.org"},
        "summary": "Not attending since half term; very anxious in the mornings.",
        "consent": True,
    }
    body.update(overrides)
    return body


# Practitioners raise requests


def test_a_practitioner_raises_a_request_and_gets_a_receipt(client, practitioner):
    response = client.post("/api/v1/requests", json=practitioner_body(), headers=practitioner)
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"id", "reference", "district", "status", "next_meeting"}
    assert body["district"] == "stroud" and body["status"] == "queued"


def test_the_same_idempotency_key_returns_the_same_request(client, practitioner):
    headers = {**practitioner, "Idempotency-Key": "abc-123"}
    first = client.post("/api/v1/requests", json=practitioner_body(), headers=headers)
    again = client.post("/api/v1/requests", json=practitioner_body(), headers=headers)
    assert first.get_json()["id"] == again.get_json()["id"]


def test_the_same_idempotency_key_with_another_body_is_a_422_and_raises_nothing(
        client, session, practitioner):
    headers = {**practitioner, "Idempotency-Key": "abc-123"}
    client.post("/api/v1/requests", json=practitioner_body(), headers=headers)
    reused = client.post("/api/v1/requests", headers=headers,
                         json=practitioner_body(summary="Another child altogether."))
    assert reused.status_code == 422 and reused.content_type == PROBLEM
    problem = reused.get_json()
    assert problem["type"].endswith("idempotency_key_reused")
    assert "different" in problem["title"] and "Idempotency-Key" in problem["errors"]
    assert session.scalar(select(func.count()).select_from(SupportRequest)) == 1


def test_the_same_body_with_its_members_in_another_order_is_the_same_request(
        client, practitioner):
    headers = {**practitioner, "Idempotency-Key": "abc-123"}
    body = practitioner_body()
    first = client.post("/api/v1/requests", json=body, headers=headers).get_json()
    shuffled = dict(reversed(list(body.items())))
    again = client.post("/api/v1/requests", json=shuffled, headers=headers)
    assert again.status_code == 201 and again.get_json()["id"] == first["id"]


def test_a_postcode_finds_the_district(client, practitioner):
    profile = {**practitioner_body()["profile"], "postcode": "GL5 1AA"}
    del profile["district"]
    response = client.post("/api/v1/requests", json=practitioner_body(profile=profile),
                           headers=practitioner)
    assert response.status_code == 201 and response.get_json()["district"] == "stroud"


def test_an_ambiguous_postcode_asks_for_the_district(client, practitioner):
    profile = {**practitioner_body()["profile"], "postcode": "GL6 7AA"}
    del profile["district"]
    response = client.post("/api/v1/requests", json=practitioner_body(profile=profile),
                           headers=practitioner)
    assert response.status_code == 422
    assert "district" in response.get_json()["errors"]


def test_an_out_of_county_postcode_points_to_the_family_s_own_council(client, practitioner):
    profile = {**practitioner_body()["profile"], "postcode": "BS1 4DJ"}
    del profile["district"]
    response = client.post("/api/v1/requests", json=practitioner_body(profile=profile),
                           headers=practitioner)
    assert response.status_code == 422
    problem = response.get_json()
    assert problem["type"].endswith(":out-of-area")
    assert "outside Gloucestershire" in problem["errors"]["postcode"][0]
    assert problem["find_your_council_url"] == "https://www.gov.uk/find-local-council"


def test_below_the_threshold_is_422_with_the_reasons(client, practitioner):
    profile = {**practitioner_body()["profile"], "needs": {"cognition_learning": 1}}
    response = client.post("/api/v1/requests", json=practitioner_body(profile=profile),
                           headers=practitioner)
    assert response.status_code == 422 and response.content_type == PROBLEM
    problem = response.get_json()
    assert problem["type"].endswith("not_eligible") and problem["reasons"]


@pytest.mark.parametrize("said", ["yes", "1", 1, "true"])
def test_only_json_true_is_consent(client, practitioner, said):
    response = client.post("/api/v1/requests", json=practitioner_body(consent=said),
                           headers=practitioner)
    assert response.status_code == 422 and "consent" in response.get_json()["errors"]


def test_without_consent_it_is_422(client, practitioner):
    response = client.post("/api/v1/requests", json=practitioner_body(consent=False),
                           headers=practitioner)
    assert response.status_code == 422
    assert "agreement" in response.get_json()["detail"]


@pytest.mark.parametrize("body", [
    {**practitioner_body(), "extra": 1},
    {**practitioner_body(), "consent": "maybe"},
    {k: v for k, v in practitioner_body().items() if k != "lead_professional"},
    {**practitioner_body(), "profile": {**eligible_profile(), "age": "nine"}},
    {**practitioner_body(), "profile": {**eligible_profile(), "needs": {"reading": 3}}},
])
def test_bad_bodies_are_refused_and_nothing_is_raised(client, practitioner, coordinator, body):
    response = client.post("/api/v1/requests", json=body, headers=practitioner)
    assert response.status_code == 422 and response.content_type == PROBLEM
    assert client.get("/api/v1/requests", headers=coordinator).get_json()["total"] == 0


def test_a_practitioner_key_raises_only_for_its_own_districts(client, practitioner):
    profile = {**practitioner_body()["profile"], "district": "cheltenham"}
    response = client.post("/api/v1/requests", json=practitioner_body(profile=profile),
                           headers=practitioner)
    assert response.status_code == 403


def test_a_coordinator_key_cannot_raise_a_practitioner_request(client, coordinator):
    response = client.post("/api/v1/requests", json=practitioner_body(), headers=coordinator)
    assert response.status_code == 403


# Keys


@pytest.mark.parametrize("headers", [{}, bearer("pbk_not-a-key"), {"Authorization": "Basic x"}])
def test_no_valid_key_is_401(client, headers):
    response = client.get("/api/v1/requests", headers=headers)
    assert response.status_code == 401 and response.content_type == PROBLEM


def test_a_practitioner_key_on_the_queue_is_403(client, practitioner):
    assert client.post("/api/v1/requests/pull", headers=practitioner).status_code == 403
    assert client.get("/api/v1/requests", headers=practitioner).status_code == 403


def test_a_revoked_key_is_401(client, session, runtime):
    from pathway_bot.requests import keys

    key, text = create_key(session, runtime)
    keys.revoke_key(session, key.id, now=key.created_at)
    assert client.get("/api/v1/requests", headers=bearer(text)).status_code == 401


# The queue


def test_the_queue_lists_own_district_requests_oldest_first(client, session, runtime,
                                                            coordinator):
    first = create_request(session, runtime)
    create_request(session, runtime, profile={"district": "cheltenham"})
    second = create_request(session, runtime)
    body = client.get("/api/v1/requests?status=queued&per_page=1&page=2",
                      headers=coordinator).get_json()
    assert body["total"] == 2 and [i["id"] for i in body["items"]] == [second.id]
    assert first.id != second.id


def test_a_bad_queue_query_is_422(client, coordinator):
    response = client.get("/api/v1/requests?status=lost", headers=coordinator)
    assert response.status_code == 422


def test_pull_claims_the_oldest_and_then_there_is_none(client, session, runtime, coordinator):
    request = create_request(session, runtime)
    pulled = client.post("/api/v1/requests/pull", headers=coordinator)
    assert pulled.status_code == 200
    body = pulled.get_json()
    assert body["id"] == request.id and body["status"] == "claimed"
    assert body["claimed_by"] == {"role": "coordinator", "name": "Stroud one"}
    assert body["answers"]["worry"] == "He will not go into school"
    assert client.post("/api/v1/requests/pull", headers=coordinator).status_code == 204


def test_claim_allocate_and_history(client, session, runtime, coordinator):
    request = create_request(session, runtime)
    base = f"/api/v1/requests/{request.id}"
    assert client.post(f"{base}/claim", headers=coordinator).status_code == 200
    allocated = client.post(f"{base}/allocate", headers=coordinator, json={
        "to": "Family Action", "lead_professional": {"name": "J. Worker"}, "note": "TAF"})
    assert allocated.status_code == 200 and allocated.get_json()["status"] == "allocated"
    history = client.get(f"{base}/history", headers=coordinator).get_json()
    assert [(h["action"], h["to_status"]) for h in history] == [
        ("raise", "queued"), ("claim", "claimed"), ("allocate", "allocated")]
    assert history[-1]["actor"]["name"] == "Stroud one" and history[-1]["note"] == "TAF"


def test_decline_needs_a_reason(client, session, runtime, coordinator):
    request = create_request(session, runtime)
    base = f"/api/v1/requests/{request.id}"
    client.post(f"{base}/claim", headers=coordinator)
    assert client.post(f"{base}/decline", headers=coordinator, json={}).status_code == 422
    declined = client.post(f"{base}/decline", headers=coordinator,
                           json={"reason": "A My Plan fits", "signposted_to": "The SENCo"})
    assert declined.get_json()["decision"] == {"reason": "A My Plan fits",
                                               "signposted_to": "The SENCo"}


def test_allocate_must_say_who(client, session, runtime, coordinator):
    request = create_request(session, runtime)
    client.post(f"/api/v1/requests/{request.id}/claim", headers=coordinator)
    response = client.post(f"/api/v1/requests/{request.id}/allocate", headers=coordinator,
                           json={"note": "someone"})
    assert response.status_code == 422


def test_release_puts_it_back(client, session, runtime, coordinator, colleague):
    request = create_request(session, runtime)
    client.post(f"/api/v1/requests/{request.id}/claim", headers=coordinator)
    released = client.post(f"/api/v1/requests/{request.id}/release", headers=coordinator,
                           json={})
    assert released.get_json()["status"] == "queued"
    assert client.post("/api/v1/requests/pull", headers=colleague).get_json()["id"] == request.id


def test_claiming_what_someone_else_holds_is_409(client, session, runtime, coordinator,
                                                 colleague):
    request = create_request(session, runtime)
    client.post(f"/api/v1/requests/{request.id}/claim", headers=coordinator)
    response = client.post(f"/api/v1/requests/{request.id}/claim", headers=colleague)
    assert response.status_code == 409 and response.content_type == PROBLEM


def test_an_illegal_transition_is_a_409_problem(client, session, runtime, coordinator):
    request = create_request(session, runtime)
    response = client.post(f"/api/v1/requests/{request.id}/decline", headers=coordinator,
                           json={"reason": "No"})
    assert response.status_code == 409
    assert response.get_json()["type"].endswith("illegal_transition")


def test_another_district_s_request_is_404(client, session, runtime, coordinator):
    request = create_request(session, runtime, profile={"district": "cheltenham"})
    for method, path in [("get", ""), ("get", "/history"), ("post", "/claim")]:
        response = getattr(client, method)(f"/api/v1/requests/{request.id}{path}",
                                           headers=coordinator)
        assert response.status_code == 404


# The next meeting's agenda


def test_the_next_meeting_has_a_date_and_an_agenda(client, session, runtime, coordinator):
    request = create_request(session, runtime)
    create_request(session, runtime, profile={"district": "cheltenham"})
    body = client.get("/api/v1/districts/stroud/meetings/next", headers=coordinator).get_json()
    assert body["allocations_group"] == "Stroud Early Help allocations group"
    assert [item["reference"] for item in body["items"]] == [request.reference]
    assert body["items"][0]["main_needs"] == ["social_emotional_mental_health",
                                              "education_participation"]


@pytest.mark.parametrize("how", [{"query_string": {"format": "csv"}},
                                 {"headers": {"Accept": "text/csv"}}])
def test_the_agenda_comes_as_csv(client, session, runtime, coordinator, how):
    request = create_request(session, runtime)
    headers = {**coordinator, **how.get("headers", {})}
    response = client.get("/api/v1/districts/stroud/meetings/next", headers=headers,
                          query_string=how.get("query_string"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0]["reference"] == request.reference
    assert rows[0]["main_needs"] == "social_emotional_mental_health;education_participation"
    assert "07700" not in response.get_data(as_text=True)  # no contact details on the agenda


def test_another_district_s_agenda_is_404(client, coordinator):
    assert client.get("/api/v1/districts/cheltenham/meetings/next",
                      headers=coordinator).status_code == 404
    assert client.get("/api/v1/districts/atlantis/meetings/next",
                      headers=coordinator).status_code == 404


def test_the_openapi_document_describes_the_queue(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/requests/pull" in paths
    assert "/api/v1/districts/{district}/meetings/next" in paths


def test_a_page_number_too_large_to_store_is_a_422_not_a_server_error(client, coordinator):
    response = client.get("/api/v1/requests", query_string={"page": 10**20},
                          headers=coordinator)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"


@pytest.mark.parametrize("url", ["/api/v1/requests?status=queued&colour=blue",
                                 "/api/v1/districts/stroud/meetings/next?colour=blue"])
def test_an_unknown_query_parameter_is_422(client, coordinator, url):
    response = client.get(url, headers=coordinator)
    assert response.status_code == 422 and response.content_type == PROBLEM
    assert "colour" in response.get_json()["errors"]
