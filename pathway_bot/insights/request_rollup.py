"""Timing requests from their audit trail, kept up to date a few entries at a time.

The audit trail is append-only, so the roll-up reads only the entries after the last one it
read (`insight_mark`), and keeps for each request when it was raised and when it first
reached each status. A page then reads one small row per request instead of joining every
entry. Two roll-ups at once agree: a first time only ever moves earlier, and the mark only
forward.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, case, select
from sqlalchemy.orm import Session

from pathway_bot.insights.rollup import dialect_insert
from pathway_bot.insights.settings import InsightSettings
from pathway_bot.persistence.models.insights import (
    InsightMark,
    RequestInsight,
    RequestMilestone,
)
from pathway_bot.persistence.models.requests import RequestEvent, SupportRequest

MARK = "request_event"
_BATCH = 5000


def roll_up_requests(session: Session, settings: InsightSettings) -> int:
    """Read the audit entries after the mark into the requests' rows; how many were read.
    The caller commits."""
    mark = session.scalar(select(InsightMark.value).where(InsightMark.name == MARK)) or 0
    read = 0
    while True:
        entries = session.execute(
            select(RequestEvent.id, RequestEvent.request_id, RequestEvent.to_status,
                   RequestEvent.at)
            .where(RequestEvent.id > mark).order_by(RequestEvent.id).limit(_BATCH)).all()
        if not entries:
            break
        _keep(session, settings, entries)
        mark = entries[-1][0]
        read += len(entries)
        _move_mark(session, mark)
    return read


def _keep(session: Session, settings: InsightSettings,
          entries: Sequence[Row[int, str, str, datetime]]) -> None:
    reached: dict[str, dict[str, float]] = {}
    for _, request_id, status, at in entries:
        firsts = reached.setdefault(request_id, {})
        seconds = _seconds(at)
        firsts[status] = min(firsts.get(status, seconds), seconds)
    ids = list(reached)
    requests = {row[0]: row[1:] for row in session.execute(
        select(SupportRequest.id, SupportRequest.area, SupportRequest.district,
               SupportRequest.created_at).where(SupportRequest.id.in_(ids)))}
    kept = {row[0]: row[1] for row in session.execute(
        select(RequestInsight.request_id, RequestInsight.firsts)
        .where(RequestInsight.request_id.in_(ids)))}
    for request_id, firsts in reached.items():
        area, district, created_at = requests[request_id]
        earlier = json.loads(kept.get(request_id) or "{}")
        merged = {s: min(t, earlier.get(s, t)) for s, t in {**earlier, **firsts}.items()}
        left = [at for status, at in merged.items() if status not in settings.queue_statuses]
        values = {"request_id": request_id, "area": area, "district": district,
                  "raised": _seconds(created_at), "left_queue": min(left, default=None),
                  "firsts": json.dumps(merged, separators=(",", ":"), sort_keys=True)}
        session.execute(dialect_insert(session, RequestInsight).values(**values)
                        .on_conflict_do_update(index_elements=["request_id"], set_={
                            name: values[name] for name in ("district", "firsts",
                                                            "left_queue")}))
        for milestone, statuses in settings.milestones.items():
            times = [merged[s] for s in statuses if s in merged]
            if times:
                session.execute(
                    dialect_insert(session, RequestMilestone)
                    .values(request_id=request_id, milestone=milestone, reached=min(times))
                    .on_conflict_do_update(index_elements=["request_id", "milestone"],
                                           set_={"reached": min(times)}))


def _move_mark(session: Session, mark: int) -> None:
    table = InsightMark.__table__
    session.execute(dialect_insert(session, InsightMark).values(name=MARK, value=mark)
                    .on_conflict_do_update(index_elements=["name"], set_={
                        "value": _greatest(session, table.c.value, mark)}))


def _greatest(session: Session, column: Any, value: int) -> Any:
    return case((column > value, column), else_=value)


def _seconds(moment: datetime) -> float:
    return moment.timestamp()
