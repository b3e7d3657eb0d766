"""Tracking from any device with the reference and the date of birth; adding to a request;
a practitioner's own requests."""

from __future__ import annotations

import pytest

from pathway_bot.app import create_app
from tests.api.helpers import PROBLEM
from tests.api.test_conversation_requests_api import finished_chat, raise_for
from tests.api.test_request_story_api import keys, practitioner_body  # noqa: F401
from tests.conftest import build_test_config
from tests.requests_factories import born_aged

TRACK = "/api/v1/requests/track"


def raised(client, runtime):
    chat = finished_chat(client, runtime)
    response = raise_for(client, chat)
    assert response.status_code == 201, response.get_json()
    return chat, response.get_json()


def test_a_family_tracks_from_any_device_with_the_reference_and_date_of_birth(client,
                                                                               runtime):
    _chat, receipt = raised(client, runtime)
    response = client.post(TRACK, json={"reference": receipt["reference"].lower(),
                                        "date_of_birth": born_aged(12)})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "queued"
    assert body["description"].startswith("Waiting for the Forest of Dean")
    assert body["next_meeting"] == receipt["next_meeting"] == body["in_touch_by"]
    assert "Forest of Dean allocations group" in body["who_will_be_in_touch"]
    assert "999" in body["meanwhile"]
    said = str(body)
    assert "Alex" not in said and "07700" not in said and "Sam" not in said


@pytest.mark.parametrize("wrong", [{"date_of_birth": "2001-01-01"},
                                   {"reference": "AAAA-BBBB"}])
def test_a_wrong_pair_is_the_same_404_as_an_unknown_reference(client, runtime, wrong):
    _chat, receipt = raised(client, runtime)
    pair = {"reference": receipt["reference"], "date_of_birth": born_aged(12), **wrong}
    response = client.post(TRACK, json=pair)
    assert response.status_code == 404 and response.content_type == PROBLEM
    assert response.get_json()["detail"] == \
        "No request matches that reference and date of birth."


@pytest.mark.parametrize("body", [{"reference": "K7MQ-4XZP", "date_of_birth": "2015-02-30"},
                                  {"reference": "not a ref!", "date_of_birth": "2015-01-01"},
                                  {"reference": "K7MQ-4XZP"}])
def test_a_pair_that_could_never_match_is_a_422(client, body):
    response = client.post(TRACK, json=body)
    assert response.status_code == 422 and response.content_type == PROBLEM


def test_an_erased_request_can_no_longer_be_tracked(client, runtime):
    chat, receipt = raised(client, runtime)
    client.delete(chat.url, headers=chat.headers)
    response = client.post(TRACK, json={"reference": receipt["reference"],
                                        "date_of_birth": born_aged(12)})
    assert response.status_code == 404


@pytest.fixture
def limited_client(database_url, tmp_path):
    app = create_app(build_test_config(database_url, tmp_path, ratelimit_enabled=True))
    yield app.test_client()
    app.extensions["pathway_bot"].database.dispose()


def test_failed_tracking_tries_count_against_the_failed_authentication_limit(limited_client):
    codes = [limited_client.post(TRACK, json={"reference": "AAAA-BBBB",
                                              "date_of_birth": "2015-01-01"}).status_code
             for _ in range(11)]
    assert codes == [404] * 10 + [429]


# Adding to a request


def test_the_family_adds_to_its_request_and_the_holder_sees_it_new_once(client, runtime,
                                                                         keys):  # noqa: F811
    chat, receipt = raised(client, runtime)
    added = client.post(f"{chat.url}/request-for-support/additions", headers=chat.headers,
                        json={"text": "Things got worse at school this week."})
    assert added.status_code == 201, added.get_json()
    url = f"/api/v1/requests/{receipt['id']}"
    coordinator = keys["coordinator"]
    assert client.get(url, headers=coordinator).get_json()["additions"][0]["new"] is True
    client.post(f"{url}/claim", headers=coordinator)
    first = client.get(url, headers=coordinator).get_json()["additions"]
    assert first == [{"at": first[0]["at"], "text": "Things got worse at school this week.",
                      "new": True}]
    assert client.get(url, headers=coordinator).get_json()["additions"][0]["new"] is False
    history = client.get(f"{url}/history", headers=coordinator).get_json()
    assert [e["action"] for e in history][:2] == ["raise", "add_information"]
    assert history[1]["note"] is None  # the words live apart, where erasure reaches them


@pytest.mark.parametrize("text", ["", "   ", "x" * 4001])
def test_an_empty_or_overlong_addition_is_a_422(client, runtime, text):
    chat, _receipt = raised(client, runtime)
    response = client.post(f"{chat.url}/request-for-support/additions", headers=chat.headers,
                           json={"text": text})
    assert response.status_code == 422


def test_another_conversation_cannot_add_to_the_request(client, runtime):
    raised(client, runtime)
    other = finished_chat(client, runtime)
    response = client.post(f"{other.url}/request-for-support/additions",
                           headers=other.headers, json={"text": "hello"})
    assert response.status_code == 404


def test_erasure_removes_what_was_added(client, runtime):
    from sqlalchemy import select

    from pathway_bot.persistence.models.requests import RequestAddition

    chat, _receipt = raised(client, runtime)
    client.post(f"{chat.url}/request-for-support/additions", headers=chat.headers,
                json={"text": "Things got worse."})
    client.delete(chat.url, headers=chat.headers)
    with runtime.database.session() as session:
        assert [a.text for a in session.scalars(select(RequestAddition))] == [None]


# A practitioner's own requests


def test_a_practitioner_lists_the_requests_it_raised_and_their_status(client, runtime,
                                                                       keys):  # noqa: F811
    raised(client, runtime)  # a family's: not the practitioner's
    mine = client.post("/api/v1/requests", json=practitioner_body(),
                       headers=keys["practitioner"]).get_json()
    response = client.get("/api/v1/requests", query_string={"raised_by": "me"},
                          headers=keys["practitioner"])
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 1
    assert [(i["reference"], i["status"]) for i in body["items"]] == \
        [(mine["reference"], "queued")]
    assert "child" not in body["items"][0]


def test_without_raised_by_me_a_practitioner_still_cannot_read_the_queue(client, keys):  # noqa: F811
    response = client.get("/api/v1/requests", headers=keys["practitioner"])
    assert response.status_code == 403


def test_raised_by_needs_a_key(client, keys):  # noqa: F811
    assert client.get("/api/v1/requests?raised_by=me").status_code == 401
    # Credentials are checked before the query: a bad value is a 422 only for a caller
    # with a key.
    assert client.get("/api/v1/requests?raised_by=you").status_code == 401
    response = client.get("/api/v1/requests?raised_by=you", headers=keys["practitioner"])
    assert response.status_code == 422
