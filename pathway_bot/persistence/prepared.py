"""SQLAlchemy Core statements compiled once, run straight on a DB-API cursor.

For the chat turn: SQLAlchemy's per-execution work (cache lookup, execution context, result
wrapping) costs several times the query itself there. The SQL still comes from Core, for
the engine's own dialect, and every value still goes through its column type's bind and
result processing, so a row written here reads back the same through the ORM, and the
other way round.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Dialect
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.sql import ClauseElement

Processor = Callable[[Any], Any] | None


class StatementFailed(Exception):
    """The database refused a prepared statement.

    The driver's message is left out on purpose: it can quote the row, and rows hold what
    families told us. The driver's error class and SQLSTATE are enough to diagnose.
    """


class PreparedStatement:
    def __init__(self, name: str, statement: ClauseElement, dialect: Dialect):
        compiled = statement.compile(dialect=dialect)
        self.name = name
        self.sql = compiled.string
        self._positional = compiled.positional
        self._driver_error = dialect.loaded_dbapi.Error
        self._names: Sequence[str] = compiled.positiontup if compiled.positional \
            else list(compiled.binds)
        self._bind: dict[str, Processor] = {
            name: bind.type.dialect_impl(dialect).bind_processor(dialect)
            for name, bind in compiled.binds.items()}
        selected = getattr(statement, "selected_columns", ())
        self._results: tuple[Processor, ...] = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in selected)

    def parameters(self, values: Mapping[str, Any]) -> tuple | dict:
        processed = {}
        for name in self._names:
            value = values[name]
            processor = self._bind[name]
            processed[name] = processor(value) if processor else value
        return tuple(processed.values()) if self._positional else processed

    def first(self, connection: DBAPIConnection, values: Mapping[str, Any]) -> tuple | None:
        cursor = self._run(connection, values)
        try:
            row = cursor.fetchone()
        finally:
            cursor.close()
        if row is None:
            return None
        return tuple(process(value) if process else value
                     for process, value in zip(self._results, row, strict=True))

    def rowcount(self, connection: DBAPIConnection, values: Mapping[str, Any]) -> int:
        cursor = self._run(connection, values)
        try:
            return cursor.rowcount
        finally:
            cursor.close()

    def _run(self, connection: DBAPIConnection, values: Mapping[str, Any]):
        cursor = connection.cursor()
        try:
            cursor.execute(self.sql, self.parameters(values))
        except self._driver_error as error:
            cursor.close()
            state = getattr(error, "sqlstate", None) or getattr(error, "sqlite_errorname", "")
            raise StatementFailed(f"{self.name}: {type(error).__name__} {state}".rstrip()) \
                from None
        return cursor
