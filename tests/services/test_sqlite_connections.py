"""SQLite connections for the chat's hot path: kept, and never failing just for opening."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from pathway_bot.persistence.db import Database


@pytest.fixture
def database(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'hot.db'}")
    with database.hot_connections.connection() as connection:
        connection.execute("CREATE TABLE answer (value INTEGER)")
        connection.execute("INSERT INTO answer VALUES (1)")
    yield database
    database.dispose()


def _hold_the_database(path, seconds: float) -> None:
    """Another process's connection that keeps every other one out for a moment."""
    blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    blocker.execute("PRAGMA locking_mode=EXCLUSIVE")
    blocker.execute("BEGIN EXCLUSIVE")
    blocker.execute("UPDATE answer SET value = 2")

    def release() -> None:
        blocker.execute("COMMIT")
        blocker.close()

    threading.Timer(seconds, release).start()


def test_a_connection_opened_while_another_writes_waits_instead_of_failing(database, tmp_path):
    database.dispose()  # the next turn opens a new connection, as a new worker would
    _hold_the_database(tmp_path / "hot.db", seconds=0.2)
    with database.hot_connections.connection() as connection:
        assert connection.execute("SELECT value FROM answer").fetchall() == [(2,)]


def test_a_connection_is_kept_for_the_next_turn_and_left_with_nothing_open(database):
    with database.hot_connections.connection() as first:
        first.execute("BEGIN")
        first.execute("UPDATE answer SET value = 3")
    with database.hot_connections.connection() as second:
        assert second is first
        assert not second.in_transaction
        assert second.execute("SELECT value FROM answer").fetchall() == [(1,)]


def test_threads_at_the_same_time_never_share_a_connection(database):
    held_together: list[int] = []
    all_in = threading.Barrier(6)

    def take_one() -> None:
        with database.hot_connections.connection() as connection:
            held_together.append(id(connection))
            all_in.wait(timeout=5)  # every thread holds its connection at this point

    threads = [threading.Thread(target=take_one) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(held_together)) == 6
