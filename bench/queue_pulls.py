"""How fast 16 coordinators drain one district's queue on PostgreSQL, and whether any
request is ever handed out twice.

    .venv/bin/python bench/queue_pulls.py [--database-url URL] [--requests 2000]
                                         [--coordinators 16]

The database (default postgresql://postgres@127.0.0.1:5432/pathway_req_bench, or
PATHWAY_BENCH_DATABASE_URL) is created if missing and its request tables are emptied: never
point it at a database that matters. Pulls go through the real service (pull_next_request)
in one process, one thread and one connection per coordinator. The last line printed is
JSON: {"pulls_per_s": ..., "duplicates": 0}.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url

from pathway_bot.config import Config
from pathway_bot.persistence.migrate import upgrade_schema
from pathway_bot.runtime import Runtime

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, only bench/ is on sys.path; tests/support (not installed) is in the checkout.
sys.path.insert(0, str(ROOT))
from tests.support.queue_drill import (  # noqa: E402
    coordinator_keys,
    pull_until_empty,
    seed_queue,
)

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/pathway_req_bench"
DISTRICT = "stroud"
OTHER_DISTRICT = "cotswold"


def ensure_database(url: str) -> None:
    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                              (parsed.database,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{parsed.database}"')


def fresh_runtime(url: str) -> Runtime:
    folder = Path(tempfile.mkdtemp(prefix="pathway-bench-"))
    runtime = Runtime.build(Config(database_url=url, secret_key="bench", instance_dir=folder,
                                   ratelimit_enabled=False))
    upgrade_schema(runtime.database.engine)
    with runtime.database.engine.begin() as connection:
        connection.execute(text("TRUNCATE request_event, support_request, api_key"))
    return runtime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url",
                        default=os.environ.get("PATHWAY_BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--coordinators", type=int, default=16)
    args = parser.parse_args()

    ensure_database(args.database_url)
    runtime = fresh_runtime(args.database_url)
    queued = set(seed_queue(runtime, DISTRICT, args.requests))
    elsewhere = set(seed_queue(runtime, OTHER_DISTRICT, args.requests // 10))
    keys = coordinator_keys(runtime, DISTRICT, args.coordinators)
    drill = pull_until_empty(runtime, keys)
    runtime.database.dispose()

    pulled = {request_id for request_id, _, _ in drill.pulled}
    print(f"{runtime.database.dialect}: {args.coordinators} coordinators pulled "
          f"{len(drill.pulled)} of {len(queued)} queued requests in {drill.seconds:.2f} s")
    print(f"missed: {len(queued - pulled)}, from another district: {len(pulled & elsewhere)}, "
          f"errors: {len(drill.errors)}")
    print(json.dumps({"pulls_per_s": round(drill.pulls_per_second, 1),
                      "duplicates": drill.duplicates}))


if __name__ == "__main__":
    main()
