"""Moving a request along its lifecycle: one conditional update plus one audit entry.

The update only succeeds if the request is still in the status (and, where it matters, held
by the coordinator) that the caller saw, so two people racing can never both win.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from pathway_bot.errors import Conflict
from pathway_bot.persistence.models.requests import ApiKey, RequestEvent, SupportRequest
from pathway_bot.requests.announcements import announce_action
from pathway_bot.requests.lifecycle import next_status

_UNSET = object()


@dataclass(frozen=True)
class Actor:
    """Who did something, as the audit trail records it."""

    role: str  # family | young_person | practitioner | coordinator | system
    name: str
    key_id: str | None = None

    @classmethod
    def from_key(cls, key: ApiKey) -> Actor:
        return cls(key.role, key.name, key.id)


FAMILY = Actor("family", "the family")
SYSTEM = Actor("system", "Pathway Bot")


def record_event(session: Session, request: SupportRequest, *, action: str, actor: Actor,
                 from_status: str | None, to_status: str, now: datetime,
                 note: str | None = None) -> RequestEvent:
    """The audit entry; what it records is announced with it, in the same transaction (the
    request's messages, say), so nothing that happened to a request goes untold."""
    entry = RequestEvent(request_id=request.id, at=now, action=action, from_status=from_status,
                         to_status=to_status, actor_role=actor.role, actor_name=actor.name,
                         actor_key_id=actor.key_id, note=note)
    session.add(entry)
    announce_action(session, request, action, now)
    return entry


def move(session: Session, request: SupportRequest, action: str, actor: Actor, *,
         now: datetime, note: str | None = None, held_by: object = _UNSET,
         guard: tuple = (), **changes) -> SupportRequest:
    """Apply `action` in the session's transaction (the use case commits); IllegalTransition
    or Conflict (409) and nothing changes.

    `held_by`: the coordinator key that must hold the request for this to happen.
    `guard`: further conditions the row must still meet (for a move that keeps the status,
    what it changes), so that two racing cannot both make it.
    """
    before = request.status
    after = next_status(before, action)
    condition = [SupportRequest.id == request.id, SupportRequest.status == before]
    if held_by is not _UNSET:
        condition.append(SupportRequest.claimed_by == held_by)
    condition.extend(guard)
    values = {"status": after, "updated_at": now, **changes}
    result = session.execute(update(SupportRequest).where(*condition).values(**values)
                             .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Conflict("Someone else changed this request just now. Fetch it and try again.")
    for name, value in values.items():
        set_committed_value(request, name, value)
    record_event(session, request, action=action, actor=actor, from_status=before,
                 to_status=after, now=now, note=note)
    return request
