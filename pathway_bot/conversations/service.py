"""Conversation use cases. Every answer is committed before the reply goes out.

A chat turn is the hot path: each use case takes a hot-path connection, reads the row, works
the turn out with no lock held, then writes one UPDATE that lands only if nobody else
changed the conversation in between (its revision).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import Session

from pathway_bot.assessment import Decision, NeedsProfile, decide
from pathway_bot.assessment.record import decision_from_record, decision_to_record
from pathway_bot.conversations.tokens import (
    hash_token,
    new_conversation_id,
    new_token,
    token_matches,
)
from pathway_bot.engine import REPORT_HARM, FlowEngine, Snapshot, Step, TurnResult
from pathway_bot.errors import Conflict, NotCurrentQuestion, NotFound, ValidationFailed
from pathway_bot.persistence.conversation_store import (
    ConversationStore,
    StaleConversation,
    StoredConversation,
    delete_conversation,
    delete_untouched_since,
)
from pathway_bot.runtime import Runtime

NOT_FOUND = "No conversation was found for that id and token."


@dataclass(frozen=True)
class ConversationView:
    """A conversation as a transport shows it: the question now, or the decision."""

    conversation: StoredConversation
    snapshot: Snapshot
    step: Step | None
    decision: Decision | None

    @property
    def finished(self) -> bool:
        return self.snapshot.finished

    @property
    def answers(self) -> dict[str, Any]:
        return dict(self.snapshot.answers)


def _engine(runtime: Runtime, conversation: StoredConversation) -> FlowEngine:
    return runtime.engines.get(conversation.flow, conversation.flow_version)


def _view(runtime: Runtime, conversation: StoredConversation) -> ConversationView:
    snapshot = Snapshot.from_json(conversation.snapshot)
    decision = decision_from_record(json.loads(conversation.outcome)) \
        if conversation.outcome else None
    step = None if snapshot.finished else _engine(runtime, conversation).step(snapshot)
    return ConversationView(conversation, snapshot, step, decision)


def _check_locale(runtime: Runtime, locale: str) -> None:
    if not runtime.catalogs.supports(locale):
        raise ValidationFailed(f"Language {locale!r} is not available.",
                               errors={"locale": [f"use one of {runtime.catalogs.locales}"]})


@contextmanager
def _connected(runtime: Runtime) -> Iterator[tuple[ConversationStore, DBAPIConnection]]:
    store = runtime.conversations
    with store.connection() as connection:
        yield store, connection


def start_conversation(runtime: Runtime, *, flow: str, locale: str,
                       now: datetime) -> tuple[ConversationView, str]:
    _check_locale(runtime, locale)
    engine = runtime.engines.get(flow)
    token = new_token()
    started = engine.start()
    conversation = StoredConversation(
        id=new_conversation_id(), token_hash=hash_token(token), flow=flow,
        flow_version=engine.flow.version, locale=locale, state=started.snapshot.state,
        snapshot=started.snapshot.to_json(), outcome=None, created_at=now, updated_at=now,
        finished_at=None, revision=1,
    )
    with _connected(runtime) as (store, connection):
        store.insert(connection, conversation)
        connection.commit()
    return ConversationView(conversation, started.snapshot, started.step, None), token


def find_conversation(store: ConversationStore, connection: DBAPIConnection,
                      conversation_id: str, token: str | None) -> StoredConversation:
    conversation = store.get(connection, conversation_id)
    # A wrong token and a missing conversation look the same: existence is never revealed.
    if conversation is None or not token_matches(token, conversation.token_hash):
        raise NotFound(NOT_FOUND)
    return conversation


def open_conversation(runtime: Runtime, conversation_id: str,
                      token: str | None) -> ConversationView:
    with _connected(runtime) as (store, connection):
        return _view(runtime, find_conversation(store, connection, conversation_id, token))


def _store(store: ConversationStore, connection: DBAPIConnection, runtime: Runtime,
           conversation: StoredConversation, result: TurnResult,
           now: datetime) -> ConversationView:
    decision, outcome = None, None
    if result.ending:
        decision = decide(NeedsProfile.from_dict(result.profile or {}), runtime.rules)
        outcome = json.dumps(decision_to_record(decision), separators=(",", ":"))
    try:
        conversation = store.update(
            connection, conversation, snapshot=result.snapshot.to_json(),
            state=result.snapshot.state, updated_at=now, outcome=outcome,
            finished_at=now if result.ending else None)
        connection.commit()
    except StaleConversation:
        connection.rollback()
        raise Conflict("This conversation changed while you were answering. "
                       "Fetch it again to see the question being asked now.") from None
    return ConversationView(conversation, result.snapshot, result.step, decision)


def _is_repeat(snapshot: Snapshot, question_id: str, answer: Any) -> bool:
    """A retried request for the answer just stored: reply again, change nothing."""
    return bool(snapshot.path) and snapshot.path[-1] == question_id \
        and snapshot.answers.get(question_id) == answer


def answer_question(runtime: Runtime, conversation_id: str, token: str | None,
                    question_id: str, answer: Any, now: datetime) -> ConversationView:
    with _connected(runtime) as (store, connection):
        conversation = find_conversation(store, connection, conversation_id, token)
        snapshot = Snapshot.from_json(conversation.snapshot)
        if question_id != snapshot.state and _is_repeat(snapshot, question_id, answer):
            return _view(runtime, conversation)
        try:
            result = _engine(runtime, conversation).answer(snapshot, question_id, answer)
        except NotCurrentQuestion as error:
            error.extra["current_question"] = snapshot.state
            raise
        return _store(store, connection, runtime, conversation, result, now)


def _rewound(engine: FlowEngine, snapshot: Snapshot, question_id: str) -> Snapshot:
    """The snapshot stepped back along its path to `question_id`; every answer is kept.

    Only questions already asked can be reached: nothing ahead of the path is ever skipped to.
    """
    if question_id == snapshot.state:
        return snapshot
    if question_id == REPORT_HARM or question_id not in snapshot.path:
        raise NotCurrentQuestion(f"{question_id!r} has not been asked in this conversation.",
                                 extra={"current_question": snapshot.state})
    while snapshot.state != question_id:
        snapshot = engine.back(snapshot).snapshot
    return snapshot


def question_on_path(runtime: Runtime, conversation_id: str, token: str | None,
                     question_id: str) -> ConversationView:
    """The conversation as it stood at a question already asked, to show it again.

    Nothing is stored: the conversation moves only when an answer is given.
    """
    with _connected(runtime) as (store, connection):
        conversation = find_conversation(store, connection, conversation_id, token)
    engine = _engine(runtime, conversation)
    snapshot = _rewound(engine, Snapshot.from_json(conversation.snapshot), question_id)
    return ConversationView(conversation, snapshot, engine.step(snapshot), None)


def change_answer(runtime: Runtime, conversation_id: str, token: str | None,
                  question_id: str, answer: Any, now: datetime) -> ConversationView:
    """Answer the current question, or change the answer to one asked earlier.

    Changing an earlier answer goes back to that question and carries on from it; the later
    answers are kept to change, as with "back".
    """
    with _connected(runtime) as (store, connection):
        conversation = find_conversation(store, connection, conversation_id, token)
        snapshot = Snapshot.from_json(conversation.snapshot)
        if question_id != snapshot.state and _is_repeat(snapshot, question_id, answer):
            return _view(runtime, conversation)
        engine = _engine(runtime, conversation)
        result = engine.answer(_rewound(engine, snapshot, question_id), question_id, answer)
        return _store(store, connection, runtime, conversation, result, now)


def _move(runtime: Runtime, conversation_id: str, token: str | None, now: datetime,
          turn) -> ConversationView:
    """Back, report harm or restart: an engine turn that takes no answer."""
    with _connected(runtime) as (store, connection):
        conversation = find_conversation(store, connection, conversation_id, token)
        engine = _engine(runtime, conversation)
        result = turn(engine, Snapshot.from_json(conversation.snapshot))
        return _store(store, connection, runtime, conversation, result, now)


def go_back(runtime: Runtime, conversation_id: str, token: str | None,
            now: datetime) -> ConversationView:
    return _move(runtime, conversation_id, token, now, FlowEngine.back)


def report_harm(runtime: Runtime, conversation_id: str, token: str | None,
                now: datetime) -> ConversationView:
    return _move(runtime, conversation_id, token, now, FlowEngine.report_harm)


def restart(runtime: Runtime, conversation_id: str, token: str | None,
            now: datetime) -> ConversationView:
    return _move(runtime, conversation_id, token, now, FlowEngine.restart)


def change_locale(runtime: Runtime, conversation_id: str, token: str | None, locale: str,
                  now: datetime) -> ConversationView:
    """Switch language; every answer given so far is kept."""
    _check_locale(runtime, locale)
    with _connected(runtime) as (store, connection):
        conversation = find_conversation(store, connection, conversation_id, token)
        conversation = store.update(connection, conversation, locale=locale, updated_at=now)
        connection.commit()
        return _view(runtime, conversation)


def erase_conversation(session: Session, runtime: Runtime, conversation_id: str,
                       token: str | None, now: datetime) -> None:
    """Erasure on request: the conversation and every answer in it are deleted, and any
    request raised from it keeps only an anonymous trace, in the same transaction."""
    from pathway_bot.requests.service import erase_requests_for_conversation

    connection = session.connection()
    # Read on the session's own connection: the check and the erasure are one transaction.
    conversation = runtime.conversations.get(connection.connection, conversation_id)
    if conversation is None or not token_matches(token, conversation.token_hash):
        session.rollback()
        raise NotFound(NOT_FOUND)
    erase_requests_for_conversation(session, conversation_id, now=now)
    delete_conversation(connection, conversation_id)
    session.commit()
    runtime.database.scrub_erased()


def purge_abandoned(session: Session, retention_days: int, now: datetime) -> int:
    """Erase conversations untouched for longer than the retention period."""
    erased = delete_untouched_since(session.connection(), now - timedelta(days=retention_days))
    session.commit()
    return erased
