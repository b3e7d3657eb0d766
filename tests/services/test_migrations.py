"""The Alembic migrations build the schema the models describe, on SQLite and PostgreSQL,
and the latest can be undone without losing a row."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from pathway_bot.persistence.base import DEFAULT_AREA
from pathway_bot.persistence.migrate import downgrade_schema, upgrade_schema
from pathway_bot.persistence.models import Base
from tests.requests_factories import create_key, create_request

# The directory's search index is the migrations' own (FTS5 tables on SQLite, a tsvector
# column and its GIN index on PostgreSQL), with no model to compare it with.
SEARCH_INDEX = ("directory_service_fts", "directory_search_term_trigram", "search_vector")


def _compared(obj, name, kind, reflected, compare_to) -> bool:
    if reflected and compare_to is None and any(part in (name or "") for part in SEARCH_INDEX):
        return False
    return not (kind == "table" and reflected and compare_to is None)


def _differences(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": _compared})
        return compare_metadata(context, Base.metadata)


def test_the_migrated_schema_is_the_one_the_models_describe(runtime):
    assert _differences(runtime.database.engine) == []


TABLES_WITH_AN_AREA = ("conversation", "support_request", "api_key")


def _areas_by_table(engine) -> dict[str, list[str]]:
    with engine.connect() as connection:
        return {table: list(connection.scalars(text(f"SELECT area FROM {table}")))
                for table in TABLES_WITH_AN_AREA}


def _tables_with_an_area_column(engine) -> set[str]:
    inspector = inspect(engine)
    return {table for table in TABLES_WITH_AN_AREA
            if "area" in {column["name"] for column in inspector.get_columns(table)}}


def test_the_area_migration_puts_rows_already_stored_in_the_first_area_and_can_be_undone(
        runtime, client):
    client.post("/api/v1/conversations", json={"flow": "family"})
    with runtime.database.session() as session:
        create_request(session, runtime)  # with its first audit event, which refers to it
        create_key(session, runtime)
        session.commit()
    engine = runtime.database.engine

    downgrade_schema(engine, "0005")
    try:
        assert _tables_with_an_area_column(engine) == set()
    finally:
        upgrade_schema(engine)

    assert _areas_by_table(engine) == {table: [DEFAULT_AREA] for table in TABLES_WITH_AN_AREA}


def test_the_idempotency_body_hash_migration_keeps_every_request_and_can_be_undone(runtime):
    with runtime.database.session() as session:
        create_request(session, runtime, idempotency_key="retry-1")
        session.commit()
    engine = runtime.database.engine

    downgrade_schema(engine, "0007")
    try:
        columns = {column["name"] for column in inspect(engine).get_columns("support_request")}
        assert "idempotency_body_hash" not in columns
    finally:
        upgrade_schema(engine)

    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM support_request")) == 1
