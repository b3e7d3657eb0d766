"""After the outcome: "Was this helpful?" and equality monitoring, over the API."""

from __future__ import annotations

import dataclasses

from sqlalchemy import func, select

from pathway_bot.persistence.models.insights import EqualityAnswer, FeedbackAnswer
from tests.api.helpers import PROBLEM
from tests.insights_factories import profile_for, walk

SELF_HARM_WORDS = "She has been cutting herself and says she wants to die."


def _finished(runtime, district="stroud"):
    conversation_id, token, _ = walk(runtime, profile_for(district, 9))
    return f"/api/v1/conversations/{conversation_id}", {"Authorization": f"Bearer {token}"}


def _rows(runtime, model):
    with runtime.database.session() as session:
        return list(session.scalars(select(model)))


def test_feedback_on_the_conversation_is_kept_without_who_gave_it_once_erased(client, runtime):
    url, headers = _finished(runtime)
    response = client.post(f"{url}/feedback", headers=headers,
                           json={"helpful": True, "comment": "Clear and quick"})
    assert response.status_code == 201
    assert response.get_json() == {"comment_kept": True, "help": None}
    assert client.delete(url, headers=headers).status_code == 204
    (row,) = _rows(runtime, FeedbackAnswer)
    assert (row.subject, row.helpful, row.district, row.conversation_id, row.comment) == \
        ("conversation", True, "stroud", None, None)


def test_feedback_on_a_suggested_service_names_the_service(client, runtime):
    url, headers = _finished(runtime)
    services = client.get(f"{url}/outcome", headers=headers).get_json()["services"]
    assert services, "the outcome suggests services"
    response = client.post(f"{url}/feedback", headers=headers,
                           json={"helpful": False, "service": services[0]["id"]})
    assert response.status_code == 201
    assert [r.subject for r in _rows(runtime, FeedbackAnswer)] == [services[0]["id"]]


def test_a_second_answer_about_the_same_thing_replaces_the_first(client, runtime):
    url, headers = _finished(runtime)
    client.post(f"{url}/feedback", headers=headers, json={"helpful": True})
    client.post(f"{url}/feedback", headers=headers, json={"helpful": False})
    assert [r.helpful for r in _rows(runtime, FeedbackAnswer)] == [False]


def test_a_comment_that_suggests_self_harm_brings_help_and_is_not_kept(client, runtime):
    url, headers = _finished(runtime)
    response = client.post(f"{url}/feedback", headers=headers,
                           json={"helpful": False, "comment": SELF_HARM_WORDS})
    body = response.get_json()
    assert response.status_code == 201
    assert body["comment_kept"] is False and body["help"]["kind"] == "self_harm"
    assert body["help"]["contacts"]
    assert [r.comment for r in _rows(runtime, FeedbackAnswer)] == [None]


def test_feedback_that_cannot_be_kept_is_a_problem_and_keeps_nothing(client, runtime):
    url, headers = _finished(runtime)
    for body in ({"helpful": "maybe"}, {"helpful": True, "service": "not-suggested"},
                 {"helpful": True, "comment": "x" * 501}, {"helpful": True, "name": "Sam"},
                 {}):
        response = client.post(f"{url}/feedback", headers=headers, json=body)
        assert response.status_code == 422, body
        assert response.mimetype == PROBLEM
    assert _rows(runtime, FeedbackAnswer) == []


def test_feedback_is_asked_only_after_the_outcome_and_only_with_the_token(client, runtime):
    conversation_id, token, _ = walk(runtime, profile_for("stroud", 9), stop_after=2)
    url = f"/api/v1/conversations/{conversation_id}/feedback"
    early = client.post(url, headers={"Authorization": f"Bearer {token}"},
                        json={"helpful": True})
    assert early.status_code == 409
    assert client.post(url, json={"helpful": True}).status_code == 401


def test_equality_questions_are_not_asked_where_the_area_has_not_switched_them_on(client,
                                                                                  runtime):
    url, headers = _finished(runtime)
    response = client.post(f"{url}/equality", headers=headers, json={"ethnicity": "irish"})
    assert response.status_code == 404 and response.mimetype == PROBLEM
    assert _rows(runtime, EqualityAnswer) == []


def _switched_on(runtime):
    runtime.insights.area = dataclasses.replace(runtime.area, equality_monitoring=True)


def test_equality_answers_are_optional_and_erased_with_the_conversation(client, runtime):
    _switched_on(runtime)
    url, headers = _finished(runtime)
    assert client.post(f"{url}/equality", headers=headers,
                       json={"ethnicity": "prefer_not_to_say", "disability": "yes"}
                       ).status_code == 204
    assert client.post(f"{url}/equality", headers=headers, json={}).status_code == 204
    assert client.post(f"{url}/equality", headers=headers,
                       json={"gender": "unicorn"}).status_code == 422
    with runtime.database.session() as session:
        assert session.scalar(select(func.count()).select_from(EqualityAnswer)) == 1
    client.delete(url, headers=headers)
    assert _rows(runtime, EqualityAnswer) == []


def test_equality_answers_are_counted_in_insights_with_small_numbers_hidden(client, runtime):
    _switched_on(runtime)
    for _ in range(6):
        url, headers = _finished(runtime)
        client.post(f"{url}/equality", headers=headers, json={"ethnicity": "white_british"})
    url, headers = _finished(runtime)
    client.post(f"{url}/equality", headers=headers, json={"ethnicity": "roma"})
    from tests.requests_factories import create_key
    with runtime.database.session() as session:
        _, key = create_key(session, runtime, role="manager",
                            districts=runtime.area.district_ids)
    body = client.get("/api/v1/insights/equality", query_string={"from": "2025-01"},
                      headers={"Authorization": f"Bearer {key}"}).get_json()
    table = body["equality"]["ethnicity"]
    counts = dict(zip(table["rows"], (row[0] for row in table["cells"]), strict=True))
    assert counts["white_british"] == 6 and counts["roma"] is None
    assert table["total"] == 7
