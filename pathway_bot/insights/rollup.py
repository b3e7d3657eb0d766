"""Keeping the anonymous rows up to date, and letting go of conversations that are gone.

The chat's hot path never writes here: a row is made or refreshed by the roll-up, which
reads only the conversations whose revision moved since their row was made (the insights
pages and `pathway-bot insights roll-up` run it; so do the purge and erasure, first, so the
last state of a conversation is what its anonymous row keeps).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session

from pathway_bot.engine import Engines
from pathway_bot.insights.rows import anonymous_row
from pathway_bot.persistence.conversation_store import StoredConversation
from pathway_bot.persistence.models import Conversation
from pathway_bot.persistence.models.insights import (
    ConversationInsight,
    EqualityAnswer,
    FeedbackAnswer,
)

_FIELDS = tuple(StoredConversation.__dataclass_fields__)
_COLUMNS = [getattr(Conversation, name) for name in _FIELDS]
_BATCH = 2000


def roll_up(session: Session, engines: Engines, *,
            untouched_before: datetime | None = None,
            report: Callable[[int], None] = lambda _: None) -> int:
    """Make or refresh the row of every conversation changed since its row was made (only
    those untouched before `untouched_before`, if given). The caller commits."""
    query = (select(*_COLUMNS, ConversationInsight.id)
             .outerjoin(ConversationInsight,
                        ConversationInsight.conversation_id == Conversation.id)
             .where((ConversationInsight.id.is_(None))
                    | (ConversationInsight.revision != Conversation.revision)))
    if untouched_before is not None:
        query = query.where(Conversation.updated_at < untouched_before)
    done = 0
    for batch in session.execute(query).partitions(_BATCH):
        for row in batch:
            conversation = StoredConversation(*row[:-1])
            keep_row(session, engines, conversation, existing_id=row[-1])
        done += len(batch)
        report(done)
    return done


def keep_row(session: Session, engines: Engines, conversation: StoredConversation, *,
             existing_id: int | None) -> None:
    values = anonymous_row(conversation,
                           engines.get(conversation.flow, conversation.flow_version))
    values.update(conversation_id=conversation.id, revision=conversation.revision)
    if existing_id is None:
        session.execute(ConversationInsight.__table__.insert().values(**values))
    else:
        session.execute(update(ConversationInsight)
                        .where(ConversationInsight.id == existing_id).values(**values))


def existing_row_id(session: Session, conversation_id: str) -> int | None:
    return session.scalar(select(ConversationInsight.id)
                          .where(ConversationInsight.conversation_id == conversation_id))


def let_go(session: Session, conversation_id: str) -> None:
    """The conversation is being erased: its anonymous row and its feedback stop naming it,
    the feedback's words go (they are the family's), and its equality answers are erased."""
    session.execute(update(ConversationInsight)
                    .where(ConversationInsight.conversation_id == conversation_id)
                    .values(conversation_id=None, revision=None))
    session.execute(update(FeedbackAnswer)
                    .where(FeedbackAnswer.conversation_id == conversation_id)
                    .values(conversation_id=None, comment=None))
    session.execute(delete(EqualityAnswer)
                    .where(EqualityAnswer.conversation_id == conversation_id))


def let_go_of_the_purged(session: Session) -> None:
    """After a purge: the same for every conversation no longer stored. The feedback's
    short comment stays (it was given for the Local Offer report, with a warning not to
    name anyone); the equality answers are erased with the conversation."""
    gone = ~exists().where(Conversation.id == ConversationInsight.conversation_id)
    session.execute(update(ConversationInsight)
                    .where(ConversationInsight.conversation_id.is_not(None), gone)
                    .values(conversation_id=None, revision=None))
    session.execute(update(FeedbackAnswer)
                    .where(FeedbackAnswer.conversation_id.is_not(None),
                           ~exists().where(Conversation.id == FeedbackAnswer.conversation_id))
                    .values(conversation_id=None))
    session.execute(delete(EqualityAnswer)
                    .where(~exists().where(Conversation.id == EqualityAnswer.conversation_id)))
