"""Operating the service: the database set-up, health checks, retention, configuration."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from click.testing import CliRunner

from pathway_bot.app import create_app
from pathway_bot.cli import cli
from pathway_bot.config import config_from_environment
from pathway_bot.persistence.base import utcnow
from tests.conftest import build_test_config


def test_init_db_creates_the_schema_and_is_safe_to_run_again(tmp_path, monkeypatch):
    monkeypatch.setenv("PATHWAY_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    runner = CliRunner()
    first = runner.invoke(cli, ["init-db"])
    second = runner.invoke(cli, ["init-db"])
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    assert "Database ready" in second.output


def test_readyz_says_unavailable_when_the_database_cannot_be_reached(tmp_path):
    config = build_test_config("postgresql://nobody@127.0.0.1:1/none", tmp_path)
    app = create_app(config)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert app.test_client().get("/livez").status_code == 200


def test_purge_erases_only_conversations_older_than_the_retention_period(runtime):
    old, _ = runtime.conversations.start(flow="family", locale="en",
                                        now=utcnow() - timedelta(days=100))
    recent, _ = runtime.conversations.start(flow="family", locale="en", now=utcnow())
    erased = runtime.conversations.purge_abandoned(90, utcnow())
    assert erased == 1
    with runtime.conversation_store.turn() as turn:
        assert turn.get(old.conversation.id) is None
        assert turn.get(recent.conversation.id) is not None


def test_configuration_comes_from_the_environment():
    config = config_from_environment({
        "PATHWAY_DATABASE_URL": "sqlite:///x.db", "PATHWAY_SECRET_KEY": "s",
        "PATHWAY_RATELIMIT_ENABLED": "false", "PATHWAY_RATELIMIT_STORAGE_URI": "redis://r:6379",
        "PATHWAY_RETENTION_DAYS": "30"})
    assert (config.database_url, config.secret_key, config.ratelimit_enabled,
            config.ratelimit_storage_uri, config.retention_days) == (
        "sqlite:///x.db", "s", False, "redis://r:6379", 30)


def test_trusted_proxies_and_request_retention_come_from_the_environment():
    config = config_from_environment({"PATHWAY_SECRET_KEY": "s",
                                      "PATHWAY_TRUSTED_PROXIES": "2",
                                      "PATHWAY_REQUEST_RETENTION_DAYS": "400"})
    assert (config.trusted_proxies, config.request_retention_days) == (2, 400)
    defaults = config_from_environment({"PATHWAY_SECRET_KEY": "s"})
    assert (defaults.trusted_proxies, defaults.request_retention_days) == (0, 365)


def test_production_refuses_to_start_without_a_secret_key():
    with pytest.raises(RuntimeError, match="PATHWAY_SECRET_KEY"):
        config_from_environment({"PATHWAY_PRODUCTION": "true"})


REDIS_URL = os.environ.get("PATHWAY_TEST_REDIS_URL")


@pytest.mark.skipif(not REDIS_URL, reason="PATHWAY_TEST_REDIS_URL names no Redis server")
def test_rate_limits_count_in_redis_across_app_instances(database_url, tmp_path):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    config = build_test_config(database_url, tmp_path, ratelimit_enabled=True,
                               ratelimit_storage_uri=REDIS_URL, ratelimit_start="3 per minute")
    first, second = create_app(config).test_client(), create_app(config).test_client()
    codes = [client.post("/api/v1/conversations", json={"flow": "family"}).status_code
             for client in (first, second, first, second)]
    assert codes == [201, 201, 201, 429]


def test_without_a_configured_secret_every_worker_shares_one_kept_in_the_instance_folder(
        tmp_path):
    environ = {"PATHWAY_INSTANCE_DIR": str(tmp_path)}
    first, second = config_from_environment(environ), config_from_environment(environ)
    assert first.secret_key == second.secret_key and len(first.secret_key) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_database_errors_never_carry_the_values_written(runtime):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with runtime.database.connection() as connection:
        try:
            connection.execute(text("INSERT INTO nowhere VALUES (:phone)"),
                               {"phone": "07700 900123"})
        except DBAPIError as error:
            assert "07700 900123" not in str(error)
        else:
            raise AssertionError("the insert should have failed")


def test_an_unexpected_error_is_a_500_problem_without_details(app, client, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("secret internals: SELECT * FROM conversation")

    monkeypatch.setattr(app.extensions["pathway_bot"].conversations, "start", broken)
    response = client.post("/api/v1/conversations", json={"flow": "family"})
    assert response.status_code == 500
    assert response.content_type == "application/problem+json"
    assert "secret" not in response.get_data(as_text=True)


def test_serving_starts_by_erasing_abandoned_conversations(runtime):
    from pathway_bot.bootstrap import prepare_to_serve

    runtime.conversations.start(flow="family", locale="en",
                               now=utcnow() - timedelta(days=400))
    assert prepare_to_serve(runtime).conversations == 1
    assert prepare_to_serve(runtime).conversations == 0


@pytest.mark.parametrize("storage, production, warned", [
    ("memory://", True, True), ("redis://127.0.0.1:6379/0", True, False),
    ("memory://", False, False)])
def test_serve_warns_when_production_counts_limits_in_memory(monkeypatch, config, storage,
                                                              production, warned):
    from pathway_bot import cli as commands
    from pathway_bot.runtime import Runtime

    served = config.with_overrides(ratelimit_enabled=True, ratelimit_storage_uri=storage,
                                   production=production)
    monkeypatch.setattr(commands, "build_runtime", lambda: Runtime.build(served))
    monkeypatch.setattr("pathway_bot.bootstrap.prepare_to_serve", lambda _runtime: 0)
    monkeypatch.setattr("pathway_bot.cli.metrics_folder_for_workers", lambda _config: None)
    monkeypatch.setattr("gunicorn.app.wsgiapp.run", lambda: None)
    result = CliRunner().invoke(cli, ["serve", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert ("PATHWAY_RATELIMIT_STORAGE_URI" in result.output) is warned
