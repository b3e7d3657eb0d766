"""Production mode refuses to start without what it needs, naming each thing;
`pathway-bot check-config` says what is set (never a secret's value) and what is missing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pathway_bot.cli import cli
from pathway_bot.config import ProductionSettingsMissing, config_from_environment

COMPLETE = {
    "PATHWAY_PRODUCTION": "true",
    "PATHWAY_SECRET_KEY": "s3cr3t-value-never-printed",
    "PATHWAY_DATABASE_URL": "postgresql://app:db-password@db.internal/pathway",
    "PATHWAY_RATELIMIT_STORAGE_URI": "redis://:redis-password@cache.internal:6379/0",
}


@pytest.fixture
def environment(monkeypatch, tmp_path):
    for name in ("PATHWAY_PRODUCTION", "PATHWAY_SECRET_KEY", "PATHWAY_DATABASE_URL",
                 "PATHWAY_RATELIMIT_STORAGE_URI", "PATHWAY_METRICS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATHWAY_INSTANCE_DIR", str(tmp_path))

    def set_to(settings: dict) -> None:
        for name, value in settings.items():
            monkeypatch.setenv(name, value)

    return set_to


@pytest.mark.parametrize("left_out", ["PATHWAY_SECRET_KEY", "PATHWAY_DATABASE_URL",
                                      "PATHWAY_RATELIMIT_STORAGE_URI"])
def test_production_refuses_a_configuration_missing_any_one_setting_and_names_it(left_out):
    settings = {name: value for name, value in COMPLETE.items() if name != left_out}
    with pytest.raises(ProductionSettingsMissing) as refused:
        config_from_environment(settings)
    assert left_out in str(refused.value)
    named = [name for name in COMPLETE if name in str(refused.value)]
    assert named == ["PATHWAY_PRODUCTION", left_out]


def test_production_refuses_sqlite_and_limits_counted_in_memory():
    with pytest.raises(ProductionSettingsMissing) as refused:
        config_from_environment({**COMPLETE, "PATHWAY_DATABASE_URL": "sqlite:///x.db",
                                 "PATHWAY_RATELIMIT_STORAGE_URI": "memory://"})
    assert "postgresql://" in str(refused.value) and "redis://" in str(refused.value)


def test_production_starts_with_postgresql_redis_and_a_secret():
    config = config_from_environment(COMPLETE)
    assert config.production and config.secret_key == COMPLETE["PATHWAY_SECRET_KEY"]


def test_serve_in_production_without_its_settings_refuses_to_start_naming_them(environment):
    environment({"PATHWAY_PRODUCTION": "true"})
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 2
    for name in ("PATHWAY_SECRET_KEY", "PATHWAY_DATABASE_URL", "PATHWAY_RATELIMIT_STORAGE_URI"):
        assert name in result.output
    assert result.output.startswith("Refusing to start.")


def test_serve_outside_production_warns_and_goes_on(environment, monkeypatch):
    monkeypatch.setattr("pathway_bot.bootstrap.prepare_to_serve", lambda _runtime: None)
    monkeypatch.setattr("pathway_bot.cli.metrics_folder_for_workers", lambda _config: None)
    monkeypatch.setattr("gunicorn.app.wsgiapp.run", lambda: None)
    monkeypatch.setattr("pathway_bot.cli.worker_beside", _no_worker)
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 0, result.output
    assert "not in production mode" in result.output


def _no_worker():
    from contextlib import nullcontext

    return nullcontext()


def test_check_config_shows_what_is_set_without_any_secret(environment):
    environment(COMPLETE)
    result = CliRunner().invoke(cli, ["check-config"])
    assert result.exit_code == 0, result.output
    for secret in ("s3cr3t", "db-password", "redis-password"):
        assert secret not in result.output
    assert "postgresql://db.internal/pathway (set)" in result.output
    assert "Ready for production" in result.output
    assert "PATHWAY_METRICS_TOKEN" in result.output and "(not set)" in result.output


def test_check_config_lists_what_production_still_lacks(environment):
    environment({"PATHWAY_PRODUCTION": "true", "PATHWAY_SECRET_KEY": "x"})
    result = CliRunner().invoke(cli, ["check-config"])
    assert result.exit_code == 2
    missing = result.output.split("Missing for production:")[1]
    assert "PATHWAY_DATABASE_URL" in missing and "PATHWAY_RATELIMIT_STORAGE_URI" in missing
    assert "PATHWAY_SECRET_KEY" not in missing
