"""Upgrades are `alembic upgrade`; each has a way back, tested on PostgreSQL: a populated
database goes down one release at a time to nothing, and back up to head."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from pathway_bot.bootstrap import init_database
from pathway_bot.persistence.migrate import alembic_config, downgrade_schema, upgrade_schema
from pathway_bot.runtime import Runtime
from tests.conftest import build_test_config
from tests.requests_factories import create_request
from tests.support.databases import POSTGRES_URL, throwaway_database

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not POSTGRES_URL, reason="needs PATHWAY_TEST_DATABASE_URL")]


def revisions_newest_first(engine) -> list[str]:
    script = ScriptDirectory.from_config(alembic_config(engine))
    return [revision.revision for revision in script.walk_revisions()]


def test_every_migration_can_be_undone_in_turn_and_done_again_on_postgresql(tmp_path):
    with throwaway_database() as url:
        runtime = Runtime.build(build_test_config(url, tmp_path))
        engine = runtime.database.engine
        try:
            init_database(runtime)
            runtime.conversations.start(flow="family", locale="en")
            with runtime.database.session() as session:
                create_request(session, runtime)
                session.commit()
            tables_at_head = set(inspect(engine).get_table_names())
            for older in [*revisions_newest_first(engine)[1:], "base"]:
                downgrade_schema(engine, older)
            assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
            upgrade_schema(engine)
            assert set(inspect(engine).get_table_names()) == tables_at_head
        finally:
            runtime.database.dispose()


def test_the_scheduled_jobs_migration_is_undone_without_touching_requests(tmp_path):
    with throwaway_database() as url:
        runtime = Runtime.build(build_test_config(url, tmp_path))
        engine = runtime.database.engine
        try:
            init_database(runtime)
            with runtime.database.session() as session:
                reference = create_request(session, runtime).reference
                session.commit()
            downgrade_schema(engine, "0011")
            assert "scheduled_job" not in inspect(engine).get_table_names()
            upgrade_schema(engine)
            with engine.connect() as connection:
                assert connection.exec_driver_sql(
                    "SELECT reference FROM support_request").scalar() == reference
        finally:
            runtime.database.dispose()
