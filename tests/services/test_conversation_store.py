"""The conversation store writes rows on the DB-API directly: what it writes must read back
the same through SQLAlchemy, and its errors must never quote what a family told us."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest

from pathway_bot.persistence.conversation_store import StaleConversation, StoredConversation
from pathway_bot.persistence.models import Conversation
from pathway_bot.persistence.prepared import StatementFailed

WHEN = datetime(2026, 11, 24, 9, 30, 15, 123456, tzinfo=UTC)


def _conversation(**changes) -> StoredConversation:
    fields = dict(id="c" * 32, token_hash="h" * 64, flow="family", flow_version=1,
                  locale="en", state="harm", snapshot='{"a":{"postcode":"GL1 2AB"}}',
                  outcome=None, created_at=WHEN, updated_at=WHEN, finished_at=None,
                  revision=1, area="gloucestershire")
    return StoredConversation(**{**fields, **changes})


def test_a_row_written_by_the_store_reads_back_the_same_through_the_orm(runtime):
    store = runtime.conversation_store
    with store.turn() as turn:
        turn.insert(_conversation())
    with runtime.database.session() as session:
        row = session.get(Conversation, "c" * 32)
        assert (row.created_at, row.snapshot, row.revision) == (
            WHEN, '{"a":{"postcode":"GL1 2AB"}}', 1)
    with store.turn() as turn:
        assert turn.get("c" * 32) == _conversation()


def test_an_update_lands_once_and_a_second_from_the_same_read_is_stale(runtime):
    store = runtime.conversation_store
    original = _conversation()
    later = datetime(2026, 11, 25, tzinfo=UTC)
    with store.turn() as turn:
        turn.insert(original)
        updated = turn.save(original, state="age", finished_at=later, updated_at=later)
    with store.turn() as turn, pytest.raises(StaleConversation):
        turn.save(original, state="district", updated_at=later)
    with store.turn() as turn:
        stored = turn.get(original.id)
    assert stored == updated and (stored.state, stored.revision, stored.finished_at) == (
        "age", 2, later)


def test_a_refused_write_names_the_statement_but_never_the_values(runtime):
    store = runtime.conversation_store
    with store.turn() as turn:
        turn.insert(_conversation())
    with store.turn() as turn, pytest.raises(StatementFailed) as refused:
        turn.insert(_conversation(snapshot="07700 900123"))
    assert "insert conversation" in str(refused.value)
    assert "07700 900123" not in str(refused.value) and refused.value.__cause__ is None


def test_an_unknown_conversation_reads_as_none(runtime):
    with runtime.conversation_store.turn() as turn:
        assert turn.get("missing") is None


@pytest.fixture
def another_writer(runtime):
    """A stored conversation, and another connection holding SQLite's write lock."""
    if runtime.database.dialect != "sqlite":
        pytest.skip("SQLite's single-writer lock")
    with runtime.conversation_store.turn() as turn:
        turn.insert(_conversation())
    holder = runtime.database.engine.raw_connection()
    holder.cursor().execute("BEGIN IMMEDIATE")
    yield holder
    holder.rollback()
    holder.close()


def test_a_write_that_meets_another_writer_waits_for_it_then_lands(runtime, another_writer):
    store = runtime.conversation_store
    release = threading.Timer(0.05, another_writer.rollback)
    release.start()
    started = time.perf_counter()
    with store.turn() as turn:
        updated = turn.save(_conversation(), state="age", updated_at=WHEN)
    waited = time.perf_counter() - started
    release.join()
    assert updated.revision == 2 and 0.04 < waited < 1.0


def test_a_statement_inside_a_transaction_is_not_retried_when_the_database_is_locked(
        runtime, another_writer):
    store = runtime.conversation_store
    with pytest.raises(StatementFailed, match="update conversation"), store.turn() as turn:
        turn.connection.cursor().execute("BEGIN")
        turn.save(_conversation(), state="age", updated_at=WHEN)
