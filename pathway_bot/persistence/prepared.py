"""SQLAlchemy Core statements compiled once, run straight on a DB-API cursor.

For the chat turn: SQLAlchemy's per-execution work (cache lookup, execution context, result
wrapping) costs several times the query itself there. The SQL still comes from Core, for
the engine's own dialect, and every value still goes through its column type's bind and
result processing, so a row written here reads back the same through the ORM, and the
other way round.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Dialect, Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.sql import ClauseElement

Processor = Callable[[Any], Any] | None
_GIVEN = object()  # a parameter whose value the caller gives at each execution


class StatementFailed(Exception):
    """The database refused a prepared statement.

    The driver's message is left out on purpose: it can quote the row, and rows hold what
    families told us. The driver's error class and SQLSTATE are enough to diagnose.
    `unavailable` is true when the driver called it operational (the server went away, or
    the database stayed locked): the statement may succeed if tried again later.
    """

    def __init__(self, message: str, *, unavailable: bool = False):
        super().__init__(message)
        self.unavailable = unavailable


class HotConnections:
    """DB-API connections for the prepared statements on the chat's hot path.

    On SQLite a connection, once opened by the engine (and tuned by it), is kept and handed
    out again: taking one from SQLAlchemy's pool and giving it back cost more than the
    SELECT it then ran. Whatever a caller leaves uncommitted is rolled back when it comes
    back. Other databases keep their pool, which also notices a server that went away.
    """

    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect
        self._kept: list[DBAPIConnection] | None = [] if engine.dialect.name == "sqlite" \
            else None

    def connection(self) -> AbstractContextManager[DBAPIConnection]:
        """A connection in autocommit on SQLite: a lone SELECT or UPDATE is its own
        transaction, with no BEGIN and COMMIT round trips around it."""
        if self._kept is None:
            return _Pooled(self.engine)
        return _Kept(self._kept, self.engine)

    def close(self) -> None:
        while self._kept:
            self._kept.pop().close()


class _Kept:
    __slots__ = ("_connection", "_engine", "_kept")

    def __init__(self, kept: list[DBAPIConnection], engine: Engine):
        self._kept = kept
        self._engine = engine

    def __enter__(self) -> DBAPIConnection:
        # list.pop and list.append are atomic: threads never share a connection.
        try:
            self._connection = self._kept.pop()
        except IndexError:  # every kept one is in use
            self._connection = self._engine.raw_connection()
        return self._connection

    def __exit__(self, *_exc) -> None:
        if _in_transaction(self._connection):
            self._connection.rollback()
        self._kept.append(self._connection)


class _Pooled:
    __slots__ = ("_connection", "_engine")

    def __init__(self, engine: Engine):
        self._engine = engine

    def __enter__(self) -> DBAPIConnection:
        self._connection = self._engine.raw_connection()
        return self._connection

    def __exit__(self, *_exc) -> None:
        self._connection.close()  # back to the pool, which rolls back what is left


class PreparedStatement:
    def __init__(self, name: str, statement: ClauseElement, dialect: Dialect):
        compiled = statement.compile(dialect=dialect)
        self.name = name
        self.sql = compiled.string
        self._positional = compiled.positional
        self._driver_error = dialect.loaded_dbapi.Error
        self._driver_outage = dialect.loaded_dbapi.OperationalError
        # Parameters by the name the SQL gives them: where each value comes from (the
        # caller's values, or a literal of the statement's own) and how it is processed.
        self._sources: dict[str, tuple[str, Any, Processor]] = {
            rendered: (bind.key, _GIVEN if bind.required else bind.effective_value,
                       bind.type.dialect_impl(dialect).bind_processor(dialect))
            for bind, rendered in compiled.bind_names.items()}
        self._names: Sequence[str] = compiled.positiontup if compiled.positional \
            else list(self._sources)
        selected = getattr(statement, "selected_columns", ())
        self._results: tuple[Processor, ...] = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in selected)

    def parameters(self, values: Mapping[str, Any]) -> tuple | dict:
        # Positional SQL names a parameter once for each place it is used.
        if self._positional:
            return tuple(self._bound(name, values) for name in self._names)
        return {name: self._bound(name, values) for name in self._names}

    def _bound(self, name: str, values: Mapping[str, Any]) -> Any:
        key, literal, processor = self._sources[name]
        value = values[key] if literal is _GIVEN else literal
        return processor(value) if processor else value

    def first(self, connection: DBAPIConnection, values: Mapping[str, Any]) -> tuple | None:
        cursor = self._run(connection, values)
        try:
            row = cursor.fetchone()
        finally:
            cursor.close()
        return None if row is None else self._processed(row)

    def all(self, connection: DBAPIConnection, values: Mapping[str, Any]) -> list[tuple]:
        cursor = self._run(connection, values)
        try:
            rows = cursor.fetchall()
        finally:
            cursor.close()
        if not any(self._results):
            return [tuple(row) for row in rows]
        return [self._processed(row) for row in rows]

    def _processed(self, row: Sequence[Any]) -> tuple:
        return tuple(process(value) if process else value
                     for process, value in zip(self._results, row, strict=True))

    def rowcount(self, connection: DBAPIConnection, values: Mapping[str, Any]) -> int:
        cursor = self._run(connection, values)
        try:
            return cursor.rowcount
        finally:
            cursor.close()

    def _run(self, connection: DBAPIConnection, values: Mapping[str, Any]):
        parameters = self.parameters(values)
        waits: Iterator[float] | None = None
        while True:
            cursor = connection.cursor()
            try:
                cursor.execute(self.sql, parameters)
                return cursor
            except self._driver_error as error:
                cursor.close()
                if _is_locked(error) and not _in_transaction(connection):
                    waits = waits or _lock_waits()
                    pause = next(waits, None)
                    if pause is not None:
                        time.sleep(pause)
                        continue
                state = getattr(error, "sqlstate", None) or getattr(error, "sqlite_errorname", "")
                raise StatementFailed(f"{self.name}: {type(error).__name__} {state}".rstrip(),
                                      unavailable=isinstance(error, self._driver_outage)) \
                    from None


def _is_locked(error: Exception) -> bool:
    """SQLite's "database is locked": another connection is writing. A connection that does
    not wait in SQLite's own busy handler sees it at once (see `db.create_database_engine`)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == sqlite3.SQLITE_BUSY


def _in_transaction(connection: DBAPIConnection) -> bool:
    # A lone statement can simply run again; one inside a transaction cannot (the
    # transaction must be rolled back first), so its caller is told.
    return bool(getattr(getattr(connection, "driver_connection", connection),
                        "in_transaction", False))


def _lock_waits(total_seconds: float = 5.0) -> Iterator[float]:
    """Pauses before each retry: a write holds the lock for tens of microseconds, so start
    there and double up to 5 ms, for as long as SQLite's own busy timeout would wait."""
    pause, waited = 0.00005, 0.0
    while waited < total_seconds:
        yield pause
        waited += pause
        pause = min(pause * 2, 0.005)
