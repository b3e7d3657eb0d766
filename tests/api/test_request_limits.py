"""Requests too large to serve are problems, below gunicorn's own limits (which answer in
HTML): a URL over 2 KB is 414, headers over 8 KB are 431, a chunked body over 64 KB is 413."""

from __future__ import annotations

import io
import json

import pytest

from tests.api.helpers import PROBLEM

LIMIT = 64 * 1024


def assert_problem(response, status: int) -> None:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.content_type == PROBLEM
    assert response.get_json()["status"] == status


def post_chunked(client, url: str, body: bytes):
    return client.post(url, input_stream=io.BytesIO(body), content_type="application/json",
                       headers={"Transfer-Encoding": "chunked"},
                       environ_overrides={"wsgi.input_terminated": True})


@pytest.mark.parametrize("url", ["/api/v1/services?q=" + "a" * 2100, "/api/v1/" + "a" * 2100])
def test_a_url_over_2_kb_is_a_414_problem(client, url):
    assert_problem(client.get(url), 414)


def test_a_web_page_url_over_2_kb_is_a_414_page(client):
    # Errors on the web chat's pages are pages, like every other error there.
    response = client.get("/questions/" + "a" * 2100)
    assert response.status_code == 414 and response.mimetype == "text/html"


def test_a_url_within_2_kb_is_served(client):
    assert client.get("/api/v1/services?q=" + "a" * 150).status_code == 200


def test_headers_over_8_kb_in_all_are_a_431_problem(client):
    headers = {f"X-Filler-{n}": "x" * 1000 for n in range(9)}
    assert_problem(client.get("/livez", headers=headers), 431)


def test_headers_within_8_kb_are_served(client):
    assert client.get("/livez", headers={"X-Filler": "x" * 6000}).status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/conversations", "/api/v1/requests"])
def test_a_chunked_body_over_64_kb_is_a_413_problem(client, url):
    body = json.dumps({"flow": "family", "locale": "x" * LIMIT}).encode()
    assert_problem(post_chunked(client, url, body), 413)


def test_a_chunked_body_within_the_limit_is_read_whole(client):
    body = json.dumps({"flow": "family", "locale": "en"}).encode()
    assert post_chunked(client, "/api/v1/conversations", body).status_code == 201
