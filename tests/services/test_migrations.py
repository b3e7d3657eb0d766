"""The Alembic migrations build the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from pathway_bot.persistence.models import Base

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
