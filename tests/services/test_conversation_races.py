"""Two turns racing on one conversation: exactly one lands, nothing is lost or doubled."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from pathway_bot.engine import Snapshot
from pathway_bot.errors import Conflict
from pathway_bot.persistence.base import utcnow


def test_a_turn_worked_out_from_a_stale_read_is_refused(runtime):
    view, token = runtime.conversations.start(flow="family", locale="en", now=utcnow())
    conversation_id = view.conversation.id
    conversations = runtime.conversations
    with conversations.store.turn() as turn:
        stale = conversations._find(turn, conversation_id, token)
    conversations.answer(conversation_id, token, "harm", False, utcnow())
    engine = runtime.engines.get("family")
    late = engine.answer(Snapshot.from_json(stale.snapshot), "harm", True)
    with conversations.store.turn() as turn, pytest.raises(Conflict):
        conversations._save(turn, stale, late, utcnow())
    stored = runtime.conversations.open(conversation_id, token)
    assert stored.answers == {"harm": False} and not stored.finished


def test_many_clients_answering_at_once_leave_one_consistent_answer(runtime):
    view, token = runtime.conversations.start(flow="family", locale="en", now=utcnow())
    conversation_id = view.conversation.id

    def answer(value: bool) -> str:
        try:
            runtime.conversations.answer(conversation_id, token, "harm", value, utcnow())
            return "stored"
        except Conflict:
            return "conflict"
        except Exception as error:  # the typed errors of a turn that lost the race
            return type(error).__name__

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(answer, [False] * 8))
    stored = runtime.conversations.open(conversation_id, token)
    assert stored.snapshot.path == ("harm",) and stored.answers == {"harm": False}
    assert "stored" in outcomes
    assert set(outcomes) <= {"stored", "conflict", "ConversationFinished",
                             "NotCurrentQuestion"}
