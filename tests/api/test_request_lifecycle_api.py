"""After allocation over HTTP: a key worker's own key, the plan, reviews, closing, the clocks
in every request, the overdue list, and the daily ageing report."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from pathway_bot.cli import cli
from pathway_bot.persistence.models.requests import SupportRequest
from tests.requests_factories import NOW, create_request

PROBLEM = "application/problem+json"


def bearer(text: str) -> dict:
    return {"Authorization": f"Bearer {text}"}


def new_key(runtime, role: str, name: str) -> tuple[str, str]:
    """(the key's prefix, the key), made as staff make them: from the command line."""
    result = CliRunner().invoke(cli, ["create-key", "--role", role, "--district", "stroud",
                                      "--name", name], obj=runtime)
    assert result.exit_code == 0, result.output
    text = result.output.strip().splitlines()[-1]
    return text[:12], text


@pytest.fixture
def at_time(runtime):
    def set_to(moment: datetime) -> None:
        runtime.requests.clock = lambda: moment
        runtime.clock = lambda: moment
    set_to(NOW)
    return set_to


@pytest.fixture
def coordinator(runtime):
    return bearer(new_key(runtime, "coordinator", "Stroud FF+")[1])


@pytest.fixture
def key_worker(runtime):
    return new_key(runtime, "key_worker", "Jo, Stroud family support")


def raised(runtime) -> str:
    with runtime.database.session() as session:
        return create_request(session, runtime, now=NOW).id


def allocate(client, coordinator, request_id: str, key_prefix: str):
    assert client.post(f"/api/v1/requests/{request_id}/claim",
                       headers=coordinator).status_code == 200
    response = client.post(f"/api/v1/requests/{request_id}/allocate", headers=coordinator,
                           json={"to": "Stroud Family Support", "key_worker": {
                               "key": key_prefix, "first_name": "Jo",
                               "role": "family support worker",
                               "family_preference": "a woman, please"}})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


PLAN = {"outcomes": [{"outcome": "Back in school every morning", "priority": 1}],
        "plan": "Weekly visits; the school adjusts the timetable.",
        "next_review_on": "2026-01-13", "review_every_weeks": 6,
        "family_say_on_reviews": "Every six weeks suits us"}


def test_a_key_worker_plans_reviews_and_closes_through_their_own_key(
        client, runtime, at_time, coordinator, key_worker):
    prefix, key = key_worker
    request_id = raised(runtime)
    shown = allocate(client, coordinator, request_id, prefix)
    assert shown["key_worker"] == {"first_name": "Jo", "role": "family support worker",
                                   "family_preference": "a woman, please"}
    assert shown["stage"] == "agree_and_allocate"
    worker = bearer(key)
    listed = client.get("/api/v1/requests", headers=worker).get_json()
    assert [item["id"] for item in listed["items"]] == [request_id]

    steps = [("first-contact", {"note": "Phoned; visit on Friday"}), ("plan", PLAN),
             ("start-review", {}),
             ("review", {"outcome": "continue", "note": "Going well",
                         "next_review_on": "2026-02-24"}),
             ("start-review", {}), ("review", {"outcome": "close", "note": "All agreed"})]
    for step, body in steps:
        response = client.post(f"/api/v1/requests/{request_id}/{step}", json=body,
                               headers=worker)
        assert response.status_code == 200, (step, response.get_json())
    final = response.get_json()
    assert (final["status"], final["stage"]) == ("closed", "review_and_learn")
    assert final["plan"]["family_say_on_reviews"] == "Every six weeks suits us"
    history = client.get(f"/api/v1/requests/{request_id}/history", headers=worker).get_json()
    assert [e["action"] for e in history][-6:] == [
        "first_contact", "plan", "start_review", "review", "start_review", "close"]
    assert {e["actor"]["role"] for e in history[-6:]} == {"key_worker"}


def test_a_key_workers_key_cannot_see_or_work_requests_not_allocated_to_them(
        client, runtime, coordinator, key_worker):
    _, key = key_worker
    request_id = raised(runtime)
    for response in (client.get(f"/api/v1/requests/{request_id}", headers=bearer(key)),
                     client.post(f"/api/v1/requests/{request_id}/plan", json=PLAN,
                                 headers=bearer(key))):
        assert response.status_code == 404
    assert client.post(f"/api/v1/requests/{request_id}/claim",
                       headers=bearer(key)).status_code == 403


def test_closing_a_queued_request_and_reviewing_an_unallocated_one_are_409s_that_change_nothing(
        client, runtime, coordinator):
    request_id = raised(runtime)
    before = client.get(f"/api/v1/requests/{request_id}/history", headers=coordinator)
    for step, body in (("close", {"reason": "done"}), ("start-review", {}),
                       ("review", {"outcome": "continue", "note": "x",
                                   "next_review_on": "2026-01-13"})):
        response = client.post(f"/api/v1/requests/{request_id}/{step}", json=body,
                               headers=coordinator)
        assert response.status_code == 409, step
        assert response.content_type == PROBLEM
    after = client.get(f"/api/v1/requests/{request_id}/history", headers=coordinator)
    assert after.get_json() == before.get_json()
    shown = client.get(f"/api/v1/requests/{request_id}", headers=coordinator).get_json()
    assert shown["status"] == "queued"


def test_allocating_to_a_key_that_is_not_a_key_workers_is_a_422_that_changes_nothing(
        client, runtime, coordinator):
    request_id = raised(runtime)
    client.post(f"/api/v1/requests/{request_id}/claim", headers=coordinator)
    response = client.post(f"/api/v1/requests/{request_id}/allocate", headers=coordinator,
                           json={"to": "Stroud Family Support", "key_worker": {
                               "key": "pbk_nobody", "first_name": "Jo", "role": "worker"}})
    assert response.status_code == 422 and response.content_type == PROBLEM
    shown = client.get(f"/api/v1/requests/{request_id}", headers=coordinator).get_json()
    assert shown["status"] == "claimed"


def test_every_request_shows_its_time_left_and_the_overdue_list_shows_the_late_ones(
        client, runtime, at_time, coordinator):
    late, on_time = raised(runtime), raised(runtime)
    client.post(f"/api/v1/requests/{on_time}/claim", headers=coordinator)
    at_time(datetime(2025, 11, 26, 9, tzinfo=UTC))
    shown = client.get(f"/api/v1/requests/{late}", headers=coordinator).get_json()
    assert shown["time_left"] == {
        "target": "acknowledge", "due_on": "2025-11-28", "met_on": None,
        "working_days_left": 2, "overdue": False, "met_late": False,
        "needs_confirming": True}
    assert client.get("/api/v1/requests?overdue=true",
                      headers=coordinator).get_json()["items"] == []

    at_time(datetime(2025, 12, 1, 9, tzinfo=UTC))
    overdue = client.get("/api/v1/requests?overdue=true", headers=coordinator).get_json()
    assert [item["id"] for item in overdue["items"]] == [late]
    assert overdue["items"][0]["time_left"]["overdue"] is True
    assert client.get("/api/v1/requests?overdue=maybe",
                      headers=coordinator).status_code == 422


def test_the_daily_ageing_command_carries_missed_meetings_and_lists_breaches_by_district(
        runtime, at_time):
    request_id = raised(runtime)
    at_time(datetime(2025, 12, 3, 7, tzinfo=UTC))
    result = CliRunner().invoke(cli, ["ageing", "--json"], obj=runtime)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["carried_forward"] == 1
    with runtime.database.session() as session:
        stored = session.get(SupportRequest, request_id)
        assert [b["target"] for b in report["breaches"]["stroud"]] == ["acknowledge", "decide"]
        assert report["breaches"]["stroud"][0]["reference"] == stored.reference
    assert report["breaches"]["cotswold"] == []
    text = CliRunner().invoke(cli, ["ageing"], obj=runtime).output
    assert "Carried to the next meeting today: 0" in text and "stroud: 2 late" in text


def test_a_family_tracking_from_any_device_sees_the_stage_the_key_worker_and_next_review(
        client, runtime, key_worker):
    from datetime import date, timedelta

    from tests.api.test_conversation_requests_api import finished_chat, raise_for
    from tests.requests_factories import born_aged, create_key

    prefix, key = key_worker
    receipt = raise_for(client, finished_chat(client, runtime)).get_json()
    with runtime.database.session() as session:
        forest = bearer(create_key(session, runtime, districts=("forest_of_dean",))[1])
    allocate(client, forest, receipt["id"], prefix)
    review_on = (date.today() + timedelta(days=30)).isoformat()
    client.post(f"/api/v1/requests/{receipt['id']}/plan", headers=bearer(key),
                json={**PLAN, "next_review_on": review_on})

    tracked = client.post("/api/v1/requests/track", json={
        "reference": receipt["reference"], "date_of_birth": born_aged(12)}).get_json()
    assert tracked["stage"] == "plan"
    assert tracked["stage_text"] == "You have a plan for your support"
    assert tracked["key_worker"] == {"first_name": "Jo", "role": "family support worker"}
    assert tracked["next_review_on"] == review_on
    assert "a woman, please" not in str(tracked)  # the family's preference is for staff
