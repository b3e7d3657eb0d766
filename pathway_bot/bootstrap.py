"""Create or upgrade the database and load the area's default data. Safe to run again."""

from __future__ import annotations

from pathway_bot.persistence.migrate import upgrade_schema
from pathway_bot.runtime import Runtime


def init_database(runtime: Runtime) -> None:
    upgrade_schema(runtime.database.engine)
    load_default_data(runtime)


def prepare_to_serve(runtime: Runtime) -> int:
    """Before serving: the schema and data up to date, and abandoned conversations erased.
    Returns how many conversations were erased."""
    init_database(runtime)
    return runtime.conversations.purge_abandoned(runtime.config.retention_days)


def load_default_data(runtime: Runtime) -> None:
    """Loaders for each kind of area data; each one updates rather than duplicates."""
    runtime.directory.load_default_services()
