"""`pathway-bot worker` sends what the outbox holds; `pathway-bot outbox` shows operators how
it stands. `pathway-bot serve` starts a worker beside the web server (see `worker_beside`)."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import click

from pathway_bot.jobs import JOBS, Scheduler
from pathway_bot.notifications.report import outbox_report
from pathway_bot.persistence.migrate import upgrade_schema
from pathway_bot.runtime import Runtime

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
_STOP_GRACE_SECONDS = 10


def _runtime() -> Runtime:
    """The runtime a caller (a test) passed as the click object, or one built from the env."""
    given = click.get_current_context().obj
    if isinstance(given, Runtime):
        return given
    built = Runtime.from_environment()
    upgrade_schema(built.database.engine)
    return built


@click.command("worker")
@click.option("--parent-pid", type=int, default=None, hidden=True,
              help="Stop when this process (the `serve` that started us) is gone.")
def worker_command(parent_pid: int | None) -> None:
    """Send the outbox's messages by email and SMS until stopped (SIGTERM or Ctrl-C)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # Notify's client logs a refusal in Notify's own words; ours logs its code instead.
    logging.getLogger("notifications_python_client").setLevel(logging.ERROR)
    runtime = _runtime()
    worker = runtime.outbox_worker()
    stop = threading.Event()
    for signum in STOP_SIGNALS:
        signal.signal(signum, lambda *_: stop.set())
    # Said once a stop signal stops it cleanly: a process manager may send one at once.
    click.echo(worker.describe())
    if parent_pid is not None:
        _stop_when_gone(parent_pid, stop)
    # The scheduled jobs (purge, outbox retries, ...) run beside the sending, one runner at
    # a time across servers (see pathway_bot.jobs).
    Scheduler(runtime, JOBS, runtime.config.jobs_poll_seconds).start(stop)
    worker.run(stop)
    click.echo("Outbox worker stopped.")


def _stop_when_gone(parent_pid: int, stop: threading.Event) -> None:
    """A `serve` killed outright cannot stop its worker: the worker notices and stops."""
    def watch() -> None:
        while not stop.wait(1.0):
            if os.getppid() != parent_pid:
                stop.set()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


@contextmanager
def worker_beside() -> Iterator[subprocess.Popen]:
    """Run `pathway-bot worker` as a child process while the block runs, and stop it after.

    Only the process that started it stops it: the web server's own workers are forked
    from this process and leave through the same block.
    """
    started_by = os.getpid()
    child = subprocess.Popen([sys.executable, "-m", "pathway_bot.cli", "worker",
                              "--parent-pid", str(started_by)])
    try:
        yield child
    finally:
        if os.getpid() == started_by:
            _stop(child)


def _stop(child: subprocess.Popen) -> None:
    child.terminate()
    try:
        child.wait(_STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


@click.command("outbox")
def outbox_command() -> None:
    """How many messages are queued, sending, sent and dead, and the dead letters (no
    addresses, no words)."""
    runtime = _runtime()
    with runtime.database.session() as session:
        report = outbox_report(session)
    click.echo("  ".join(f"{state}: {count}" for state, count in report.counts.items()))
    if not report.dead_letters:
        return
    click.echo("Dead letters (newest first):")
    for letter in report.dead_letters:
        click.echo(f"  {letter.id}  request {letter.request_id}  {letter.kind} to "
                   f"{letter.audience} by {letter.channel}  {letter.attempts} attempt(s)  "
                   f"{letter.last_error or ''}  last tried {letter.updated_at:%Y-%m-%d %H:%M}Z")


COMMANDS = (worker_command, outbox_command)
