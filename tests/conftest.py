"""Shared fixtures: an app on a fresh database (SQLite by default, or the real PostgreSQL
named by PATHWAY_TEST_DATABASE_URL), a client, a CLI runner, and the app's runtime."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from pathway_bot import PROJECT_ROOT
from pathway_bot.app import create_app
from pathway_bot.bootstrap import init_database
from pathway_bot.config import Config
from pathway_bot.persistence.models import Base
from pathway_bot.runtime import Runtime

POSTGRES_URL = os.environ.get("PATHWAY_TEST_DATABASE_URL")


def build_test_config(database_url: str, instance_dir: Path, **overrides) -> Config:
    return Config(
        database_url=database_url,
        secret_key="test-secret",
        ratelimit_enabled=False,
        instance_dir=instance_dir,
        testing=True,
    ).with_overrides(**overrides)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """Migrate and load default data once; each test copies the file (much faster)."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.db"
    runtime = Runtime.build(build_test_config(f"sqlite:///{path}", folder))
    init_database(runtime)
    runtime.database.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_ready():
    if not POSTGRES_URL:
        return None
    folder = Path("/tmp")
    runtime = Runtime.build(build_test_config(POSTGRES_URL, folder))
    init_database(runtime)
    runtime.database.dispose()
    return POSTGRES_URL


def _reset_postgres(url: str) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def database_url(request, tmp_path, sqlite_template, postgres_ready) -> str:
    if postgres_ready:
        _reset_postgres(postgres_ready)
        runtime = Runtime.build(build_test_config(postgres_ready, tmp_path))
        init_database(runtime)  # default data back after the truncate
        runtime.database.dispose()
        return postgres_ready
    path = tmp_path / "pathway.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def config(database_url, tmp_path) -> Config:
    return build_test_config(database_url, tmp_path)


@pytest.fixture
def app(config):
    application = create_app(config)
    yield application
    application.extensions["pathway_bot"].database.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def runtime(app) -> Runtime:
    return app.extensions["pathway_bot"]


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT
