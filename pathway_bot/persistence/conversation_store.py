"""Conversation rows. A chat turn is one SELECT by primary key and one UPDATE guarded by the
revision, run as prepared statements on a DB-API connection (see `prepared`).

Each use case works through one unit of work, a `StoreTurn`: `with store.turn() as turn`
on a hot-path connection, or `store.within(session)` inside an ORM session's transaction
(erasure, which changes requests too). The unit of work commits when its block ends without
an error and rolls back otherwise; nothing else here commits.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import bindparam, delete, exists, insert, select, update
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import Session

from pathway_bot.persistence.models import Conversation
from pathway_bot.persistence.models.requests import SupportRequest
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
    area: str  # the local area it belongs to: an area pack's id


class StaleConversation(Exception):
    """Another turn changed the conversation between our read and our write."""


_COLUMNS = [TABLE.c[name] for name in StoredConversation.__dataclass_fields__]
# The area too: a postcode can move a conversation into another area (see Conversations).
_WRITABLE = ("token_hash", "locale", "state", "snapshot", "outcome", "updated_at",
             "finished_at", "area")
_SELECT_BY_ID = select(*_COLUMNS).where(TABLE.c.id == bindparam("id"))
_INSERT = insert(TABLE).values({column.name: bindparam(column.name) for column in _COLUMNS})
_UPDATE_IF_UNCHANGED = (
    update(TABLE)
    .where(TABLE.c.id == bindparam("conversation_id"),
           TABLE.c.revision == bindparam("expected_revision"))
    .values({name: bindparam(f"new_{name}") for name in (*_WRITABLE, "revision")})
)
_DELETE_BY_ID = delete(TABLE).where(TABLE.c.id == bindparam("id"))
REQUESTS = SupportRequest.__table__


def _delete_untouched(kept_statuses: tuple[str, ...]):
    """Conversations untouched since the cutoff, except those behind a request in one of
    `kept_statuses`: the request still needs the conversation (the family tracks it there)."""
    behind_a_kept_request = exists().where(
        REQUESTS.c.conversation_id == TABLE.c.id,
        REQUESTS.c.status.in_([bindparam(f"kept_{n}") for n in range(len(kept_statuses))]))
    return delete(TABLE).where(TABLE.c.updated_at < bindparam("cutoff"),
                               ~behind_a_kept_request)


class _Statements:
    """The store's statements, compiled once for one database's dialect."""

    def __init__(self, connections: HotConnections):
        dialect = connections.dialect
        self.select = PreparedStatement("select conversation", _SELECT_BY_ID, dialect)
        self.insert = PreparedStatement("insert conversation", _INSERT, dialect)
        self.update = PreparedStatement("update conversation", _UPDATE_IF_UNCHANGED, dialect)
        self.delete = PreparedStatement("delete conversation", _DELETE_BY_ID, dialect)
        self.dialect = dialect


class StoreTurn:
    """One use case's reads and writes of conversation rows, on one connection."""

    __slots__ = ("_statements", "connection")

    def __init__(self, statements: _Statements, connection: DBAPIConnection):
        self._statements = statements
        self.connection = connection  # the DB-API connection its statements run on

    def get(self, conversation_id: str) -> StoredConversation | None:
        row = self._statements.select.first(self.connection, {"id": conversation_id})
        return StoredConversation(*row) if row else None

    def insert(self, conversation: StoredConversation) -> None:
        self._statements.insert.rowcount(self.connection, vars(conversation))  # not copied

    def save(self, conversation: StoredConversation, **changes) -> StoredConversation:
        """Write the changes if nobody else has since `conversation` was read."""
        changed = replace(conversation, **changes, revision=conversation.revision + 1)
        values = {f"new_{name}": getattr(changed, name) for name in (*_WRITABLE, "revision")}
        values.update(conversation_id=conversation.id, expected_revision=conversation.revision)
        if self._statements.update.rowcount(self.connection, values) != 1:
            raise StaleConversation(conversation.id)
        return changed

    def delete(self, conversation_id: str) -> None:
        self._statements.delete.rowcount(self.connection, {"id": conversation_id})

    def delete_untouched_since(self, cutoff: datetime, *,
                               unless_request_in: tuple[str, ...]) -> int:
        """Delete conversations untouched since `cutoff`, keeping any behind a request whose
        status is one of `unless_request_in`. Rare: the statement is built for each call."""
        purge = PreparedStatement("purge conversations", _delete_untouched(unless_request_in),
                                  self._statements.dialect)
        kept = {f"kept_{n}": status for n, status in enumerate(unless_request_in)}
        return purge.rowcount(self.connection, {"cutoff": cutoff, **kept})


class ConversationStore:
    """Units of work over conversation rows, for one database."""

    def __init__(self, connections: HotConnections):
        self.connections = connections
        self._statements = _Statements(connections)

    @contextmanager
    def turn(self) -> Iterator[StoreTurn]:
        """A unit of work on a hot-path connection (see `prepared.HotConnections`)."""
        with self.connections.connection() as connection:
            try:
                yield StoreTurn(self._statements, connection)
            except BaseException:
                connection.rollback()
                raise
            connection.commit()

    @contextmanager
    def within(self, session: Session) -> Iterator[StoreTurn]:
        """A unit of work inside the session's transaction, so that what the session changes
        too (a request's personal details, say) is committed or rolled back with it."""
        connection = session.connection().connection
        try:
            yield StoreTurn(self._statements, connection)
        except BaseException:
            session.rollback()
            raise
        session.commit()
