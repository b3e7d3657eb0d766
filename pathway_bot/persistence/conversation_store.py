"""Conversation rows. A chat turn is one SELECT by primary key and one UPDATE guarded by the
revision, run as prepared statements on a pooled DB-API connection (see `prepared`).
The store never commits: the caller owns the transaction."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.engine.interfaces import DBAPIConnection

from pathway_bot.persistence.models import Conversation
from pathway_bot.persistence.prepared import HotConnections, PreparedStatement

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
_SELECT_BY_ID = select(*_COLUMNS).where(TABLE.c.id == bindparam("id"))
_INSERT = insert(TABLE).values({column.name: bindparam(column.name) for column in _COLUMNS})
_UPDATE_IF_UNCHANGED = (
    update(TABLE)
    .where(TABLE.c.id == bindparam("conversation_id"),
           TABLE.c.revision == bindparam("expected_revision"))
    .values({name: bindparam(f"new_{name}") for name in (*_WRITABLE, "revision")})
)


class ConversationStore:
    """Reads and writes conversation rows for one database engine."""

    def __init__(self, connections: HotConnections):
        self.connections = connections
        dialect = connections.dialect
        self._select = PreparedStatement("select conversation", _SELECT_BY_ID, dialect)
        self._insert = PreparedStatement("insert conversation", _INSERT, dialect)
        self._update = PreparedStatement("update conversation", _UPDATE_IF_UNCHANGED, dialect)

    def connection(self) -> AbstractContextManager[DBAPIConnection]:
        """A DB-API connection for the hot path (see `prepared.HotConnections`)."""
        return self.connections.connection()

    def get(self, connection: DBAPIConnection, conversation_id: str
            ) -> StoredConversation | None:
        row = self._select.first(connection, {"id": conversation_id})
        return StoredConversation(*row) if row else None

    def insert(self, connection: DBAPIConnection, conversation: StoredConversation) -> None:
        self._insert.rowcount(connection, vars(conversation))  # its fields, not copied

    def update(self, connection: DBAPIConnection, conversation: StoredConversation,
               **changes) -> StoredConversation:
        """Write the changes if nobody else has since `conversation` was read."""
        changed = replace(conversation, **changes, revision=conversation.revision + 1)
        values = {f"new_{name}": getattr(changed, name) for name in (*_WRITABLE, "revision")}
        values.update(conversation_id=conversation.id, expected_revision=conversation.revision)
        if self._update.rowcount(connection, values) != 1:
            raise StaleConversation(conversation.id)
        return changed


def delete_conversation(connection: Connection, conversation_id: str) -> None:
    connection.execute(delete(TABLE).where(TABLE.c.id == conversation_id))


def delete_untouched_since(connection: Connection, cutoff: datetime) -> int:
    return connection.execute(delete(TABLE).where(TABLE.c.updated_at < cutoff)).rowcount
