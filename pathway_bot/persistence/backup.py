"""Backing up and restoring the whole database, for `pathway-bot backup` and `restore`.

PostgreSQL: `pg_dump --format=custom` and `pg_restore` (the password, if any, goes to them in
PGPASSWORD, never on a command line another user could read in `ps`). SQLite: its online
backup API, safe while the app writes. A backup file holds personal data: it is written with
mode 0600 from the first byte.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine, create_engine, inspect
from sqlalchemy.engine import URL, make_url

from pathway_bot.persistence.migrate import upgrade_schema


class BackupFailed(RuntimeError):
    """pg_dump or pg_restore said no, or the file is not a backup; the message says why."""


class DatabaseNotEmpty(RuntimeError):
    """Restoring over tables already there needs --force."""


def backup_database(url: str, file: Path) -> None:
    sa_url = make_url(url)
    descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # an older file keeps its mode on O_TRUNC
    with os.fdopen(descriptor, "wb") as output:
        if sa_url.get_backend_name() == "sqlite":
            output.close()
            _sqlite_copy(Path(sa_url.database or ""), file)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                  "--dbname", _libpq_url(sa_url)], sa_url, stdout=output)


def restore_database(url: str, file: Path, *, force: bool = False) -> None:
    """Replace the database's contents with the backup's, then upgrade the schema (a backup
    from an older release is brought up to this one)."""
    if not file.is_file():
        raise BackupFailed(f"{file} is not a file.")
    sa_url = make_url(url)
    engine = _engine(sa_url)
    try:
        if not force and table_names(engine):
            raise DatabaseNotEmpty(
                f"The database already has {len(table_names(engine))} table(s). Restore "
                "into an empty database, or add --force to replace what is there.")
        engine.dispose()
        if sa_url.get_backend_name() == "sqlite":
            _sqlite_copy(file, Path(sa_url.database or ""))
        else:
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                  "--single-transaction", "--exit-on-error", "--dbname",
                  _libpq_url(sa_url), str(file)], sa_url)
        upgrade_schema(engine)
    finally:
        engine.dispose()


def table_names(engine: Engine) -> list[str]:
    return inspect(engine).get_table_names()


def _engine(sa_url: URL) -> Engine:
    if sa_url.get_backend_name() == "postgresql" and sa_url.drivername == "postgresql":
        sa_url = sa_url.set(drivername="postgresql+psycopg")
    return create_engine(sa_url)


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupFailed(f"{source} is not a SQLite database file.")
    reading = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        writing = sqlite3.connect(target)
        try:
            reading.backup(writing)
        except sqlite3.DatabaseError as error:
            raise BackupFailed(f"{source} is not a SQLite database ({error}).") from error
        finally:
            writing.close()
    finally:
        reading.close()


def _libpq_url(sa_url: URL) -> str:
    plain = sa_url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False)


def _run(command: list[str], sa_url: URL, stdout=None) -> None:
    environ = dict(os.environ)
    if sa_url.password:
        environ["PGPASSWORD"] = str(sa_url.password)
    finished = subprocess.run(command, env=environ, stdout=stdout, stderr=subprocess.PIPE,
                              check=False)
    if finished.returncode != 0:
        said = finished.stderr.decode(errors="replace").strip().splitlines()
        raise BackupFailed(f"{command[0]} failed: {said[-1] if said else finished.returncode}")
