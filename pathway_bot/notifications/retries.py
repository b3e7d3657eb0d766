"""Messages whose worker died while sending them: queued again at once (the attempt counted),
or dead letters once they have had every attempt. A worker claiming would take them anyway;
doing it on a schedule keeps the outbox's counts (and `/readyz`) true while no worker of
their channel claims."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from pathway_bot.notifications.claims import WORKER_STOPPED
from pathway_bot.persistence.models.outbox import DEAD, QUEUED, SENDING, OutboxMessage


def requeue_abandoned(session: Session, now: datetime, max_attempts: int) -> tuple[int, int]:
    """(queued again, made dead letters). Commits."""
    abandoned = (OutboxMessage.state == SENDING, OutboxMessage.lease_until < now)
    buried: CursorResult[tuple[()]] = session.execute(  # type: ignore[assignment]
        update(OutboxMessage).where(*abandoned, OutboxMessage.attempts >= max_attempts)
        .values(state=DEAD, lease_until=None, last_error=WORKER_STOPPED, updated_at=now)
        .execution_options(synchronize_session=False))
    requeued: CursorResult[tuple[()]] = session.execute(  # type: ignore[assignment]
        update(OutboxMessage).where(*abandoned)
        .values(state=QUEUED, lease_until=None, next_attempt_at=now,
                last_error=WORKER_STOPPED, updated_at=now)
        .execution_options(synchronize_session=False))
    session.commit()
    return requeued.rowcount, buried.rowcount
