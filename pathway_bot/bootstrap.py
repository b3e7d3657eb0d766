"""Create or upgrade the database and load the area's default data. Safe to run again."""

from __future__ import annotations

from dataclasses import dataclass

from pathway_bot.persistence.migrate import upgrade_schema
from pathway_bot.requests.service import purge_finished_requests
from pathway_bot.runtime import Runtime


def init_database(runtime: Runtime) -> None:
    upgrade_schema(runtime.database.engine)
    load_default_data(runtime)


@dataclass(frozen=True)
class Purged:
    conversations: int
    requests: int


def prepare_to_serve(runtime: Runtime) -> Purged:
    """Before serving: the schema and data up to date, and what is past its retention
    erased."""
    init_database(runtime)
    return purge_expired(runtime)


def purge_expired(runtime: Runtime) -> Purged:
    """Finished requests past PATHWAY_REQUEST_RETENTION_DAYS lose their personal details;
    then conversations untouched for PATHWAY_RETENTION_DAYS are erased, unless a request
    behind them is still being worked on."""
    config = runtime.config
    with runtime.database.session() as session:
        requests = purge_finished_requests(session, config.request_retention_days,
                                           runtime.clock())
    # Last, as it scrubs what both erased from the database's files.
    conversations = runtime.conversations.purge_abandoned(config.retention_days)
    return Purged(conversations=conversations, requests=requests)


def load_default_data(runtime: Runtime) -> None:
    """Loaders for each kind of area data, for every area; each updates rather than
    duplicates."""
    for area_runtime in runtime.deployment.runtimes.values():
        area_runtime.directory.load_default_services()
