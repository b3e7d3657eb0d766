"""The outbox as `/readyz` reports it: how many wait, how many are dead letters, and how long
the oldest has waited (a worker that stopped shows here first)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime

from sqlalchemy.orm import Session

from pathway_bot.observability.gauges import oldest_queued_message, outbox_backlog
from pathway_bot.persistence.db import begin_read_only

# Queued longer than this with nothing sent: no worker is running, most likely.
STALLED_AFTER_SECONDS = 15 * 60


def outbox_state(sessions: Callable[[], AbstractContextManager[Session]],
                 now: datetime) -> dict:
    with sessions() as session:
        begin_read_only(session)
        backlog = outbox_backlog(session)
        oldest = oldest_queued_message(session)
    waited = max(0, int((now - oldest).total_seconds())) if oldest else 0
    state = "stalled" if waited > STALLED_AFTER_SECONDS else (
        "dead_letters" if backlog["dead"] else "ok")
    return {"state": state, **backlog, "oldest_queued_seconds": waited}
