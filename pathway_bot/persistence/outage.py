"""Telling a database that is away (down, unreachable, locked for too long) from a bug.

Either way nothing was saved, but only an outage is worth trying again: transports answer
it with 503 and Retry-After instead of a 500.
"""

from __future__ import annotations

import sqlite3

import psycopg
from sqlalchemy import exc

from pathway_bot.persistence.prepared import StatementFailed

# What a client is told to wait before trying again, in seconds.
RETRY_AFTER_SECONDS = 5

# The driver's own errors reach us from the hot path's DB-API connections (a commit, say).
_DRIVER_OUTAGES = (sqlite3.OperationalError, psycopg.OperationalError)
_POOL_OUTAGES = (exc.OperationalError, exc.TimeoutError, exc.DisconnectionError)


def is_database_unavailable(error: BaseException) -> bool:
    if isinstance(error, StatementFailed):
        return error.unavailable
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, _POOL_OUTAGES + _DRIVER_OUTAGES)
