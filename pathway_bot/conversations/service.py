"""Conversation use cases. Each one runs in the caller's session and commits its own change:
every answer is stored before the reply goes out."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

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
    StaleConversation,
    StoredConversation,
    delete_conversation,
    delete_untouched_since,
    get_conversation,
    insert_conversation,
    update_conversation,
)
from pathway_bot.persistence.db import begin_read_only
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


def start_conversation(session: Session, runtime: Runtime, *, flow: str, locale: str,
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
    insert_conversation(session, conversation)
    session.commit()
    return ConversationView(conversation, started.snapshot, started.step, None), token


def find_conversation(session: Session, conversation_id: str,
                      token: str | None) -> StoredConversation:
    """Read the conversation in a short read-only transaction; writes follow separately and
    are guarded by the revision, so no lock is held while the turn is worked out."""
    begin_read_only(session)
    conversation = get_conversation(session, conversation_id)
    session.commit()
    # A wrong token and a missing conversation look the same: existence is never revealed.
    if conversation is None or not token_matches(token, conversation.token_hash):
        raise NotFound(NOT_FOUND)
    return conversation


def open_conversation(session: Session, runtime: Runtime, conversation_id: str,
                      token: str | None) -> ConversationView:
    return _view(runtime, find_conversation(session, conversation_id, token))


def _store(session: Session, runtime: Runtime, conversation: StoredConversation, result: TurnResult,
           now: datetime) -> ConversationView:
    decision, outcome = None, None
    if result.ending:
        decision = decide(NeedsProfile.from_dict(result.profile or {}), runtime.rules)
        outcome = json.dumps(decision_to_record(decision), separators=(",", ":"))
    try:
        conversation = update_conversation(
            session, conversation, snapshot=result.snapshot.to_json(),
            state=result.snapshot.state, updated_at=now, outcome=outcome,
            finished_at=now if result.ending else None)
        session.commit()
    except StaleConversation:
        session.rollback()
        raise Conflict("This conversation changed while you were answering. "
                       "Fetch it again to see the question being asked now.") from None
    return ConversationView(conversation, result.snapshot, result.step, decision)


def _is_repeat(snapshot: Snapshot, question_id: str, answer: Any) -> bool:
    """A retried request for the answer just stored: reply again, change nothing."""
    return bool(snapshot.path) and snapshot.path[-1] == question_id \
        and snapshot.answers.get(question_id) == answer


def answer_question(session: Session, runtime: Runtime, conversation_id: str,
                    token: str | None, question_id: str, answer: Any,
                    now: datetime) -> ConversationView:
    conversation = find_conversation(session, conversation_id, token)
    snapshot = Snapshot.from_json(conversation.snapshot)
    if question_id != snapshot.state and _is_repeat(snapshot, question_id, answer):
        return _view(runtime, conversation)
    engine = _engine(runtime, conversation)
    try:
        result = engine.answer(snapshot, question_id, answer)
    except NotCurrentQuestion as error:
        error.extra["current_question"] = snapshot.state
        raise
    return _store(session, runtime, conversation, result, now)


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


def question_on_path(session: Session, runtime: Runtime, conversation_id: str,
                     token: str | None, question_id: str) -> ConversationView:
    """The conversation as it stood at a question already asked, to show it again.

    Nothing is stored: the conversation moves only when an answer is given.
    """
    conversation = find_conversation(session, conversation_id, token)
    engine = _engine(runtime, conversation)
    snapshot = _rewound(engine, Snapshot.from_json(conversation.snapshot), question_id)
    return ConversationView(conversation, snapshot, engine.step(snapshot), None)


def change_answer(session: Session, runtime: Runtime, conversation_id: str, token: str | None,
                  question_id: str, answer: Any, now: datetime) -> ConversationView:
    """Answer the current question, or change the answer to one asked earlier.

    Changing an earlier answer goes back to that question and carries on from it; the later
    answers are kept to change, as with "back".
    """
    conversation = find_conversation(session, conversation_id, token)
    snapshot = Snapshot.from_json(conversation.snapshot)
    if question_id != snapshot.state and _is_repeat(snapshot, question_id, answer):
        return _view(runtime, conversation)
    engine = _engine(runtime, conversation)
    result = engine.answer(_rewound(engine, snapshot, question_id), question_id, answer)
    return _store(session, runtime, conversation, result, now)


def go_back(session: Session, runtime: Runtime, conversation_id: str, token: str | None,
            now: datetime) -> ConversationView:
    conversation = find_conversation(session, conversation_id, token)
    result = _engine(runtime, conversation).back(Snapshot.from_json(conversation.snapshot))
    return _store(session, runtime, conversation, result, now)


def report_harm(session: Session, runtime: Runtime, conversation_id: str, token: str | None,
                now: datetime) -> ConversationView:
    conversation = find_conversation(session, conversation_id, token)
    result = _engine(runtime, conversation).report_harm(
        Snapshot.from_json(conversation.snapshot))
    return _store(session, runtime, conversation, result, now)


def restart(session: Session, runtime: Runtime, conversation_id: str, token: str | None,
            now: datetime) -> ConversationView:
    conversation = find_conversation(session, conversation_id, token)
    result = _engine(runtime, conversation).restart(Snapshot.from_json(conversation.snapshot))
    return _store(session, runtime, conversation, result, now)


def change_locale(session: Session, runtime: Runtime, conversation_id: str, token: str | None,
                  locale: str, now: datetime) -> ConversationView:
    """Switch language; every answer given so far is kept."""
    _check_locale(runtime, locale)
    conversation = find_conversation(session, conversation_id, token)
    conversation = update_conversation(session, conversation, locale=locale, updated_at=now)
    session.commit()
    return _view(runtime, conversation)


def erase_conversation(session: Session, conversation_id: str, token: str | None) -> None:
    """Erasure on request: the conversation and every answer in it are deleted."""
    find_conversation(session, conversation_id, token)
    delete_conversation(session, conversation_id)
    session.commit()


def purge_abandoned(session: Session, retention_days: int, now: datetime) -> int:
    """Erase conversations untouched for longer than the retention period."""
    erased = delete_untouched_since(session, now - timedelta(days=retention_days))
    session.commit()
    return erased
