"""Running the jobs that are due, one runner at a time across every server.

PostgreSQL: each job has an advisory lock. A worker that gets it reads when the job last
started (the `scheduled_job` table), runs it if its period has passed, and records the run;
a worker that does not get it skips the job, as another server is running it. A worker that
dies holding the lock lets it go with its connection. SQLite serves one machine: run one
worker there (`serve` starts exactly one); the table still keeps the period.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Engine, text

from pathway_bot.jobs.registry import Job
from pathway_bot.persistence.models.scheduled_job import ScheduledJobRun
from pathway_bot.runtime import Runtime

log = logging.getLogger("pathway_bot.jobs")


def lock_key(name: str) -> int:
    """A signed 64-bit key for pg_try_advisory_lock, the same on every server."""
    digest = hashlib.sha256(b"pathway-bot scheduled job " + name.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def one_runner(engine: Engine, name: str) -> Iterator[bool]:
    """True while this process holds the job's lock; False if another one holds it."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    key = lock_key(name)
    with engine.connect() as connection:
        held = bool(connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}))
        connection.commit()
        try:
            yield held
        finally:
            if held:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()


def run_due_jobs(runtime: Runtime, jobs: Sequence[Job], *, force: bool = False) -> list[str]:
    """Run each job whose period has passed (every one, with `force`); returns what ran."""
    ran = []
    for job in jobs:
        with one_runner(runtime.database.engine, job.name) as held:
            if held and _start_if_due(runtime, job, force):
                ran.append(f"{job.name}: {_run(runtime, job)}")
    return ran


def _start_if_due(runtime: Runtime, job: Job, force: bool) -> bool:
    now = runtime.clock()
    with runtime.database.session() as session:
        row = session.get(ScheduledJobRun, job.name)
        if row is None:
            row = ScheduledJobRun(name=job.name, runs=0)
            session.add(row)
        elif (not force and row.last_started_at is not None
              and now - row.last_started_at < job.every):
            return False
        row.last_started_at = now
        row.runs += 1
        session.commit()
    return True


def _run(runtime: Runtime, job: Job) -> str:
    try:
        outcome = job.run(runtime)
    except Exception as error:  # one job's failure never stops the others
        outcome = f"failed: {type(error).__name__}"
        log.error("scheduled job %s failed: %s", job.name, type(error).__name__)
    else:
        log.info("scheduled job %s: %s", job.name, outcome)
    with runtime.database.session() as session:
        row = session.get(ScheduledJobRun, job.name)
        if row is not None:
            row.last_finished_at = runtime.clock()
            row.last_outcome = outcome[:200]
            session.commit()
    return outcome


def last_runs(runtime: Runtime) -> dict[str, ScheduledJobRun]:
    with runtime.database.session() as session:
        return {row.name: row for row in session.query(ScheduledJobRun)}


class Scheduler:
    """Looks for due jobs every `poll_seconds` until stopped: a thread of the worker."""

    def __init__(self, runtime: Runtime, jobs: Sequence[Job], poll_seconds: float = 60.0):
        self.runtime = runtime
        self.jobs = jobs
        self.poll_seconds = poll_seconds

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                run_due_jobs(self.runtime, self.jobs)
            except Exception as error:  # the database away, say: try again next time
                log.warning("scheduled jobs not run: %s", type(error).__name__)
            stop.wait(self.poll_seconds)

    def start(self, stop: threading.Event) -> threading.Thread:
        thread = threading.Thread(target=self.run, args=(stop,), name="scheduler",
                                  daemon=True)
        thread.start()
        return thread


def describe(jobs: Sequence[Job], now: datetime, runs: dict[str, ScheduledJobRun]) -> list[str]:
    lines = []
    for job in jobs:
        row = runs.get(job.name)
        last = (f"last started {row.last_started_at:%Y-%m-%d %H:%M}Z ({row.last_outcome})"
                if row and row.last_started_at else "never run")
        lines.append(f"{job.name}  every {job.every}  {last}")
    return lines
