"""Throwaway PostgreSQL databases on the test server (`pathway_ops_<random>`), dropped after."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("PATHWAY_TEST_DATABASE_URL")


def throwaway_database() -> AbstractContextManager[str]:
    """A new empty database on the test server (postgresql://), dropped after the block."""
    assert POSTGRES_URL
    return throwaway_database_at(POSTGRES_URL)


@contextmanager
def throwaway_database_at(server_url: str) -> Iterator[str]:
    """A new empty database on the server of `server_url`, dropped when the block ends."""
    name = f"pathway_ops_{uuid.uuid4().hex[:10]}"
    admin_url = make_url(server_url).set(drivername="postgresql+psycopg", database="postgres")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
