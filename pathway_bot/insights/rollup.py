"""Keeping the anonymous rows and their counts up to date, and letting go of conversations
that are gone.

The chat's hot path never writes here. A row is made or refreshed by the roll-up, which reads
only the conversations whose revision moved since their row was made (the insights pages run
it when the last one is more than a minute old, `pathway-bot insights roll-up` on demand; the
purge and erasure run it first, so that a conversation's last state is what its anonymous
row keeps). Each change to a row moves its count in `insight_count` in the same transaction.

Two roll-ups at once never count a conversation twice: a row is inserted only if none exists
for its conversation, and changed only if it still has the revision it was read with; the
counts move only for the roll-up whose write landed.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pathway_bot.engine import Engines
from pathway_bot.insights.rows import anonymous_row
from pathway_bot.persistence.conversation_store import StoredConversation
from pathway_bot.persistence.models import Conversation
from pathway_bot.persistence.models.insights import (
    ConversationInsight,
    EqualityAnswer,
    FeedbackAnswer,
    InsightCount,
)

_FIELDS = tuple(StoredConversation.__dataclass_fields__)
_COLUMNS = [getattr(Conversation, name) for name in _FIELDS]
# What a count is kept for: the values of an anonymous row, its link aside.
GROUP = ("area", "month", "flow", "locale", "district", "age_band", "finished", "outcome",
         "needs", "last_question", "reached")
_OLD = [ConversationInsight.id, ConversationInsight.revision,
        *[getattr(ConversationInsight, name) for name in GROUP]]
_BATCH = 2000
Group = tuple[Any, ...]


def group_of(values: dict[str, Any]) -> Group:
    return tuple(values[name] for name in GROUP)


def roll_up(session: Session, engines: Engines, *,
            untouched_before: datetime | None = None,
            report: Callable[[int], None] = lambda _: None) -> int:
    """Make or refresh the row of every conversation changed since its row was made (only
    those untouched before `untouched_before`, if given). The caller commits."""
    query = (select(*_COLUMNS, *_OLD)
             .outerjoin(ConversationInsight,
                        ConversationInsight.conversation_id == Conversation.id)
             .where((ConversationInsight.id.is_(None))
                    | (ConversationInsight.revision != Conversation.revision)))
    if untouched_before is not None:
        query = query.where(Conversation.updated_at < untouched_before)
    done = 0
    for batch in session.execute(query).partitions(_BATCH):
        moved: Counter[Group] = Counter()
        new_rows: list[dict[str, Any]] = []
        for row in batch:
            conversation = StoredConversation(*row[:len(_FIELDS)])
            existing_id, old_revision, *old = row[len(_FIELDS):]
            if existing_id is None:
                new_rows.append(_values(engines, conversation))
                continue
            _keep(session, engines, conversation, existing_id, old_revision, tuple(old), moved)
        _insert_new(session, new_rows, moved)
        _move_counts(session, moved)
        done += len(batch)
        report(done)
    return done


def keep_row(session: Session, engines: Engines, conversation: StoredConversation) -> None:
    """The row of one conversation as it stands now, with its count (for erasure)."""
    old = session.execute(select(*_OLD).where(
        ConversationInsight.conversation_id == conversation.id)).first()
    moved: Counter[Group] = Counter()
    if old is None:
        _keep(session, engines, conversation, None, None, None, moved)
    else:
        _keep(session, engines, conversation, old[0], old[1], tuple(old[2:]), moved)
    _move_counts(session, moved)


def _values(engines: Engines, conversation: StoredConversation) -> dict[str, Any]:
    values = anonymous_row(conversation,
                           engines.get(conversation.flow, conversation.flow_version,
                                       conversation.area))
    values.update(conversation_id=conversation.id, revision=conversation.revision)
    return values


def _insert_new(session: Session, rows: list[dict[str, Any]], moved: Counter[Group]) -> None:
    """Insert the rows of conversations that had none, in one statement; a row another
    roll-up inserted first is left alone, and counted by that one only."""
    if not rows:
        return
    statement = (dialect_insert(session, ConversationInsight)
                 .on_conflict_do_nothing(index_elements=["conversation_id"])
                 .returning(ConversationInsight.conversation_id))
    landed = set(session.scalars(statement, rows))
    for values in rows:
        if values["conversation_id"] in landed:
            moved[group_of(values)] += 1


def _keep(session: Session, engines: Engines, conversation: StoredConversation,
          existing_id: int | None, old_revision: int | None, old_group: Group | None,
          moved: Counter[Group]) -> None:
    values = _values(engines, conversation)
    new_group = group_of(values)
    if existing_id is None:
        _insert_new(session, [values], moved)
        return
    changed = session.execute(
        update(ConversationInsight)
        .where(ConversationInsight.id == existing_id,
               ConversationInsight.revision.is_not_distinct_from(old_revision))
        .values(**values))
    if changed.rowcount == 1 and old_group != new_group:  # type: ignore[attr-defined]
        moved[old_group] -= 1  # type: ignore[index]
        moved[new_group] += 1


def _move_counts(session: Session, moved: Counter[Group]) -> None:
    table = InsightCount.__table__
    for group, change in moved.items():
        if change == 0:
            continue
        values = dict(zip(GROUP, group, strict=True))
        statement = dialect_insert(session, InsightCount).values(
            group_key=_group_key(group), conversations=change, **values)
        session.execute(statement.on_conflict_do_update(
            index_elements=["group_key"],
            set_={"conversations": table.c.conversations + change}))


def _group_key(group: Group) -> str:
    return hashlib.sha256(repr(group).encode("utf-8")).hexdigest()


def dialect_insert(session: Session, model: Any) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


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
