"""Two turns racing on one conversation: exactly one lands, nothing is lost or doubled."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from pathway_bot.conversations import service
from pathway_bot.engine import Snapshot
from pathway_bot.errors import Conflict
from pathway_bot.persistence.base import utcnow


def test_a_turn_worked_out_from_a_stale_read_is_refused(runtime):
    view, token = service.start_conversation(runtime, flow="family", locale="en", now=utcnow())
    conversation_id = view.conversation.id
    store = runtime.conversations
    with store.connection() as connection:
        stale = service.find_conversation(store, connection, conversation_id, token)
    service.answer_question(runtime, conversation_id, token, "harm", False, utcnow())
    engine = runtime.engines.get("family")
    late = engine.answer(Snapshot.from_json(stale.snapshot), "harm", True)
    with store.connection() as connection, pytest.raises(Conflict):
        service._store(store, connection, runtime, stale, late, utcnow())
    stored = service.open_conversation(runtime, conversation_id, token)
    assert stored.answers == {"harm": False} and not stored.finished


def test_many_clients_answering_at_once_leave_one_consistent_answer(runtime):
    view, token = service.start_conversation(runtime, flow="family", locale="en", now=utcnow())
    conversation_id = view.conversation.id

    def answer(value: bool) -> str:
        try:
            service.answer_question(runtime, conversation_id, token, "harm", value, utcnow())
            return "stored"
        except Conflict:
            return "conflict"
        except Exception as error:  # the typed errors of a turn that lost the race
            return type(error).__name__

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(answer, [False] * 8))
    stored = service.open_conversation(runtime, conversation_id, token)
    assert stored.snapshot.path == ("harm",) and stored.answers == {"harm": False}
    assert "stored" in outcomes
    assert set(outcomes) <= {"stored", "conflict", "ConversationFinished",
                             "NotCurrentQuestion"}
