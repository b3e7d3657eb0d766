"""Taking messages out of the outbox and recording how each send ended. Each function commits
its own short transaction: nothing is held open while a message is being sent.

A claim is a lease: the message is the worker's until `lease_until`. The count of attempts
doubles as the lease's token, since every claim raises it: a worker whose lease ran out
(and whose message another worker has claimed since) changes nothing when it reports back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session

from pathway_bot.config import NotificationSettings
from pathway_bot.notifications.senders import OutgoingMessage, SendFailed
from pathway_bot.persistence.models.outbox import DEAD, QUEUED, SENDING, SENT, OutboxMessage

WORKER_STOPPED = "worker stopped while sending"


@dataclass(frozen=True)
class Claimed:
    message: OutgoingMessage
    attempts: int  # the lease's token
    lease_until: datetime


def _due(now: datetime) -> ColumnElement[bool]:
    """Queued and due, or held by a worker whose lease has run out (it died, most likely)."""
    return or_(and_(OutboxMessage.state == QUEUED, OutboxMessage.next_attempt_at <= now),
               and_(OutboxMessage.state == SENDING, OutboxMessage.lease_until < now))


def claim_due(session: Session, *, channels: Iterable[str], now: datetime,
              settings: NotificationSettings) -> list[Claimed]:
    """Lease up to a batch of due messages on the given channels, oldest first.

    PostgreSQL locks the chosen rows FOR UPDATE SKIP LOCKED, so workers claiming at once each
    take different messages without waiting; SQLite runs one writer at a time (BEGIN
    IMMEDIATE). Either way the update requires each row to be still due.
    """
    _bury_abandoned(session, now, settings.max_attempts)
    lease_until = now + timedelta(seconds=settings.lease_seconds)
    due = (select(OutboxMessage.id)
           .where(OutboxMessage.channel.in_(tuple(channels)), _due(now))
           .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
           .limit(settings.batch_size)
           .with_for_update(skip_locked=True))  # rendered only where the database has it
    rows = session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due), _due(now))
        .values(state=SENDING, lease_until=lease_until, attempts=OutboxMessage.attempts + 1,
                updated_at=now)
        .returning(OutboxMessage)
        .execution_options(synchronize_session=False, populate_existing=True)).all()
    claimed = [_claimed(row) for row in rows]
    session.commit()
    return sorted(claimed, key=lambda c: c.message.id)


def _claimed(row: OutboxMessage) -> Claimed:
    assert row.lease_until is not None
    message = OutgoingMessage(id=row.id, channel=row.channel, address=row.address or "",
                              subject=row.subject, body=row.body or "")
    return Claimed(message, row.attempts, row.lease_until)


def _bury_abandoned(session: Session, now: datetime, max_attempts: int) -> None:
    """A message whose every worker died while sending it (one that crashes the sender,
    say) is a dead letter rather than a loop without end."""
    session.execute(update(OutboxMessage)
                    .where(OutboxMessage.state == SENDING, OutboxMessage.lease_until < now,
                           OutboxMessage.attempts >= max_attempts)
                    .values(state=DEAD, lease_until=None, last_error=WORKER_STOPPED,
                            updated_at=now)
                    .execution_options(synchronize_session=False))


def _still_ours(claimed: Claimed) -> tuple[ColumnElement[bool], ...]:
    return (OutboxMessage.id == claimed.message.id, OutboxMessage.state == SENDING,
            OutboxMessage.attempts == claimed.attempts)


def mark_sent(session: Session, claimed: Claimed, now: datetime) -> None:
    """Sent: the address and the words go; the row keeps what the audit needs."""
    session.execute(update(OutboxMessage).where(*_still_ours(claimed))
                    .values(state=SENT, sent_at=now, updated_at=now, lease_until=None,
                            address=None, subject=None, body=None, last_error=None)
                    .execution_options(synchronize_session=False))
    session.commit()


def retry_delay(attempts: int, settings: NotificationSettings) -> timedelta:
    """Exponential backoff: the first retry after `retry_after_seconds`, then twice as long
    each time, never longer than `retry_at_most_seconds`."""
    seconds = settings.retry_after_seconds * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.retry_at_most_seconds))


def mark_failed(session: Session, claimed: Claimed, failure: SendFailed, now: datetime,
                settings: NotificationSettings) -> str:
    """Queued again after a backoff, or a dead letter; returns the state it is left in."""
    dead = failure.permanent or claimed.attempts >= settings.max_attempts
    state = DEAD if dead else QUEUED
    session.execute(update(OutboxMessage).where(*_still_ours(claimed))
                    .values(state=state, lease_until=None, last_error=failure.code,
                            next_attempt_at=now + retry_delay(claimed.attempts, settings),
                            updated_at=now)
                    .execution_options(synchronize_session=False))
    session.commit()
    return state


def release(session: Session, claims: Iterable[Claimed], now: datetime) -> None:
    """Give back messages not tried (the worker is stopping, or its lease runs short): due
    again at once, and the claim not counted as an attempt."""
    for claimed in claims:
        session.execute(update(OutboxMessage).where(*_still_ours(claimed))
                        .values(state=QUEUED, lease_until=None, updated_at=now,
                                attempts=OutboxMessage.attempts - 1)
                        .execution_options(synchronize_session=False))
    session.commit()
