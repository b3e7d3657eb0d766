"""Writing messages into the outbox, in the transaction of the change that causes them, and
taking them out again when the request they belong to is erased."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Protocol

from sqlalchemy import delete
from sqlalchemy.orm import Session

from pathway_bot.notifications.compose import Draft
from pathway_bot.persistence.models.outbox import QUEUED, SENT, OutboxMessage
from pathway_bot.persistence.models.requests import SupportRequest


class Drafting(Protocol):
    def drafts(self, request: SupportRequest, event: str, now: datetime) -> list[Draft]: ...


class Outbox:
    """Hears every change to a request (see requests.announcements) and queues its messages."""

    def __init__(self, composer: Drafting | None):
        # None until the composition root has built every area's Composer.
        self._composer = composer

    @property
    def composer(self) -> Drafting:
        if self._composer is None:
            raise RuntimeError("the outbox was used before its composer was set")
        return self._composer

    @composer.setter
    def composer(self, composer: Drafting) -> None:
        self._composer = composer

    def request_changed(self, session: Session, request: SupportRequest, event: str,
                        now: datetime) -> None:
        session.add_all(
            OutboxMessage(id=uuid.uuid4().hex, request_id=request.id, kind=event,
                          audience=draft.audience, channel=draft.channel, locale=draft.locale,
                          address=draft.address, subject=draft.subject, body=draft.body,
                          state=QUEUED, attempts=0, next_attempt_at=now, created_at=now,
                          updated_at=now)
            for draft in self.composer.drafts(request, event, now))

    def request_erased(self, session: Session, request: SupportRequest) -> None:
        """Every message not yet sent goes; sent ones hold no address or words any more.

        A message a worker is handing over at this moment may still arrive: its row is gone,
        so it is not retried.
        """
        # Flushed first, so a message staged in this very transaction is deleted too.
        session.flush()
        session.execute(delete(OutboxMessage)
                        .where(OutboxMessage.request_id == request.id,
                               OutboxMessage.state != SENT)
                        .execution_options(synchronize_session=False))
