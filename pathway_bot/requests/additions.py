"""What a family adds to a request after raising it ("things got worse at school this week").

Each addition is an audit event (that it happened, and when) with its words kept apart, in
request_addition, where erasure can remove them. The coordinator holding the request sees
an addition as new until they have read it once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pathway_bot.errors import Conflict, ValidationFailed
from pathway_bot.persistence.db import unit_of_work
from pathway_bot.persistence.models.requests import ApiKey, RequestAddition, SupportRequest
from pathway_bot.requests.lifecycle import DECLINED, WITHDRAWN
from pathway_bot.requests.moves import Actor, record_event

MAX_ADDITION = 4000
ADD_INFORMATION = "add_information"
# Nobody is working a request in these any more: new words would reach no one.
_CLOSED = (DECLINED, WITHDRAWN)


def add_information(session: Session, request: SupportRequest, text: str, *, actor: Actor,
                    now: datetime) -> RequestAddition:
    words = _checked(text)
    if request.status in _CLOSED or request.erased_at is not None:
        raise Conflict("This request is closed: nothing more can be added to it. "
                       "You can ask for support again at any time.")
    with unit_of_work(session):
        event = record_event(session, request, action=ADD_INFORMATION, actor=actor,
                             from_status=request.status, to_status=request.status, now=now)
        session.flush()  # the event's id, for the addition to point at
        addition = RequestAddition(request_id=request.id, event_id=event.id, at=now,
                                   text=words)
        session.add(addition)
    return addition


def _checked(text: str) -> str:
    words = (text or "").strip() if isinstance(text, str) else ""
    if not words or len(words) > MAX_ADDITION:
        raise ValidationFailed("Say what you want to add, in 1 to 4000 characters.",
                               errors={"text": [f"1 to {MAX_ADDITION} characters"]})
    return words


def additions_for(session: Session, request: SupportRequest) -> list[RequestAddition]:
    return list(session.scalars(select(RequestAddition)
                                .where(RequestAddition.request_id == request.id)
                                .order_by(RequestAddition.id)))


def read_additions(session: Session, request: SupportRequest, key: ApiKey,
                   now: datetime) -> list[dict]:
    """The additions as a coordinator sees them, each `new` until the holder has read it;
    reading them as the holder marks them read."""
    shown = [{"at": addition.at, "text": addition.text, "new": addition.read_at is None}
             for addition in additions_for(session, request)]
    if any(item["new"] for item in shown):
        mark_read_by_holder(session, request, key, now)
    return shown


def mark_read_by_holder(session: Session, request: SupportRequest, key: ApiKey,
                        now: datetime) -> None:
    """Once the coordinator holding the request has seen its additions, they are not new."""
    if request.claimed_by != key.id:
        return
    with unit_of_work(session):
        session.execute(update(RequestAddition)
                        .where(RequestAddition.request_id == request.id,
                               RequestAddition.read_at.is_(None))
                        .values(read_at=now))


def erase_additions(session: Session, request: SupportRequest) -> None:
    """Blank the words; the audit event that something was added stays."""
    session.execute(update(RequestAddition).where(RequestAddition.request_id == request.id)
                    .values(text=None))
