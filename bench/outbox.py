"""How fast the outbox worker sends email through a local SMTP server while it is killed
(SIGKILL, by its PID) and restarted several times, and whether anything is lost or sent twice.

    .venv/bin/python bench/outbox.py [--messages 2000] [--kills 5] [--database-url URL]

The promise: at least once, none lost. A duplicate can happen only when the worker dies
between the SMTP server accepting a message and the outbox marking it sent, so there are at
most as many duplicates as kills. Each message's Message-ID is its outbox id: that is how
duplicates are counted here.

The database defaults to a fresh SQLite file in a temporary folder; a --database-url (e.g.
PostgreSQL) has its outbox and request tables emptied: never point it at one that matters.
The worker is the real `pathway-bot worker`, in its own process; the SMTP server (aiosmtpd)
runs in this one. The last line printed is JSON:
{"messages": 2000, "messages_per_s": ..., "lost": 0, "duplicates": ..., "kills": 5}.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import func, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, only bench/ is on sys.path; tests/ (not installed) is in the checkout.
sys.path.insert(0, str(ROOT))
from pathway_bot.config import Config  # noqa: E402
from pathway_bot.persistence.db import begin_read_only  # noqa: E402
from pathway_bot.persistence.migrate import upgrade_schema  # noqa: E402
from pathway_bot.persistence.models.outbox import SENT, OutboxMessage  # noqa: E402
from pathway_bot.runtime import Runtime  # noqa: E402
from tests.requests_factories import create_request  # noqa: E402
from tests.support.mail import SmtpServer  # noqa: E402

# A killed worker's batch waits out its lease: short here, so the drill does not idle.
LEASE_SECONDS = 2.0
SEND_TIMEOUT_SECONDS = 0.5
BATCH_SIZE = 50


@dataclass(frozen=True)
class DrillResult:
    messages: int
    seconds: float
    messages_per_s: float
    received: int
    lost: int
    duplicates: int
    kills: int
    database: str


def fresh_runtime(url: str | None, folder: Path) -> Runtime:
    runtime = Runtime.build(Config(database_url=url or f"sqlite:///{folder / 'bench.db'}",
                                   secret_key="bench", instance_dir=folder,
                                   ratelimit_enabled=False))
    upgrade_schema(runtime.database.engine)
    if url:
        with runtime.database.engine.begin() as connection:
            connection.execute(text("DELETE FROM outbox_message"))
            connection.execute(text("DELETE FROM request_event"))
            connection.execute(text("DELETE FROM support_request"))
    return runtime


def seed_outbox(runtime: Runtime, count: int) -> set[str]:
    """`count` queued emails, all copies of the one a real request writes."""
    with runtime.database.session() as session:
        request = create_request(session, runtime, contact={
            "email": "family@example.org", "safe_to_email": True})
        template = session.scalars(select(OutboxMessage)).one()
        columns = {c.name: getattr(template, c.key) for c in OutboxMessage.__table__.columns}
        ids = {uuid.uuid4().hex for _ in range(count - 1)}
        session.execute(insert(OutboxMessage), [{**columns, "id": id_} for id_ in ids])
        session.commit()
        assert request.id == template.request_id
        return ids | {template.id}


def sent_count(runtime: Runtime) -> int:
    with runtime.database.session() as session:
        begin_read_only(session)  # on SQLite, never in the worker's way
        return session.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.state == SENT)) or 0


def start_worker(database_url: str, smtp_url: str, folder: Path) -> subprocess.Popen:
    env = {**os.environ, "PATHWAY_DATABASE_URL": database_url, "PATHWAY_SMTP_URL": smtp_url,
           "PATHWAY_MAIL_FROM": "pathway@bench.example", "PATHWAY_SECRET_KEY": "bench",
           "PATHWAY_INSTANCE_DIR": str(folder),
           "PATHWAY_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
           "PATHWAY_OUTBOX_SEND_TIMEOUT_SECONDS": str(SEND_TIMEOUT_SECONDS),
           "PATHWAY_OUTBOX_BATCH_SIZE": str(BATCH_SIZE),
           "PATHWAY_OUTBOX_IDLE_POLL_SECONDS": "0.1"}
    return subprocess.Popen([sys.executable, "-m", "pathway_bot.cli", "worker"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)


def run_drill(*, messages: int, kills: int, database_url: str | None = None,
              timeout_seconds: float = 600) -> DrillResult:
    folder = Path(tempfile.mkdtemp(prefix="pathway-outbox-bench-"))
    runtime = fresh_runtime(database_url, folder)
    seeded = seed_outbox(runtime, messages)
    url = runtime.database.url
    # Kill once each time another share of the messages has arrived.
    kill_at = [messages * (k + 1) // (kills + 1) for k in range(kills)]
    with SmtpServer() as smtp:
        started = time.perf_counter()
        worker = start_worker(url, smtp.url, folder)
        try:
            while sent_count(runtime) < messages:
                if time.perf_counter() - started > timeout_seconds:
                    raise TimeoutError(f"only {sent_count(runtime)} of {messages} sent")
                if kill_at and len(smtp.messages) >= kill_at[0]:
                    kill_at.pop(0)
                    os.kill(worker.pid, signal.SIGKILL)
                    worker.wait()
                    worker = start_worker(url, smtp.url, folder)
                time.sleep(0.05)
            seconds = time.perf_counter() - started
        finally:
            worker.terminate()
            worker.wait()
        arrived = smtp.message_ids()
    runtime.database.dispose()
    return DrillResult(messages=messages, seconds=round(seconds, 2),
                       messages_per_s=round(messages / seconds, 1), received=len(arrived),
                       lost=len(seeded - set(arrived)), duplicates=len(arrived) - len(set(arrived)),
                       kills=kills, database=runtime.database.dialect)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--database-url", default=os.environ.get("PATHWAY_BENCH_DATABASE_URL"))
    args = parser.parse_args()
    result = run_drill(messages=args.messages, kills=args.kills,
                       database_url=args.database_url)
    print(f"{result.messages} messages in {result.seconds} s on {result.database}, with "
          f"{result.kills} kills: {result.messages_per_s} messages/s, {result.lost} lost, "
          f"{result.duplicates} duplicate(s)")
    print(json.dumps(asdict(result)))
    if result.lost or result.duplicates > result.kills:
        sys.exit(1)


if __name__ == "__main__":
    main()
