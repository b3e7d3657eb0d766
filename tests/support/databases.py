"""Throwaway PostgreSQL databases on the test server (`pathway_ops_<random>`), dropped after."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("PATHWAY_TEST_DATABASE_URL")


def _admin_url() -> str:
    assert POSTGRES_URL
    return make_url(POSTGRES_URL).set(drivername="postgresql+psycopg",
                                      database="postgres").render_as_string(False)


@contextmanager
def throwaway_database() -> Iterator[str]:
    """A new empty database's URL (postgresql://), dropped when the block ends."""
    name = f"pathway_ops_{uuid.uuid4().hex[:10]}"
    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
