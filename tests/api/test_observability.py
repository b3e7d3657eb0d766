"""What an operator watches: a request id on every response and problem, one JSON log line
per request without personal data, /readyz, and /metrics behind its token."""

from __future__ import annotations

import json

import pytest

from pathway_bot.app import create_app
from pathway_bot.observability.request_log import RequestLog, RoutedRequest
from tests.api.helpers import Chat
from tests.requests_factories import create_request

METRICS_TOKEN = "m" * 40


class Lines(list):
    def __call__(self, line: str) -> None:
        self.append(json.loads(line))


@pytest.fixture
def logged(app):
    """The app's request log, captured line by line."""
    lines = Lines()
    middleware = app.wsgi_app
    while not isinstance(middleware, RequestLog):
        middleware = middleware.app
    middleware.write = lines
    return lines


@pytest.fixture
def metrics_app(config):
    application = create_app(config.with_overrides(metrics_token=METRICS_TOKEN))
    yield application
    application.extensions["pathway_bot"].database.dispose()


def scrape(client, token: str | None = METRICS_TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get("/metrics", headers=headers)


def metric_value(text: str, name: str, **labels) -> float:
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    for line in text.splitlines():
        if line.startswith(f"{name}{{{wanted}}}") or (not labels and line.startswith(name + " ")):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_every_response_carries_a_request_id_and_a_forwarded_one_is_kept(client):
    made = client.get("/livez").headers["X-Request-Id"]
    other = client.get("/livez").headers["X-Request-Id"]
    assert made and other and made != other
    forwarded = client.get("/livez", headers={"X-Request-Id": "0f3a9c"})
    assert forwarded.headers["X-Request-Id"] == "0f3a9c"


def test_a_forwarded_request_id_that_could_forge_a_log_line_is_replaced(client, logged):
    hostile = 'x","status":200,"evil":"'
    response = client.get("/livez", headers={"X-Request-Id": hostile})
    assert response.headers["X-Request-Id"] != hostile
    assert logged[-1]["request_id"] == response.headers["X-Request-Id"]


def test_a_problem_names_the_request_id_its_response_carries(client):
    response = client.get("/api/v1/conversations/nope", headers={"X-Request-Id": "abc-1"})
    assert response.status_code == 401
    assert response.get_json()["request_id"] == "abc-1"


def test_each_request_is_one_json_line_with_method_route_status_duration_and_id(client,
                                                                                 logged):
    chat = Chat(client)
    chat.answer(False)
    answer_line = logged[-1]
    assert set(answer_line) == {"time", "level", "event", "method", "route", "status",
                                "duration_ms", "request_id"}
    assert answer_line["method"] == "POST" and answer_line["status"] == 200
    assert answer_line["route"] == "/api/v1/conversations/<conversation_id>/answers"
    assert answer_line["duration_ms"] > 0


def test_the_log_never_holds_ids_tokens_query_strings_or_bodies(client, logged):
    chat = Chat(client)
    chat.answer(False)
    client.get("/api/v1/services?postcode=GL5+4AA&q=autism")
    client.post("/api/v1/requests/track",
                json={"reference": "K7MQ-4XZP", "date_of_birth": "2015-01-01"})
    client.get("/nowhere/K7MQ-4XZP")
    written = json.dumps(list(logged))
    for secret in (chat.id, chat.token, "GL5", "autism", "K7MQ", "2015-01-01"):
        assert secret not in written
    assert logged[-1]["route"] == "unmatched" and logged[-1]["status"] == 404


def test_the_request_log_can_be_turned_off(config):
    app = create_app(config.with_overrides(request_log=False))
    middleware = app.wsgi_app
    while not isinstance(middleware, RequestLog):
        middleware = middleware.app
    assert middleware.write is None
    app.extensions["pathway_bot"].database.dispose()


def test_the_app_records_the_matched_route_for_the_log(app):
    assert app.request_class is RoutedRequest


def test_readyz_reports_the_database_redis_and_the_outbox(client):
    body = client.get("/readyz").get_json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["redis"] == "off"  # limits are off in tests
    assert body["outbox"]["state"] == "ok"
    assert {"queued", "sending", "dead", "oldest_queued_seconds"} <= set(body["outbox"])


def test_metrics_are_not_served_without_a_token_configured(client):
    response = scrape(client)
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"


@pytest.mark.parametrize("token", [None, "wrong", METRICS_TOKEN[:-1]])
def test_metrics_refuse_a_caller_without_the_token(metrics_app, token):
    response = scrape(metrics_app.test_client(), token)
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"


def test_metrics_count_requests_by_route_and_conversations_started_and_finished(
        metrics_app):
    client = metrics_app.test_client()
    before = scrape(client).get_data(as_text=True)
    chat = Chat(client)
    chat.answer(True, question="harm")  # harm: the safeguarding outcome at once
    after = scrape(client).get_data(as_text=True)
    route = "/api/v1/conversations"
    started = metric_value(after, "pathway_conversations_started_total", flow="family") - \
        metric_value(before, "pathway_conversations_started_total", flow="family")
    finished = metric_value(after, "pathway_conversations_finished_total", flow="family") - \
        metric_value(before, "pathway_conversations_finished_total", flow="family")
    posted = metric_value(after, "pathway_http_requests_total", method="POST", route=route,
                          status="201") - metric_value(before, "pathway_http_requests_total",
                                                       method="POST", route=route,
                                                       status="201")
    assert (started, finished, posted) == (1, 1, 1)
    assert "pathway_http_request_duration_seconds_bucket" in after


def test_metrics_show_the_queue_per_district_and_the_outbox_backlog(metrics_app):
    runtime = metrics_app.extensions["pathway_bot"]
    with runtime.database.session() as session:
        create_request(session, runtime)
        create_request(session, runtime)
        session.commit()
    text = scrape(metrics_app.test_client()).get_data(as_text=True)
    assert metric_value(text, "pathway_queue_depth", area=runtime.area.id,
                        district="stroud") == 2
    assert metric_value(text, "pathway_queue_depth", area=runtime.area.id,
                        district="forest_of_dean") == 0
    assert 'pathway_outbox_messages{state="queued"}' in text


def test_readyz_says_when_redis_is_not_used_and_when_it_answers(config):
    import os

    for storage, expected in [("memory://", "not_used"),
                              (os.environ.get("PATHWAY_TEST_REDIS_URL"), "ok")]:
        if storage is None:
            continue
        app = create_app(config.with_overrides(ratelimit_enabled=True,
                                               ratelimit_storage_uri=storage))
        assert app.test_client().get("/readyz").get_json()["redis"] == expected
        app.extensions["pathway_bot"].database.dispose()


def test_serve_empties_the_metrics_folder_of_its_own_files_only(config, tmp_path, monkeypatch):
    from pathway_bot.commands.operations import metrics_folder_for_workers

    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "counter_123.db").write_bytes(b"old")
    (folder / "keep.txt").write_text("not ours")
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    made = metrics_folder_for_workers(config.with_overrides(metrics_dir=str(folder)))
    assert made == folder and [p.name for p in folder.iterdir()] == ["keep.txt"]
    import os

    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(folder)
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
