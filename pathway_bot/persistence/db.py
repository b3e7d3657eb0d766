"""Database engines and sessions. No Flask here: the app and the CLI both use it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from pathway_bot.persistence.prepared import HotConnections

# Opening a connection reads the database (journal_mode does): that waits for a writer like
# any connection, even one that then reports "database is locked" at once to retry itself.
SETUP_BUSY_TIMEOUT_MS = 5000


def _tuner(busy_timeout_ms: int):
    def tune_sqlite(dbapi_connection, _record) -> None:
        # WAL lets readers and the writer run together; NORMAL sync is durable across a
        # killed process (the WAL is in the OS cache) and much faster than FULL. Every chat
        # turn writes, and a write elsewhere empties each connection's page cache:
        # memory-mapped reads make fetching those pages again (the directory's search
        # index, say) a memory access.
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SETUP_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA mmap_size=268435456")
        # Deleted and overwritten rows are zeroed in the file, not left in its free space:
        # erasure on request must leave nothing readable behind (see `scrub_erased`).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.close()

    return tune_sqlite


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


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """The use case's transaction: committed when its block ends, rolled back on an error."""
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    session.commit()


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _is_sqlite_file(url: str) -> bool:
    sa_url = make_url(url)
    return sa_url.get_backend_name() == "sqlite" and sa_url.database not in (None, "", ":memory:")


def create_database_engine(url: str, *, sleeps_on_locks: bool = True) -> Engine:
    """Bound values never appear in errors or logs: they can be a family's contact details.

    On SQLite, a connection that `sleeps_on_locks` waits for another writer in SQLite's
    busy handler, which sleeps a whole millisecond or more at a time; the others get
    "database is locked" at once, for a caller that retries sooner (see `prepared`).
    """
    sa_url = make_url(url)
    if sa_url.get_backend_name() == "sqlite":
        if _is_sqlite_file(url):
            Path(sa_url.database).parent.mkdir(parents=True, exist_ok=True)
        busy_timeout_ms = 5000 if sleeps_on_locks else 0
        engine = create_engine(
            sa_url,
            connect_args={"check_same_thread": False, "isolation_level": None,
                          "timeout": busy_timeout_ms / 1000},
            pool_size=8,
            max_overflow=8,
            hide_parameters=True,
        )
        event.listen(engine, "connect", _tuner(busy_timeout_ms))
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
        # Connections for prepared statements on the chat's hot path (see `prepared`), which
        # retry a locked SQLite database themselves, in steps far shorter than SQLite's.
        statement_engine = create_database_engine(url, sleeps_on_locks=False) \
            if _is_sqlite_file(url) else self.engine
        self.hot_connections = HotConnections(statement_engine)

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
        """A pooled Core connection; the caller commits."""
        with self.engine.connect() as connection:
            yield connection

    def is_reachable(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    def scrub_erased(self) -> None:
        """After an erasure: no copy of the erased rows stays readable in the files.

        SQLite keeps the pages written last in its write-ahead log (the `-wal` file) until a
        checkpoint copies them into the database; copy them now and empty the log. Other
        databases keep no such file of ours.
        """
        if self.dialect != "sqlite":
            return
        # On the driver's connection, outside any transaction: a checkpoint cannot run in one.
        connection = self.engine.raw_connection()
        try:
            connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
        finally:
            connection.close()

    def dispose(self) -> None:
        self.hot_connections.close()
        self.engine.dispose()
        self.hot_connections.engine.dispose()
