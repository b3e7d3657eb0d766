"""What operators see of the outbox (`pathway-bot outbox`): counts by state and the dead
letters, with no address or words of any message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pathway_bot.persistence.models.outbox import DEAD, STATES, OutboxMessage


@dataclass(frozen=True)
class DeadLetter:
    id: str
    request_id: str
    kind: str
    audience: str
    channel: str
    attempts: int
    last_error: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class OutboxReport:
    counts: dict[str, int]
    dead_letters: list[DeadLetter]


def outbox_report(session: Session, *, dead_letters_shown: int = 100) -> OutboxReport:
    counted = dict(session.execute(select(OutboxMessage.state, func.count())
                                   .group_by(OutboxMessage.state)).all())
    dead = session.execute(
        select(OutboxMessage.id, OutboxMessage.request_id, OutboxMessage.kind,
               OutboxMessage.audience, OutboxMessage.channel, OutboxMessage.attempts,
               OutboxMessage.last_error, OutboxMessage.created_at, OutboxMessage.updated_at)
        .where(OutboxMessage.state == DEAD)
        .order_by(OutboxMessage.updated_at.desc()).limit(dead_letters_shown))
    return OutboxReport(counts={state: counted.get(state, 0) for state in STATES},
                        dead_letters=[DeadLetter(*row) for row in dead])
