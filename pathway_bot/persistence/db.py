"""Database engines and sessions. No Flask here: the app and the CLI both use it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def _tune_sqlite(dbapi_connection, _record) -> None:
    # WAL lets readers and the writer run together; NORMAL sync is durable across a killed
    # process (the WAL is in the OS cache) and much faster than FULL. Every chat turn writes,
    # and a write elsewhere empties each connection's page cache: memory-mapped reads make
    # fetching those pages again (the directory's search index, say) a memory access.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


READ_ONLY = {"sqlite_begin": "DEFERRED"}


def _begin(connection) -> None:
    # SQLite: by default take the write lock when a transaction starts, so two writers queue
    # on busy_timeout instead of failing with "database is locked" on lock upgrade. A read
    # that writes nothing asks for READ_ONLY and never blocks a writer (WAL).
    mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
    if mode:
        connection.exec_driver_sql(f"BEGIN {mode}")


def begin_read_only(session: Session) -> None:
    """Start a transaction that only reads: on SQLite it takes no write lock."""
    if not session.in_transaction():
        session.connection(execution_options=READ_ONLY)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_database_engine(url: str) -> Engine:
    """Bound values never appear in errors or logs: they can be a family's contact details."""
    sa_url = make_url(url)
    if sa_url.get_backend_name() == "sqlite":
        if sa_url.database and sa_url.database != ":memory:":
            Path(sa_url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            sa_url,
            connect_args={"check_same_thread": False, "isolation_level": None},
            pool_size=8,
            max_overflow=8,
            hide_parameters=True,
        )
        event.listen(engine, "connect", _tune_sqlite)
        event.listen(engine, "begin", _begin)
        return engine
    if sa_url.get_backend_name() == "postgresql" and sa_url.drivername == "postgresql":
        sa_url = sa_url.set(drivername="postgresql+psycopg")
    return create_engine(sa_url, pool_size=8, max_overflow=8, pool_pre_ping=True,
                         hide_parameters=True)


class Database:
    """One engine and session factory per application (per process)."""

    def __init__(self, url: str):
        self.url = url
        self.engine = create_database_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        session = self.sessions()
        try:
            yield session
        finally:
            session.close()

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A pooled connection for Core work on a hot path; the caller commits."""
        with self.engine.connect() as connection:
            yield connection

    def is_reachable(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    def dispose(self) -> None:
        self.engine.dispose()
