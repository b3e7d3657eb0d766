"""GET /api/v1/insights/...: manager keys only, their own area and districts, JSON or CSV."""

from __future__ import annotations

import csv
import io
import statistics
import uuid

from pathway_bot.persistence.models.requests import ApiKey
from pathway_bot.requests import keys
from tests.api.helpers import PROBLEM
from tests.insights_factories import profile_for, walk
from tests.requests_factories import NOW, create_key

PERIOD = {"from": "2025-01", "to": "2026-12"}


def _manager(runtime, districts=("stroud",)):
    with runtime.database.session() as session:
        _, text = create_key(session, runtime, role="manager", districts=districts,
                             name="Service manager")
    return {"Authorization": f"Bearer {text}"}


def _six_in_stroud_one_in_cheltenham(runtime):
    for age in (3, 6, 8, 9, 12, 15):
        walk(runtime, profile_for("stroud", age))
    walk(runtime, profile_for("cheltenham", 9))


def test_a_manager_sees_its_districts_figures_with_small_numbers_hidden(client, runtime):
    _six_in_stroud_one_in_cheltenham(runtime)
    response = client.get("/api/v1/insights", query_string=PERIOD,
                          headers=_manager(runtime, runtime.area.district_ids))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    table = body["conversations"]["by_district"]
    assert body["conversations"]["started"] == 7
    assert table["row_totals"][table["rows"].index("stroud")] == 6
    assert table["row_totals"][table["rows"].index("cheltenham")] is None
    shown = [v for row in table["cells"] for v in row if v is not None]
    assert all(v >= 5 for v in shown)


def test_a_manager_of_one_district_sees_nothing_of_another(client, runtime):
    _six_in_stroud_one_in_cheltenham(runtime)
    body = client.get("/api/v1/insights/conversations", query_string=PERIOD,
                      headers=_manager(runtime, ("cheltenham",))).get_json()
    assert body["districts"] == ["cheltenham"]
    assert body["conversations"]["by_district"]["rows"] == ["cheltenham"]
    assert body["conversations"]["started"] is None  # one conversation: fewer than 5
    asked = client.get("/api/v1/insights/conversations",
                       query_string={**PERIOD, "district": "stroud"},
                       headers=_manager(runtime, ("cheltenham",)))
    assert asked.status_code == 422 and asked.mimetype == PROBLEM


def test_a_key_of_an_area_this_deployment_does_not_serve_is_refused(client, runtime):
    _six_in_stroud_one_in_cheltenham(runtime)
    text = keys.new_key_text()
    with runtime.database.session() as session:
        session.add(ApiKey(id=uuid.uuid4().hex, area="somewhere_else", name="Elsewhere",
                           role="manager", districts="stroud", key_hash=keys.hash_key(text),
                           prefix=text[:12], created_at=NOW))
        session.commit()
    refused = client.get("/api/v1/insights", query_string=PERIOD,
                         headers={"Authorization": f"Bearer {text}"})
    assert refused.status_code == 403 and refused.mimetype == PROBLEM


def test_insights_need_a_manager_key(client, runtime):
    assert client.get("/api/v1/insights").status_code == 401
    with runtime.database.session() as session:
        _, text = create_key(session, runtime, role="coordinator")
    refused = client.get("/api/v1/insights", headers={"Authorization": f"Bearer {text}"})
    assert refused.status_code == 403 and refused.mimetype == PROBLEM


def test_a_period_that_cannot_be_read_is_a_problem_and_changes_nothing(client, runtime):
    headers = _manager(runtime)
    for query in ({"from": "2025-13"}, {"to": "last year"}, {"from": "2026-02", "to": "2026-01"},
                  {"colour": "blue"}):
        response = client.get("/api/v1/insights", query_string=query, headers=headers)
        assert response.status_code == 422, query
        assert response.mimetype == PROBLEM


def test_the_csv_export_says_fewer_than_5_where_a_count_is_hidden(client, runtime):
    _six_in_stroud_one_in_cheltenham(runtime)
    response = client.get("/api/v1/insights", query_string={**PERIOD, "format": "csv"},
                          headers=_manager(runtime, runtime.area.district_ids))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    started = [r for r in rows if r["table"] == "by_district" and r["row"] == "total"
               and r["column"] == "total"]
    assert started[0]["value"] == "7"
    cheltenham = [r for r in rows if r["table"] == "by_district" and r["row"] == "cheltenham"]
    assert {r["value"] for r in cheltenham} == {"fewer than 5"}


def test_feedback_is_exported_per_service(client, runtime):
    headers = _manager(runtime, runtime.area.district_ids)
    response = client.get("/api/v1/insights/feedback",
                          query_string={**PERIOD, "format": "csv"}, headers=headers)
    assert response.status_code == 200
    header = response.get_data(as_text=True).splitlines()[0]
    assert header == "service_id,service_name,helpful,not_helpful,comments"


def test_the_insights_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/api/v1/insights", "/api/v1/insights/conversations", "/api/v1/insights/funnels",
                 "/api/v1/insights/requests", "/api/v1/insights/feedback",
                 "/api/v1/insights/equality"):
        assert "get" in paths[path], path


def test_the_request_lifecycle_figures_come_as_json_and_csv(client, runtime):
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import func, select

    from pathway_bot.persistence.models.requests import SupportRequest
    from pathway_bot.persistence.models.staff import RequestTransfer
    from pathway_bot.requests import queue
    from pathway_bot.requests.moves import Actor
    from pathway_bot.requests.transfers import transfer_request
    from tests.requests_factories import create_request

    with runtime.database.session() as session:
        coordinator, _ = create_key(session, runtime, districts=runtime.area.district_ids)
        for n in range(6):
            request = create_request(session, runtime, now=NOW)
            queue.claim_request(session, coordinator, request.id, now=NOW + timedelta(days=1))
            queue.allocate_request(session, coordinator, request.id,
                                   now=NOW + timedelta(days=1), to="Stroud Family Support",
                                   lead_professional=None, note=None)
            runtime.requests.clock = lambda n=n: NOW + timedelta(days=2 + n)
            runtime.casework.record_first_contact(session, coordinator, request.id)
            runtime.casework.close(session, coordinator, request.id, reason="Finished")
        for _ in range(5):
            request = create_request(session, runtime, now=NOW)
            transfer_request(session, coordinator, request.id, area=runtime.area,
                             to_district="gloucester", reason="The family moved",
                             actor=Actor.from_key(coordinator), now=NOW)
        transferred = session.scalar(select(func.count()).select_from(RequestTransfer))
        days = [(contact - raised).total_seconds() / 86400 for raised, contact in session.execute(
            select(SupportRequest.created_at, SupportRequest.first_contact_at)
            .where(SupportRequest.first_contact_at.is_not(None)))]
        open_ = [SupportRequest.status.in_(("queued", "claimed"))]
        missed = sum(session.scalar(select(func.count()).select_from(SupportRequest)
                                    .where(*open_, column.is_(None)))
                     for column in (SupportRequest.acknowledged_at, SupportRequest.decided_at))
    runtime.insights.clock = lambda: datetime(2025, 12, 10, 10, tzinfo=UTC)
    headers = _manager(runtime, runtime.area.district_ids)

    body = client.get("/api/v1/insights/requests", query_string=PERIOD,
                      headers=headers).get_json()
    sheet = client.get("/api/v1/insights/requests", query_string={**PERIOD, "format": "csv"},
                       headers=headers).get_data(as_text=True)

    moved = body["requests"]["moved"]
    stroud = moved["rows"].index("stroud")
    assert moved["cells"][stroud] == [transferred, 6] == [5, 6]
    assert body["requests"]["times"]["first_contact"]["requests"] == len(days) == 6
    median = round(statistics.median(days), 1)
    assert body["requests"]["times"]["first_contact"]["median_days"] == median == 4.5
    overdue = body["requests"]["overdue"]
    gloucester = overdue["rows"].index("gloucester")
    # the five moved to Gloucester were never acknowledged (due 28 November) nor decided
    # (due at Gloucester's first meeting): two missed targets each
    assert overdue["cells"][gloucester][overdue["columns"].index("decide")] == 5
    assert overdue["row_totals"][gloucester] == overdue["total"] == missed == 10
    assert "requests,moved,stroud,closed,6\r\n" in sheet
    assert "requests,time_to_first_contact,total,median_days,4.5\r\n" in sheet
    assert "requests,overdue,gloucester,decide,5\r\n" in sheet
