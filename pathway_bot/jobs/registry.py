"""Every scheduled job: a name, how often, and what it does (which returns a summary of
counts, never personal data). Add a job with one line in JOBS."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from pathway_bot.bootstrap import purge_expired
from pathway_bot.notifications.retries import requeue_abandoned
from pathway_bot.runtime import Runtime


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[Runtime], str]


def purge(runtime: Runtime) -> str:
    purged = purge_expired(runtime)
    return f"{purged.conversations} conversation(s), {purged.requests} request(s) erased"


def outbox_retries(runtime: Runtime) -> str:
    with runtime.database.session() as session:
        requeued, buried = requeue_abandoned(session, runtime.clock(),
                                             runtime.config.notifications.max_attempts)
    return f"{requeued} message(s) queued again, {buried} made dead letters"


def ageing(runtime: Runtime) -> str:
    """In every area: carry what its meeting did not decide to the next one, then count what
    is late against the area's own response times."""
    carried, late = 0, 0
    for area_runtime in runtime.deployment.runtimes.values():
        with area_runtime.database.session() as session:
            carried += len(area_runtime.casework.carry_forward(session))
            report = area_runtime.casework.ageing(session)
        late += sum(len(breaches) for breaches in report.values())
    return f"{carried} request(s) carried forward, {late} response time(s) missed"


JOBS: tuple[Job, ...] = (
    Job("purge", timedelta(days=1), purge),
    Job("outbox-retries", timedelta(minutes=5), outbox_retries),
    Job("ageing", timedelta(days=1), ageing),
)
