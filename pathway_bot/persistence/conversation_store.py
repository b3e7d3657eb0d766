"""Conversation rows, read and written with SQLAlchemy Core on a Connection: a chat turn is one
SELECT by primary key and one UPDATE guarded by the revision. Repositories never commit."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from pathway_bot.persistence.models import Conversation

TABLE = Conversation.__table__


@dataclass(frozen=True)
class StoredConversation:
    id: str
    token_hash: str
    flow: str
    flow_version: int
    locale: str
    state: str
    snapshot: str
    outcome: str | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    revision: int


class StaleConversation(Exception):
    """Another turn changed the conversation between our read and our write."""


_COLUMNS = [TABLE.c[name] for name in StoredConversation.__dataclass_fields__]
_WRITABLE = ("locale", "state", "snapshot", "outcome", "updated_at", "finished_at")
# Built once: constructing statements per call costs more than running them.
_SELECT_BY_ID = select(*_COLUMNS).where(TABLE.c.id == bindparam("id"))
_UPDATE_IF_UNCHANGED = (
    update(TABLE)
    .where(TABLE.c.id == bindparam("conversation_id"),
           TABLE.c.revision == bindparam("expected_revision"))
    .values({name: bindparam(f"new_{name}") for name in (*_WRITABLE, "revision")})
)


def get_conversation(connection: Connection, conversation_id: str) -> StoredConversation | None:
    row = connection.execute(_SELECT_BY_ID, {"id": conversation_id}).first()
    return StoredConversation(*row) if row else None


def insert_conversation(connection: Connection, conversation: StoredConversation) -> None:
    connection.execute(insert(TABLE).values(**asdict(conversation)))


def update_conversation(connection: Connection, conversation: StoredConversation,
                        **changes) -> StoredConversation:
    changed = replace(conversation, **changes, revision=conversation.revision + 1)
    params = {f"new_{name}": getattr(changed, name) for name in (*_WRITABLE, "revision")}
    result = connection.execute(
        _UPDATE_IF_UNCHANGED,
        {**params, "conversation_id": conversation.id,
         "expected_revision": conversation.revision})
    if result.rowcount != 1:
        raise StaleConversation(conversation.id)
    return changed


def delete_conversation(connection: Connection, conversation_id: str) -> None:
    connection.execute(delete(TABLE).where(TABLE.c.id == conversation_id))


def delete_untouched_since(connection: Connection, cutoff: datetime) -> int:
    return connection.execute(delete(TABLE).where(TABLE.c.updated_at < cutoff)).rowcount
