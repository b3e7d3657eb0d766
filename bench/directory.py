"""Benchmark: search with filters over 10,000 generated services, on SQLite and PostgreSQL.

    .venv/bin/python bench/directory.py [--services 10000] [--queries 400]

PostgreSQL is read from PATHWAY_BENCH_POSTGRES_URL (default: a `pathway_dir_bench` database
on 127.0.0.1, dropped and made afresh). Each query is what GET /api/v1/services does below
HTTP: correct the words, filter, rank, count, and load a page of 20 whole services.
Last line: {"services": N, "sqlite_p95_ms": ..., "postgres_p95_ms": ...}
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
import uuid

from sqlalchemy import create_engine, text

from pathway_bot.assessment.profile import NEED_AREAS
from pathway_bot.directory.records import Organisation, Service, ServiceArea, Term
from pathway_bot.directory.repository import save_services
from pathway_bot.directory.search import ServiceQuery, search_services
from pathway_bot.directory.taxonomy import (
    ACCESS_ROUTES,
    ACCESS_TAXONOMY,
    NEED_SEARCH_WORDS,
    NEED_TAXONOMY,
    TIER_TAXONOMY,
    TIERS,
    term_id,
)
from pathway_bot.persistence.db import Database
from pathway_bot.persistence.migrate import upgrade_schema

DISTRICTS = ("cheltenham", "cotswold", "forest_of_dean", "gloucester", "stroud", "tewkesbury")
NAME_WORDS = ("club", "group", "support", "service", "team", "hub", "drop-in", "project",
              "network", "clinic", "advice", "line", "centre", "programme", "café")
TOPIC_WORDS = sorted({w for words in NEED_SEARCH_WORDS.values() for w in words.split()}
                     | {"play", "sport", "music", "art", "nature", "football", "swimming"})
# What people type: real words, a few with typos, and words the index does not hold.
QUERIES = ("autism", "autisim", "dyslexa", "dyslexia", "speech therapy", "anxiety",
           "young carers", "counselling", "councelling", "wheelchair", "adhd", "parenting",
           "deaf", "transition college", "sleep", "football club", "mental health", "epilepsy")
PAGE_SIZE = 20


def term(taxonomy: str, code: str) -> Term:
    return Term(id=term_id(taxonomy, code), taxonomy=taxonomy, code=code, name=code,
                description=code)


def generate(count: int, seed: int = 4) -> list[Service]:
    rng = random.Random(seed)
    organisations = [Organisation(id=str(uuid.UUID(int=rng.getrandbits(128))),
                                  name=f"Organisation {i}") for i in range(300)]
    return [_service(rng, organisations) for _ in range(count)]


def _service(rng: random.Random, organisations: list[Organisation]) -> Service:
    needs = rng.sample(NEED_AREAS, rng.randint(1, 3))
    tiers = rng.sample(TIERS, rng.randint(1, 2))
    access = rng.sample(ACCESS_ROUTES, rng.randint(1, 2))
    districts = rng.sample(DISTRICTS, rng.choice((1, 1, 2, 6)))
    low = rng.randint(0, 18)
    topic = rng.sample(TOPIC_WORDS, 8)
    service_id = str(uuid.UUID(int=rng.getrandbits(128)))
    return Service(
        id=service_id,
        name=f"{topic[0].title()} {rng.choice(NAME_WORDS)}",
        organisation=rng.choice(organisations),
        description=" ".join(["Help with", *topic[1:], "for children and young people."]),
        min_age=low, max_age=rng.randint(low, 25),
        areas=tuple(ServiceArea(str(uuid.UUID(int=rng.getrandbits(128))), d, d)
                    for d in districts),
        terms=tuple(term(NEED_TAXONOMY, n) for n in needs)
        + tuple(term(TIER_TAXONOMY, t) for t in tiers)
        + tuple(term(ACCESS_TAXONOMY, a) for a in access),
    )


def query_mix(count: int, seed: int = 7) -> list[ServiceQuery]:
    """Searches with filters, as the API and signposting make them."""
    rng = random.Random(seed)
    return [ServiceQuery(q=rng.choice((*QUERIES, None)), age=rng.randint(0, 25),
                         district=rng.choice(DISTRICTS),
                         needs=tuple(rng.sample(NEED_AREAS, rng.randint(0, 2))),
                         tiers=tuple(rng.sample(TIERS, rng.randint(0, 1))), size=PAGE_SIZE)
            for _ in range(count)]


def load(database: Database, services: list[Service]) -> float:
    upgrade_schema(database.engine)
    started = time.perf_counter()
    for start in range(0, len(services), 1000):
        with database.session() as session:
            save_services(session, services[start:start + 1000])
            session.commit()
    with database.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    return time.perf_counter() - started


def measure(database: Database, queries: list[ServiceQuery]) -> dict:
    timings = []
    with database.session() as session:
        for query in queries[:20]:  # warm caches and the connection
            search_services(session, query)
        for query in queries:
            started = time.perf_counter()
            search_services(session, query)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {"p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
            "max_ms": round(timings[-1], 2)}


def fresh_postgres(url: str) -> str:
    admin_url, name = url.rsplit("/", 1)
    engine = create_engine(f"{admin_url}/postgres".replace("postgresql://",
                                                          "postgresql+psycopg://", 1),
                           isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url


def run(label: str, url: str, services: list[Service], queries: list[ServiceQuery]) -> dict:
    database = Database(url)
    seconds = load(database, services)
    figures = measure(database, queries)
    database.dispose()
    print(f"{label}: loaded {len(services)} services in {seconds:.1f} s; search with filters "
          f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=400)
    args = parser.parse_args()
    services, queries = generate(args.services), query_mix(args.queries)
    with tempfile.TemporaryDirectory() as folder:
        sqlite = run("SQLite", f"sqlite:///{folder}/bench.db", services, queries)
    postgres_url = os.environ.get("PATHWAY_BENCH_POSTGRES_URL",
                                  "postgresql://postgres@127.0.0.1:5432/pathway_dir_bench")
    postgres = run("PostgreSQL", fresh_postgres(postgres_url), services, queries)
    print(json.dumps({"services": args.services, "sqlite_p95_ms": sqlite["p95_ms"],
                      "postgres_p95_ms": postgres["p95_ms"]}))


if __name__ == "__main__":
    main()
