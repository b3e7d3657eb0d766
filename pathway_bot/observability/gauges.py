"""What the database says when `/metrics` is scraped or `/readyz` is asked: the queue's
depth per district and the outbox's backlog. Never on the request path."""

from __future__ import annotations

from datetime import datetime

from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pathway_bot.persistence.models.outbox import DEAD, QUEUED, SENDING, OutboxMessage
from pathway_bot.persistence.models.requests import SupportRequest

BACKLOG_STATES = (QUEUED, SENDING, DEAD)


def queue_depth(session: Session) -> dict[tuple[str, str], int]:
    rows = session.execute(select(SupportRequest.area, SupportRequest.district, func.count())
                           .where(SupportRequest.status == "queued")
                           .group_by(SupportRequest.area, SupportRequest.district))
    return {(area, district): count for area, district, count in rows}


def outbox_backlog(session: Session) -> dict[str, int]:
    rows = dict(session.execute(select(OutboxMessage.state, func.count())
                                .where(OutboxMessage.state.in_(BACKLOG_STATES))
                                .group_by(OutboxMessage.state)).all())
    return {state: int(rows.get(state, 0)) for state in BACKLOG_STATES}


def oldest_queued_message(session: Session) -> datetime | None:
    return session.scalar(select(func.min(OutboxMessage.created_at))
                          .where(OutboxMessage.state == QUEUED))


def database_gauges(session: Session, districts: list[tuple[str, str]]
                    ) -> list[GaugeMetricFamily]:
    """`districts`: every (area, district) the area data knows, so an empty queue reads 0."""
    depth = GaugeMetricFamily("pathway_queue_depth",
                              "Requests for support waiting in the queue, per district",
                              labels=["area", "district"])
    counted = queue_depth(session)
    for key in sorted(set(districts) | set(counted)):
        depth.add_metric(list(key), counted.get(key, 0))
    backlog = GaugeMetricFamily("pathway_outbox_messages",
                                "Outbox messages not yet sent, by state", labels=["state"])
    for state, count in outbox_backlog(session).items():
        backlog.add_metric([state], count)
    return [depth, backlog]
